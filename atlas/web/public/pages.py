"""The public pages: home, search, and one page per record kind (also RDF by negotiation)."""

from __future__ import annotations

from flask import Blueprint, make_response, render_template

from atlas.access import Action, may
from atlas.models import Kind
from atlas.publish import quality
from atlas.records import KINDS
from atlas.records.publication import dcat_ap_graph
from atlas.search import service as search_service
from atlas.services import services
from atlas.web import record_parts
from atlas.web.negotiation import rdf_response, split_suffix, wanted_format
from atlas.web.principal import current_principal, personalised
from atlas.web.public import definitions
from atlas.web.search_params import search_query

bp = Blueprint("pages", __name__)

@bp.get("/")
def home():
    """Show the home page: one search box and what the catalogue holds."""
    catalogue = services().catalogue
    principal = current_principal()
    counts = {kind: catalogue.count(principal, kind=kind)
              for kind in KINDS.where("on_home")}
    recent = catalogue.list(principal, kind=Kind.dataset, limit=6)
    return personalised(make_response(render_template("home.html", counts=counts,
                                                      recent=recent)))


@bp.get("/search")
def search():
    """Show the records matching the query that the caller may see, with facets."""
    wanted = search_query()
    svc, principal = services(), current_principal()
    result = search_service.search(svc, principal, wanted)
    records = search_service.facet_records(svc, principal, result)
    return personalised(make_response(render_template(
        "search.html", q=wanted.text, kind=wanted.kind, total=result.total, hits=result.hits,
        page=wanted.page, facets=result.facets, filters=wanted.filters, sort=wanted.sort,
        suggestion=result.suggestion, facet_records=records,
        words_too_common=result.words_too_common)))


@bp.get("/<segment:section>/<name>")
def record(section: str, name: str):
    """Show one record as a page, or as RDF by suffix or Accept header."""
    slug, suffix_format = split_suffix(name)
    svc = services()
    principal = current_principal()
    found = svc.catalogue.get(principal, slug=slug, kind=KINDS.under(section))
    format_name = suffix_format or wanted_format()
    spec = KINDS.get(found.kind)
    observations = svc.catalogue.observations(found) if spec.observations else []
    if format_name != "html":
        defaults = svc.catalogue.source_defaults([found]).get(found.source_id)
        response = rdf_response(dcat_ap_graph(found, observations, defaults), format_name)
        return personalised(response)
    detail = svc.catalogue.detail(found)
    related = svc.catalogue.related(principal, found)
    findings = []
    if may(principal, Action.curate, found) and spec.quality_checked:
        defaults = svc.catalogue.source_defaults([found]).get(found.source_id)
        graph = dcat_ap_graph(found, defaults=defaults)
        # Only what this record itself lacks (its publisher's own description is elsewhere).
        findings = [f for f in quality.violations(quality.check(graph)) if f.focus == found.uri]
    # Scheme and concept pages add their tree, index, path and matches (atlas.web.definitions).
    extra = definitions.record_context(found, principal, related)
    extra |= record_parts.context(found, principal, related, detail)  # curation's parts
    response = make_response(render_template(
        spec.page_template, record=found, detail=detail, related=related,
        observations=observations, section=section, findings=findings, **extra))
    response.vary.add("Accept")
    return personalised(response)

