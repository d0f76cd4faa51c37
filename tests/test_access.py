"""One access rule on every channel: anonymous callers never see internal or draft records."""

from __future__ import annotations

import pytest

from tests.conftest import BASE, sign_in
from tests.projections import rdf_query

HIDDEN = [("intern-verzuim", {"access": "internal"}), ("concept-plan", {"status": "draft"}),
          ("ter-review", {"status": "review"}), ("beperkt", {"access": "restricted"})]


@pytest.fixture
def catalogue(add_dataset):
    add_dataset("openbaar", "Openbare fietspaden")
    for slug, state in HIDDEN:
        add_dataset(slug, f"Geheim {slug}", **state)


def _sign_in(app, client, role):
    sign_in(app.extensions["atlas"].store, client, role)


@pytest.mark.parametrize("slug", [s for s, _ in HIDDEN])
@pytest.mark.parametrize("suffix, accept", [("", "text/html"), ("", "text/turtle"),
                                            (".ttl", None), (".jsonld", None), (".nt", None)])
def test_hidden_record_answers_404_anonymously(client, catalogue, slug, suffix, accept):
    headers = {"Accept": accept} if accept else {}
    response = client.get(f"/datasets/{slug}{suffix}", headers=headers)
    assert response.status_code == 404
    assert b"Geheim" not in response.data


def test_public_record_is_served(client, catalogue):
    response = client.get("/datasets/openbaar")
    assert response.status_code == 200
    assert b"Openbare fietspaden" in response.data
    assert "Cookie" in response.headers["Vary"]
    assert response.headers["Cache-Control"].startswith("private")


@pytest.mark.parametrize("path", ["/", "/search?q=geheim", "/search?q=", "/catalog.ttl",
                                  "/catalog.jsonld", "/catalog?page_size=1000"])
def test_no_listing_mentions_hidden_records(client, catalogue, path):
    response = client.get(path)
    assert response.status_code == 200
    body = response.data.decode()
    for slug, _ in HIDDEN:
        assert slug not in body
    assert "Geheim" not in body


def test_feed_counts_only_public_records(client, catalogue):
    body = client.get("/catalog.nt").data.decode()
    assert '"1"^^<http://www.w3.org/2001/XMLSchema#integer>' in body
    assert f"<{BASE}/datasets/openbaar>" in body


def test_viewer_sees_internal_but_not_drafts(app, client, catalogue):
    _sign_in(app, client, "viewer")
    assert client.get("/datasets/intern-verzuim").status_code == 200
    assert client.get("/datasets/concept-plan").status_code == 404
    assert client.get("/datasets/beperkt").status_code == 404
    assert "intern-verzuim" in client.get("/search?q=").data.decode()


def test_curator_sees_everything(app, client, catalogue):
    _sign_in(app, client, "curator")
    for slug, _ in HIDDEN:
        assert client.get(f"/datasets/{slug}").status_code == 200


def test_rdf_store_query_is_limited_to_visible_graphs(svc, catalogue):
    from atlas.access import ANONYMOUS
    rows = list(rdf_query(svc, ANONYMOUS, "SELECT DISTINCT ?s WHERE { ?s a ?t }",
                          generation=svc.projector.generation()))
    subjects = {row["s"].value for row in rows}
    assert subjects == {f"{BASE}/datasets/openbaar"}
    named = list(rdf_query(svc, ANONYMOUS, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                           generation=svc.projector.generation()))
    assert {row["g"].value for row in named} == {f"{BASE}/datasets/openbaar"}
