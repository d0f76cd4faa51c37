"""The definitions part of the REST API: schemes, concepts, a concept's hierarchy, label lookup."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from atlas.definitions import hierarchy
from atlas.definitions.lookup import by_label, concept_rows, editorial_statuses, relatives
from atlas.errors import InvalidInput
from atlas.models import Kind, Status
from atlas.services import services
from atlas.web.hosts import site_root
from atlas.web.presentation import record_url
from atlas.web.principal import current_principal, personalised
from atlas.web.whole_numbers import query_number
from vocab.editorial import STATUSES

bp = Blueprint("api_definitions", __name__, url_prefix="/api/v1")


def _concept(record, base: str) -> dict:
    """Return a concept (a record, or a hierarchy entry) as the API gives it."""
    body = {"id": record.slug, "uri": record.uri, "label": record.title,
            "label_en": record.title_en, "url": base + record_url(Kind.concept, record.slug)}
    if getattr(record, "status", None):
        body["status"] = record.status
    return body


@bp.get("/schemes")
def schemes():
    """List the concept schemes the caller may see, with their number of visible concepts."""
    base = site_root()
    rows = hierarchy.schemes(services().store, current_principal())
    return personalised(jsonify({"schemes": [
        {"id": r.slug, "uri": r.uri, "title": r.title, "title_en": r.title_en, "concepts": n,
         "url": base + record_url(Kind.conceptscheme, r.slug)} for r, n in rows]}))


@bp.get("/concepts")
def concepts():
    """List concepts, filtered by scheme, (editorial) status and the start of a preferred label."""
    svc, principal = services(), current_principal()
    scheme = None
    if request.args.get("scheme"):
        scheme = svc.catalogue.get(principal, slug=request.args["scheme"],
                                   kind=Kind.conceptscheme)
    status = request.args.get("status") or None
    editorial = request.args.get("editorial_status") or None
    if status in STATUSES:  # an editorial status given as status: take it as meant
        status, editorial = None, status
    if status is not None and status not in Status.__members__:
        raise InvalidInput(f"status must be one of {', '.join([*Status, *STATUSES])}",
                           {"status": ["unknown status"]})
    if editorial is not None and editorial not in STATUSES:
        raise InvalidInput(f"editorial_status must be one of {', '.join(STATUSES)}",
                           {"editorial_status": ["unknown editorial status"]})
    page = query_number("page", 1, maximum=10_000)
    page_size = query_number("page_size", 100, maximum=1000)
    total, rows = concept_rows(
        svc.store, principal, scheme=scheme, label_prefix=request.args.get("label", "")[:200],
        status=status, editorial_status=editorial, offset=(page - 1) * page_size,
        limit=page_size)
    base = site_root()
    editorial_of = editorial_statuses(svc.store, [r.id for r in rows])
    return personalised(jsonify({"total": total, "page": page, "concepts": [
        _concept(r, base) | {"editorial_status": editorial_of.get(r.id) or None}
        for r in rows]}))


@bp.get("/concepts/lookup")
def lookup():
    """Find concepts by a preferred, alternative or hidden label (case and accents ignored)."""
    text = request.args.get("label", "").strip()
    if not text:
        raise InvalidInput("give the label to look up: ?label=…", {"label": ["missing"]})
    base = site_root()
    found = by_label(services().store, current_principal(), text[:200])
    return personalised(jsonify({"concepts": [_concept(r, base) for r in found]}))


@bp.get("/concepts/<slug>")
def concept(slug: str):
    """One concept with its broader and narrower concepts (all levels with ?transitive=1)."""
    svc, principal = services(), current_principal()
    record = svc.catalogue.get(principal, slug=slug, kind=Kind.concept)
    scheme_links = svc.catalogue.related(principal, record).get("in_scheme", [])
    base = site_root()
    body = _concept(record, base)
    body["editorial_status"] = editorial_statuses(
        svc.store, [record.id]).get(record.id) or None
    body["schemes"] = [s.slug for s in scheme_links]
    transitive = request.args.get("transitive") in ("1", "true", "yes")
    broader, narrower = [], []
    for scheme in scheme_links:
        up, down = relatives(svc.store, principal, record.id, scheme.id, transitive)
        broader += up
        narrower += down
    if not scheme_links:
        related = svc.catalogue.related(principal, record)
        broader, narrower = related.get("broader", []), related.get("broader_of", [])
    body["broader"] = [_concept(r, base) for r in broader]
    body["narrower"] = [_concept(r, base) for r in narrower]
    return personalised(jsonify(body))


