"""Search as policy staff use it: stems, prefixes, synonyms, typos, facets, access, ranking."""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from atlas.access import SYSTEM
from atlas.records import RecordInput
from tests.conftest import BASE, dataset_input
from vocab.namespaces import DCAT, EU_THEME

SCHEME = URIRef(f"{BASE}/definitions/begrippen")


def _concept(slug, pref, alts=(), hidden=()):
    uri = URIRef(f"{BASE}/definitions/{slug}")
    g = Graph()
    g.add((uri, RDF.type, SKOS.Concept))
    g.add((uri, SKOS.prefLabel, Literal(pref, lang="nl")))
    g.add((uri, SKOS.inScheme, SCHEME))
    for alt in alts:
        g.add((uri, SKOS.altLabel, Literal(alt, lang="nl")))
    for label in hidden:
        g.add((uri, SKOS.hiddenLabel, Literal(label, lang="nl")))
    return RecordInput("concept", str(uri), g, status="published", access="public", slug=slug)


def _dataset(slug, title, theme="TRAN", concept=None, access="public", description=None):
    uri = URIRef(f"{BASE}/datasets/{slug}")
    extra = [(uri, DCAT.theme, EU_THEME[theme])]
    if concept:
        extra.append((uri, DCTERMS.subject, URIRef(f"{BASE}/definitions/{concept}")))
    item = dataset_input(slug, title, access=access, extra=extra)
    if description:
        item.graph.set((uri, DCTERMS.description, Literal(description, lang="nl")))
    return item


