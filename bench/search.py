"""Search benchmark: a generated Dutch catalogue, searched in process, over HTTP and with SQLite FTS5.

Builds a fresh instance with N datasets, concepts (one scheme, with alternative labels),
indicators and 20 organisations from Dutch domain vocabulary (fixed seed), stores them through
the catalogue service in batches of 500 and times the store writes apart from the projector
(search index and RDF store). Then runs 20 fixed queries with filters:
in process through `svc.index.query`, over HTTP against `atlas serve --workers 4` with 4
concurrent clients, and side by side with SQLite FTS5 over the same texts in a separate file.
Usage: .venv/bin/python bench/search.py [--datasets N --concepts N --indicators N]
       (defaults 20000/5000/500; --datasets 2000 --concepts 500 --indicators 50 runs quickly)
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BASE = "http://127.0.0.1:8000"
THEME = "http://publications.europa.eu/resource/authority/data-theme/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
LICENCE = "http://publications.europa.eu/resource/authority/licence/"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
SCHEME_SLUG = "begrippen-leefomgeving"
BATCH = 500
TARGETS = {"process": 50.0, "http": 100.0, "rps": 100.0}

# --- vocabulary ----------------------------------------------------------------------------

# (slug, name, place its data is about or None for region-wide publishers)
ORGANISATIONS = [
    ("provincie-utrecht", "Provincie Utrecht", None),
    ("gemeente-utrecht", "Gemeente Utrecht", "Utrecht"),
    ("gemeente-amersfoort", "Gemeente Amersfoort", "Amersfoort"),
    ("gemeente-nieuwegein", "Gemeente Nieuwegein", "Nieuwegein"),
    ("gemeente-zeist", "Gemeente Zeist", "Zeist"),
    ("gemeente-veenendaal", "Gemeente Veenendaal", "Veenendaal"),
    ("gemeente-houten", "Gemeente Houten", "Houten"),
    ("gemeente-woerden", "Gemeente Woerden", "Woerden"),
    ("gemeente-de-bilt", "Gemeente De Bilt", "De Bilt"),
    ("gemeente-soest", "Gemeente Soest", "Soest"),
    ("gemeente-ijsselstein", "Gemeente IJsselstein", "IJsselstein"),
    ("gemeente-stichtse-vecht", "Gemeente Stichtse Vecht", "Stichtse Vecht"),
    ("gemeente-utrechtse-heuvelrug", "Gemeente Utrechtse Heuvelrug", "Utrechtse Heuvelrug"),
    ("hoogheemraadschap-de-stichtse-rijnlanden", "Hoogheemraadschap De Stichtse Rijnlanden", None),
    ("waterschap-vallei-en-veluwe", "Waterschap Vallei en Veluwe", None),
    ("waterschap-amstel-gooi-en-vecht", "Waterschap Amstel, Gooi en Vecht", None),
    ("rijkswaterstaat", "Rijkswaterstaat", None),
    ("rivm", "Rijksinstituut voor Volksgezondheid en Milieu", None),
    ("ggd-regio-utrecht", "GGD regio Utrecht", None),
    ("het-utrechts-archief", "Het Utrechts Archief", None),
]
PLACES = ["Utrecht", "Amersfoort", "Nieuwegein", "Zeist", "Veenendaal", "Houten", "Woerden",
          "De Bilt", "Soest", "IJsselstein", "Stichtse Vecht", "Utrechtse Heuvelrug", "Baarn",
          "Bunnik", "Bunschoten", "Eemnes", "Leusden", "Lopik", "Montfoort", "Oudewater",
          "Renswoude", "Rhenen", "De Ronde Venen", "Vijfheerenlanden", "Wijk bij Duurstede",
          "Woudenberg"]


@dataclass(frozen=True)
class Topic:
    """A domain: its EU themes, dataset title heads (Dutch, English), keywords, core concepts."""

    themes: tuple[str, ...]
    heads: tuple[tuple[str, str], ...]
    keywords: tuple[str, ...]
    sentence: str
    # (preferred label, alternative labels, English label); the first variant of each is plain
    concepts: tuple[tuple[str, tuple[str, ...], str], ...]


TOPICS = [
    Topic(("TRAN",), (("Fietspaden", "Cycle paths"), ("Fietspad", "Cycle path"),
                      ("Fietstellingen", "Bicycle counts"), ("Snelfietsroutes", "Fast cycle routes"),
                      ("Fietsenstallingen", "Bicycle parking"),
                      ("Fietsongevallen", "Bicycle accidents")),
          ("fiets", "fietspad", "fietsroute", "mobiliteit", "verkeer", "fietsparkeren"),
          "Het fietsnetwerk met vrijliggende fietspaden en fietsstroken langs provinciale wegen.",
          (("fietspad", ("rijwielpad", "fietsstrook"), "cycle path"),
           ("fiets", ("rijwiel", "tweewieler"), "bicycle"),
           ("snelfietsroute", ("fietssnelweg",), "fast cycle route"))),
    Topic(("TRAN",), (("Verkeersintensiteiten", "Traffic volumes"),
                      ("Verkeersongevallen", "Traffic accidents"),
                      ("Provinciale wegen", "Provincial roads"), ("Bushaltes", "Bus stops"),
                      ("Wegwerkzaamheden", "Road works")),
          ("verkeer", "weg", "mobiliteit", "ongevallen", "openbaar vervoer", "bus"),
          "Tellingen van motorvoertuigen, vrachtverkeer en openbaar vervoer op het wegennet.",
          (("verkeersongeval", ("aanrijding", "verkeersongeluk"), "traffic accident"),
           ("bushalte", ("halte", "opstapplaats"), "bus stop"))),
    Topic(("ENVI", "HEAL"), (("Luchtkwaliteit", "Air quality"),
                             ("Luchtkwaliteitsmetingen", "Air quality measurements"),
                             ("Fijnstof", "Particulate matter"),
                             ("Stikstofdioxide concentraties", "Nitrogen dioxide concentrations")),
          ("luchtkwaliteit", "fijnstof", "stikstofdioxide", "emissie", "gezondheid"),
          "Jaargemiddelde concentraties van fijnstof en stikstofdioxide op meetpunten.",
          (("luchtkwaliteit", ("luchtverontreiniging",), "air quality"),
           ("fijnstof", ("PM10", "zwevende deeltjes"), "particulate matter"))),
    Topic(("ENVI", "AGRI"), (("Stikstofdepositie", "Nitrogen deposition"),
                             ("Stikstofemissie landbouw", "Agricultural nitrogen emissions"),
                             ("Stikstofgevoelige natuur", "Nitrogen-sensitive habitats"),
                             ("Ammoniakemissie veehouderij", "Ammonia emissions livestock")),
          ("stikstof", "depositie", "natura 2000", "ammoniak", "veehouderij"),
          "Depositie van stikstof op stikstofgevoelige habitats in Natura 2000-gebieden.",
          (("stikstofdepositie", ("stikstofneerslag",), "nitrogen deposition"),
           ("ammoniak", ("NH3",), "ammonia"))),
    Topic(("ENVI",), (("Grondwaterstanden", "Groundwater levels"),
                      ("Grondwaterkwaliteit", "Groundwater quality"),
                      ("Grondwaterbeschermingsgebieden", "Groundwater protection areas"),
                      ("Peilbuizen", "Monitoring wells"), ("Waterkeringen", "Flood defences")),
          ("grondwater", "water", "peilbuis", "drinkwater", "waterkwaliteit"),
          "Metingen van grondwaterstanden in peilbuizen en de kwaliteit van het drinkwater.",
          (("grondwater", ("freatisch water",), "groundwater"),
           ("waterkering", ("dijk", "kade"), "flood defence"))),
    Topic(("REGI", "SOCI"), (("Woningbouw", "Housing construction"),
                             ("Woningbouwlocaties", "Housing sites"),
                             ("Woningvoorraad", "Housing stock"), ("Woningen", "Dwellings"),
                             ("Nieuwbouwwoningen", "New dwellings")),
          ("woningbouw", "wonen", "woning", "nieuwbouw", "huur"),
          "Geplande en gerealiseerde woningen per bouwlocatie, met huur- en koopwoningen.",
          (("woning", ("huis", "wooneenheid"), "dwelling"),
           ("woningbouw", ("huizenbouw",), "housing construction"))),
    Topic(("ENER",), (("Warmtenet", "Heat network"), ("Warmtenetten", "Heat networks"),
                      ("Zonnepanelen op daken", "Rooftop solar panels"),
                      ("Zonneparken", "Solar parks"), ("Windturbines", "Wind turbines"),
                      ("Laadpalen", "Charging points")),
          ("energie", "warmtenet", "zonnepanelen", "zonne-energie", "windenergie", "laadpaal"),
          "De energietransitie: opwek van zonne-energie en windenergie en aardgasvrije wijken.",
          (("warmtenet", ("stadsverwarming", "warmtenetwerk"), "heat network"),
           ("zonnepaneel", ("pv-paneel", "zonnecelpaneel"), "solar panel"),
           ("laadpaal", ("oplaadpunt",), "charging point"))),
    Topic(("ENVI",), (("Natuurnetwerk Nederland", "Nature network"),
                      ("Biodiversiteit", "Biodiversity"), ("Beschermde soorten", "Protected species"),
                      ("Weidevogels", "Meadow birds"), ("Natuurbeheer", "Nature management")),
          ("natuur", "biodiversiteit", "flora", "fauna", "soorten", "bos"),
          "Waarnemingen van flora en fauna en het beheer van natuurgebieden en bossen.",
          (("biodiversiteit", ("soortenrijkdom", "biologische diversiteit"), "biodiversity"),
           ("natuurgebied", ("natuurterrein",), "nature area"))),
    Topic(("ENVI", "TRAN"), (("Geluidbelasting", "Noise exposure"),
                             ("Geluidskaarten wegverkeer", "Road traffic noise maps"),
                             ("Geluidsschermen", "Noise barriers")),
          ("geluid", "geluidhinder", "wegverkeer", "geluidsscherm"),
          "Geluidbelasting door wegverkeer, spoorwegen en industrie langs woningen.",
          (("geluidhinder", ("geluidsoverlast", "lawaai"), "noise nuisance"),
           ("geluidsscherm", ("geluidswal",), "noise barrier"))),
    Topic(("ENVI",), (("Bodemkwaliteit", "Soil quality"),
                      ("Bodemverontreiniging", "Soil contamination"),
                      ("Bodemsanering", "Soil remediation"), ("Bodemdaling", "Land subsidence")),
          ("bodem", "bodemkwaliteit", "verontreiniging", "sanering", "bodemdaling"),
          "Locaties met bodemverontreiniging, saneringen en de kwaliteit van de bodem.",
          (("bodemverontreiniging", ("bodemvervuiling",), "soil contamination"),
           ("bodemdaling", ("maaivelddaling",), "land subsidence"))),
    Topic(("EDUC",), (("Rijksmonumenten", "National monuments"),
                      ("Provinciale monumenten", "Provincial monuments"),
                      ("Archeologische verwachtingen", "Archaeological expectations"),
                      ("Erfgoed", "Heritage"), ("Buitenplaatsen", "Country estates")),
          ("erfgoed", "monumenten", "archeologie", "cultuurhistorie"),
          "Cultureel erfgoed: monumenten, buitenplaatsen en archeologische vindplaatsen.",
          (("rijksmonument", ("beschermd monument",), "national monument"),
           ("erfgoed", ("cultureel erfgoed",), "heritage"))),
    Topic(("HEAL",), (("Gezondheidsmonitor", "Health monitor"), ("Hittestress", "Heat stress"),
                      ("Huisartsenpraktijken", "General practices")),
          ("gezondheid", "zorg", "hitte", "ggd"),
          "Gezondheid en leefstijl van inwoners volgens de gezondheidsmonitor van de GGD.",
          (("hittestress", ("hitte-eiland",), "heat stress"),)),
    Topic(("AGRI",), (("Landbouwpercelen", "Agricultural parcels"),
                      ("Gewaspercelen", "Crop parcels"), ("Agrarische bedrijven", "Farms")),
          ("landbouw", "gewas", "perceel", "boerderij"),
          "Percelen met hun gewas en de agrarische bedrijven in het landelijk gebied.",
          (("landbouwperceel", ("akker",), "agricultural parcel"),)),
    Topic(("ECON",), (("Bedrijventerreinen", "Business parks"), ("Werkgelegenheid", "Employment"),
                      ("Vestigingen", "Establishments"), ("Detailhandel", "Retail")),
          ("economie", "bedrijven", "werkgelegenheid", "banen"),
          "Vestigingen en banen per sector op bedrijventerreinen en in winkelgebieden.",
          (("bedrijventerrein", ("industrieterrein", "werklocatie"), "business park"),)),
    Topic(("GOVE",), (("Gemeentegrenzen", "Municipal boundaries"), ("Subsidies", "Grants"),
                      ("Begroting", "Budget")),
          ("bestuur", "grenzen", "subsidie", "financien"),
          "Bestuurlijke grenzen, verleende subsidies en de begroting per programma.",
          (("subsidie", ("bijdrage", "tegemoetkoming"), "grant"),)),
    Topic(("ENVI", "REGI"), (("Klimaatadaptatie", "Climate adaptation"),
                             ("Wateroverlast", "Flooding"), ("Droogte", "Drought")),
          ("klimaat", "klimaatadaptatie", "wateroverlast", "droogte", "hitte"),
          "Kansen op wateroverlast, droogte en hitte voor een klimaatbestendige inrichting.",
          (("klimaatadaptatie", ("klimaatbestendigheid",), "climate adaptation"),
           ("wateroverlast", ("inundatie",), "flooding"))),
]
QUALIFIERS = ["vrijliggend", "gemeentelijk", "provinciaal", "regionaal", "tijdelijk", "bestaand",
              "gepland", "beschermd", "openbaar", "particulier", "landelijk", "stedelijk",
              "agrarisch", "historisch", "toekomstig", "primair", "secundair", "lokaal",
              "bovenregionaal", "nationaal"]
CONTEXTS = ["", "Omgevingswet", "Wegenverkeerswet", "Waterwet", "Woningwet", "Erfgoedwet",
            "Wet natuurbescherming", "Besluit kwaliteit leefomgeving", "Omgevingsverordening",
            "Bodembesluit", "Energiewet"]
FORMATS = ["CSV", "JSON", "GEOJSON", "WMS_SRVC", "WFS_SRVC", "XLSX", "PDF", "SHP"]
LICENCES = ["CC0", "CC_BY_4_0"]
INDICATOR_HEADS = ["Aandeel", "Aantal", "Lengte", "Oppervlakte", "Gemiddelde", "Ontwikkeling"]

# (text, type, filters): single words, inflections, a compound prefix, an alternative label,
# a one-letter typo, two-word queries, a filter-only browse; with and without filters
QUERIES: list[tuple[str, str | None, dict[str, list[str]]]] = [
    ("fiets", None, {}),
    ("fietspaden", None, {}),
    ("fietspad", "dataset", {"theme": ["TRAN"]}),
    ("luchtkwaliteit", None, {}),
    ("stikstof", None, {"theme": ["ENVI"]}),
    ("grondwater", "dataset", {"publisher": ["hoogheemraadschap-de-stichtse-rijnlanden"]}),
    ("woningbouw", "dataset", {"publisher": ["gemeente-utrecht"]}),
    ("warmtenet", None, {}),
    ("zonnepanelen", None, {"theme": ["ENER"]}),
    ("rijwielpad", None, {}),
    ("biodiversiteit", "concept", {}),
    ("geluid", None, {"theme": ["TRAN"], "publisher": ["provincie-utrecht"]}),
    ("luchtkwalitet", None, {}),
    ("erfgoed Amersfoort", None, {}),
    ("fietspaden Houten", "dataset", {"theme": ["TRAN"]}),
    ("natuur biodiversiteit", "dataset", {"theme": ["ENVI"]}),
    ("stikstofdepositie", "indicator", {}),
    ("woningen", None, {"publisher": ["provincie-utrecht"]}),
    ("", "dataset", {"theme": ["ENER"], "format": ["GEOJSON"]}),
    ("klimaatadaptatie", None, {"licence": ["CC0"]}),
]


# --- the generated catalogue ---------------------------------------------------------------

@dataclass
class Generated:
    """The records to store (in order, by batch) and the same texts for the FTS5 side."""

    batches: list[list] = field(default_factory=list)
    docs: list[dict] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def generate(n_datasets: int, n_concepts: int, n_indicators: int, seed: int = 2025):
    """Yield lists of (kind, uri, fields, status, access, slug, doc), in storable order.

    Organisations come first, then the scheme and concepts, so that publishers and schemes
    resolve to records when datasets and concepts are stored (the catalogue looks them up).
    """
    rng = random.Random(seed)
    orgs = [(slug, f"{BASE}/organisations/{slug}", name, place)
            for slug, name, place in ORGANISATIONS]
    yield [("organisation", uri, {"title": name, "title_en": "", "description": "",
                                  "publisher": "", "detail": {}, "links": []},
            "published", "public", slug, _doc("organisation", slug, name, "", []))
           for slug, uri, name, _ in orgs]
    scheme_uri = f"{BASE}/definitions/{SCHEME_SLUG}"
    yield [("conceptscheme", scheme_uri,
            {"title": "Begrippen fysieke leefomgeving", "title_en": "Physical environment terms",
             "description": "Begrippen van de fysieke leefomgeving in de provincie Utrecht.",
             "publisher": orgs[0][1], "detail": {"version_info": "1.0"}, "links": []},
            "published", "public", SCHEME_SLUG,
            _doc("conceptscheme", SCHEME_SLUG, "Begrippen fysieke leefomgeving", "", []))]

    # Concepts: each topic's core concepts, then qualified variants of them ("provinciaal
    # fietspad (Omgevingswet)"), so the scheme has realistic near-duplicates to rank.
    cores = [(t, c) for t in TOPICS for c in t.concepts]
    concept_uris: dict[int, list[str]] = {id(t): [] for t in TOPICS}
    batch = []
    for i in range(n_concepts):
        topic, (pref, alts, en) = cores[i % len(cores)]
        variant = i // len(cores)
        qualifier = QUALIFIERS[(variant - 1) % len(QUALIFIERS)] if variant else ""
        context = CONTEXTS[((variant - 1) // len(QUALIFIERS)) % len(CONTEXTS)] if variant else ""
        label = f"{qualifier} {pref}".strip() + (f" ({context})" if context else "")
        alt_labels = [f"{qualifier} {a}".strip() for a in alts]
        slug = f"begrip-{i}"
        uri = f"{BASE}/definitions/{slug}"
        definition = (f"{label[0].upper()}{label[1:]}: {topic.sentence[:-1].lower()}, "
                      f"zoals bedoeld in de {context or 'Omgevingswet'}.")
        fields = {"title": label, "title_en": en, "description": definition, "publisher": "",
                  "scheme": scheme_uri,
                  "detail": {"pref_label": label, "pref_label_en": en,
                             "alt_labels": [{"value": a, "lang": "nl"} for a in alt_labels],
                             "hidden_labels": [], "definition": definition,
                             "notation": f"B{i:05d}", "source": ""},
                  "links": [("in_scheme", scheme_uri)]}
        doc = _doc("concept", slug, label, definition, [*alt_labels, en], title_en=en,
                   facets={"scheme": [SCHEME_SLUG]})
        batch.append(("concept", uri, fields, "published", "public", slug, doc))
        # datasets link mostly to the plain core concepts, sometimes to a variant
        if variant == 0 or rng.random() < 0.05:
            concept_uris[id(topic)].append(uri)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch

    dataset_uris: dict[int, list[str]] = {id(t): [] for t in TOPICS}
    batch = []
    for i in range(n_datasets):
        topic = rng.choice(TOPICS)
        slug_org, org_uri, org_name, org_place = rng.choice(orgs[:13] * 2 + orgs[13:])
        place = org_place or rng.choice(PLACES)
        year = rng.randint(2015, 2025)
        head, head_en = rng.choice(topic.heads)
        title = rng.choice([f"{head} {place} {year}", f"{head} in {place}",
                            f"{head} gemeente {place} ({year})", f"{head} {year}"])
        formats = rng.sample(FORMATS, rng.randint(1, 3))
        licence = rng.choice(LICENCES)
        keywords = rng.sample(topic.keywords, rng.randint(2, min(4, len(topic.keywords))))
        description = (f"{head} in de gemeente {place}, bijgehouden door {org_name}. "
                       f"{topic.sentence} Gegevens over {year}, jaarlijks bijgewerkt; "
                       f"beschikbaar als {', '.join(formats)}.")
        subjects = rng.sample(concept_uris[id(topic)],
                              min(len(concept_uris[id(topic)]), rng.randint(1, 3)))
        slug = f"ds-{i}"
        uri = f"{BASE}/datasets/{slug}"
        fields = {"title": title, "title_en": f"{head_en} {place} {year}",
                  "description": description, "publisher": org_uri,
                  "detail": {"identifier": slug, "is_series": False,
                             "themes": [THEME + t for t in topic.themes[:rng.randint(1, 2)]],
                             "keywords": keywords, "landing_page": "",
                             "issued": f"{year}-01-{1 + i % 28:02d}",
                             "modified_at": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}",
                             "frequency": FREQUENCY + "ANNUAL", "spatial": "", "license": ""},
                  "distributions": [{"title": fmt, "format": FILE_TYPE + fmt,
                                     "access_url": f"https://data.example.test/{slug}/{fmt}",
                                     "license": LICENCE + licence} for fmt in formats],
                  "links": [("subject", s) for s in subjects]}
        # mostly published and public, some internal or draft, so the access rule does work
        roll = rng.random()
        status, access = (("draft", "public") if roll < 0.03 else
                          ("published", "internal") if roll < 0.06 else ("published", "public"))
        doc = _doc("dataset", slug, title, description, keywords, title_en=fields["title_en"],
                   status=status, access=access, publisher=slug_org,
                   facets={"theme": [t.rsplit("/", 1)[-1] for t in fields["detail"]["themes"]],
                           "format": formats, "licence": [licence], "keyword": keywords})
        batch.append(("dataset", uri, fields, status, access, slug, doc))
        dataset_uris[id(topic)].append(uri)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch

    batch = []
    for i in range(n_indicators):
        topic = TOPICS[i % len(TOPICS)]
        pref = topic.concepts[0][0]
        head = INDICATOR_HEADS[(i // len(TOPICS)) % len(INDICATOR_HEADS)]
        place = PLACES[i % len(PLACES)]
        title = f"{head} {pref} in {place}"
        description = f"{head} {pref} per jaar in de gemeente {place}. {topic.sentence}"
        measures = concept_uris[id(topic)][:2]
        sources = dataset_uris[id(topic)][i % 7:i % 7 + 2]
        slug = f"ind-{i}"
        fields = {"title": title, "title_en": "", "description": description,
                  "publisher": orgs[0][1],
                  "detail": {"unit": "%", "method": f"{head} {pref} gedeeld door het totaal.",
                             "periodicity": FREQUENCY + "ANNUAL", "spatial_level": "gemeente",
                             "programme": "Monitor leefomgeving", "target_value": None,
                             "target_year": None, "direction": "up", "owner": orgs[0][1]},
                  "links": [("measures", m) for m in measures]
                  + [("derived_from", d) for d in sources]}
        doc = _doc("indicator", slug, title, description, [], publisher=orgs[0][0])
        batch.append(("indicator", f"{BASE}/indicators/{slug}", fields, "published", "public",
                      slug, doc))
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _doc(kind, slug, title, description, labels, *, title_en="", status="published",
         access="public", publisher="", facets=None) -> dict:
    """Return the FTS5 side's row for one record."""
    return {"kind": kind, "slug": slug, "title": title, "title_en": title_en,
            "description": description, "labels": " | ".join(labels), "status": status,
            "access": access, "publisher": publisher, "facets": facets or {}}


