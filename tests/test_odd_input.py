"""Odd input answers a 4xx with a message, or a 200, on every channel: never a 500."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from rdflib import Graph
from rdflib.namespace import Namespace

from tests.conftest import sign_in
from tests.test_curation_pages import csrf, make_scheme, post

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
# Every word of these is a stop word (Dutch or English) or a single letter or sign.
COMMON = ["de het een", "x y", "A+B", "B&W", "x/y", "a AND", "*:*", "a\x00b", "van de", "in de",
          "op de", "of the", "a b", "x-y", "a%b", "Q 4", "P+R"]


def _q(text: str) -> str:
    return quote(text, safe="")


@pytest.mark.parametrize("text", COMMON)
def test_a_search_of_only_common_words_finds_nothing_and_says_why(demo_app, text):
    client = demo_app.test_client()
    page = client.get(f"/search?q={_q(text)}&lang=nl")
    assert page.status_code == 200
    assert "de zoekwoorden zijn te algemeen of te kort" in page.get_data(as_text=True)
    english = client.get(f"/search?q={_q(text)}&lang=en").get_data(as_text=True)
    assert "the search words are too common or too short" in english
    api = client.get(f"/api/v1/search?q={_q(text)}")
    assert api.status_code == 200 and api.get_json()["total"] == 0 and not api.get_json()["hits"]
    csv = client.get(f"/api/v1/search.csv?q={_q(text)}")
    assert csv.status_code == 200
    assert csv.get_data(as_text=True).strip() == "id,type,title,url,uri,matched_via"
    suggest = client.get(f"/api/v1/suggest?q={_q(text)}")
    assert suggest.status_code == 200 and suggest.get_json() == {"suggestions": []}
    feed = client.get(f"/catalog.nt?q={_q(text)}")
    assert feed.status_code == 200
    graph = Graph().parse(data=feed.get_data(as_text=True), format="nt")
    assert {int(t) for t in graph.objects(None, HYDRA.totalItems)} == {0}


def test_common_words_beside_a_real_one_are_left_out(demo_app):
    client = demo_app.test_client()
    alone = client.get("/api/v1/search?q=fiets").get_json()
    assert alone["total"] > 0
    assert client.get("/api/v1/search?q=de%20fiets%20x").get_json()["total"] == alone["total"]
    assert "te algemeen" not in client.get("/search?q=de%20fiets").get_data(as_text=True)


def test_a_synonym_of_signs_and_letters_still_finds_its_concept(demo_app):
    from tests.test_fuzz import signed_in_curator

    client, _ = signed_in_curator(demo_app)  # its own account: the demo instance is shared
    found = client.get("/api/v1/search?q=P%2BR").get_json()  # P+R: a draft concept's label
    assert any(hit["matched_via"].startswith("synoniem: P+R") for hit in found["hits"])


def test_every_count_tile_of_the_home_page_opens_its_filtered_search(demo_app):
    client = demo_app.test_client()
    home = client.get("/").get_data(as_text=True)
    tiles = re.findall(r'href="(/search\?type=\w+)"', home)
    assert len(tiles) == 4
    for path in tiles:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Actieve filters" in response.get_data(as_text=True)


@pytest.mark.parametrize("path", [
    "/catalog?page=1000000000000000000000000000000", "/catalog?page=1e400",
    "/catalog?page_size=%C2%B2", "/search?page=10000000000000000000000",
    "/api/v1/concepts?page=%C2%B2", "/api/v1/search?page_size=-1",
    "/api/3/action/package_list?limit=1e400",
    "/api/3/action/package_search?rows=100000000000000000000000",
])
def test_a_number_out_of_any_range_is_a_400_naming_the_parameter(demo_app, path):
    response = demo_app.test_client().get(path, headers={"Accept": "application/json"})
    assert response.status_code in (400, 409), path
    body = response.get_json()
    name = re.search(r"[?&](\w+)=", path).group(1)
    message = body["message"] if "message" in body else body["error"]["message"]
    assert name in message


def _ckan(client, action: str, body: str):
    return client.post(f"/api/3/action/{action}", data=body,
                       content_type="application/json")


def test_the_ckan_search_refuses_oversized_queries_in_its_own_error_shape(demo_app):
    client = demo_app.test_client()
    many = " AND ".join(f"tags:t{n}" for n in range(2000))
    for params in ({"fq": many}, {"q": "water " * 40_000}, {"q": " ".join("w" * 50)},
                   {"fq": "tags:" + "x" * 200_000}):
        response = _ckan(client, "package_search", json.dumps(params))
        assert response.status_code == 409, params.keys()
        body = response.get_json()
        assert body["success"] is False
        assert body["error"]["__type"] == "Validation Error"
        assert "at most" in json.dumps(body["error"])
    fine = _ckan(client, "package_search",
                 json.dumps({"fq": " AND ".join(["res_format:CSV"] * 100)}))
    assert fine.status_code == 200 and fine.get_json()["success"] is True


@pytest.mark.parametrize("action,field", [("package_search", "q"), ("package_show", "id"),
                                          ("organization_show", "id"),
                                          ("package_search", "fq")])
def test_a_lone_surrogate_in_a_ckan_request_is_refused(demo_app, action, field):
    response = _ckan(demo_app.test_client(), action, '{"' + field + '": "water\\ud800"}')
    assert response.status_code == 409
    body = response.get_json()
    assert body["success"] is False and "surrogate" in body["error"]["message"]


def test_a_lone_surrogate_or_a_bad_escape_elsewhere_is_never_a_500(demo_app):
    client = demo_app.test_client()
    for path in ("/search?q=%ED%A0%80", "/api/v1/search?q=%ED%A0%80", "/catalog?q=%ED%A0%80",
                 "/api/v1/suggest?q=%ED%A0%80fiets", "/datasets/%ED%A0%80",
                 "/api/v1/concepts/lookup?label=%ED%A0%80"):
        assert client.get(path).status_code < 500, path
    nested = client.post("/api/3/action/package_search", data="[" * 100_000,
                         content_type="application/json")
    assert nested.status_code == 409
    assert client.post("/login", data="email=%ED%A0%80&password=x",
                       content_type="application/x-www-form-urlencoded").status_code < 500
    forged = client.post("/login", data={"csrf_token": "ünïcødé", "email": "a@b.c"})
    assert forged.status_code == 400  # compare_digest refuses non-ASCII text: was a 500


def test_a_state_change_with_a_version_that_is_no_number_is_refused(svc, client, add_dataset):
    record, _ = add_dataset("grondwater")
    sign_in(svc.store, client, "curator")
    for version in ("abc", "1e400", "²", "-1"):
        response = post(client, "/datasets/grondwater/state",
                        {"status": "withdrawn", "version": version})
        assert response.status_code == 400, version
        assert "version" in response.get_data(as_text=True)
    after = svc.catalogue.get_any(uri=record.uri)
    assert (after.status, after.version) == ("published", record.version)


def test_a_concept_import_with_an_impossible_version_stores_nothing(svc, client):
    sign_in(svc.store, client, "curator")
    scheme = make_scheme(client)
    before = _revisions(svc)
    for seen in ('{"1": 1e400}', '{"1": NaN}', '{"1": 1e30}', '[1]', '{"1": "x"}',
                 '{"1": 100000000000000000000000000000}', "[" * 100_000):
        response = client.post(f"/definitions/{scheme}/import", data={
            "csrf_token": csrf(client), "step": "store", "seen": seen,
            "content": "dXJpO3ByZWZfbGFiZWxfbmwKO2ZpZXRzCg=="})  # uri;pref_label_nl / ;fiets
        assert response.status_code == 400, seen
        assert "Het formulier is onvolledig" in response.get_data(as_text=True)
    assert _revisions(svc) == before


def _revisions(svc) -> int:
    from sqlmodel import func, select

    from atlas.models import Revision

    with svc.store.read() as session:
        return session.exec(select(func.count()).select_from(Revision)).one()


def test_the_lone_surrogate_check_leaves_good_json_alone(demo_app):
    response = _ckan(demo_app.test_client(), "package_search",
                     json.dumps({"q": "fiets 😀", "rows": 1}))
    assert response.status_code == 200 and response.get_json()["success"] is True
