"""`/healthz`: 200 when the store, the search index and the RDF store answer."""

from __future__ import annotations

from flask import Blueprint, jsonify

from atlas.services import services

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Check each part and answer 200 with their state, or 503 naming what failed."""
    svc = services()
    checks = {}
    for name, probe in (("store", lambda: svc.catalogue.is_empty() in (True, False)),
                        ("search", svc.index.ping), ("rdf", svc.rdf.ping)):
        try:
            probe()
            checks[name] = "ok"
        except Exception as exc:  # a health check reports, it does not raise
            checks[name] = f"error: {type(exc).__name__}"
    healthy = all(v == "ok" for v in checks.values())
    body = {"status": "ok" if healthy else "unavailable", "checks": checks,
            "pending_changes": svc.projector.pending() if checks["store"] == "ok" else None}
    return jsonify(body), 200 if healthy else 503
