"""Hydra paging: finding the page after this one in a paged DCAT catalogue.

Both the current `hydra:PartialCollectionView` terms and the older `hydra:PagedCollection` ones
occur. The next page is `hydra:next`, else `hydra:nextPage`; it may be an IRI or a literal, and
relative to the page. The view's own id need not match the URL we asked for. (Cycles and the page cap are
handled where pages are followed, in `importers.dcat_rdf.batches`.)
"""

from __future__ import annotations

from urllib.parse import urldefrag, urljoin

from rdflib import Graph
from rdflib.namespace import RDF

from vocab.namespaces import HYDRA

VIEW_TYPES = (HYDRA.PartialCollectionView, HYDRA.PagedCollection)


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


def _absolute(link: str, base: str) -> str:
    return urljoin(base, link)


