"""Organisations (publishers, partners) as foaf:Organization."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS

from vocab import terms


def read_organisation(graph: Graph, subject) -> dict:
    """Return the typed fields of an organisation."""
    name = terms.text(graph, subject, FOAF.name) or terms.text(graph, subject, SKOS.prefLabel)
    return {
        "title": name,
        "title_en": terms.text_exact(graph, subject, FOAF.name, "en"),
        "description": terms.text(graph, subject, DCTERMS.description),
        "publisher": "",
        "detail": {
            "homepage": terms.iri(graph, subject, FOAF.homepage),
            "org_type": terms.iri(graph, subject, DCTERMS.type)[:200],
            "email": terms.iri(graph, subject, FOAF.mbox)[:500],
        },
        "links": [],
    }


def organisation_graph(uri: str, fields: dict) -> Graph:
    """Return the description of an organisation from typed fields (reverse of read_organisation)."""
    graph = Graph()
    subject = URIRef(uri)
    detail = fields.get("detail", {})
    graph.add((subject, RDF.type, FOAF.Organization))
    terms.add_common(graph, subject, {**fields, "publisher": ""}, name=FOAF.name)
    for key, predicate in (("homepage", FOAF.homepage), ("org_type", DCTERMS.type),
                           ("email", FOAF.mbox)):
        if detail.get(key):
            graph.add((subject, predicate, URIRef(detail[key])))
    return graph
