"""Stored descriptions: canonical text whatever the blank-node labels, and edits on top."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from vocab.description import apply_edits, from_ntriples, to_ntriples

S, P, Q = URIRef("http://x.test/s"), URIRef("http://x.test/p"), URIRef("http://x.test/q")


def _graph(*triples) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def test_same_content_with_other_blank_node_labels_gives_the_same_text():
    a, b = BNode(), BNode()
    one = _graph((S, P, a), (a, Q, Literal("x")), (a, P, b), (b, Q, Literal("y")))
    c, d = BNode(), BNode()
    two = _graph((c, P, d), (S, P, c), (d, Q, Literal("y")), (c, Q, Literal("x")))
    assert to_ntriples(one) == to_ntriples(two)
    assert isomorphic(from_ntriples(to_ntriples(one)), one)


def test_look_alike_and_cyclic_blank_nodes_are_kept_apart():
    a, b = BNode(), BNode()
    twins = _graph((S, P, a), (S, P, b), (a, Q, Literal("x")), (b, Q, Literal("x")))
    assert len(from_ntriples(to_ntriples(twins))) == 4
    c, d = BNode(), BNode()
    cycle = _graph((S, P, c), (c, P, d), (d, P, c))
    text = to_ntriples(cycle)
    assert isomorphic(from_ntriples(text), cycle)
    e, f = BNode(), BNode()
    assert text == to_ntriples(_graph((S, P, e), (e, P, f), (f, P, e)))


def test_an_edit_replaces_one_property_and_drops_its_blank_nodes():
    a = BNode()
    graph = _graph((S, P, a), (a, Q, Literal("old")), (S, Q, Literal("kept")))
    edited = apply_edits(graph, S, {str(P): [{"type": "literal", "value": "new", "lang": "nl"}]})
    assert set(edited) == {(S, P, Literal("new", lang="nl")), (S, Q, Literal("kept"))}
