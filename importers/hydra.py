"""Hydra paging: following a paged DCAT catalogue from its first page to its last, safely.

Both the current `hydra:PartialCollectionView` terms and the older `hydra:PagedCollection` ones
occur. The next page is `hydra:next`, else `hydra:nextPage`; it may be an IRI or a literal, and
relative to the page. The view's own id need not match the URL we asked for. A `next` link that
points back to a page already read ends the paging (a cycle), and so does the page cap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin

from rdflib import Graph
from rdflib.namespace import RDF

from importers.rdf_parse import parse
from vocab.namespaces import HYDRA

VIEW_TYPES = (HYDRA.PartialCollectionView, HYDRA.PagedCollection)


@dataclass
class Page:
    """One page of a catalogue: where it came from, its graph, and why paging stopped after it."""

    url: str
    graph: Graph
    number: int
    stop_reason: str = ""
    not_modified: bool = False


def next_page(graph: Graph, page_url: str) -> str | None:
    """Return the absolute URL of the page after this one, or None on the last page."""
    views = [v for t in VIEW_TYPES for v in graph.subjects(RDF.type, t)]
    # Prefer the view that names this page, then any view, then any node with a next link.
    views.sort(key=lambda v: (_absolute(str(v), page_url) != urldefrag(page_url)[0], str(v)))
    candidates = views + sorted(set(graph.subjects(HYDRA.next, None))
                                | set(graph.subjects(HYDRA.nextPage, None)), key=str)
    for node in candidates:
        for predicate in (HYDRA.next, HYDRA.nextPage):
            value = graph.value(node, predicate)
            if value is not None and str(value).strip():
                return _absolute(str(value).strip(), page_url)
    return None


def pages(first_url: str, get: Callable[[str], tuple[bytes, str, str, bool]],
          max_pages: int = 1000) -> Iterator[Page]:
    """Yield every page, reading each with get(url) -> (body, content type, final URL, unchanged).

    A page answered as unchanged (a 304 on the first page) yields an empty page and ends paging.
    """
    seen: set[str] = set()
    url: str | None = first_url
    number = 0
    while url is not None:
        number += 1
        body, content_type, final_url, unchanged = get(url)
        seen.update({urldefrag(url)[0], urldefrag(final_url)[0]})
        if unchanged:
            yield Page(final_url, Graph(), number, not_modified=True)
            return
        graph = parse(body, content_type, name=final_url, base=final_url)
        following = next_page(graph, final_url)
        reason = ""
        if following is not None and urldefrag(following)[0] in seen:
            reason, following = f"paging stopped: page {following} was read before (a cycle)", None
        elif following is not None and number >= max_pages:
            reason, following = f"paging stopped after {max_pages} pages (the page cap)", None
        yield Page(final_url, graph, number, stop_reason=reason)
        url = following


def _absolute(link: str, base: str) -> str:
    return urljoin(base, link)


__all__ = ["Page", "next_page", "pages"]
