"""The integrity report of a concept scheme, for curators: a page, a "check again" button, JSON.

Only curators and admins see findings; anyone else gets the 404 of a record they may not see.
The checks themselves live in `atlas.definitions.integrity`; these views read what it stored.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, make_response, redirect, render_template, url_for
from flask_babel import gettext

from atlas.access import Action, may, require
from atlas.definitions import integrity
from atlas.models import Kind, Record
from atlas.services import services
from atlas.web.auth import check_csrf
from atlas.web.errors import forbidden_as_not_found
from atlas.web.hosts import site_root
from atlas.web.principal import current_principal, personalised
from atlas.web.whole_numbers import query_number

bp = Blueprint("integrity", __name__)
forbidden_as_not_found(bp)

CHECK_NOW_LIMIT = 2_000  # "check again" runs in the request up to this (about 7 s)
MAX_PAGE_SIZE = 5_000


def curated_scheme(slug: str) -> Record:
    """Return the scheme for a curator; NotFound for an unknown scheme, Forbidden for others."""
    principal = current_principal()
    scheme = services().catalogue.get(principal, slug=slug, kind=Kind.conceptscheme)
    require(principal, Action.curate, scheme)
    return scheme


@bp.get("/definitions/<slug>/integrity")
def report(slug: str):
    """Show a scheme's findings: counts per code and severity, then the findings by code."""
    return _report_page(curated_scheme(slug))


@bp.post("/definitions/<slug>/integrity")
def check_again(slug: str):
    """Check a scheme now (up to a size; bigger ones are left to `atlas check-definitions`)."""
    check_csrf()
    scheme = curated_scheme(slug)
    store = services().store
    _, size = integrity.stamp(store, scheme.id)
    if size > CHECK_NOW_LIMIT:
        return _report_page(scheme, notice=gettext(
            "Dit begrippenkader is te groot om hier te controleren; dat doet "
            "'atlas check-definitions' (na elke harvest of 's nachts)."))
    integrity.check_scheme(store, scheme.id, principal=current_principal())
    return redirect(url_for("integrity.report", slug=slug), 303)


def _report_page(scheme: Record, notice: str = ""):
    found = integrity.report(services().store, scheme.id)
    return personalised(make_response(render_template(
        "definitions_integrity.html", scheme=scheme, report=found, notice=notice,
        check_now_limit=CHECK_NOW_LIMIT)))


@bp.get("/api/v1/schemes/<slug>/findings")
def findings_json(slug: str):
    """Answer a scheme's findings as JSON: the check, counts, and one page of findings."""
    scheme = curated_scheme(slug)
    page = query_number("page", 1, maximum=999_999)
    size = min(query_number("page_size", 1000, maximum=999_999), MAX_PAGE_SIZE)
    found = integrity.report(services().store, scheme.id, per_code=page * size)
    rows = [(f, r) for _, pairs in found.groups for f, r in pairs]
    base = site_root()
    body = {
        "scheme": scheme.slug,
        "checked": found.state.checked.isoformat() if found.state.checked else None,
        "changed_since_check": found.state.stale,
        "concepts": found.state.concepts,
        "total": found.total,
        "counts": [{"code": c, "severity": s, "count": n} for c, s, n in found.counts],
        "page": page,
        "findings": [_finding(f, r, base) for f, r in rows[(page - 1) * size:page * size]],
    }
    return personalised(jsonify(body))


def _finding(finding, record: Record | None, base: str) -> dict:
    return {"code": finding.code, "severity": finding.severity, "origin": finding.origin,
            "message": finding.message, "focus": finding.focus,
            "record": None if record is None else {
                "slug": record.slug, "kind": record.kind, "uri": record.uri,
                "title": record.title,
                "url": f"{base}{url_for('pages.record', section='definitions', name=record.slug)}"}}


def concept_findings(concept: Record, principal, schemes: list[Record]) -> dict | None:
    """Return what a concept page shows a curator of its findings (None for anyone else).

    Only the last stored findings: a scheme changed since shows them as changed since.
    """
    if not may(principal, Action.curate, concept):
        return None
    store = services().store
    checks = [(s, integrity.state(store, s.id))
              for s in schemes if s.kind == Kind.conceptscheme]
    return {"rows": integrity.of_record(store, concept.id), "checks": checks}


def scheme_summary(scheme: Record, principal) -> dict | None:
    """Return the number of findings and the last check of a scheme for a curator (else None)."""
    if not may(principal, Action.curate, scheme):
        return None
    store = services().store
    return {"total": integrity.count(store, scheme.id),
            "state": integrity.state(store, scheme.id)}


def record_findings(record: Record, principal, related: dict, detail) -> dict:
    """Return a scheme's or concept's findings for its record page (a record-part provider)."""
    if record.kind == Kind.conceptscheme:
        return {"scheme_findings": scheme_summary(record, principal)}
    if record.kind == Kind.concept:
        # Not "findings": the record view passes that name already (SHACL of datasets).
        return {"concept_findings": concept_findings(record, principal,
                                                     related.get("in_scheme", []))}
    return {}