def store(svc, n_datasets: int, n_concepts: int,
          n_indicators: int) -> tuple[float, float, list[dict]]:
    """Store the catalogue in batches of 500, then project it; return (store s, index s, rows)."""
    from atlas.access import SYSTEM
    from atlas.records import RecordInput
    from vocab.records import build

    docs: list[dict] = []
    seconds = 0.0
    with svc.catalogue.batch():  # project once, when the block ends
        for batch in generate(n_datasets, n_concepts, n_indicators):
            # RDF is built outside the timed part: the figure is the store's, not rdflib's
            items = [RecordInput(kind, uri, build(kind, uri, fields), status=status,
                                 access=access, slug=slug)
                     for kind, uri, fields, status, access, slug, _ in batch]
            docs.extend(row[-1] for row in batch)
            started = time.perf_counter()
            svc.catalogue.upsert_many(items, principal=SYSTEM.named("bench"))
            seconds += time.perf_counter() - started
        # leaving batch() drains the outbox (the projector's kick): that is the indexing time
        projecting = time.perf_counter()
    svc.projector.kick(wait=True)  # whatever a concurrent drain left (nothing, normally)
    return seconds, time.perf_counter() - projecting, docs


# --- SQLite FTS5, side by side -------------------------------------------------------------

FTS_TOKENIZE = "unicode61 remove_diacritics 2"


