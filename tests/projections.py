"""What the projections hold, read for the tests' checks (the application never asks this)."""

from __future__ import annotations

import pyoxigraph as ox
from whoosh import index as whoosh_index

from atlas.access import Principal, can_see
from atlas.rdfstore.store import META_ACCESS, META_GRAPH, META_KIND, META_STATUS
from atlas.search.index import SearchIndex
from atlas.search.query import Hit, SearchQuery

# --- the RDF store -------------------------------------------------------------------------------


def rdf_graphs(svc) -> dict[str, str]:
    """Return each named graph of the RDF store (meta graph excluded) as sorted N-Triples text."""
    store = svc.rdf.reader(None)
    out: dict[str, list[str]] = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        if quad.graph_name == META_GRAPH or isinstance(quad.graph_name, ox.DefaultGraph):
            continue
        out.setdefault(quad.graph_name.value, []).append(
            f"{quad.subject} {quad.predicate} {quad.object} .")
    return {name: "\n".join(sorted(lines)) + "\n" for name, lines in out.items()}


def rdf_meta(svc) -> dict[str, tuple[str, str, str]]:
    """Return (kind, status, access) per record graph, from the RDF store's meta graph."""
    state: dict[str, dict] = {}
    for quad in svc.rdf.reader(None).quads_for_pattern(None, None, None, META_GRAPH):
        state.setdefault(quad.subject.value, {})[quad.predicate] = quad.object.value
    return {g: (v.get(META_KIND, ""), v.get(META_STATUS, ""), v.get(META_ACCESS, ""))
            for g, v in state.items()}


def visible_graphs(svc, principal: Principal, generation: int | None = None) -> list:
    """Return the named graphs the meta graph lets the principal see."""
    state: dict = {}
    for quad in svc.rdf.reader(generation).quads_for_pattern(None, None, None, META_GRAPH):
        state.setdefault(quad.subject, {})[quad.predicate] = quad.object.value
    return [graph for graph, values in state.items()
            if can_see(principal, values.get(META_STATUS, ""), values.get(META_ACCESS, ""))]


def rdf_query(svc, principal: Principal, sparql: str, generation: int | None = None):
    """Run a SPARQL query over the union of the graphs the principal may see."""
    graphs = visible_graphs(svc, principal, generation)
    return svc.rdf.reader(generation).query(
        sparql, default_graph=graphs or [ox.NamedNode("urn:atlas:none")], named_graphs=graphs)


# --- the search index ----------------------------------------------------------------------------


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
