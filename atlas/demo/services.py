"""Demo data services (dcat:DataService): the geoservices, a measurement API and Luchtmeetnet."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from vocab.namespaces import DCAT, DCTERMS, EU_ACCESS_RIGHT, EU_LICENCE, EU_THEME, VCARD

from .datasets import dataset_specs, dataset_uri
from .organisations import BY_SLUG as ORGS
from .organisations import org_uri


@dataclass(frozen=True)
class Service:
    """One data service and what it serves: listed slugs, or a publisher's public geo datasets."""

    slug: str
    title: str
    title_en: str
    description: str
    endpoint: str
    endpoint_description: str
    conforms_to: str
    publisher: str
    themes: tuple[str, ...]
    serves: tuple[str, ...] = ()
    serves_geo_of: str = ""
    licence: str = "CC0"


SERVICES: list[Service] = [
    Service("geoservices-provincie-utrecht", "Geoservices provincie Utrecht (WMS en WFS)",
            "Province of Utrecht geoservices (WMS and WFS)",
            "OGC-webservices met de kaartlagen en objecten van de geografische datasets van de "
            "provincie Utrecht.",
            "https://geodata.provincie-utrecht.nl/geoserver/ows",
            ""
            "https://geodata.provincie-utrecht.nl/geoserver/ows?service=WMS&request=GetCapabilities",
            "http://www.opengis.net/def/serviceType/ogc/wms", "provincie-utrecht",
            ("REGI", "ENVI"), serves_geo_of="provincie-utrecht"),
    Service("meetgegevens-api-hdsr", "Meetgegevens-API De Stichtse Rijnlanden",
            "De Stichtse Rijnlanden measurement API",
            "REST-API met tijdreeksen van grondwaterstanden en oppervlaktewaterkwaliteit uit de "
            "meetnetten van het hoogheemraadschap.",
            "https://data.hdsr.nl/api/v1", "https://data.hdsr.nl/api/v1/openapi.json",
            "https://spec.openapis.org/oas/v3.0.3", "hdsr", ("ENVI",),
            serves=("grondwaterstanden-meetnet-hdsr", "oppervlaktewaterkwaliteit-hdsr",
                    "meldingen-wateroverlast-hdsr")),
    Service("luchtmeetnet-api", "Luchtmeetnet Open API", "Luchtmeetnet Open API",
            "Open API van het Luchtmeetnet met actuele en historische meetwaarden van de "
            "luchtmeetstations, waaronder die in de provincie Utrecht.",
            "https://api.luchtmeetnet.nl/open_api", "https://api-docs.luchtmeetnet.nl/",
            "https://spec.openapis.org/oas/v3.0.3", "rivm", ("ENVI", "HEAL"),
            serves=("luchtmeetnet-metingen",)),
]


def service_uri(base_uri: str, slug: str) -> URIRef:
    """Return the IRI of a data service record."""
    return URIRef(f"{base_uri}/dataservices/{slug}")


def _served(service: Service) -> list[str]:
    public = [s for s in dataset_specs()
              if s.topic.status == "published" and s.topic.access == "public"]
    known = {s.slug for s in public}
    missing = set(service.serves) - known
    if missing:
        raise ValueError(f"{service.slug}: serves unknown or hidden datasets {sorted(missing)}")
    geo = [s.slug for s in public
           if s.org.slug == service.serves_geo_of and s.topic.profile == "geo"]
    return list(service.serves) + geo


def service_graph(base_uri: str, service: Service) -> Graph:
    """Return the dcat:DataService record of one service."""
    org = ORGS[service.publisher]
    g = Graph()
    s = service_uri(base_uri, service.slug)
    g.add((s, RDF.type, DCAT.DataService))
    g.add((s, DCTERMS.title, Literal(service.title, lang="nl")))
    g.add((s, DCTERMS.title, Literal(service.title_en, lang="en")))
    g.add((s, DCTERMS.description, Literal(service.description, lang="nl")))
    g.add((s, DCTERMS.identifier, Literal(str(s))))
    g.add((s, DCAT.endpointURL, URIRef(service.endpoint)))
    g.add((s, DCAT.endpointDescription, URIRef(service.endpoint_description)))
    g.add((s, DCTERMS.conformsTo, URIRef(service.conforms_to)))
    g.add((s, DCTERMS.publisher, org_uri(base_uri, org.slug)))
    contact = BNode(f"contact-{service.slug}")
    g.add((s, DCAT.contactPoint, contact))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(org.team, lang="nl")))
    g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{org.email}")))
    g.add((s, DCTERMS.accessRights, EU_ACCESS_RIGHT.PUBLIC))
    g.add((s, DCTERMS.license, EU_LICENCE[service.licence]))
    for theme in service.themes:
        g.add((s, DCAT.theme, EU_THEME[theme]))
    for slug in _served(service):
        g.add((s, DCAT.servesDataset, dataset_uri(base_uri, slug)))
    return g


def service_records(base_uri: str) -> Iterator[tuple[str, Graph]]:
    """Yield (slug, graph) for every demo data service."""
    for service in SERVICES:
        yield service.slug, service_graph(base_uri, service)
