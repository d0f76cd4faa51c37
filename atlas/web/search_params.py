"""Reading a search request from query parameters, the same way for the page, API and CSV."""

from __future__ import annotations

from flask import request

from atlas.errors import InvalidInput
from atlas.records import KINDS
from atlas.search.query import FACETS, SORTS, SearchQuery
from atlas.web.whole_numbers import query_number

MAX_PAGE, MAX_PAGE_SIZE = 1000, 100


def search_query(default_page_size: int = 20) -> SearchQuery:
    """Return the SearchQuery the request asks for; InvalidInput names what is wrong."""
    kind = request.args.get("type") or None
    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"type must be one of {', '.join(KINDS.names())}",
                           {"type": ["unknown type"]})
    sort = request.args.get("sort") or "relevance"
    if sort not in SORTS:
        raise InvalidInput(f"sort must be one of {', '.join(SORTS)}", {"sort": ["unknown sort"]})
    filters = {name: request.args.getlist(name) for name in FACETS
               if name != "type" and request.args.getlist(name)}
    return SearchQuery(text=request.args.get("q", "")[:500], kind=kind, filters=filters,
                       sort=sort, page=query_number("page", 1, maximum=MAX_PAGE),
                       page_size=query_number("page_size", default_page_size,
                                              maximum=MAX_PAGE_SIZE))

