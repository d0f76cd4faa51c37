"""The REST API (`/api/v1/…`): search, autocomplete and a CSV of the results."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, jsonify, request

from atlas.csv_cells import safe_cell
from atlas.search import service as search_service
from atlas.search.query import END, START, SearchQuery
from atlas.services import services
from atlas.web.hosts import site_root
from atlas.web.presentation import facet_label, kind_label, record_url
from atlas.web.principal import current_principal, personalised
from atlas.web.search_params import search_query

bp = Blueprint("api", __name__, url_prefix="/api/v1")


@bp.get("/search")
def search():
    """Search datasets, services, definitions, indicators and organisations (JSON)."""
    wanted = search_query()
    svc, principal = services(), current_principal()
    result = search_service.search(svc, principal, wanted)
    base = svc_base()
    records = search_service.facet_records(svc, principal, result)
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
    result = search_service.search(services(), current_principal(), wanted)
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
    result = search_service.search(services(), current_principal(),
                                   SearchQuery(text=text, page_size=8))
    return personalised(jsonify({"suggestions": [
        {"text": hit.title, "type": kind_label(hit.kind),
         "url": record_url(hit.kind, hit.slug)} for hit in result.hits]}))


def svc_base() -> str:
    """Return this server's root URL (for absolute result URLs)."""
    return site_root()


def _plain(text: str) -> str:
    return (text or "").replace(START, "").replace(END, "")
