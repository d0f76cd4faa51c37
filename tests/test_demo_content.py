"""Behaviour of the demo content: the catalogue is big, complete, linked, hidden where it should be,
and the same on every call."""

from __future__ import annotations

import ast
import os
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from atlas.demo import MUNICIPALITIES, hidden_slugs, observations, records
from atlas.demo.knmi import TROPICAL_DAYS, TX_DAYS_MISSING, days_in_year, tropical_days
from vocab.namespaces import (
    ATLAS,
    DCAT,
    DCTERMS,
    EU_ACCESS_RIGHT,
    FOAF,
    PROV,
    SKOS,
    VCARD,
)

BASE = "http://127.0.0.1:8000"
SCHEME = URIRef(f"{BASE}/definitions/begrippenkader-provincie-utrecht")
KNMI_INDICATOR = f"{BASE}/indicators/tropische-dagen-cabauw"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
KNMI_FILE = CORPUS / "indicators" / "knmi_etmgeg_348_cabauw-lopik_daily-weather_1986-2026.txt"
PATHS = {"organisation": "organisations", "conceptscheme": "definitions", "concept": "definitions",
         "dataset": "datasets", "dataservice": "dataservices", "indicator": "indicators"}
ORDER = ["organisation", "conceptscheme", "concept", "dataset", "dataservice", "indicator"]


@pytest.fixture(scope="module")
def recs():
    return list(records(BASE))


@pytest.fixture(scope="module")
def obs():
    return list(observations(BASE))


def public(recs, kind):
    return [r for r in recs if r.kind == kind and r.status == "published" and r.access == "public"]


def one(graph, s, p):
    values = list(graph.objects(s, p))
    assert len(values) == 1, (s, p, values)
    return values[0]


def test_kinds_come_in_dependency_order_and_uris_are_minted_under_base(recs):
    kinds = [ORDER.index(r.kind) for r in recs]
    assert kinds == sorted(kinds)
    for r in recs:
        assert r.uri == f"{BASE}/{PATHS[r.kind]}/{r.slug}"
        assert (URIRef(r.uri), None, None) in r.graph
        assert r.status in {"published", "draft", "review"} and r.access in {"public", "internal"}


def test_slugs_are_unique_and_url_safe(recs):
    slugs = [r.slug for r in recs]
    assert len(slugs) == len(set(slugs))
    assert all(s == s.lower() and " " not in s and "/" not in s for s in slugs)


def test_municipalities_are_the_26_of_the_province():
    codes = [code for code, _ in MUNICIPALITIES]
    assert len(codes) == 26 == len(set(codes))
    assert dict(MUNICIPALITIES)["GM0344"] == "Utrecht" and dict(MUNICIPALITIES)["GM0331"] == "Lopik"


def test_organisations(recs):
    orgs = public(recs, "organisation")
    assert len(orgs) >= 12
    for r in orgs:
        s = URIRef(r.uri)
        assert (s, RDF.type, FOAF.Organization) in r.graph
        assert any(name.language == "nl" for name in r.graph.objects(s, FOAF.name))
        assert str(one(r.graph, s, DCTERMS.type)).startswith("http://purl.org/adms/publishertype/")
        assert str(one(r.graph, s, FOAF.homepage)).startswith("https://")


def test_enough_public_datasets_from_enough_publishers_on_every_theme(recs):
    datasets = public(recs, "dataset")
    assert len(datasets) >= 150
    publishers = {one(r.graph, URIRef(r.uri), DCTERMS.publisher) for r in datasets}
    assert len(publishers) >= 10
    themes = {str(t).rsplit("/", 1)[1]
              for r in datasets for t in r.graph.objects(URIRef(r.uri), DCAT.theme)}
    assert themes >= {"AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST",
                      "REGI", "SOCI", "TECH", "TRAN"}


