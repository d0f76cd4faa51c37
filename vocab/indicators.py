"""Indicators (what is measured, how, from what, towards which target) and their observations.

An indicator is an `atlas:Indicator`; its observations are published as W3C Data Cube
`qb:Observation`s with the SDMX period and area dimensions.
"""

from __future__ import annotations

import hashlib

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from vocab import terms
from vocab.namespaces import ATLAS, QB, SDMX_DIMENSION, SDMX_MEASURE, bind_prefixes

CBS_AREA = "https://www.cbs.nl/area/"  # area codes (GM0344, PV26) become IRIs under this base


def read_indicator(graph: Graph, subject) -> dict:
    """Return the typed fields of an indicator."""
    target_year = terms.number(graph, subject, ATLAS.targetYear)
    return {
        "title": terms.text(graph, subject, DCTERMS.title, "nl"),
        "title_en": terms.text_exact(graph, subject, DCTERMS.title, "en"),
        "description": terms.text(graph, subject, DCTERMS.description, "nl"),
        "publisher": terms.iri(graph, subject, DCTERMS.publisher),
        "detail": {
            "unit": terms.text(graph, subject, ATLAS.unit)[:200],
            "method": terms.text(graph, subject, ATLAS.method),
            "periodicity": terms.value(graph, subject, DCTERMS.accrualPeriodicity)[:500],
            "spatial_level": terms.text(graph, subject, ATLAS.spatialLevel)[:100],
            "programme": terms.text(graph, subject, ATLAS.programme)[:500],
            "target_value": terms.number(graph, subject, ATLAS.targetValue),
            "target_year": int(target_year) if target_year is not None else None,
            "direction": terms.value(graph, subject, ATLAS.desiredDirection)[:20],
            "owner": terms.iri(graph, subject, ATLAS.owner)[:500],
        },
        "links": [("measures", uri) for uri in terms.iris(graph, subject, ATLAS.measures)]
        + [("derived_from", uri) for uri in terms.iris(graph, subject, PROV.wasDerivedFrom)],
    }


def observation_iri(indicator_uri: str, period: str, area_code: str) -> URIRef:
    """Return the stable IRI of one observation."""
    key = hashlib.sha1(f"{period}|{area_code}".encode()).hexdigest()[:12]
    return URIRef(f"{indicator_uri}/observations/{key}")


def observations_graph(indicator_uri: str, rows) -> Graph:
    """Return the Data Cube observations of an indicator; rows have period, area, value, note."""
    graph = bind_prefixes(Graph())
    dataset = URIRef(indicator_uri)
    for row in rows:
        node = observation_iri(indicator_uri, row["period"], row["area_code"])
        graph.add((node, RDF.type, QB.Observation))
        graph.add((node, QB.dataSet, dataset))
        graph.add((node, SDMX_DIMENSION.refPeriod, Literal(row["period"])))
        graph.add((node, SDMX_DIMENSION.refArea, URIRef(CBS_AREA + row["area_code"])))
        if row.get("area_label"):
            graph.add((node, RDFS.label, Literal(row["area_label"], lang="nl")))
        if row.get("value") is not None:
            graph.add((node, SDMX_MEASURE.obsValue, Literal(repr(float(row["value"])),
                                                            datatype=XSD.double)))
        if row.get("note"):
            graph.add((node, RDFS.comment, Literal(row["note"], lang="nl")))
    return graph


def read_observations(graph: Graph, indicator_uri: str) -> list[dict]:
    """Return the observation rows of one indicator found in graph."""
    rows = []
    for node in graph.subjects(QB.dataSet, URIRef(indicator_uri)):
        area = terms.value(graph, node, SDMX_DIMENSION.refArea)
        rows.append({
            "period": terms.value(graph, node, SDMX_DIMENSION.refPeriod),
            "area_code": area.removeprefix(CBS_AREA),
            "area_label": terms.text(graph, node, RDFS.label),
            "value": terms.number(graph, node, SDMX_MEASURE.obsValue),
            "note": terms.text(graph, node, RDFS.comment),
        })
    return sorted(rows, key=lambda r: (r["period"], r["area_code"]))


def indicator_graph(uri: str, fields: dict) -> Graph:
    """Return the description of an indicator from typed fields (the reverse of read_indicator)."""
    graph = bind_prefixes(Graph())
    subject = URIRef(uri)
    detail = fields.get("detail", {})
    graph.add((subject, RDF.type, ATLAS.Indicator))
    terms.add_common(graph, subject, fields)
    for key, predicate in (("unit", ATLAS.unit), ("spatial_level", ATLAS.spatialLevel)):
        if detail.get(key):
            graph.add((subject, predicate, Literal(detail[key])))
    for key, predicate in (("method", ATLAS.method), ("programme", ATLAS.programme)):
        if detail.get(key):
            graph.add((subject, predicate, Literal(detail[key], lang="nl")))
    if detail.get("periodicity"):
        graph.add((subject, DCTERMS.accrualPeriodicity, URIRef(detail["periodicity"])))
    if detail.get("target_value") is not None:
        graph.add((subject, ATLAS.targetValue,
                   Literal(str(detail["target_value"]), datatype=XSD.decimal)))
    if detail.get("target_year") is not None:
        graph.add((subject, ATLAS.targetYear, Literal(detail["target_year"], datatype=XSD.integer)))
    if detail.get("direction"):
        graph.add((subject, ATLAS.desiredDirection, Literal(detail["direction"])))
    if detail.get("owner"):
        graph.add((subject, ATLAS.owner, URIRef(detail["owner"])))
    predicates = {"measures": ATLAS.measures, "derived_from": PROV.wasDerivedFrom}
    for relation, target in fields.get("links", []):
        graph.add((subject, predicates[relation], URIRef(target)))
    return graph
