"""DCAT-AP 3.0.1 with the DCAT-AP-NL 3.0 additions: datasets, series, services, distributions.

Reading maps a record's RDF to the typed fields Atlas keeps in columns; the RDF itself stays
the record's content, so a property not read here is still published.
"""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF

from vocab import terms
from vocab.namespaces import DCAT

DATASET_TYPES = (DCAT.Dataset, DCAT.DatasetSeries)
SERVICE_TYPES = (DCAT.DataService,)


def read_dataset(graph: Graph, subject) -> dict:
    """Return the typed fields of a dataset (or dataset series) description."""
    theme_values = terms.iris(graph, subject, DCAT.theme)
    return {
        **_common(graph, subject),
        "detail": {
            "identifier": terms.value(graph, subject, DCTERMS.identifier),
            "is_series": (subject, RDF.type, DCAT.DatasetSeries) in graph,
            "themes": theme_values,
            "keywords": sorted({k["value"] for k in terms.texts(graph, subject, DCAT.keyword)}),
            "landing_page": terms.iri(graph, subject, DCAT.landingPage)
            or terms.iri(graph, subject, FOAF.homepage),
            "issued": terms.value(graph, subject, DCTERMS.issued)[:40],
            "modified_at": terms.value(graph, subject, DCTERMS.modified)[:40],
            "frequency": terms.value(graph, subject, DCTERMS.accrualPeriodicity)[:500],
            "spatial": terms.value(graph, subject, DCTERMS.spatial)[:2000],
            "license": terms.iri(graph, subject, DCTERMS.license),
        },
        "distributions": [read_distribution(graph, d)
                          for d in sorted(graph.objects(subject, DCAT.distribution))],
        "links": [("subject", uri) for uri in terms.iris(graph, subject, DCTERMS.subject)],
    }


def read_distribution(graph: Graph, node) -> dict:
    """Return the typed fields of a distribution."""
    size = terms.number(graph, node, DCAT.byteSize)
    return {
        "uri": str(node) if isinstance(node, URIRef) else "",
        "title": terms.text(graph, node, DCTERMS.title),
        "access_url": terms.iri(graph, node, DCAT.accessURL),
        "download_url": terms.iri(graph, node, DCAT.downloadURL),
        "media_type": terms.value(graph, node, DCAT.mediaType)[:500],
        "format": terms.value(graph, node, DCTERMS["format"])[:500],
        "license": terms.iri(graph, node, DCTERMS.license),
        "byte_size": int(size) if size is not None and size >= 0 else None,
    }


def read_dataservice(graph: Graph, subject) -> dict:
    """Return the typed fields of a data service description."""
    return {
        **_common(graph, subject),
        "detail": {
            "endpoint_url": terms.iri(graph, subject, DCAT.endpointURL),
            "endpoint_description": terms.iri(graph, subject, DCAT.endpointDescription),
        },
        "links": [("serves", uri) for uri in terms.iris(graph, subject, DCAT.servesDataset)],
    }


def _common(graph: Graph, subject) -> dict:
    return {
        "title": terms.text(graph, subject, DCTERMS.title, "nl"),
        "title_en": terms.text_exact(graph, subject, DCTERMS.title, "en"),
        "description": terms.text(graph, subject, DCTERMS.description, "nl"),
        "publisher": terms.iri(graph, subject, DCTERMS.publisher),
    }