def fts_build(path: Path, docs: list[dict]) -> tuple[float, sqlite3.Connection]:
    """Build the FTS5 table and the side columns for filters and facets; return (seconds, db)."""
    started = time.perf_counter()
    db = sqlite3.connect(path, check_same_thread=False)
    db.executescript(f"""
        PRAGMA journal_mode = WAL; PRAGMA temp_store = MEMORY;
        CREATE TABLE rec (id INTEGER PRIMARY KEY, kind TEXT, slug TEXT, title TEXT,
                          status TEXT, access TEXT, publisher TEXT);
        CREATE TABLE facet (id INTEGER, name TEXT, value TEXT);
        CREATE VIRTUAL TABLE fts USING fts5(title, title_en, description, labels,
                                            tokenize = '{FTS_TOKENIZE}', prefix = '2 3 4');
        CREATE TEMP TABLE hit (id INTEGER PRIMARY KEY, score REAL);
    """)
    with db:
        db.executemany("INSERT INTO rec VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [(n, d["kind"], d["slug"], d["title"], d["status"], d["access"],
                         d["publisher"]) for n, d in enumerate(docs, start=1)])
        db.executemany("INSERT INTO fts (rowid, title, title_en, description, labels) "
                       "VALUES (?, ?, ?, ?, ?)",
                       [(n, d["title"], d["title_en"], d["description"], d["labels"])
                        for n, d in enumerate(docs, start=1)])
        db.executemany("INSERT INTO facet VALUES (?, ?, ?)",
                       [(n, name, value) for n, d in enumerate(docs, start=1)
                        for name, values in [*d["facets"].items(),
                                             ("publisher", [d["publisher"]] if d["publisher"]
                                              else [])]
                        for value in values])
        db.executescript("""
            CREATE INDEX facet_by_value ON facet (name, value, id);
            CREATE INDEX facet_by_id ON facet (id, name, value);
            CREATE INDEX rec_by_kind ON rec (kind, status, access);
        """)
    db.execute("ANALYZE")
    return time.perf_counter() - started, db


