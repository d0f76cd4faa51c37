"""Reading and building any record's RDF description, by its kind (registered in vocab.kinds)."""

from __future__ import annotations

from rdflib import Graph

from vocab import kinds


def build(kind: str, uri: str, fields: dict) -> Graph:
    """Return the RDF description of a record made from typed fields (the reverse of read)."""
    return kinds.get(kind).build(uri, fields)


def read(kind: str, graph: Graph, subject) -> dict:
    """Return the typed fields of a record of the given kind."""
    return kinds.get(kind).read(graph, subject)


def read_title(graph: Graph, subject) -> str:
    """Return the best title of any record, whatever its kind (for slugs and messages)."""
    kind = kinds.kind_of(graph, subject)
    if kind is None:
        return ""
    return read(kind, graph, subject)["title"]
