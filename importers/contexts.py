"""JSON-LD contexts Atlas knows without fetching them: a few well-known ones, written out here.

Atlas never loads a JSON-LD @context from the network (a harvested document could make it fetch
anything). A document naming one of these contexts is read with the bundled copy; any other
remote context is reported, and the document is not read.
"""

from __future__ import annotations

_SCHEMA_ORG = {"@vocab": "http://schema.org/"}


def _dcat_ap_3_examples() -> dict:
    # The term mappings of the DCAT-AP 3.0 specification's examples (SEMIC, CC-BY 4.0),
    # written as one flat context: the same terms expand to the same IRIs.
    dcat, dct = "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/"
    iri_terms = {
        "publisher": dct + "publisher", "frequency": dct + "accrualPeriodicity",
        "geographicalCoverage": dct + "spatial", "temporalCoverage": dct + "temporal",
        "datasetDistribution": dcat + "distribution", "inSeries": dcat + "inSeries",
        "next": dcat + "next", "previous": dcat + "prev", "first": dcat + "first",
        "last": dcat + "last", "seriesMember": dcat + "seriesMember",
        "contactPoint": dcat + "contactPoint", "accessRights": dct + "accessRights",
        "endpointDescription": dcat + "endpointDescription", "endpointUrl": dcat + "endpointURL",
        "format": dct + "format", "licence": dct + "license",
        "servesDataset": dcat + "servesDataset",
    }
    context: dict = {
        "@version": 1.1,
        "dcat": dcat, "dcterms": dct, "xsd": "http://www.w3.org/2001/XMLSchema#",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "nal-frequency": "http://publications.europa.eu/resource/authority/frequency/",
        "example": "https://data.gov.gr/", "example-ds": "https://data.gov.gr/id/dataset/",
        "example-cat": "https://data.gov.gr/id/catalog/",
        "example-ser": "https://data.gov.gr/id/datasetseries/",
        "example-ag": "https://agencies.gov.gr/id/",
        "Dataset": dcat + "Dataset", "DatasetMemberOfADatasetSeries": dcat + "Dataset",
        "DatasetSeries": dcat + "DatasetSeries", "DataService": dcat + "DataService",
        "Distribution": dcat + "Distribution",
        "title": {"@id": dct + "title", "@container": "@language"},
        "description": {"@id": dct + "description", "@container": "@language"},
        "releaseDate": {"@id": dct + "issued", "@type": "xsd:date"},
        "modificationDate": {"@id": dct + "modified", "@type": "xsd:date"},
    }
    context.update({term: {"@id": iri, "@type": "@id"} for term, iri in iri_terms.items()})
    return context


BUNDLED: dict[str, dict] = {
    "http://schema.org": _SCHEMA_ORG, "https://schema.org": _SCHEMA_ORG,
    "http://schema.org/": _SCHEMA_ORG, "https://schema.org/": _SCHEMA_ORG,
    "https://semiceu.github.io/uri.semic.eu-generated/DCAT-AP/releases/3.0.0/html/examples/"
    "context.jsonld": _dcat_ap_3_examples(),
}


def bundled(url: str) -> dict | None:
    """Return the bundled context for a context URL, or None when Atlas does not have it."""
    return BUNDLED.get(url.strip())
