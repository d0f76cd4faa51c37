"""A record's RDF: its concise bounded description, stored canonically, and the curator's edits.

A record is stored as the triples that describe it: the subject's own triples, the blank nodes
reached from them, and the descriptions of the nodes it owns (distributions, contact points,
publishers described in the same document). Blank nodes get deterministic labels (a hash of
what they hold), so the same description always serialises to the same text and hash.
"""

from __future__ import annotations

import hashlib
import json

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph
from rdflib.namespace import DCTERMS
from rdflib.plugins.serializers.nt import _nt_row

from vocab.namespaces import DCAT

# Objects of these predicates are part of the record even when they are IRIs.
OWNED_PREDICATES = (DCAT.distribution, DCAT.contactPoint, DCTERMS.publisher, DCTERMS.creator)


def describe(graph: Graph, subject, owned=OWNED_PREDICATES, exclude: set | None = None) -> Graph:
    """Return the description of subject in graph: its CBD plus the CBDs of the nodes it owns.

    Owned IRI nodes listed in exclude (other records, for example) are referred to, not copied.
    """
    exclude = exclude or set()
    result = Graph()
    seen = set()
    todo = [subject]
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for s, p, o in graph.triples((node, None, None)):
            result.add((s, p, o))
            if isinstance(o, BNode):
                todo.append(o)
            elif node == subject and p in owned and isinstance(o, URIRef) and o not in exclude:
                todo.append(o)
    return result


def to_ntriples(graph: Graph) -> str:
    """Serialise graph as sorted N-Triples with canonical blank node labels."""
    labels = _tree_labels(graph)
    if labels is None:  # shared, cyclic or look-alike blank nodes: the general algorithm
        triples = list(to_canonical_graph(graph))
    else:
        triples = [(labels.get(s, s), p, labels.get(o, o)) for s, p, o in graph]
    lines = sorted(_nt_row(triple).rstrip("\n") for triple in triples)
    return "\n".join(lines) + ("\n" if lines else "")


def _tree_labels(graph: Graph) -> dict | None:
    """Label each blank node by a hash of what it holds, or None when that is not canonical.

    Blank nodes in DCAT records are nearly always trees (a contact point, a distribution); for
    those a content hash is a canonical label, far cheaper than the general algorithm. Cycles,
    or two blank nodes holding the same content, need the general algorithm.
    """
    bnodes = {t for triple in graph for t in (triple[0], triple[2]) if isinstance(t, BNode)}
    if not bnodes:
        return {}
    labels: dict = {}
    visiting: set = set()

    def label(node: BNode):
        if node in labels:
            return labels[node]
        if node in visiting:
            raise _NotATree
        visiting.add(node)
        parts = sorted(f"{p.n3()} {label(o).n3() if isinstance(o, BNode) else o.n3()}"
                       for _, p, o in graph.triples((node, None, None)))
        visiting.discard(node)
        labels[node] = BNode("c" + hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32])
        return labels[node]

    try:
        for node in bnodes:
            label(node)
    except (_NotATree, RecursionError):
        return None
    if len(set(labels.values())) != len(labels):
        return None
    return labels


class _NotATree(Exception):
    """A blank node refers back to itself."""


def from_ntriples(text: str) -> Graph:
    """Parse stored N-Triples back into a graph."""
    graph = Graph()
    if text:
        graph.parse(data=text, format="nt")
    # No prefixes bound here: binding costs four times the parse of a record, and only
    # serialisers need them (they bind their own).
    return graph


def content_hash(ntriples: str, extra: object = None) -> str:
    """Return the SHA-256 of a stored description (and any extra state that counts as content)."""
    digest = hashlib.sha256(ntriples.encode("utf-8"))
    if extra is not None:
        digest.update(json.dumps(extra, sort_keys=True, default=str).encode("utf-8"))
    return digest.hexdigest()


def skolemize_subject(graph: Graph, node: BNode, iri: URIRef) -> Graph:
    """Return graph with the blank node `node` replaced by `iri` wherever it occurs."""
    out = Graph()
    for s, p, o in graph:
        out.add((iri if s == node else s, p, iri if o == node else o))
    return out


# --- the curator's layer -------------------------------------------------------------------

def term_to_json(term) -> dict:
    """Return a JSON-able dict for an RDF term used as an edited value."""
    if isinstance(term, Literal):
        value = {"type": "literal", "value": str(term)}
        if term.language:
            value["lang"] = term.language
        elif term.datatype:
            value["datatype"] = str(term.datatype)
        return value
    return {"type": "uri", "value": str(term)}


def term_from_json(value: dict):
    """Return the RDF term a JSON-able value dict stands for."""
    if value.get("type") == "uri":
        return URIRef(value["value"])
    return Literal(value["value"], lang=value.get("lang"),
                   datatype=URIRef(value["datatype"]) if value.get("datatype") else None)


def apply_edits(graph: Graph, subject: URIRef, edits: dict) -> Graph:
    """Return a copy of graph with each edited predicate of subject replaced by the edited values.

    Blank nodes that only the replaced values referred to are dropped with them.
    """
    out = Graph()
    for triple in graph:
        out.add(triple)
    for predicate, values in edits.items():
        predicate = URIRef(predicate)
        for old in list(out.objects(subject, predicate)):
            out.remove((subject, predicate, old))
            if isinstance(old, BNode):
                _drop_orphan(out, old)
        for value in values:
            out.add((subject, predicate, term_from_json(value)))
    return out


def _drop_orphan(graph: Graph, node: BNode) -> None:
    if any(True for _ in graph.subject_predicates(node)):
        return
    for _, p, o in list(graph.triples((node, None, None))):
        graph.remove((node, p, o))
        if isinstance(o, BNode):
            _drop_orphan(graph, o)


def changed_predicates(old: Graph, new: Graph, subject: URIRef) -> set[str]:
    """Return the predicates of subject whose values differ between two descriptions."""
    def values(graph):
        table: dict[str, set] = {}
        for _, p, o in graph.triples((subject, None, None)):
            key = o.n3() if not isinstance(o, BNode) else "_:b"
            table.setdefault(str(p), set()).add(key)
        return table

    a, b = values(old), values(new)
    return {p for p in a.keys() | b.keys() if a.get(p) != b.get(p)}
