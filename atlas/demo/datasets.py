"""Demo datasets as DCAT-AP-NL 3.0 records: built from the topic tables, with distributions and
contact points."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import urlsplit

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from vocab.namespaces import (
    DCAT,
    DCTERMS,
    EU_ACCESS_RIGHT,
    EU_FILE_TYPE,
    EU_FREQUENCY,
    EU_LANGUAGE,
    EU_LICENCE,
    EU_THEME,
    VCARD,
)

from .catalogue_partners import TOPICS as _PARTNER_TOPICS
from .catalogue_provincie import TOPICS as _PROVINCE_TOPICS
from .definitions import BY_SLUG as CONCEPTS
from .definitions import concept_uri
from .municipalities import tooi_uri
from .organisations import BY_SLUG as ORGS
from .organisations import Org, org_uri
from .topics import Topic

IANA = "https://www.iana.org/assignments/media-types/"
REFERENCE_DATE = date(2025, 12, 31)  # the demo catalogue's "today"; never date.today()

# Distribution kinds: (title, EU file type, IANA media type or "", how it is reached, extension)
_CSV = ("CSV-bestand", "CSV", "text/csv", "download", "csv")
_JSON = ("JSON-bestand", "JSON", "application/json", "download", "json")
_XLSX = ("Excel-bestand", "XLSX",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "download", "xlsx")
_GEOJSON = ("GeoJSON-download", "GEOJSON", "application/geo+json", "download", "geojson")
_GPKG = ("GeoPackage-download", "GPKG", "application/geopackage+sqlite3", "download", "gpkg")
_WMS = ("WMS-kaartlaag", "WMS_SRVC", "", "wms", "")
_WFS = ("WFS-objectenservice", "WFS_SRVC", "", "wfs", "")
_API = ("REST-API (JSON)", "JSON", "application/json", "api", "")
_PDF = ("Rapportage (PDF)", "PDF", "application/pdf", "download", "pdf")
_XML = ("XML-export", "XML", "application/xml", "download", "xml")
_TTL = ("Linked data (Turtle)", "RDF_TURTLE", "text/turtle", "download", "ttl")

PROFILES: dict[str, tuple[tuple[str, str, str, str, str], ...]] = {
    "tabel": (_CSV, _JSON),
    "tabel-xlsx": (_CSV, _XLSX, _JSON),
    "geo": (_GEOJSON, _GPKG, _WMS, _WFS),
    "kaart": (_WMS, _GEOJSON),
    "meetreeks": (_CSV, _API),
    "rapport": (_PDF, _XLSX),
    "api": (_API, _CSV),
    "register": (_CSV,),
    "archief": (_XML, _TTL),
    "intern": (_XLSX,),
}

# Short place names used in multi-publisher titles: {place} in Dutch, {place_en} in English.
PLACES: dict[str, tuple[str, str]] = {
    "provincie-utrecht": ("provincie Utrecht", "province of Utrecht"),
    "hdsr": ("De Stichtse Rijnlanden", "De Stichtse Rijnlanden"),
    "waterschap-vallei-en-veluwe": ("Vallei en Veluwe", "Vallei and Veluwe"),
    "waterschap-agv": ("Amstel, Gooi en Vecht", "Amstel, Gooi and Vecht"),
}
SHORT: dict[str, str] = {
    "provincie-utrecht": "provincie", "waterschap-vallei-en-veluwe": "vallei-en-veluwe",
    "waterschap-agv": "agv",
}


def place(org: Org) -> tuple[str, str]:
    """Return the short (Dutch, English) place name for an organisation's area."""
    if org.slug in PLACES:
        return PLACES[org.slug]
    name = org.name_nl.removeprefix("Gemeente ")
    return name, name


def short(org_slug: str) -> str:
    """Return the slug suffix that tells apart the same topic published by several organisations."""
    return SHORT.get(org_slug, org_slug.removeprefix("gemeente-"))


@dataclass(frozen=True)
class DatasetSpec:
    """One concrete dataset: a topic as published by one organisation."""

    slug: str
    topic: Topic
    org: Org


def dataset_specs() -> list[DatasetSpec]:
    """Return every demo dataset, topic by topic, in a stable order."""
    specs = []
    for topic in _PROVINCE_TOPICS + _PARTNER_TOPICS:
        for publisher in topic.publishers:
            slug = topic.key if len(topic.publishers) == 1 else f"{topic.key}-{short(publisher)}"
            specs.append(DatasetSpec(slug, topic, ORGS[publisher]))
    slugs = [s.slug for s in specs]
    if len(set(slugs)) != len(slugs):
        raise ValueError("duplicate dataset slugs")
    for spec in specs:
        for subject in spec.topic.subjects:
            if subject not in CONCEPTS:
                raise ValueError(f"{spec.slug}: unknown concept {subject}")
            if CONCEPTS[subject].status != "published":
                raise ValueError(f"{spec.slug}: refers to unpublished concept {subject}")
    return specs


def dataset_uri(base_uri: str, slug: str) -> URIRef:
    """Return the IRI of a dataset record."""
    return URIRef(f"{base_uri}/datasets/{slug}")


