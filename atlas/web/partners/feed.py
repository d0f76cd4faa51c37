"""`/catalog`: the DCAT-AP catalogue feed of what the caller may see, paged the Hydra way."""

from __future__ import annotations

from datetime import UTC, datetime
from urllib.parse import urlencode

from flask import Blueprint, current_app, request

from atlas.errors import InvalidInput
from atlas.publish import feed
from atlas.records import KINDS
from atlas.records.publication import FORMATS
from atlas.search import service as search_service
from atlas.search.query import FACETS, SearchQuery
from atlas.services import services
from atlas.web.hosts import site_root
from atlas.web.negotiation import wanted_format
from atlas.web.principal import current_principal, personalised
from atlas.web.whole_numbers import query_number

bp = Blueprint("feed", __name__)
FILTERS = [name for name in FACETS if name not in ("type", "access", "status")]
MAX_PAGE = 1_000_000  # far past any catalogue; keeps the SQL offset a 64-bit number
SUFFIX_FORMATS = {"ttl": "turtle", "jsonld": "jsonld", "rdf": "rdfxml", "nt": "ntriples"}


@bp.get("/catalog", defaults={"suffix": None})
@bp.get("/catalog.<any(ttl, jsonld, rdf, nt):suffix>")
def catalog(suffix: str | None):
    """Answer one page of the catalogue, or 304 when the caller's copy is still current."""
    format_name = SUFFIX_FORMATS.get(suffix) or wanted_format()
    if format_name == "html":
        format_name = "turtle"
    page = query_number("page", 1, maximum=MAX_PAGE)
    page_size = query_number("page_size", 100, maximum=1000)
    raw_since = request.args.get("modified_since") or None
    since = _moment(raw_since) if raw_since else None
    svc = services()
    principal = current_principal()
    selection = _selection()
    records = total = None
    if selection:
        records, total = _search(svc, principal, selection, page, page_size, since)
    validators = feed.state(svc.catalogue, principal, page=page, page_size=page_size,
                            modified_since=since, format_name=format_name, total=total,
                            selection=urlencode(selection))
    if _not_modified(validators):
        response = current_app.response_class(status=304)
    else:
        triples = feed.build_page(
            svc.catalogue, principal, current_app.config, page=page, page_size=page_size,
            modified_since=since, total=validators.total, records=records,
            # Page links name ATLAS_BASE_URI, never the Host a caller sent.
            page_url=feed.page_url_maker(site_root(), suffix, page_size,
                                         raw_since, selection))
        response = current_app.response_class(feed.serialise(triples, format_name),
                                              mimetype=FORMATS[format_name][1])
        if format_name in ("turtle", "ntriples"):
            response.headers["Content-Type"] = f"{FORMATS[format_name][1]}; charset=utf-8"
    response.set_etag(validators.etag)
    if validators.last_modified is not None:
        response.last_modified = validators.last_modified
    response.vary.add("Accept")
    return personalised(response)


def _selection() -> list[tuple[str, str]]:
    """Return the search words and filters of the request (the same ones search takes)."""
    pairs = [("q", request.args["q"])] if request.args.get("q") else []
    for name in FILTERS:
        pairs += [(name, value) for value in request.args.getlist(name) if value]
    return pairs


def _search(svc, principal, selection, page: int, page_size: int, since):
    """Return one page of the datasets and services a search finds, and their total."""
    filters: dict[str, list[str]] = {"type": list(KINDS.where("in_feed"))}
    text = ""
    for name, value in selection:
        if name == "q":
            text = value
        else:
            filters.setdefault(name, []).append(value)
    result = search_service.search(svc, principal, SearchQuery(
        text=text[:500], filters=filters, page=page, page_size=page_size,
        modified_since=int(since.timestamp()) if since else None))
    found = {r.uri: r for r in svc.catalogue.find(principal, uris=[h.uri for h in result.hits])}
    return [found[h.uri] for h in result.hits if h.uri in found], result.total


def _not_modified(validators: feed.FeedState) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains(validators.etag)
    since = request.if_modified_since
    if since is not None and validators.last_modified is not None:
        return validators.last_modified.replace(microsecond=0) <= since
    return False


def _moment(raw: str) -> datetime:
    try:
        moment = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput("modified_since must be an ISO 8601 date or time, "
                           "e.g. 2026-01-31 or 2026-01-31T12:00:00Z",
                           {"modified_since": ["not an ISO 8601 date"]}) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
