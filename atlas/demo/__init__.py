"""Demo content for Atlas: the Province of Utrecht's data landscape as plain RDF records and
indicator observations, without any database or web dependency."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import rdflib

from vocab.namespaces import bind_prefixes

from .datasets import dataset_records, dataset_uri
from .definitions import concept_uri, definition_graphs
from .indicators import indicator_records, indicator_uri, observation_points
from .municipalities import MUNICIPALITIES
from .organisations import ORGANISATIONS, org_uri, organisation_graph
from .services import service_records, service_uri

__all__ = ["MUNICIPALITIES", "DemoObservation", "DemoRecord", "hidden_slugs", "observations",
           "records"]


@dataclass(frozen=True)
class DemoRecord:
    """One catalogue record: kind, subject IRI, slug, own triples, workflow status and access."""

    kind: str
    uri: str
    slug: str
    graph: rdflib.Graph
    status: str
    access: str


@dataclass(frozen=True)
class DemoObservation:
    """One observed value of a demo indicator for a period and an area."""

    indicator_uri: str
    period: str
    area_code: str
    area_label: str
    value: float | None
    note: str = ""


def _record(kind: str, uri: rdflib.URIRef, slug: str, graph: rdflib.Graph,
            status: str = "published", access: str = "public") -> DemoRecord:
    return DemoRecord(kind, str(uri), slug, bind_prefixes(graph), status, access)


def records(base_uri: str) -> Iterator[DemoRecord]:
    """Yield every demo record in dependency order, from organisations to indicators."""
    base_uri = base_uri.rstrip("/")
    for org in ORGANISATIONS:
        yield _record("organisation", org_uri(base_uri, org.slug), org.slug,
                      organisation_graph(base_uri, org))
    for kind, slug, graph, status in definition_graphs(base_uri):
        yield _record(kind, concept_uri(base_uri, slug), slug, graph, status)
    for slug, graph, status, access in dataset_records(base_uri):
        yield _record("dataset", dataset_uri(base_uri, slug), slug, graph, status, access)
    for slug, graph in service_records(base_uri):
        yield _record("dataservice", service_uri(base_uri, slug), slug, graph)
    for slug, graph, status, access in indicator_records(base_uri):
        yield _record("indicator", indicator_uri(base_uri, slug), slug, graph, status, access)


def observations(base_uri: str) -> Iterator[DemoObservation]:
    """Yield every observation of the demo indicators."""
    for uri, point in observation_points(base_uri.rstrip("/")):
        yield DemoObservation(uri, point.period, point.code, point.label, point.value, point.note)


def hidden_slugs(base_uri: str) -> set[str]:
    """Return the slugs of records that are not public and published (internal, draft, review)."""
    return {r.slug for r in records(base_uri) if r.status != "published" or r.access != "public"}
