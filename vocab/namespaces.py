"""RDF namespaces used across Atlas, and the prefixes used when serialising."""

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

ADMS = Namespace("http://www.w3.org/ns/adms#")
ATLAS = Namespace("https://w3id.org/atlas/def#")  # Atlas's own terms where no standard has one
# rdflib's closed DCAT namespace lacks DCAT 3 terms such as dcat:DatasetSeries.
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
DQV = Namespace("http://www.w3.org/ns/dqv#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
QB = Namespace("http://purl.org/linked-data/cube#")
SCHEMA = Namespace("http://schema.org/")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")

EU_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
EU_FILE_TYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_FREQUENCY = Namespace("http://publications.europa.eu/resource/authority/frequency/")
EU_ACCESS_RIGHT = Namespace("http://publications.europa.eu/resource/authority/access-right/")
EU_LICENCE = Namespace("http://publications.europa.eu/resource/authority/licence/")
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
EU_LANGUAGE = Namespace("http://publications.europa.eu/resource/authority/language/")

PREFIXES = {
    "adms": ADMS, "atlas": ATLAS, "dcat": DCAT, "dcatap": DCATAP, "dct": DCTERMS, "dqv": DQV,
    "foaf": FOAF, "hydra": HYDRA, "locn": LOCN, "owl": OWL, "prov": PROV, "qb": QB, "rdf": RDF,
    "rdfs": RDFS, "schema": SCHEMA, "skos": SKOS, "vcard": VCARD, "xsd": XSD,
    "sdmx-dimension": SDMX_DIMENSION, "sdmx-measure": SDMX_MEASURE,
    "sdmx-attribute": SDMX_ATTRIBUTE,
}


def bind_prefixes(graph):
    """Bind Atlas's usual prefixes on a graph (for readable Turtle) and return it."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True)
    return graph
