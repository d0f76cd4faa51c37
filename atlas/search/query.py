"""What a caller asks of search and what it answers: the query, hits, results, facets, sorts."""

from __future__ import annotations

from dataclasses import dataclass, field

from atlas.access import Principal, visible_access_levels

FACETS = ("type", "theme", "publisher", "source", "format", "licence", "keyword", "scheme",
          "access", "status")
SORTS = ("relevance", "modified", "title")
START, END = "\x02", "\x03"  # marks around matched words in snippets; pages turn them into <mark>


@dataclass
class SearchQuery:
    """What a caller asks: words, a kind, facet filters, a sort and a page."""

    text: str = ""
    kind: str | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    modified_since: int | None = None  # a POSIX timestamp: only records changed since then


@dataclass
class Hit:
    """One search result."""

    id: int
    kind: str
    slug: str
    uri: str
    title: str
    snippet: str
    title_en: str = ""
    matched_via: str = ""


@dataclass
class SearchResult:
    """The hits of one page, the total, the facet counts and a spelling suggestion."""

    total: int
    hits: list[Hit]
    facets: dict[str, list[dict]]
    suggestion: str | None = None
    words_too_common: bool = False  # the query had words, but only ones search leaves out


def facet_names(principal: Principal) -> tuple[str, ...]:
    """Return the facets a principal is shown: access for staff, status for curators."""
    levels = visible_access_levels(principal)
    hidden = set()
    if levels is not None and len(levels) < 2:
        hidden.add("access")
    if levels is not None:
        hidden.add("status")
    return tuple(f for f in FACETS if f not in hidden)

