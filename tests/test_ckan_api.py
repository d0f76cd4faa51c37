"""The CKAN-compatible action API: CKAN's shapes, search, access, and a harvest round trip."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, datetime

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF
from sqlmodel import select

from atlas import demo
from atlas.access import SYSTEM
from atlas.harvest.run import harvest
from atlas.models import Distribution, Record
from atlas.records import RecordInput
from tests.conftest import BASE, dataset_input, sign_in
from vocab.namespaces import DCAT, EU_FILE_TYPE, EU_LICENCE, EU_THEME

API = "/api/3/action"
DEMO_BASE = "http://127.0.0.1:8000"
ALL_FACETS = '["organization","tags","res_format","groups"]'
# slug: (title, publisher, keywords, themes, formats, modified)
PUBLIC = {
    "grondwater": ("Grondwaterstanden", "provincie", ["grondwater", "meetnet"], ["ENVI"],
                   ["CSV"], "2024-01-01"),
    "fietspaden": ("Fietspaden", "gemeente", ["fiets"], ["TRAN"], ["JSON", "CSV"],
                   "2024-06-01"),
    "luchtkwaliteit": ("Luchtkwaliteit", "provincie", ["lucht", "grondwater"],
                       ["ENVI", "HEAL"], ["GEOJSON"], "2025-01-01"),
}
HIDDEN = {"intern-verzuim": {"access": "internal"}, "concept-plan": {"status": "draft"}}


def _organisation(slug: str, name: str) -> RecordInput:
    uri = URIRef(f"{BASE}/organisations/{slug}")
    graph = Graph()
    graph.add((uri, RDF.type, FOAF.Organization))
    graph.add((uri, FOAF.name, Literal(name, lang="nl")))
    return RecordInput("organisation", str(uri), graph, status="published", slug=slug)


def _dataset(slug: str, title: str, publisher: str, keywords: list[str], themes: list[str],
             formats: list[str], **state) -> RecordInput:
    uri = URIRef(f"{BASE}/datasets/{slug}")
    extra = [(uri, DCTERMS.publisher, URIRef(f"{BASE}/organisations/{publisher}"))]
    extra += [(uri, DCAT.keyword, Literal(k, lang="nl")) for k in keywords]
    extra += [(uri, DCAT.theme, EU_THEME[t]) for t in themes]
    for number, fmt in enumerate(formats, start=1):
        node = URIRef(f"{uri}/distributions/{number}")
        extra += [(uri, DCAT.distribution, node), (node, RDF.type, DCAT.Distribution),
                  (node, DCTERMS["format"], EU_FILE_TYPE[fmt]),
                  (node, DCAT.downloadURL, URIRef(f"https://files.test/{slug}.{fmt.lower()}")),
                  (node, DCTERMS.license, EU_LICENCE.CC0)]
    return dataset_input(slug, title, extra=extra, **state)


@pytest.fixture
def catalogue(svc):
    """Two organisations, three public datasets with known modification times, two hidden."""
    return _fill(svc)


def _fill(svc):
    svc.catalogue.upsert_many([_organisation("provincie", "Provincie Utrecht"),
                               _organisation("gemeente", "Gemeente Utrecht")], principal=SYSTEM.named("test"))
    for slug, (title, publisher, keywords, themes, formats, _) in PUBLIC.items():
        svc.catalogue.upsert(_dataset(slug, title, publisher, keywords, themes, formats),
                             principal=SYSTEM.named("test"))
    for slug, state in HIDDEN.items():
        svc.catalogue.upsert(_dataset(slug, f"Geheim grondwater {slug}", "provincie",
                                      ["grondwater"], ["ENVI"], ["CSV"], **state), principal=SYSTEM.named("test"))
    with svc.store.write() as session:
        for record in session.exec(select(Record).where(Record.slug.in_(list(PUBLIC)))):
            moment = datetime.fromisoformat(PUBLIC[record.slug][5]).replace(tzinfo=UTC)
            record.modified = moment
            session.add(record)
    return svc


def _ok(client, action: str, **params) -> dict:
    response = client.get(f"{API}/{action}", query_string=params)
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["success"] is True
    assert body["help"].endswith(f"/api/3/action/help_show?name={action}")
    return body["result"]


def _error(client, action: str, status: int, **params) -> dict:
    response = client.get(f"{API}/{action}", query_string=params)
    assert response.status_code == status, response.get_json()
    body = response.get_json()
    assert body["success"] is False and "help" in body
    return body["error"]


def _names(result: dict) -> list[str]:
    return [package["name"] for package in result["results"]]


# --- shapes and errors -------------------------------------------------------------------------

def test_package_show_has_ckan_shape(client, catalogue):
    package = _ok(client, "package_show", id="fietspaden")
    uri = f"{BASE}/datasets/fietspaden"
    assert package["id"] == str(uuid.uuid5(uuid.NAMESPACE_URL, uri))
    assert (package["name"], package["title"], package["uri"]) == ("fietspaden", "Fietspaden", uri)
    assert package["notes"] == "Beschrijving van Fietspaden."
    assert {"key": "uri", "value": uri} in package["extras"]
    assert (package["type"], package["state"], package["private"]) == ("dataset", "active", False)
    assert package["metadata_modified"] == "2024-06-01T00:00:00.000000"
    assert package["organization"]["name"] == "gemeente"
    assert package["organization"]["type"] == "organization"
    assert package["owner_org"] == package["organization"]["id"]
    assert package["tags"] == [{"name": "fiets", "display_name": "fiets"}]
    assert [(g["name"], g["title"]) for g in package["groups"]] == [("tran", "Vervoer")]
    assert (package["license_id"], package["license_url"]) == ("cc-zero", str(EU_LICENCE.CC0))
    assert package["num_resources"] == 2 and package["num_tags"] == 1
    resource = package["resources"][0]
    assert resource["format"] == "JSON" and resource["package_id"] == package["id"]
    assert resource["url"] == "https://files.test/fietspaden.json"
    assert resource["position"] == 0
    # The same package by its CKAN id, its numeric id and its URI.
    record_id = catalogue.catalogue.get_any(uri=uri).id
    for ident in (package["id"], str(record_id), uri):
        assert _ok(client, "package_show", id=ident)["name"] == "fietspaden"


def test_post_with_a_json_body(client, catalogue):
    response = client.post(f"{API}/package_search",
                           json={"q": "grondwater", "rows": 1, "facet.field": ["tags"]})
    body = response.get_json()
    assert response.status_code == 200 and body["success"] is True
    assert body["result"]["count"] == 2 and len(body["result"]["results"]) == 1
    assert body["result"]["facets"]["tags"]["grondwater"] == 2


@pytest.mark.parametrize("params, field", [
    ({"rows": "1001"}, "rows"), ({"rows": "ten"}, "rows"), ({"start": "-1"}, "start"),
    ({"start": "99999999999999999999"}, "start"),
    ({"fq": "colour:red"}, "fq"), ({"fq": "tags:(a OR b)"}, "fq"),
    ({"fq": 'tags:"unclosed'}, "fq"), ({"fq": "tags:[a TO b]"}, "fq"),
    ({"fq": "metadata_modified:[yesterday TO *]"}, "fq"), ({"fq": "OR"}, "fq"),
    ({"sort": "colour asc"}, "sort"), ({"sort": "title_string sideways"}, "sort"),
    ({"facet.field": "[organization"}, "facet.field"), ({"facet.field": '["colour"]'},
                                                         "facet.field"),
    ({"facet.limit": "x"}, "facet.limit"), ({"q": "nul\x00"}, "q"),
])
def test_bad_search_input_is_a_validation_error(client, params, field):
    error = _error(client, "package_search", 409, **params)
    assert error["__type"] == "Validation Error"
    assert error[field] and error["message"]


def test_not_found_and_other_errors(client, catalogue):
    for ident in ("no-such-dataset", "99999999999999999999", "²", str(uuid.uuid4())):
        error = _error(client, "package_show", 404, id=ident)
        assert error["__type"] == "Not Found Error"
    assert _error(client, "package_show", 409)["id"] == ["Missing value"]
    assert _error(client, "organization_show", 404, id="nobody")["__type"] == "Not Found Error"
    assert _error(client, "no_such_action", 400)["message"].endswith("no_such_action")
    assert "q" in _ok(client, "help_show", name="package_search")


# --- package_search ----------------------------------------------------------------------------

def test_free_text_matches_title_description_and_keywords(client, catalogue):
    assert _ok(client, "package_search")["count"] == 3
    assert _ok(client, "package_search", q="*:*")["count"] == 3
    assert set(_names(_ok(client, "package_search", q="GRONDWATER"))) == {
        "grondwater", "luchtkwaliteit"}  # the second by its keyword only
    assert _names(_ok(client, "package_search", q="beschrijving fietspaden")) == ["fietspaden"]
    assert _ok(client, "package_search", q="100%_")["count"] == 0
    # A title match ranks above a keyword match (score desc, the default).
    assert _names(_ok(client, "package_search", q="grondwater"))[0] == "grondwater"


@pytest.mark.parametrize("fq, expected", [
    ("organization:provincie", {"grondwater", "luchtkwaliteit"}),
    ("tags:fiets", {"fietspaden"}),
    ('tags:"grondwater"', {"grondwater", "luchtkwaliteit"}),
    ("res_format:CSV", {"grondwater", "fietspaden"}),
    ("res_format:geojson", {"luchtkwaliteit"}),
    ("groups:ENVI", {"grondwater", "luchtkwaliteit"}),
    ("groups:heal", {"luchtkwaliteit"}),
    ("organization:provincie AND res_format:CSV", {"grondwater"}),
    ("organization:provincie tags:lucht", {"luchtkwaliteit"}),
    ("-organization:provincie", {"fietspaden"}),
    ("+dataset_type:dataset", {"grondwater", "fietspaden", "luchtkwaliteit"}),
    ("organization:nobody", set()),
    ("metadata_modified:[2024-03-01T00:00:00Z TO *]", {"fietspaden", "luchtkwaliteit"}),
    ("metadata_modified:[* TO 2024-03-01]", {"grondwater"}),
    ("metadata_modified:{2024-01-01T00:00:00Z TO 2025-01-01T00:00:00Z}", {"fietspaden"}),
    ("metadata_modified:[2024-01-01T00:00:00.000000Z TO NOW] groups:envi",
     {"grondwater", "luchtkwaliteit"}),
])
def test_filter_queries(client, catalogue, fq, expected):
    result = _ok(client, "package_search", fq=fq)
    assert set(_names(result)) == expected and result["count"] == len(expected)


def test_sort_both_ways(client, catalogue):
    oldest_first = ["grondwater", "fietspaden", "luchtkwaliteit"]
    result = _ok(client, "package_search", sort="metadata_modified asc")
    assert _names(result) == oldest_first and result["sort"] == "metadata_modified asc"
    assert _names(_ok(client, "package_search", sort="metadata_modified desc")) == \
        oldest_first[::-1]
    assert _names(_ok(client, "package_search")) == oldest_first[::-1]  # the default
    by_title = ["fietspaden", "grondwater", "luchtkwaliteit"]
    assert _names(_ok(client, "package_search", sort="title_string asc")) == by_title
    assert _names(_ok(client, "package_search", sort="title_string desc")) == by_title[::-1]


def test_paging_with_start_and_rows(client, catalogue):
    pages = [_ok(client, "package_search", sort="name asc", rows=2, start=start)
             for start in (0, 2, 4)]
    assert [_names(page) for page in pages] == [["fietspaden", "grondwater"],
                                                ["luchtkwaliteit"], []]
    assert {page["count"] for page in pages} == {3}
    assert _names(_ok(client, "package_search", rows=0)) == []


def test_facets_follow_the_filters(client, catalogue):
    result = _ok(client, "package_search", **{"facet.field": ALL_FACETS})
    assert result["facets"]["organization"] == {"provincie": 2, "gemeente": 1}
    assert result["facets"]["tags"]["grondwater"] == 2
    assert result["facets"]["res_format"] == {"CSV": 2, "JSON": 1, "GEOJSON": 1}
    assert result["facets"]["groups"] == {"envi": 2, "tran": 1, "heal": 1}
    items = result["search_facets"]["organization"]
    assert items["title"] == "organization"
    assert items["items"][0] == {"name": "provincie", "display_name": "Provincie Utrecht",
                                 "count": 2}
    assert {"name": "envi", "display_name": "Milieu", "count": 2} in \
        result["search_facets"]["groups"]["items"]

    filtered = _ok(client, "package_search", fq="organization:provincie", q="grondwater",
                   **{"facet.field": ALL_FACETS, "facet.limit": "1"})
    assert filtered["facets"]["organization"] == {"provincie": 2}
    assert filtered["facets"]["groups"] == {"envi": 2}  # the top one only
    assert _ok(client, "package_search")["facets"] == {}


def test_search_on_each_store(any_db_app):
    """The JSON-text matching of tags and themes and the facet queries hold on SQLite and
    PostgreSQL alike."""
    _fill(any_db_app.extensions["atlas"])
    client = any_db_app.test_client()
    result = _ok(client, "package_search", q="grondwater", sort="title_string desc",
                 fq="tags:grondwater groups:envi -res_format:JSON "
                    "metadata_modified:[2023-01-01T00:00:00Z TO *]",
                 **{"facet.field": ALL_FACETS})
    assert _names(result) == ["luchtkwaliteit", "grondwater"]
    assert result["facets"]["groups"] == {"envi": 2, "heal": 1}
    assert result["facets"]["organization"] == {"provincie": 2}
    assert _ok(client, "package_show", id="fietspaden")["num_resources"] == 2


# --- the other actions -------------------------------------------------------------------------

def test_package_list_and_organizations(client, catalogue):
    assert _ok(client, "package_list") == ["fietspaden", "grondwater", "luchtkwaliteit"]
    assert _ok(client, "package_list", limit=1, offset=1) == ["grondwater"]
    assert _ok(client, "organization_list") == ["gemeente", "provincie"]
    orgs = _ok(client, "organization_list", all_fields="true", sort="package_count desc")
    assert [(o["name"], o["package_count"]) for o in orgs] == [("provincie", 2), ("gemeente", 1)]
    org = _ok(client, "organization_show", id="provincie", include_datasets="true")
    assert org["package_count"] == 2 and org["title"] == "Provincie Utrecht"
    assert [p["name"] for p in org["packages"]] == ["grondwater", "luchtkwaliteit"]
    assert _ok(client, "organization_show", id=org["id"])["name"] == "provincie"
    assert _ok(client, "organization_list", sort=" , ") == ["gemeente", "provincie"]
    assert _error(client, "organization_list", 409, sort="colour")["sort"]
    assert "packages" not in _ok(client, "organization_show", id="provincie")


# --- access ------------------------------------------------------------------------------------

def test_hidden_datasets_appear_nowhere_for_anonymous_callers(client, catalogue):
    result = _ok(client, "package_search", q="geheim", rows=1000,
                 **{"facet.field": ALL_FACETS})
    assert result["count"] == 0 and result["results"] == []
    everything = _ok(client, "package_search", rows=1000, **{"facet.field": ALL_FACETS})
    assert everything["count"] == 3
    assert not set(HIDDEN) & set(_names(everything))
    assert everything["facets"]["organization"]["provincie"] == 2
    assert everything["facets"]["tags"]["grondwater"] == 2
    assert everything["facets"]["groups"]["envi"] == 2
    assert everything["facets"]["res_format"]["CSV"] == 2
    assert not set(HIDDEN) & set(_ok(client, "package_list"))
    assert _ok(client, "organization_show", id="provincie")["package_count"] == 2
    for slug in HIDDEN:
        uri = f"{BASE}/datasets/{slug}"
        for ident in (slug, uri, str(uuid.uuid5(uuid.NAMESPACE_URL, uri))):
            assert _error(client, "package_show", 404, id=ident)["__type"] == "Not Found Error"


def test_viewer_sees_internal_but_not_draft(client, catalogue):
    sign_in(catalogue.store, client, "viewer")
    response = client.get(f"{API}/package_search", query_string={"q": "geheim"})
    assert "private" in response.headers["Cache-Control"]
    assert _names(response.get_json()["result"]) == ["intern-verzuim"]
    assert _ok(client, "package_show", id="intern-verzuim")["name"] == "intern-verzuim"
    assert _error(client, "package_show", 404, id="concept-plan")
    assert _ok(client, "organization_show", id="provincie")["package_count"] == 3
    assert "intern-verzuim" in _ok(client, "package_list")


# --- round trip: one Atlas harvests another through the CKAN API -------------------------------

@pytest.fixture(scope="module")
def demo_site(served_demo):
    """The shared demo instance served over HTTP on loopback: (app, base URL)."""
    return served_demo


def _datasets(store, public_only: bool = False) -> dict[str, tuple[str, int]]:
    """Return {uri: (title, distribution count)} of the datasets in a store."""
    with store.read() as session:
        records = [r for r in session.exec(select(Record).where(Record.kind == "dataset"))
                   if not public_only or (r.status, r.access) == ("published", "public")]
        counts = Counter(session.exec(select(Distribution.dataset_id)))
        return {r.uri: (r.title, counts[r.id]) for r in records}


def test_round_trip_through_the_ckan_api(app, svc, demo_site):
    first, base_url = demo_site
    config = dict(app.config, HARVEST_ALLOW_PRIVATE=True)  # the first instance is on loopback
    summary = harvest(svc.store, svc.catalogue, config, location=base_url, kind="ckan", principal=SYSTEM)
    assert summary.failed == 0, summary.errors

    hidden = demo.hidden_slugs(DEMO_BASE)
    public = {uri: value for uri, value in _datasets(first.extensions["atlas"].store,
                                                     public_only=True).items()
              if uri.rsplit("/", 1)[-1] not in hidden}
    assert summary.new == len(public) >= 150
    harvested = _datasets(svc.store)
    assert set(harvested) == set(public)  # the same URIs: the importer keeps `uri`
    assert harvested == public  # titles and distribution counts too
    with svc.store.read() as session:
        sources = "\n".join(session.exec(select(Record.source_rdf)))
    for slug in hidden:  # not even as a name kept among a package's extras
        assert f"/{slug}>" not in sources and f'"{slug}"' not in sources, slug

    # A later run asks only for what changed since (fq=metadata_modified:[… TO *]).
    changed = next(iter(sorted(public)))
    record = first.extensions["atlas"].catalogue.get_any(uri=changed)
    first_catalogue = first.extensions["atlas"].catalogue
    first_catalogue.edit(record.id, {str(DCTERMS.title): [
        {"type": "literal", "value": "Nieuwe titel", "lang": "nl"}]}, principal=SYSTEM.named("test"))
    try:
        again = harvest(svc.store, svc.catalogue, config, location=base_url, kind="ckan", principal=SYSTEM)
        assert (again.new, again.updated, again.failed) == (0, 1, 0)
        assert _datasets(svc.store)[changed][0] == "Nieuwe titel"
    finally:  # the demo instance is shared with other tests: put the title back
        first_catalogue.edit(record.id, {str(DCTERMS.title): None}, principal=SYSTEM.named("test"))


def test_round_trip_keeps_themes_dates_and_distribution_links(app, svc, demo_site):
    first, base_url = demo_site
    config = dict(app.config, HARVEST_ALLOW_PRIVATE=True)
    harvest(svc.store, svc.catalogue, config, location=base_url, kind="ckan", principal=SYSTEM)
    from atlas.access import ANONYMOUS
    original = first.extensions["atlas"].catalogue
    for record in original.list(ANONYMOUS, kind="dataset", limit=30):
        copy = svc.catalogue.get_any(uri=record.uri)
        a, b = original.detail(record), svc.catalogue.detail(copy)
        assert (b.row.themes, b.row.issued, b.row.modified_at) == \
            (a.row.themes, a.row.issued, a.row.modified_at), record.uri
        assert sorted((d.uri, d.access_url, d.download_url) for d in b.children) == \
            sorted((d.uri, d.access_url, d.download_url) for d in a.children)
