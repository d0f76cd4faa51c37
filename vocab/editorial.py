"""Editorial statuses of definitions as used in Dutch government, and their RDF (adms:status).

Atlas's six statuses are written as `adms:status` with the INSPIRE registry status a status
matches (as NL-SBB advises and the Netbeheer vocabulary does); the two with no INSPIRE match
(in bewerking, herzien) get an Atlas IRI. Reading accepts both, and the INSPIRE statuses that
have no Atlas twin are mapped to the nearest one.
"""

from __future__ import annotations

from rdflib import Graph, URIRef

from vocab.namespaces import ADMS

INSPIRE = "http://inspire.ec.europa.eu/registry/status/"
OWN = "https://w3id.org/atlas/def/editorial-status/"

# In workflow order; the key is stored in Concept.editorial_status and used in forms and CSV.
STATUSES = ("in-bewerking", "voorgesteld", "vastgesteld", "herzien", "vervangen", "vervallen")

IRI_OF = {
    "in-bewerking": OWN + "in-bewerking",
    "voorgesteld": INSPIRE + "submitted",
    "vastgesteld": INSPIRE + "valid",
    "herzien": OWN + "herzien",
    "vervangen": INSPIRE + "superseded",
    "vervallen": INSPIRE + "retired",
}

_READ = {iri: key for key, iri in IRI_OF.items()} | {
    INSPIRE + "accepted": "vastgesteld",
    INSPIRE + "reserved": "in-bewerking",
    INSPIRE + "notAccepted": "vervallen",
    INSPIRE + "invalid": "vervallen",
}

# Statuses that end a concept's use: pages mark it, and `owl:deprecated` is stated with them.
ENDED = ("vervangen", "vervallen")


def status_of_iri(iri: str) -> str:
    """Return the Atlas status key of an adms:status IRI (http or https), or ""."""
    iri = str(iri).strip()
    if iri.startswith("https://inspire.ec.europa.eu/"):
        iri = "http://" + iri[len("https://"):]
    return _READ.get(iri.rstrip("/"), "")


def read_status(graph: Graph, subject) -> str:
    """Return the Atlas status key a description states with adms:status, or ""."""
    for value in graph.objects(subject, ADMS.status):
        key = status_of_iri(value)
        if key:
            return key
    return ""


def status_iri(key: str) -> URIRef:
    """Return the adms:status IRI written for an Atlas status key."""
    if key not in IRI_OF:
        raise ValueError(f"unknown editorial status {key!r}; one of {', '.join(STATUSES)}")
    return URIRef(IRI_OF[key])
