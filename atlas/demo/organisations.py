"""Publishers and partners in the demo: the province, municipalities, water boards and agencies."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from vocab.namespaces import DCTERMS, FOAF

from .municipalities import NETHERLANDS_SPATIAL, PROVINCE_SPATIAL, tooi_uri

PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"


@dataclass(frozen=True)
class Org:
    """One organisation: names, homepage, ADMS type, contact, and the area its data cover."""

    slug: str
    name_nl: str
    name_en: str
    homepage: str
    org_type: str  # ADMS publisher type local name
    email: str
    area: str  # Dutch phrase used in dataset descriptions ("in de gemeente Zeist")
    spatial: URIRef
    team: str  # the contact point's vcard:fn


ORGANISATIONS: list[Org] = [
    Org("provincie-utrecht", "Provincie Utrecht", "Province of Utrecht",
        "https://www.provincie-utrecht.nl", "RegionalAuthority", "opendata@provincie-utrecht.nl",
        "in de provincie Utrecht", PROVINCE_SPATIAL, "Team Data en Informatie, Provincie Utrecht"),
    Org("gemeente-utrecht", "Gemeente Utrecht", "Municipality of Utrecht",
        "https://www.utrecht.nl", "LocalAuthority", "opendata@utrecht.nl",
        "in de gemeente Utrecht", tooi_uri("GM0344"), "Onderzoek en Data, gemeente Utrecht"),
    Org("gemeente-amersfoort", "Gemeente Amersfoort", "Municipality of Amersfoort",
        "https://www.amersfoort.nl", "LocalAuthority", "opendata@amersfoort.nl",
        "in de gemeente Amersfoort", tooi_uri("GM0307"), "Team Informatievoorziening, Amersfoort"),
    Org("gemeente-nieuwegein", "Gemeente Nieuwegein", "Municipality of Nieuwegein",
        "https://www.nieuwegein.nl", "LocalAuthority", "geo-informatie@nieuwegein.nl",
        "in de gemeente Nieuwegein", tooi_uri("GM0356"), "Geo-informatie, gemeente Nieuwegein"),
    Org("gemeente-zeist", "Gemeente Zeist", "Municipality of Zeist",
        "https://www.zeist.nl", "LocalAuthority", "data@zeist.nl",
        "in de gemeente Zeist", tooi_uri("GM0355"), "Team Data, gemeente Zeist"),
    Org("gemeente-veenendaal", "Gemeente Veenendaal", "Municipality of Veenendaal",
        "https://www.veenendaal.nl", "LocalAuthority", "data@veenendaal.nl",
        "in de gemeente Veenendaal", tooi_uri("GM0345"), "Informatiebeheer, gemeente Veenendaal"),
    Org("gemeente-lopik", "Gemeente Lopik", "Municipality of Lopik",
        "https://www.lopik.nl", "LocalAuthority", "info@lopik.nl",
        "in de gemeente Lopik", tooi_uri("GM0331"), "Klantcontactcentrum, gemeente Lopik"),
    Org("gemeente-houten", "Gemeente Houten", "Municipality of Houten",
        "https://www.houten.nl", "LocalAuthority", "data@houten.nl",
        "in de gemeente Houten", tooi_uri("GM0321"), "Team Geo en Data, gemeente Houten"),
    Org("gemeente-woerden", "Gemeente Woerden", "Municipality of Woerden",
        "https://www.woerden.nl", "LocalAuthority", "data@woerden.nl",
        "in de gemeente Woerden", tooi_uri("GM0632"), "Team Informatie, gemeente Woerden"),
    Org("hdsr", "Hoogheemraadschap De Stichtse Rijnlanden",
        "De Stichtse Rijnlanden Water Authority", "https://www.hdsr.nl", "RegionalAuthority",
        "open-data@hdsr.nl", "in het beheergebied van De Stichtse Rijnlanden", PROVINCE_SPATIAL,
        "Team Monitoring en Informatie, HDSR"),
    Org("waterschap-vallei-en-veluwe", "Waterschap Vallei en Veluwe",
        "Vallei and Veluwe Water Authority", "https://www.vallei-veluwe.nl", "RegionalAuthority",
        "data@vallei-veluwe.nl", "in het Utrechtse deel van het beheergebied van Vallei en Veluwe",
        PROVINCE_SPATIAL, "Afdeling Informatievoorziening, Waterschap Vallei en Veluwe"),
    Org("waterschap-agv", "Waterschap Amstel, Gooi en Vecht",
        "Amstel, Gooi and Vecht Water Authority",
        "https://www.agv.nl", "RegionalAuthority", "data@waternet.nl",
        "in het Utrechtse deel van het beheergebied van Amstel, Gooi en Vecht", PROVINCE_SPATIAL,
        "Datateam Waternet, namens AGV"),
    Org("rivm", "Rijksinstituut voor Volksgezondheid en Milieu",
        "National Institute for Public Health and the Environment", "https://www.rivm.nl",
        "NationalAuthority", "data@rivm.nl", "in de provincie Utrecht", PROVINCE_SPATIAL,
        "Centrum Milieukwaliteit, RIVM"),
    Org("cbs", "Centraal Bureau voor de Statistiek", "Statistics Netherlands",
        "https://www.cbs.nl", "NationalAuthority", "infoservice@cbs.nl",
        "in de provincie Utrecht", PROVINCE_SPATIAL, "Infoservice, CBS"),
    Org("knmi", "Koninklijk Nederlands Meteorologisch Instituut",
        "Royal Netherlands Meteorological Institute", "https://www.knmi.nl", "NationalAuthority",
        "dataplatform@knmi.nl", "op de meetstations in en rond de provincie Utrecht",
        PROVINCE_SPATIAL, "KNMI Data Platform"),
    Org("rijkswaterstaat", "Rijkswaterstaat",
        "Rijkswaterstaat (Directorate-General for Public Works and Water Management)",
        "https://www.rijkswaterstaat.nl", "NationalAuthority", "data@rws.nl",
        "op de rijkswegen en rijkswateren in de provincie Utrecht", NETHERLANDS_SPATIAL,
        "Data en Informatie, Rijkswaterstaat"),
    Org("rud-utrecht", "Regionale Uitvoeringsdienst Utrecht",
        "Regional Environmental Service Utrecht",
        "https://www.rud-utrecht.nl", "RegionalAuthority", "info@rud-utrecht.nl",
        "in het werkgebied van de RUD Utrecht", PROVINCE_SPATIAL, "Team Informatie, RUD Utrecht"),
    Org("het-utrechts-archief", "Het Utrechts Archief", "Utrecht Archives",
        "https://hetutrechtsarchief.nl", "RegionalAuthority", "info@hetutrechtsarchief.nl",
        "in de provincie Utrecht", PROVINCE_SPATIAL, "Collectie en Data, Het Utrechts Archief"),
    Org("ggd-regio-utrecht", "GGD regio Utrecht", "Public Health Service Utrecht Region",
        "https://www.ggdru.nl", "RegionalAuthority", "epidemiologie@ggdru.nl",
        "in de regio Utrecht", PROVINCE_SPATIAL, "Team Epidemiologie, GGD regio Utrecht"),
    Org("landschap-erfgoed-utrecht", "Landschap Erfgoed Utrecht", "Landscape and Heritage Utrecht",
        "https://www.landschaperfgoedutrecht.nl", "NonGovernmentalOrganisation",
        "info@landschaperfgoedutrecht.nl", "in de provincie Utrecht", PROVINCE_SPATIAL,
        "Kennis en Data, Landschap Erfgoed Utrecht"),
]

BY_SLUG: dict[str, Org] = {org.slug: org for org in ORGANISATIONS}


def org_uri(base_uri: str, slug: str) -> URIRef:
    """Return the IRI of an organisation record."""
    if slug not in BY_SLUG:
        raise KeyError(f"unknown organisation {slug!r}")
    return URIRef(f"{base_uri}/organisations/{slug}")


def organisation_graph(base_uri: str, org: Org) -> Graph:
    """Return the foaf:Organization description of one organisation."""
    g = Graph()
    s = org_uri(base_uri, org.slug)
    g.add((s, RDF.type, FOAF.Organization))
    g.add((s, FOAF.name, Literal(org.name_nl, lang="nl")))
    if org.name_en != org.name_nl:
        g.add((s, FOAF.name, Literal(org.name_en, lang="en")))
    g.add((s, FOAF.homepage, URIRef(org.homepage)))
    g.add((s, DCTERMS.type, URIRef(PUBLISHER_TYPE + org.org_type)))
    g.add((s, FOAF.mbox, URIRef(f"mailto:{org.email}")))
    g.add((s, DCTERMS.spatial, org.spatial))
    return g
