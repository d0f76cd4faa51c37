"""schema.org dataset descriptions (as the Dutch heritage network's register accepts them) mapped
to DCAT, beside the original triples, so they harvest like any DCAT dataset."""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from vocab.namespaces import DCAT

SCHEMAS = (Namespace("http://schema.org/"), Namespace("https://schema.org/"))

# schema.org property → DCAT-AP property, for datasets and for distributions.
DATASET_MAP = {
    "name": DCTERMS.title, "description": DCTERMS.description, "license": DCTERMS.license,
    "publisher": DCTERMS.publisher, "creator": DCTERMS.creator, "keywords": DCAT.keyword,
    "distribution": DCAT.distribution, "dateCreated": DCTERMS.issued,
    "datePublished": DCTERMS.issued, "dateModified": DCTERMS.modified,
    "identifier": DCTERMS.identifier, "url": DCAT.landingPage, "inLanguage": DCTERMS.language,
    "spatialCoverage": DCTERMS.spatial, "temporalCoverage": DCTERMS.temporal,
    "version": DCAT.version, "isPartOf": DCTERMS.isPartOf,
}
DISTRIBUTION_MAP = {
    "contentUrl": DCAT.downloadURL, "encodingFormat": DCAT.mediaType, "name": DCTERMS.title,
    "description": DCTERMS.description, "license": DCTERMS.license,
    "contentSize": DCAT.byteSize, "dateModified": DCTERMS.modified,
}
ORGANISATION_MAP = {"name": FOAF.name, "url": FOAF.homepage}
URL_VALUED = {DCAT.downloadURL, DCAT.landingPage, DCTERMS.license}


def add_dcat(graph: Graph) -> Graph:
    """Add DCAT triples for every schema.org Dataset in graph (in place) and return it."""
    for schema in SCHEMAS:
        for dataset in set(graph.subjects(RDF.type, schema.Dataset)):
            graph.add((dataset, RDF.type, DCAT.Dataset))
            _copy(graph, dataset, schema, DATASET_MAP)
            for dist in set(graph.objects(dataset, schema.distribution)):
                graph.add((dist, RDF.type, DCAT.Distribution))
                _copy(graph, dist, schema, DISTRIBUTION_MAP)
                url = graph.value(dist, schema.contentUrl)
                if url is not None:
                    graph.add((dist, DCAT.accessURL, _as_iri(url)))
            for org in set(graph.objects(dataset, schema.publisher)) | set(
                    graph.objects(dataset, schema.creator)):
                if (org, RDF.type, schema.Organization) in graph:
                    graph.add((org, RDF.type, FOAF.Organization))
                    _copy(graph, org, schema, ORGANISATION_MAP)
    return graph


def _copy(graph: Graph, node, schema: Namespace, mapping: dict) -> None:
    for name, target in mapping.items():
        for value in list(graph.objects(node, schema[name])):
            if target in URL_VALUED or target == FOAF.homepage:
                value = _as_iri(value)
            graph.add((node, target, value))


def _as_iri(value):
    # schema.org often gives URLs as xsd:anyURI literals; DCAT wants IRIs
    if isinstance(value, Literal) and str(value).startswith(("http://", "https://")):
        return URIRef(str(value).strip())
    return value
