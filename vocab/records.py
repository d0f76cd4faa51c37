"""Which RDF nodes are Atlas records, of what kind, and how each kind is read."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Graph
from rdflib.namespace import FOAF, RDF, SKOS

from vocab import dcat, indicators, organisations, skos
from vocab.namespaces import ATLAS, DCAT

# rdf:type → record kind; a node with several record types takes the first listed here.
# A concept scheme comes before a dataset: a vocabulary that a DCAT catalogue also lists as a
# dataset (NL-SBB does) is browsed as a scheme with its concepts, whichever importer reads it,
# so a SKOS import and a DCAT harvest of it agree on its kind; its RDF keeps dcat:Dataset.
KIND_OF_TYPE = (
    (SKOS.ConceptScheme, "conceptscheme"),
    (DCAT.Dataset, "dataset"),
    (DCAT.DatasetSeries, "dataset"),
    (DCAT.DataService, "dataservice"),
    (ATLAS.Indicator, "indicator"),
    (SKOS.Concept, "concept"),
    (FOAF.Organization, "organisation"),
)

READERS: dict[str, Callable[[Graph, object], dict]] = {
    "dataset": dcat.read_dataset,
    "dataservice": dcat.read_dataservice,
    "conceptscheme": skos.read_scheme,
    "concept": skos.read_concept,
    "indicator": indicators.read_indicator,
    "organisation": organisations.read_organisation,
}


BUILDERS: dict[str, Callable[[str, dict], Graph]] = {
    "dataset": dcat.dataset_graph,
    "dataservice": dcat.dataservice_graph,
    "conceptscheme": skos.scheme_graph,
    "concept": skos.concept_graph,
    "indicator": indicators.indicator_graph,
    "organisation": organisations.organisation_graph,
}


def build(kind: str, uri: str, fields: dict) -> Graph:
    """Return the RDF description of a record made from typed fields (the reverse of read)."""
    try:
        builder = BUILDERS[kind]
    except KeyError:
        raise ValueError(f"unknown record kind {kind!r}") from None
    return builder(uri, fields)


def kind_of(graph: Graph, subject) -> str | None:
    """Return the record kind of subject in graph, or None when it is not a record."""
    types = set(graph.objects(subject, RDF.type))
    for rdf_type, kind in KIND_OF_TYPE:
        if rdf_type in types:
            return kind
    return None


def kinds_of(graph: Graph, subject) -> set[str]:
    """Return every record kind subject's types name (kind_of picks one of them)."""
    types = set(graph.objects(subject, RDF.type))
    return {kind for rdf_type, kind in KIND_OF_TYPE if rdf_type in types}


def read(kind: str, graph: Graph, subject) -> dict:
    """Return the typed fields of a record of the given kind."""
    try:
        reader = READERS[kind]
    except KeyError:
        raise ValueError(f"unknown record kind {kind!r}") from None
    return reader(graph, subject)


def read_title(graph: Graph, subject) -> str:
    """Return the best title of any record, whatever its kind (for slugs and messages)."""
    kind = kind_of(graph, subject)
    if kind is None:
        return ""
    return read(kind, graph, subject)["title"]
