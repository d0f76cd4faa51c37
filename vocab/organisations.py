"""Organisations (publishers, partners) as foaf:Organization."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import DCTERMS, FOAF, SKOS

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
