"""DCAT-AP 3.0.1 with the DCAT-AP-NL 3.0 additions: datasets, series, services, distributions.

Reading maps a record's RDF to the typed fields Atlas keeps in columns; the RDF itself stays
the record's content, so a property not read here is still published.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

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


def dataset_graph(uri: str, fields: dict) -> Graph:
    """Return the DCAT description of a dataset from typed fields (the reverse of read_dataset).

    Used when a record is made in Atlas rather than harvested; titles and descriptions are
    Dutch, `title_en` English.
    """
    graph = Graph()
    subject = URIRef(uri)
    detail = fields.get("detail", {})
    graph.add((subject, RDF.type, DCAT.DatasetSeries if detail.get("is_series") else DCAT.Dataset))
    terms.add_common(graph, subject, fields)
    if detail.get("identifier"):
        graph.add((subject, DCTERMS.identifier, Literal(detail["identifier"])))
    for theme in detail.get("themes", []):
        graph.add((subject, DCAT.theme, URIRef(theme)))
    for keyword in detail.get("keywords", []):
        graph.add((subject, DCAT.keyword, Literal(keyword, lang="nl")))
    for key, predicate in (("landing_page", DCAT.landingPage), ("license", DCTERMS.license),
                           ("frequency", DCTERMS.accrualPeriodicity)):
        if detail.get(key):
            graph.add((subject, predicate, URIRef(detail[key])))
    for key, predicate in (("issued", DCTERMS.issued), ("modified_at", DCTERMS.modified)):
        if detail.get(key):
            graph.add((subject, predicate, Literal(detail[key], datatype=XSD.date)))
    for number, dist in enumerate(fields.get("distributions", []), start=1):
        node = URIRef(dist.get("uri") or f"{uri}/distributions/{number}")
        graph.add((subject, DCAT.distribution, node))
        graph.add((node, RDF.type, DCAT.Distribution))
        if dist.get("title"):
            graph.add((node, DCTERMS.title, Literal(dist["title"], lang="nl")))
        for key, predicate in (("access_url", DCAT.accessURL), ("download_url", DCAT.downloadURL),
                               ("media_type", DCAT.mediaType), ("format", DCTERMS["format"]),
                               ("license", DCTERMS.license)):
            if dist.get(key):
                graph.add((node, predicate, URIRef(dist[key])))
        if dist.get("byte_size") is not None:
            graph.add((node, DCAT.byteSize,
                       Literal(dist["byte_size"], datatype=XSD.nonNegativeInteger)))
    for relation, target in fields.get("links", []):
        if relation == "subject":
            graph.add((subject, DCTERMS.subject, URIRef(target)))
    return graph


def dataservice_graph(uri: str, fields: dict) -> Graph:
    """Return the DCAT description of a data service from typed fields."""
    graph = Graph()
    subject = URIRef(uri)
    detail = fields.get("detail", {})
    graph.add((subject, RDF.type, DCAT.DataService))
    terms.add_common(graph, subject, fields)
    for key, predicate in (("endpoint_url", DCAT.endpointURL),
                           ("endpoint_description", DCAT.endpointDescription)):
        if detail.get(key):
            graph.add((subject, predicate, URIRef(detail[key])))
    for relation, target in fields.get("links", []):
        if relation == "serves":
            graph.add((subject, DCAT.servesDataset, URIRef(target)))
    return graph


# DCAT-AP's ranges: the class a value of each property must have. Publishing states these
# classes for IRI and blank-node values (as ckanext-dcat does), so a harvester or a SHACL
# validator does not need the controlled vocabularies at hand to know them.
VCARD_NS = "http://www.w3.org/2006/vcard/ns#"
RANGE_TYPES = {
    DCTERMS.license: DCTERMS.LicenseDocument, DCTERMS["format"]: DCTERMS.MediaTypeOrExtent,
    DCAT.mediaType: DCTERMS.MediaType, DCAT.compressFormat: DCTERMS.MediaType,
    DCAT.packageFormat: DCTERMS.MediaType, DCAT.theme: URIRef(str(SKOS) + "Concept"),
    DCTERMS.publisher: FOAF.Agent, DCTERMS.creator: FOAF.Agent,
    DCAT.contactPoint: URIRef(VCARD_NS + "Kind"), DCTERMS.accessRights: DCTERMS.RightsStatement,
    DCTERMS.rights: DCTERMS.RightsStatement, DCTERMS.language: DCTERMS.LinguisticSystem,
    DCTERMS.spatial: DCTERMS.Location, DCTERMS.accrualPeriodicity: DCTERMS.Frequency,
    DCTERMS.conformsTo: DCTERMS.Standard, DCAT.landingPage: FOAF.Document,
    FOAF.page: FOAF.Document, FOAF.homepage: FOAF.Document,
    DCAT.themeTaxonomy: URIRef(str(SKOS) + "ConceptScheme"), DCTERMS.provenance:
    DCTERMS.ProvenanceStatement, DCTERMS.temporal: DCTERMS.PeriodOfTime,
    DCAT.endpointURL: RDFS.Resource, DCAT.endpointDescription: RDFS.Resource,
}


def add_range_types(graph: Graph) -> Graph:
    """State the DCAT-AP range class of every IRI or blank-node value in graph (in place)."""
    for predicate, rdf_class in RANGE_TYPES.items():
        for value in set(graph.objects(None, predicate)):
            if not isinstance(value, Literal):
                graph.add((value, RDF.type, rdf_class))
    return graph