def _number(text: str, modulo: int) -> int:
    """A stable pseudo-random number from text (unlike hash(), the same in every process)."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:12], 16) % modulo


def _dates(slug: str, frequency: str) -> tuple[date, date]:
    issued = date(2013, 1, 1) + timedelta(days=_number(slug + "issued", 9 * 365))
    window = {"DAILY": 3, "WEEKLY": 10, "MONTHLY": 40, "QUARTERLY": 100, "ANNUAL": 330}
    days = window.get(frequency, 900)
    modified = REFERENCE_DATE - timedelta(days=_number(slug + "modified", days))
    return issued, max(issued, modified)


def _hosts(org: Org) -> tuple[str, str]:
    host = urlsplit(org.homepage).netloc.removeprefix("www.")
    return f"https://data.{host}", f"https://geodata.{host}"


def _fill(template: str, org: Org) -> str:
    name, name_en = place(org)
    return template.format(place=name, place_en=name_en, area=org.area, publisher=org.name_nl)


def _distributions(g: Graph, base_uri: str, spec: DatasetSpec, landing: str) -> None:
    topic, org = spec.topic, spec.org
    data_host, geo_host = _hosts(org)
    s = dataset_uri(base_uri, spec.slug)
    licence = EU_LICENCE[topic.licence] if topic.licence else None
    for n, (title, file_type, media, how, ext) in enumerate(PROFILES[topic.profile], start=1):
        d = URIRef(f"{s}/distributions/{n}")
        g.add((s, DCAT.distribution, d))
        g.add((d, RDF.type, DCAT.Distribution))
        g.add((d, DCTERMS.title, Literal(f"{title}: {_fill(topic.title, org)}", lang="nl")))
        g.add((d, DCTERMS.format, EU_FILE_TYPE[file_type]))
        if media:
            g.add((d, DCAT.mediaType, URIRef(IANA + media)))
        if licence is not None:
            g.add((d, DCTERMS.license, licence))
        else:
            rights = Literal("Alleen voor intern gebruik; niet openbaar.", lang="nl")
            g.add((d, DCTERMS.rights, rights))
        if how == "download":
            url = f"{data_host}/downloads/{spec.slug}/{spec.slug}.{ext}"
            g.add((d, DCAT.accessURL, URIRef(landing)))
            g.add((d, DCAT.downloadURL, URIRef(url)))
            size = 20_000 + _number(spec.slug + ext, 40_000_000)
            g.add((d, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
        elif how in ("wms", "wfs"):
            layer = spec.slug.replace("-", "_")
            url = (f"{geo_host}/geoserver/{layer}/{how}"
                   f"?service={how.upper()}&request=GetCapabilities")
            g.add((d, DCAT.accessURL, URIRef(url)))
        else:
            g.add((d, DCAT.accessURL, URIRef(f"{data_host}/api/v1/{spec.slug}")))
            g.add((d, DCTERMS.conformsTo, URIRef("https://spec.openapis.org/oas/v3.0.3")))


def dataset_graph(base_uri: str, spec: DatasetSpec) -> Graph:
    """Return the dcat:Dataset record of one demo dataset with its distributions."""
    topic, org = spec.topic, spec.org
    g = Graph()
    s = dataset_uri(base_uri, spec.slug)
    data_host, _ = _hosts(org)
    landing = f"{data_host}/datasets/{spec.slug}"
    g.add((s, RDF.type, DCAT.Dataset))
    g.add((s, DCTERMS.title, Literal(_fill(topic.title, org), lang="nl")))
    g.add((s, DCTERMS.title, Literal(_fill(topic.title_en, org), lang="en")))
    g.add((s, DCTERMS.description, Literal(_fill(topic.description, org), lang="nl")))
    if topic.description_en:
        g.add((s, DCTERMS.description, Literal(_fill(topic.description_en, org), lang="en")))
    g.add((s, DCTERMS.identifier, Literal(str(s))))
    g.add((s, DCTERMS.publisher, org_uri(base_uri, org.slug)))
    g.add((s, DCTERMS.creator, org_uri(base_uri, topic.creator or org.slug)))
    contact = BNode(f"contact-{spec.slug}")
    g.add((s, DCAT.contactPoint, contact))
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, VCARD.fn, Literal(org.team, lang="nl")))
    g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{org.email}")))
    for theme in topic.themes:
        g.add((s, DCAT.theme, EU_THEME[theme]))
    access = "NON_PUBLIC" if topic.access == "internal" else "PUBLIC"
    g.add((s, DCTERMS.accessRights, EU_ACCESS_RIGHT[access]))
    for keyword in topic.keywords:
        g.add((s, DCAT.keyword, Literal(_fill(keyword, org), lang="nl")))
    issued, modified = _dates(spec.slug, topic.frequency)
    g.add((s, DCTERMS.issued, Literal(issued.isoformat(), datatype=XSD.date)))
    g.add((s, DCTERMS.modified, Literal(modified.isoformat(), datatype=XSD.date)))
    g.add((s, DCTERMS.accrualPeriodicity, EU_FREQUENCY[topic.frequency]))
    g.add((s, DCTERMS.spatial, tooi_uri(topic.spatial) if topic.spatial else org.spatial))
    g.add((s, DCTERMS.language, EU_LANGUAGE["NLD"]))
    g.add((s, DCAT.landingPage, URIRef(landing)))
    for subject in topic.subjects:
        g.add((s, DCTERMS.subject, concept_uri(base_uri, subject)))
    _distributions(g, base_uri, spec, landing)
    return g


def dataset_records(base_uri: str) -> Iterator[tuple[str, Graph, str, str]]:
    """Yield (slug, graph, status, access) for every demo dataset."""
    for spec in dataset_specs():
        yield spec.slug, dataset_graph(base_uri, spec), spec.topic.status, spec.topic.access