@pytest.fixture
def data(svc):
    g = Graph()
    g.add((SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((SCHEME, DCTERMS.title, Literal("Begrippen", lang="nl")))
    svc.catalogue.upsert_many([
        RecordInput("conceptscheme", str(SCHEME), g, status="published", access="public",
                    slug="begrippen"),
        _concept("openbaar-vervoer", "openbaar vervoer", alts=["ov"], hidden=["openbaarvervoer"]),
        _concept("warmtenet", "warmtenet", alts=["stadsverwarming"]),
        _dataset("fietspad", "Fietspad langs provinciale wegen"),
        _dataset("fietsparkeren", "Fietsparkeren bij stations"),
        _dataset("ov-haltes", "Haltes en dienstregeling", concept="openbaar-vervoer"),
        _dataset("warmte", "Aansluitingen per wijk", theme="ENER", concept="warmtenet"),
        _dataset("grondwater", "Grondwater", theme="ENVI"),
        _dataset("grondwater-meetnet", "Meetnet grondwater en peilbuizen", theme="ENVI"),
        _dataset("geheim", "Geheime stikstofkaart", theme="ENVI", access="internal"),
    ], principal=SYSTEM.named("test"))


def _api(client, **params):
    response = client.get("/api/v1/search", query_string=params)
    assert response.status_code == 200, response.data
    return response.json


def _slugs(body):
    return [hit["id"] for hit in body["hits"]]


def test_a_dutch_inflection_is_found_by_its_stem(client, data):
    assert "fietspad" in _slugs(_api(client, q="fietspaden"))


def test_a_word_start_finds_compounds(client, data):
    found = _slugs(_api(client, q="fiets"))
    assert {"fietspad", "fietsparkeren"} <= set(found)


def test_an_alternative_label_finds_the_concept_and_what_is_linked(client, data):
    body = _api(client, q="ov")
    found = {hit["id"]: hit for hit in body["hits"]}
    assert {"openbaar-vervoer", "ov-haltes"} <= set(found)
    assert found["ov-haltes"]["matched_via"] == "synoniem: ov → openbaar vervoer"
    hidden_label = _api(client, q="stadsverwarming")
    assert "warmte" in _slugs(hidden_label)


def test_a_one_letter_typo_gets_a_suggestion(client, data):
    body = _api(client, q="grondwatr")
    assert body["suggestion"] == "grondwater"
    assert "grondwater" in _slugs(body)  # and fuzzy matching found it anyway


def test_an_exact_title_comes_first(client, data):
    assert _slugs(_api(client, q="grondwater"))[0] == "grondwater"


def test_facet_counts_follow_the_filters(client, data):
    everything = _api(client, q="")
    themes = {f["value"]: f["count"] for f in everything["facets"]["theme"]}
    assert themes == {"TRAN": 3, "ENER": 1, "ENVI": 2}
    types = {f["value"]: f["count"] for f in everything["facets"]["type"]}
    assert types["dataset"] == 6 and types["concept"] == 2
    envi = _api(client, q="", theme="ENVI")
    assert envi["total"] == 2
    assert {f["value"]: f["count"] for f in envi["facets"]["type"]} == {"dataset": 2}
    assert [f["label"] for f in envi["facets"]["theme"]] == ["Milieu"]
    both = _api(client, q="", theme=["ENVI", "ENER"])
    assert both["total"] == 3


def test_internal_records_are_absent_for_anonymous_callers(client, data, app):
    body = _api(client, q="stikstofkaart")
    assert body["total"] == 0 and body["suggestion"] is None
    assert {f["value"]: f["count"] for f in _api(client, q="")["facets"]["theme"]}["ENVI"] == 2
    assert "access" not in _api(client, q="")["facets"]
    assert client.get("/api/v1/suggest?q=geheim").json == {"suggestions": []}
    page = client.get("/search?q=stikstof").data.decode()
    assert "/datasets/geheim" not in page and "Geheime" not in page
    from tests.test_access import _sign_in
    _sign_in(app, client, "viewer")
    assert _api(client, q="stikstofkaart")["total"] == 1
    assert "access" in _api(client, q="")["facets"]


def test_autocomplete_offers_titles(client, data):
    suggestions = client.get("/api/v1/suggest?q=fietspa").json["suggestions"]
    assert suggestions and suggestions[0]["url"].startswith("/datasets/")
    assert all("Fiets" in s["text"] for s in suggestions)


def test_sort_and_paging(client, data):
    by_title = _slugs(_api(client, q="", type="dataset", sort="title"))
    assert by_title[0] == "warmte"  # "Aansluitingen per wijk"
    first = _api(client, q="", page_size=2, page=1)
    second = _api(client, q="", page_size=2, page=2)
    assert len(first["hits"]) == 2 and not set(_slugs(first)) & set(_slugs(second))


def test_csv_download_neutralises_formulas(client, svc, data):
    svc.catalogue.upsert(_dataset("formule", "=HYPERLINK(\"http://evil\")"), principal=SYSTEM.named("t"))
    body = client.get("/api/v1/search.csv?q=hyperlink").data.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][:3] == ["id", "type", "title"]
    assert rows[1][2].startswith("'=")


@pytest.mark.parametrize("query", ["page=0", "page_size=500", "type=recipe", "sort=random"])
def test_bad_parameters_are_a_clear_400(client, data, query):
    response = client.get(f"/api/v1/search?{query}")
    assert response.status_code == 400
    assert response.json["message"] and response.json["errors"]


def test_the_search_page_shows_facets_active_filters_and_the_suggestion(client, data):
    body = client.get("/search?q=grondwatr&theme=ENVI").data.decode()
    assert "Bedoelde u" in body and 'href="/search?q=grondwater"' in body
    assert "Alle filters wissen" in body and "<legend>Thema</legend>" in body
    empty = client.get("/search?q=zzzzqqq").data.decode()
    assert "Niets gevonden." in empty


def test_the_openapi_document_covers_every_api_route(app, client):
    spec = client.get("/api/v1/openapi.json").json
    assert spec["openapi"].startswith("3.")
    import re
    routes = {re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
              for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/v1/") and rule.rule != "/api/v1/docs"}
    assert routes == set(spec["paths"])
    facet_params = {p["name"] for p in spec["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert {"q", "type", "theme", "publisher", "page", "page_size", "sort"} <= facet_params
    page = client.get("/api/v1/docs").data.decode()
    assert "GET /api/v1/search" in page


def test_snippets_highlight_matches_and_never_inject_html(client, svc, data):
    svc.catalogue.upsert(_dataset("html", "Meldingen", description=(
        "Meldingen van <script>alert(1)</script> overlast in de wijk")), principal=SYSTEM.named("t"))
    page = client.get("/search?q=overlast").data.decode()
    assert "<mark>overlast</mark>" in page
    assert "<script>alert" not in page and "</script> <mark>" not in page
    assert "&lt;/script&gt; <mark>overlast</mark>" in page
    body = _api(client, q="overlast")
    assert "\x02" not in body["hits"][0]["snippet"] and "overlast" in body["hits"][0]["snippet"]


def test_a_title_with_sharp_s_is_found_by_its_exact_title(client, add_dataset):
    # "Straße" and "Strasse" fold to one key, so either spelling is the exact title.
    add_dataset("strasse", "Straße")
    add_dataset("strassen", "Strasse, straatjes en strassenplan Strasse")
    for typed in ("Strasse", "STRASSE", "straße"):
        assert _slugs(_api(client, q=typed))[0] == "strasse", typed
