"""The record kinds as RDF: a registry of each kind's types, reader, builder and import order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, RDF, SKOS
from rdflib.term import Node

from vocab import dcat, indicators, organisations, skos
from vocab.namespaces import ATLAS, DCAT


@dataclass(frozen=True)
class RdfKind:
    """How a record kind looks in RDF: its types, how to read and build it, when to import it."""

    name: str  # "dataset"
    types: tuple[URIRef, ...]  # (DCAT.Dataset, DCAT.DatasetSeries)
    precedence: int  # a node with several record types is of the kind with the lowest
    order: int  # import order: what others refer to comes first
    read: Callable[[Graph, Node], dict]  # typed fields from a description
    build: Callable[[str, dict], Graph]  # a description from typed fields
    more_fields: Callable[[Graph, Node], dict] | None = None  # what only the store needs


_KINDS: dict[str, RdfKind] = {}
_BY_TYPE: tuple[tuple[URIRef, str], ...] = ()  # (type, kind name), lowest precedence first


def register(kind: RdfKind) -> RdfKind:
    """Add a record kind; ValueError when one of that name is registered already."""
    if kind.name in _KINDS:
        raise ValueError(f"record kind {kind.name!r} is registered already")
    _KINDS[kind.name] = kind
    _index()
    return kind


def unregister(name: str) -> None:
    """Remove a record kind (for tests that register one of their own)."""
    _KINDS.pop(name, None)
    _index()


def _index() -> None:
    global _BY_TYPE
    ranked = sorted(_KINDS.values(), key=lambda k: (k.precedence, k.name))
    _BY_TYPE = tuple((rdf_type, kind.name) for kind in ranked for rdf_type in kind.types)


def get(name: str) -> RdfKind:
    """Return the registered kind of this name; ValueError when there is none."""
    try:
        return _KINDS[name]
    except KeyError:
        raise ValueError(f"unknown record kind {name!r}") from None


def names() -> tuple[str, ...]:
    """Return the names of the registered kinds, in the order they were registered."""
    return tuple(_KINDS)


def kind_of(graph: Graph, subject) -> str | None:
    """Return the record kind of subject in graph, or None when it is not a record."""
    types = set(graph.objects(subject, RDF.type))
    for rdf_type, name in _BY_TYPE:
        if rdf_type in types:
            return name
    return None


def kinds_of(graph: Graph, subject) -> set[str]:
    """Return every record kind subject's types name (kind_of picks one of them)."""
    types = set(graph.objects(subject, RDF.type))
    return {name for rdf_type, name in _BY_TYPE if rdf_type in types}


def import_order() -> tuple[str, ...]:
    """Return the kinds in the order an import stores them: what others refer to comes first."""
    return tuple(k.name for k in sorted(_KINDS.values(), key=lambda k: (k.order, k.name)))


def _concept_labels(graph: Graph, subject) -> dict:
    # Every label in every language, for exact lookup (the typed fields hold nl/en).
    return {"labels": skos.concept_labels(graph, subject)}


# The built-in kinds, registered as any other would be. A concept scheme takes precedence over
# a dataset: a vocabulary that a DCAT catalogue also lists as a dataset (NL-SBB does) is browsed
# as a scheme with its concepts, whichever importer reads it, so a SKOS import and a DCAT harvest
# of it agree on its kind; its RDF keeps dcat:Dataset.
register(RdfKind("conceptscheme", (SKOS.ConceptScheme,), precedence=0, order=1,
                 read=skos.read_scheme, build=skos.scheme_graph))
register(RdfKind("dataset", (DCAT.Dataset, DCAT.DatasetSeries), precedence=1, order=3,
                 read=dcat.read_dataset, build=dcat.dataset_graph))
register(RdfKind("dataservice", (DCAT.DataService,), precedence=2, order=4,
                 read=dcat.read_dataservice, build=dcat.dataservice_graph))
register(RdfKind("indicator", (ATLAS.Indicator,), precedence=3, order=5,
                 read=indicators.read_indicator, build=indicators.indicator_graph))
register(RdfKind("concept", (SKOS.Concept,), precedence=4, order=2,
                 read=skos.read_concept, build=skos.concept_graph, more_fields=_concept_labels))
register(RdfKind("organisation", (FOAF.Organization,), precedence=5, order=0,
                 read=organisations.read_organisation, build=organisations.organisation_graph))
