"""The DCAT importer: datasets, series, services, concepts… found in an RDF document.

Identity: a record is its subject IRI. A record whose subject is a blank node gets a
deterministic IRI: `urn:atlas:bnode:` + a hash of its `dct:identifier` when it has one, else of
its canonical description; the blank node is replaced by that IRI in the stored description.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS

from importers.records import ImportedRecord
from importers.schema_org import add_dcat
from vocab.description import describe, skolemize_subject, to_ntriples
from vocab.records import kind_of

DCAT_KINDS = ("dataset", "dataservice")


def records(graph: Graph, kinds: tuple[str, ...] = DCAT_KINDS) -> Iterator[ImportedRecord]:
    """Yield each record of the given kinds in graph, in a stable order; a bad one carries its error.

    Other nodes (publishers, themes, contact points) stay inside the records that refer to them.
    schema.org datasets get DCAT triples added to graph (in place) and are records too.
    """
    add_dcat(graph)
    subjects = {s for s in graph.subjects() if kind_of(graph, s) in kinds}
    record_iris = {s for s in subjects if isinstance(s, URIRef)}
    for subject in sorted(subjects, key=_order_in(graph)):
        kind = kind_of(graph, subject)
        try:
            description = describe(graph, subject, exclude=record_iris)
            if isinstance(subject, BNode):
                iri = URIRef(blank_node_iri(graph, subject, description))
                description = skolemize_subject(description, subject, iri)
                yield ImportedRecord(kind, str(iri), description, local_key=str(iri))
            else:
                yield ImportedRecord(kind, str(subject), description, local_key=str(subject))
        except Exception as exc:  # one bad record never stops the others
            yield ImportedRecord(kind or "unknown", str(subject), error=str(exc))


def blank_node_iri(graph: Graph, subject: BNode, description: Graph) -> str:
    """Return the deterministic IRI given to a record whose subject is a blank node."""
    identifier = graph.value(subject, DCTERMS.identifier)
    basis = f"id:{identifier}" if identifier else to_ntriples(description)
    return "urn:atlas:bnode:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


# Records others refer to come first, so references resolve as records arrive.
KIND_ORDER = ("organisation", "conceptscheme", "concept", "dataset", "dataservice", "indicator")


def _order_in(graph: Graph):
    def key(node) -> tuple:
        return (KIND_ORDER.index(kind_of(graph, node)), isinstance(node, BNode), str(node))
    return key
