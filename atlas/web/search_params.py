"""Reading a search request from query parameters, the same way for the page, API and CSV."""

from __future__ import annotations

from flask import request

from atlas.errors import InvalidInput
from atlas.models import Kind
from atlas.search import FACETS, SORTS, SearchQuery

MAX_PAGE_SIZE = 100


def search_query(default_page_size: int = 20) -> SearchQuery:
    """Return the SearchQuery the request asks for; InvalidInput names what is wrong."""
    kind = request.args.get("type") or None
    if kind is not None and kind not in Kind.__members__:
        raise InvalidInput(f"type must be one of {', '.join(Kind)}", {"type": ["unknown type"]})
    sort = request.args.get("sort") or "relevance"
    if sort not in SORTS:
        raise InvalidInput(f"sort must be one of {', '.join(SORTS)}", {"sort": ["unknown sort"]})
    filters = {name: request.args.getlist(name) for name in FACETS
               if name != "type" and request.args.getlist(name)}
    return SearchQuery(text=request.args.get("q", "")[:500], kind=kind, filters=filters,
                       sort=sort, page=_number("page", 1, 1000),
                       page_size=_number("page_size", default_page_size, MAX_PAGE_SIZE))


def _number(name: str, default: int, maximum: int) -> int:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidInput(f"{name} must be a whole number", {name: ["not a number"]}) from None
    if not 1 <= value <= maximum:
        raise InvalidInput(f"{name} must be between 1 and {maximum}", {name: ["out of range"]})
    return value