def fts_match(text: str) -> str | None:
    """Return an FTS5 MATCH expression: every word as a prefix, a Dutch plural -en/-s stripped.

    FTS5 has no Dutch stemmer (porter is English and does not help Dutch), so inflection is
    approximated at query time: "fietspaden" asks for fietspaden* OR fietspad*.
    """
    words = re.findall(r"\w+", text.lower())
    if not words:
        return None
    parts = []
    for word in words:
        forms = {word}
        for ending in ("en", "s"):
            if word.endswith(ending) and len(word) - len(ending) >= 4:
                forms.add(word[:-len(ending)])
        parts.append("(" + " OR ".join(f'"{f}"*' for f in sorted(forms)) + ")")
    return " AND ".join(parts)


def fts_query(db: sqlite3.Connection, text: str, kind: str | None,
              filters: dict[str, list[str]], page_size: int = 20) -> tuple[int, list, dict]:
    """Answer one query like the search API: total, one page with snippets, facet counts."""
    match = fts_match(text)
    where = ["r.status = 'published'", "r.access = 'public'"]  # the anonymous access rule
    params: list = []
    if kind:
        where.append("r.kind = ?")
        params.append(kind)
    for name, values in filters.items():
        marks = ",".join("?" * len(values))
        where.append(f"r.id IN (SELECT id FROM facet WHERE name = ? AND value IN ({marks}))")
        params += [name, *values]
    if match:
        # bm25 weights: title, title_en, description, labels
        select = ("SELECT r.id, bm25(fts, 5.0, 1.0, 1.0, 3.0) FROM fts JOIN rec r "
                  "ON r.id = fts.rowid WHERE fts MATCH ? AND ")
        params.insert(0, match)
    else:
        select = "SELECT r.id, 0 FROM rec r WHERE "
    db.execute("DELETE FROM temp.hit")
    db.execute(f"INSERT INTO temp.hit {select}{' AND '.join(where)}", params)
    total = db.execute("SELECT count(*) FROM temp.hit").fetchone()[0]
    hits = db.execute("SELECT r.id, r.kind, r.slug, r.title FROM temp.hit h JOIN rec r "
                      "ON r.id = h.id ORDER BY h.score, r.id LIMIT ?", (page_size,)).fetchall()
    if match and hits:
        ids = [h[0] for h in hits]
        snippets = dict(db.execute(
            "SELECT rowid, snippet(fts, 2, '<mark>', '</mark>', '…', 12) FROM fts "
            f"WHERE fts MATCH ? AND rowid IN ({','.join('?' * len(ids))})", [match, *ids]))
        hits = [(*h, snippets.get(h[0], "")) for h in hits]
    # CROSS JOIN keeps the hits as the outer loop: the temp table has no statistics, and the
    # planner would otherwise scan the whole facet table (twice as slow for a thousand hits)
    facets: dict[str, list] = {"type": db.execute(
        "SELECT r.kind, count(*) FROM temp.hit h CROSS JOIN rec r ON r.id = h.id "
        "GROUP BY r.kind ORDER BY 2 DESC").fetchall()}
    for name, value, count in db.execute(
            "SELECT f.name, f.value, count(*) FROM temp.hit h CROSS JOIN facet f ON f.id = h.id "
            "GROUP BY f.name, f.value ORDER BY f.name, 3 DESC"):
        if len(facets.setdefault(name, [])) < 10:
            facets[name].append((value, count))
    return total, hits, facets


