"""Reading the projections as only tests need to: every stored document, a plain search."""

from __future__ import annotations

from whoosh import index as whoosh_index

from atlas.access import Principal
from atlas.search.index import SearchIndex
from atlas.search.query import Hit, SearchQuery


def all_documents(search_index: SearchIndex) -> dict[str, dict]:
    """Return every stored document of the search index by id."""
    search_index.ensure()
    with whoosh_index.open_dir(search_index.path).searcher() as searcher:
        return {doc["id"]: doc for doc in searcher.all_stored_fields()}


def search(search_index: SearchIndex, principal: Principal, text: str,
           generation: int | None = None) -> tuple[int, list[Hit]]:
    """Return the total and the first page of hits of a search for text."""
    result = search_index.query(principal, SearchQuery(text=text), generation)
    return result.total, result.hits
