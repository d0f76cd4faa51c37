"""The one search call of every channel: the search page, the API, its CSV, suggest and the feed."""

from __future__ import annotations

from atlas.access import Principal
from atlas.search.query import SearchQuery, SearchResult


def search(svc, principal: Principal, request: SearchQuery) -> SearchResult:
    """Answer request for principal from the index as of the projections' current generation.

    `svc` is the application's `Services` (not imported: the composition root sits above
    search); only its index and projector are used.
    """
    return svc.index.query(principal, request, generation=svc.projector.generation())


def facet_records(svc, principal: Principal, result: SearchResult) -> dict:
    """Return the visible records named by publisher and scheme facet values, by slug."""
    slugs = {item["value"] for name in ("publisher", "scheme")
             for item in result.facets.get(name, [])}
    return svc.catalogue.titles(principal, slugs)