# --- measuring -----------------------------------------------------------------------------

def percentile(samples: list[float], p: float) -> float:
    """Return the p-th percentile (nearest rank) of samples, in milliseconds."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))] * 1000


def timed_runs(run, repeat: int) -> tuple[list[float], list]:
    """Run each of the 20 queries `repeat` times after one warm-up; return timings, last results."""
    samples, results = [], []
    for text, kind, filters in QUERIES:
        run(text, kind, filters)  # warm-up: opens readers, fills caches
    for text, kind, filters in QUERIES:
        result = None
        for _ in range(repeat):
            started = time.perf_counter()
            result = run(text, kind, filters)
            samples.append(time.perf_counter() - started)
        results.append(result)
    return samples, results


def query_url(base: str, text: str, kind: str | None, filters: dict[str, list[str]]) -> str:
    """Return the /api/v1/search URL of one query."""
    params = [("q", text)] + ([("type", kind)] if kind else [])
    params += [(name, value) for name, values in filters.items() for value in values]
    return f"{base}/api/v1/search?{urllib.parse.urlencode(params)}&page=1&page_size=20"


def http_get(port: int, path: str, timeout: float = 60) -> tuple[int, bytes, float]:
    """Return (status, body, seconds) of one GET on a new connection."""
    started = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Accept": "application/json"})
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    return response.status, body, time.perf_counter() - started


def http_load(port: int, requests: int, clients: int) -> tuple[list[float], float, list, dict]:
    """Issue the 20 queries round-robin from `clients` threads; return timings, wall, errors, totals."""
    paths = [query_url("", *q) for q in QUERIES]
    counter = iter(range(requests))
    lock = threading.Lock()
    samples: list[float] = []
    errors: list[str] = []
    totals: dict[int, int] = {}

    def client():
        while True:
            with lock:
                n = next(counter, None)
            if n is None:
                return
            try:
                status, body, seconds = http_get(port, paths[n % len(paths)])
            except OSError as exc:
                with lock:
                    errors.append(f"{paths[n % len(paths)]}: {exc!r}")
                continue
            with lock:
                samples.append(seconds)
                if status != 200:
                    errors.append(f"{paths[n % len(paths)]}: {status} {body[:200]!r}")
                else:
                    totals[n % len(paths)] = json.loads(body)["total"]

    started = time.perf_counter()
    # daemon threads: an interrupted run goes on to stop gunicorn instead of waiting for them
    threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples, time.perf_counter() - started, errors, totals


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(instance: str, workers: int) -> tuple[subprocess.Popen, int]:
    """Start `atlas serve` in its own process group and wait for /healthz; return it and its port."""
    port = free_port()
    env = {**os.environ, "ATLAS_INSTANCE_PATH": instance, "PORT": str(port)}
    env.pop("ATLAS_DATABASE_URL", None)
    server = subprocess.Popen([str(Path(sys.executable).with_name("atlas")), "serve",
                               "--workers", str(workers)], env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if http_get(port, "/healthz", timeout=5)[0] == 200:
                return server, port
        except OSError:
            pass
        if server.poll() is not None:
            raise SystemExit(f"atlas serve exited with {server.returncode}")
        time.sleep(0.2)
    stop(server)
    raise SystemExit("atlas serve did not answer /healthz within 60 s")


def stop(server: subprocess.Popen) -> None:
    """Stop the gunicorn process group: TERM, then KILL if it lingers."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()