def test_every_public_dataset_has_what_dcat_ap_nl_requires(recs):
    titles = set()
    for r in public(recs, "dataset"):
        g, s = r.graph, URIRef(r.uri)
        langs = {t.language for t in g.objects(s, DCTERMS.title)}
        assert {"nl", "en"} <= langs, r.slug
        titles.add(str(next(t for t in g.objects(s, DCTERMS.title) if t.language == "nl")))
        assert any(d.language == "nl" for d in g.objects(s, DCTERMS.description))
        assert isinstance(one(g, s, DCTERMS.identifier), Literal)
        assert one(g, s, DCTERMS.publisher) and one(g, s, DCTERMS.creator)
        contact = one(g, s, DCAT.contactPoint)
        assert (contact, RDF.type, VCARD.Organization) in g
        assert one(g, contact, VCARD.fn)
        assert str(one(g, contact, VCARD.hasEmail)).startswith("mailto:")
        assert list(g.objects(s, DCAT.theme))
        assert one(g, s, DCTERMS.accessRights) == EU_ACCESS_RIGHT.PUBLIC
        assert list(g.objects(s, DCAT.keyword))
        for p in (DCTERMS.issued, DCTERMS.modified):
            assert one(g, s, p).datatype == XSD.date
        assert str(one(g, s, DCTERMS.issued)) <= str(one(g, s, DCTERMS.modified))
        for p in (DCTERMS.accrualPeriodicity, DCTERMS.spatial, DCTERMS.language, DCAT.landingPage):
            assert isinstance(one(g, s, p), URIRef), (r.slug, p)
        distributions = list(g.objects(s, DCAT.distribution))
        assert 1 <= len(distributions) <= 4
        for d in distributions:
            assert str(d).startswith(f"{r.uri}/distributions/")
            assert (d, RDF.type, DCAT.Distribution) in g
            assert isinstance(one(g, d, DCAT.accessURL), URIRef)
            assert str(one(g, d, DCTERMS.license)).startswith(
                "http://publications.europa.eu/resource/authority/licence/")
            assert one(g, d, DCTERMS.format) and one(g, d, DCTERMS.title)
    assert len(titles) == len(public(recs, "dataset")), "dataset titles repeat"


def test_hidden_records_exist_are_marked_and_never_referenced(recs):
    datasets = [r for r in recs if r.kind == "dataset"]
    internal = [r for r in datasets if r.access == "internal"]
    unfinished = [r for r in datasets if r.status in {"draft", "review"}]
    assert len(internal) >= 5 and len(unfinished) >= 3
    for r in internal:
        assert one(r.graph, URIRef(r.uri), DCTERMS.accessRights) == EU_ACCESS_RIGHT.NON_PUBLIC
    for r in internal + unfinished:
        title = str(next(t for t in r.graph.objects(URIRef(r.uri), DCTERMS.title)
                         if t.language == "nl"))
        assert "intern" in title.lower() or "concept" in title.lower(), title
    hidden = hidden_slugs(BASE)
    assert hidden == {r.slug for r in recs if r.status != "published" or r.access != "public"}
    assert {r.slug for r in internal + unfinished} <= hidden
    hidden_uris = {URIRef(r.uri) for r in recs if r.slug in hidden}
    for r in recs:
        if r.slug not in hidden:
            leaked = set(r.graph.objects()) & hidden_uris
            assert not leaked, (r.slug, leaked)


