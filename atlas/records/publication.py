"""What Atlas publishes for a record: the stored RDF with the curator's edits applied."""

from __future__ import annotations

from rdflib import Graph, URIRef

from atlas.models import Observation, Record
from vocab.authorities import themes
from vocab.dcat import add_range_types
from vocab.description import apply_edits, from_ntriples, term_from_json
from vocab.indicators import observations_graph
from vocab.literal_hygiene import clean_graph
from vocab.namespaces import bind_prefixes

# Serialisations by format name: (rdflib format, media type, file suffix).
FORMATS = {
    "turtle": ("turtle", "text/turtle", "ttl"),
    "jsonld": ("json-ld", "application/ld+json", "jsonld"),
    "rdfxml": ("pretty-xml", "application/rdf+xml", "rdf"),
    "ntriples": ("nt", "application/n-triples", "nt"),
}
FORMAT_OF_SUFFIX = {suffix: name for name, (_, _, suffix) in FORMATS.items()}
FORMAT_OF_MEDIA_TYPE = {media: name for name, (_, media, _) in FORMATS.items()}
FORMAT_OF_MEDIA_TYPE.update({"application/x-turtle": "turtle", "text/n3": "turtle",
                             "application/json": "jsonld", "text/plain": "ntriples",
                             "application/xml": "rdfxml"})


def effective_graph(record: Record) -> Graph:
    """Return the record's RDF: what it came from, with the curator's edits applied."""
    graph = from_ntriples(record.source_rdf)
    if record.edits:
        graph = apply_edits(graph, URIRef(record.uri), record.edits)
    return graph


def published_graph(record: Record, observations: list[Observation] | None = None) -> Graph:
    """Return everything published for a record: its RDF, and an indicator's observations."""
    graph = effective_graph(record)
    if observations:
        graph += observations_graph(record.uri, [o.model_dump() for o in observations])
    return bind_prefixes(graph)


def dcat_ap_graph(record: Record, observations: list[Observation] | None = None,
                  defaults: dict | None = None) -> Graph:
    """Return a record as Linked Data and the feed give it: published, with DCAT-AP ranges stated.

    `defaults` (configured per source: {predicate IRI: [values]}) fill in what the record
    lacks; they never replace a value it has.
    """
    graph = published_graph(record, observations)
    subject = URIRef(record.uri)
    for predicate, values in (defaults or {}).items():
        if (subject, URIRef(predicate), None) not in graph:
            for value in values:
                graph.add((subject, URIRef(predicate), term_from_json(value)))
    return themes.describe(add_range_types(graph))


def serialise(graph: Graph, format_name: str) -> bytes:
    """Serialise a graph in one of FORMATS."""
    rdflib_format = FORMATS[format_name][0]
    # Records stored before harvests cleaned their text may hold characters XML cannot carry.
    graph = clean_graph(graph, cap=False)
    bind_prefixes(graph)
    data = graph.serialize(format=rdflib_format, encoding="utf-8")
    return data