def _timed_attribute(obj, name: str, totals: dict) -> None:
    """Wrap obj.name so the seconds spent in it add up in totals[name] (when it exists)."""
    original = getattr(obj, name, None)
    if original is None:
        return
    totals[name] = 0.0

    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            totals[name] += time.perf_counter() - started
    setattr(obj, name, wrapper)


# --- the run -------------------------------------------------------------------------------

def main() -> None:
    """Generate, store, index, query three ways, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", type=int, default=20000)
    parser.add_argument("--concepts", type=int, default=5000)
    parser.add_argument("--indicators", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query in process")
    parser.add_argument("--requests", type=int, default=400, help="HTTP requests in all")
    parser.add_argument("--clients", type=int, default=4, help="concurrent HTTP clients")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    args = parser.parse_args()
    # a TERM (from a CI timeout, say) unwinds through the finally blocks that stop gunicorn
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    from atlas import create_app
    from atlas.access import ANONYMOUS

    try:
        from atlas.search.query import SearchQuery
    except ImportError:
        SearchQuery = None  # the new search API is not in this checkout yet

    with tempfile.TemporaryDirectory(prefix="atlas-bench-search-") as folder:
        instance = str(Path(folder) / "instance")
        app = create_app({"INSTANCE_PATH": instance, "BASE_URI": BASE})
        svc = app.extensions["atlas"]
        svc.store.upgrade()
        svc.index.ensure()
        projected: dict[str, float] = {}
        _timed_attribute(svc.index, "apply", projected)
        store_s, index_s, docs = store(svc, args.datasets, args.concepts, args.indicators)
        assert svc.projector.pending() == 0, "the outbox was not drained"
        fts_s, fts_db = fts_build(Path(folder) / "fts.sqlite", docs)
        kinds = {k: sum(d["kind"] == k for d in docs) for k in
                 ("dataset", "concept", "conceptscheme", "indicator", "organisation")}
        print(f"Atlas search benchmark: {', '.join(f'{n} {k}' for k, n in kinds.items())}; "
              f"{len(QUERIES)} queries")
        print(f"  store writes (catalogue.upsert_many, batches of {BATCH}): {store_s:7.1f} s"
              f"  ({len(docs) / store_s:,.0f} records/s)")
        apply_note = (f"; search index apply {projected['apply']:.1f} s, the rest documents "
                      f"and RDF store" if "apply" in projected else "")
        print(f"  indexing (projector: search index + RDF store):    {index_s:7.1f} s"
              f"  ({len(docs) / index_s:,.0f} records/s{apply_note})")
        print(f"  FTS5 build ({FTS_TOKENIZE}, prefix 2 3 4):  {fts_s:7.1f} s")

        fts_samples, fts_results = timed_runs(lambda *q: fts_query(fts_db, *q), args.repeat)
        atlas_samples, atlas_results, http_figures = [], [None] * len(QUERIES), None
        if SearchQuery is None:
            print("  atlas.search.query.SearchQuery is missing: in-process and HTTP figures skipped")
        else:
            def atlas_query(text, kind, filters):
                return svc.index.query(ANONYMOUS, SearchQuery(
                    text=text, kind=kind, filters=filters, sort="relevance", page=1,
                    page_size=20), generation=svc.projector.generation())
            atlas_samples, atlas_results = timed_runs(atlas_query, args.repeat)
            server, port = serve(instance, args.workers)
            try:
                # two warm-up rounds, so the workers have opened their readers
                http_load(port, 2 * len(QUERIES), args.clients)
                http_figures = http_load(port, args.requests, args.clients)
            finally:
                stop(server)
        fts_db.close()
        svc.store.dispose()

    report(args, atlas_samples, atlas_results, fts_samples, fts_results, http_figures)


def report(args, atlas_samples, atlas_results, fts_samples, fts_results, http_figures) -> None:
    """Print the summary table (figures against targets) and the per-query table."""
    def row(name, samples, target):
        if not samples:
            return f"  {name:<28} {'—':>9} {'—':>9}   p95 ≤ {target:.0f} ms"
        p95 = percentile(samples, 95)
        verdict = "ok" if p95 <= target else "MISSED"
        return (f"  {name:<28} {percentile(samples, 50):7.1f} ms {p95:7.1f} ms"
                f"   p95 ≤ {target:.0f} ms  {verdict}")

    print(f"\n  {'':<28} {'p50':>9} {'p95':>9}   target")
    print(row(f"Atlas in process (×{args.repeat})", atlas_samples, TARGETS["process"]))
    if http_figures:
        samples, wall, errors, totals = http_figures
        print(row(f"Atlas HTTP ({args.clients} clients)", samples, TARGETS["http"]))
        rps = len(samples) / wall
        print(f"  {'Atlas HTTP throughput':<28} {rps:7.0f} req/s ({len(samples)} requests in "
              f"{wall:.1f} s, {args.workers} workers)   ≥ {TARGETS['rps']:.0f} req/s  "
              f"{'ok' if rps >= TARGETS['rps'] else 'MISSED'}")
        if errors:
            print(f"  HTTP errors: {len(errors)}, first: {errors[0]}")
    else:
        print(row("Atlas HTTP", [], TARGETS["http"]))
    print(row(f"SQLite FTS5 in process (×{args.repeat})", fts_samples, TARGETS["process"]))

    print(f"\n  {'#':>2} {'query':<24} {'type / filters':<44} {'Atlas':>6} {'HTTP':>6} "
          f"{'FTS5':>6} {'Atlas p50':>9} {'FTS5 p50':>9}")
    per = args.repeat
    http_totals = http_figures[3] if http_figures else {}
    for n, (text, kind, filters) in enumerate(QUERIES):
        where = " ".join([f"type={kind}"] * bool(kind)
                         + [f"{k}={','.join(v)}" for k, v in filters.items()])
        atlas = atlas_results[n]
        atlas_total = str(atlas.total) if atlas is not None else "—"
        atlas_p50 = (f"{statistics.median(atlas_samples[n * per:(n + 1) * per]) * 1000:7.1f}ms"
                     if atlas_samples else "—")
        fts_p50 = statistics.median(fts_samples[n * per:(n + 1) * per]) * 1000
        print(f"  {n + 1:>2} {text or '(none)':<24} {where[:44]:<44} {atlas_total:>6} "
              f"{http_totals.get(n, '—')!s:>6} {fts_results[n][0]:>6} {atlas_p50:>9} "
              f"{fts_p50:7.1f}ms")
    typo = next(n for n, q in enumerate(QUERIES) if q[0] == "luchtkwalitet")
    synonym = next(n for n, q in enumerate(QUERIES) if q[0] == "rijwielpad")
    if atlas_results[typo] is not None:
        print(f"  typo '{QUERIES[typo][0]}': suggestion {atlas_results[typo].suggestion!r}")
    if atlas_results[synonym] is not None and atlas_results[synonym].hits:
        first = atlas_results[synonym].hits[0]
        print(f"  alt label '{QUERIES[synonym][0]}': first hit {first.title!r} "
              f"matched via {first.matched_via!r}")
    print("  FTS5: unicode61 remove_diacritics 2 (no stemming; porter is English only), words as"
          " prefixes with -en/-s stripped, AND between words; no typo tolerance or synonyms.")


if __name__ == "__main__":
    main()