def test_concept_scheme_is_a_real_hierarchy(recs):
    concepts = [r for r in recs if r.kind == "concept"
                and (URIRef(r.uri), SKOS.inScheme, SCHEME) in r.graph]
    assert len(concepts) >= 80
    broader = {}
    for r in concepts:
        g, s = r.graph, URIRef(r.uri)
        assert (s, RDF.type, SKOS.Concept) in g
        labels = {lbl.language for lbl in g.objects(s, SKOS.prefLabel)}
        assert {"nl", "en"} <= labels
        assert any(d.language == "nl" for d in g.objects(s, SKOS.definition))
        parents = list(g.objects(s, SKOS.broader))
        if (s, SKOS.topConceptOf, SCHEME) in g:
            assert not parents
        else:
            assert len(parents) == 1
            broader[s] = parents[0]
    depth = {}
    for s in (URIRef(r.uri) for r in concepts):
        seen, node = set(), s
        while node in broader:
            assert node not in seen, f"broader cycle at {node}"
            seen.add(node)
            node = broader[node]
        depth[s] = len(seen) + 1
    assert max(depth.values()) >= 3
    scheme = next(r for r in recs if r.uri == str(SCHEME))
    tops = set(scheme.graph.objects(SCHEME, SKOS.hasTopConcept))
    assert tops and all(depth[t] == 1 for t in tops)
    graphs = {URIRef(r.uri): r for r in concepts}
    for child, parent in broader.items():
        if graphs[child].status == "published":
            assert (parent, SKOS.narrower, child) in graphs[parent].graph
    assert sum(1 for r in concepts if list(r.graph.objects(URIRef(r.uri), SKOS.altLabel))) > 40
    assert any(list(r.graph.objects(URIRef(r.uri), SKOS.hiddenLabel)) for r in concepts)
    assert 2 <= sum(r.status == "draft" for r in concepts) <= 3
    tropical = graphs[URIRef(f"{BASE}/definitions/tropische-dag")].graph
    assert "30,0" in str(next(tropical.objects(None, SKOS.definition)))


def test_every_referenced_record_is_yielded_and_earlier_when_crossing_kinds(recs):
    position = {r.uri: i for i, r in enumerate(recs)}
    record_paths = tuple(f"{BASE}/{p}/" for p in set(PATHS.values()))
    for i, r in enumerate(recs):
        for o in r.graph.objects():
            ref = str(o)
            if not isinstance(o, URIRef) or not ref.startswith(record_paths):
                continue
            if ref.startswith(f"{r.uri}/distributions/"):
                continue
            assert ref in position, (r.slug, ref)
            if r.kind in {"dataset", "dataservice", "indicator"}:
                assert position[ref] < i, (r.slug, ref)


def test_public_indicators_link_to_concepts_and_public_datasets(recs):
    indicators = public(recs, "indicator")
    assert len(indicators) >= 21
    visible = {r.uri for r in recs if r.status == "published" and r.access == "public"}
    for r in indicators:
        g, s = r.graph, URIRef(r.uri)
        assert (s, RDF.type, ATLAS.Indicator) in g
        assert {t.language for t in g.objects(s, DCTERMS.title)} >= {"nl", "en"}
        for p in (ATLAS.unit, ATLAS.method, ATLAS.spatialLevel, ATLAS.programme,
                  ATLAS.desiredDirection, DCTERMS.accrualPeriodicity, DCTERMS.publisher,
                  ATLAS.owner):
            assert one(g, s, p), (r.slug, p)
        assert str(one(g, s, ATLAS.desiredDirection)) in {"up", "down"}
        assert str(one(g, s, ATLAS.measures)) in visible
        sources = list(g.objects(s, PROV.wasDerivedFrom))
        assert 1 <= len(sources) <= 2 and all(str(d) in visible for d in sources)
        assert list(g.objects(s, DCAT.theme))


def test_public_indicators_have_observations_for_all_municipalities_over_five_years(recs, obs):
    codes = {code for code, _ in MUNICIPALITIES}
    by_indicator = defaultdict(lambda: defaultdict(set))
    for o in obs:
        by_indicator[o.indicator_uri][o.area_code].add(o.period)
    municipal = [r for r in public(recs, "indicator") if r.uri != KNMI_INDICATOR]
    assert len(municipal) >= 20
    for r in municipal:
        areas = by_indicator[r.uri]
        assert codes <= set(areas), r.slug
        assert all(len(areas[c]) >= 5 for c in codes), r.slug
    knmi = by_indicator[KNMI_INDICATOR]
    assert set(knmi) == {"GM0331"} and len(knmi["GM0331"]) >= 30
    assert set(by_indicator) <= {r.uri for r in recs if r.kind == "indicator"}
    keys = [(o.indicator_uri, o.period, o.area_code) for o in obs]
    assert len(keys) == len(set(keys))


