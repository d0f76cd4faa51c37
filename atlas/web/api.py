"""The REST API (`/api/v1/…`): search, autocomplete and a CSV of the results."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, jsonify, request

from atlas.csv_cells import safe_cell
from atlas.search import SearchQuery
from atlas.services import services
from atlas.web.hosts import site_root
from atlas.web.presentation import KIND_LABELS, facet_label, record_url
from atlas.web.principal import current_principal, personalised
from atlas.web.search_params import search_query

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def run_search(request_query: SearchQuery):
    """Run a search for the current caller."""
    svc = services()
    return svc.index.query(current_principal(), request_query,
                           generation=svc.projector.generation())


@bp.get("/search")
def search():
    """Search datasets, services, definitions, indicators and organisations (JSON)."""
    wanted = search_query()
    result = run_search(wanted)
    base = svc_base()
    records = linked_records(result)
    body = {
        "total": result.total, "page": wanted.page,
        "hits": [{"id": hit.slug, "type": hit.kind, "uri": hit.uri,
                  "url": base + record_url(hit.kind, hit.slug), "title": hit.title,
                  "snippet": _plain(hit.snippet), "matched_via": hit.matched_via}
                 for hit in result.hits],
        "facets": {name: [{"value": item["value"],
                           "label": facet_label(name, item["value"], records),
                           "count": item["count"]} for item in items]
                   for name, items in result.facets.items()},
        "suggestion": result.suggestion,
    }
    return personalised(jsonify(body))


@bp.get("/search.csv")
def search_csv():
    """The results of a search as CSV (up to 1,000 rows)."""
    wanted = search_query()
    wanted.page, wanted.page_size = 1, 1000
    result = run_search(wanted)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "type", "title", "url", "uri", "matched_via"])
    base = svc_base()
    for hit in result.hits:
        writer.writerow([safe_cell(v) for v in (hit.slug, hit.kind, hit.title,
                                                base + record_url(hit.kind, hit.slug),
                                                hit.uri, hit.matched_via)])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = 'attachment; filename="atlas-zoekresultaten.csv"'
    return personalised(response)


@bp.get("/suggest")
def suggest():
    """Autocomplete for the search box: titles and labels starting with what was typed."""
    text = request.args.get("q", "").strip()[:100]
    if len(text) < 2:
        return personalised(jsonify({"suggestions": []}))
    result = run_search(SearchQuery(text=text, page_size=8))
    return personalised(jsonify({"suggestions": [
        {"text": hit.title, "type": str(KIND_LABELS.get(hit.kind, hit.kind)),
         "url": record_url(hit.kind, hit.slug)} for hit in result.hits]}))


def linked_records(result) -> dict:
    """Return the visible records named by publisher and scheme facet values, by slug."""
    slugs = {item["value"] for name in ("publisher", "scheme")
             for item in result.facets.get(name, [])}
    return services().catalogue.titles(current_principal(), slugs)


def svc_base() -> str:
    """Return this server's root URL (for absolute result URLs)."""
    return site_root()


def _plain(text: str) -> str:
    from atlas.search_query import END, START
    return (text or "").replace(START, "").replace(END, "")