def test_observation_values_are_plausible(recs, obs):
    units = {r.uri: str(next(r.graph.objects(URIRef(r.uri), ATLAS.unit)))
             for r in recs if r.kind == "indicator"}
    values = [o for o in obs if o.value is not None]
    assert len(values) > 0.95 * len(obs)
    for o in values:
        assert o.value >= 0
        if units[o.indicator_uri] == "%":
            assert o.value <= 100
    assert all(o.note for o in obs if o.value is None)


def test_knmi_observations_use_the_committed_table(obs):
    knmi = {o.period: o for o in obs if o.indicator_uri == KNMI_INDICATOR}
    assert knmi["2019"].value == 11 and knmi["2020"].value == 10 and knmi["2022"].value == 8
    assert knmi["2019"].area_label == "Lopik (Cabauw)"
    assert set(knmi) == {str(y) for y in TROPICAL_DAYS}
    assert "ontbreekt" in knmi["1987"].note and not knmi["2019"].note


def test_knmi_table_matches_the_corpus():
    if not KNMI_FILE.exists():
        if os.environ.get("ATLAS_TEST_REQUIRE_ALL") == "1":
            pytest.fail(f"{KNMI_FILE} is missing and ATLAS_TEST_REQUIRE_ALL=1")
        pytest.skip("../shared/corpus absent")
    derived = tropical_days(KNMI_FILE)
    assert {year: count for year, (count, _) in derived.items()} == TROPICAL_DAYS
    missing = {year: days_in_year(year) - measured for year, (_, measured) in derived.items()}
    assert {y: m for y, m in missing.items() if m} == TX_DAYS_MISSING
    assert min(derived) == 1987 and max(derived) == 2025


def test_tropical_days_parser_on_a_small_file(tmp_path):
    lines = ["BRON: KNMI", "# STN,YYYYMMDD,   TG,   TN,   TX,   RH", ""]
    day = date(2021, 1, 1)
    while day.year < 2023:
        n = day.timetuple().tm_yday
        tx = "     " if day == date(2021, 1, 6) else f"{305 if n <= 3 else 150:5d}"
        lines.append(f"  348,{day:%Y%m%d},  100,   50,{tx},    0")
        day += timedelta(days=1)
    lines.append("  348,20230101,  100,   50,  310,    0")  # an incomplete year is left out
    path = tmp_path / "etmgeg.txt"
    path.write_bytes("\r\n".join(lines).encode("latin-1"))
    assert tropical_days(path) == {2021: (3, 364), 2022: (3, 365)}


def test_content_is_deterministic(recs, obs):
    again = list(records(BASE))
    assert [(r.kind, r.uri, r.status, r.access) for r in again] == \
        [(r.kind, r.uri, r.status, r.access) for r in recs]
    assert all(isomorphic(a.graph, b.graph) for a, b in zip(recs, again, strict=True))
    assert list(observations(BASE)) == obs


def test_demo_imports_only_rdflib_stdlib_and_vocab():
    package = Path(__file__).resolve().parents[1] / "atlas" / "demo"
    allowed = {"rdflib", "vocab"} | set(sys.stdlib_module_names)
    # The content knows no database; only its loader (load.py) stores it through the catalogue.
    for module in package.glob("*.py"):
        if module.name == "load.py":
            continue
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            elif isinstance(node, ast.ImportFrom):
                assert "load" not in (node.module, *(a.name for a in node.names)), \
                    f"{module.name} imports the loader"
                continue
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{module.name} imports {name}"


def test_theme_and_publisher_spread_is_not_lopsided(recs):
    publishers = Counter(str(one(r.graph, URIRef(r.uri), DCTERMS.publisher))
                         for r in public(recs, "dataset"))
    assert max(publishers.values()) < 0.5 * sum(publishers.values())
