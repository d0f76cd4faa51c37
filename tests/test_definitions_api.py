"""The definitions API: schemes, concepts by scheme/status/label, hierarchy, lookup by label."""

from __future__ import annotations

import pytest

from atlas import demo
from tests.conftest import DEMO_BASE


@pytest.fixture(scope="module")
def client(demo_app):
    return demo_app.test_client()


def test_schemes_list_the_demo_scheme_with_its_visible_concepts(client):
    schemes = {s["id"]: s for s in client.get("/api/v1/schemes").json["schemes"]}
    records = [r for r in demo.records(DEMO_BASE) if r.kind == "conceptscheme"]
    assert set(schemes) == {r.slug for r in records}
    hidden = demo.hidden_slugs(DEMO_BASE)
    biggest = max(schemes.values(), key=lambda s: s["concepts"])
    visible_concepts = [r for r in demo.records(DEMO_BASE)
                        if r.kind == "concept" and r.slug not in hidden]
    assert 80 <= biggest["concepts"] <= len(visible_concepts)


def test_concepts_filter_by_scheme_and_label_and_page(client):
    scheme = max(client.get("/api/v1/schemes").json["schemes"], key=lambda s: s["concepts"])
    everything = client.get(f"/api/v1/concepts?scheme={scheme['id']}&page_size=1000").json
    assert everything["total"] == scheme["concepts"] == len(everything["concepts"])
    hidden = demo.hidden_slugs(DEMO_BASE)
    assert not {c["id"] for c in everything["concepts"]} & hidden
    first = everything["concepts"][0]["label"]
    narrowed = client.get(f"/api/v1/concepts?label={first[:3]}").json
    assert narrowed["concepts"] and all(c["label"].lower().startswith(first[:3].lower())
                                        for c in narrowed["concepts"])
    paged = client.get(f"/api/v1/concepts?scheme={scheme['id']}&page=2&page_size=10").json
    assert [c["id"] for c in paged["concepts"]] == \
        [c["id"] for c in everything["concepts"][10:20]]


def test_a_concept_with_its_broader_and_narrower_also_transitively(client):
    deep = client.get("/api/v1/concepts/zonne-energie").json
    assert deep["broader"], deep
    parent = deep["broader"][0]["id"]
    upward = client.get("/api/v1/concepts/zonne-energie?transitive=1").json
    assert len(upward["broader"]) >= len(deep["broader"])
    top = client.get(f"/api/v1/concepts/{parent}?transitive=1").json
    assert "zonne-energie" in {c["id"] for c in top["narrower"]}


def test_lookup_by_an_alternative_label(client):
    from rdflib.namespace import SKOS
    record = next(r for r in demo.records(DEMO_BASE) if r.kind == "concept"
                  and r.slug not in demo.hidden_slugs(DEMO_BASE)
                  and (None, SKOS.altLabel, None) in r.graph)
    alt = str(next(record.graph.objects(None, SKOS.altLabel)))
    found = client.get(f"/api/v1/concepts/lookup?label={alt.upper()}").json["concepts"]
    assert record.slug in {c["id"] for c in found}


def test_hidden_concepts_and_bad_input(client):
    hidden_concepts = [r.slug for r in demo.records(DEMO_BASE)
                       if r.kind == "concept" and r.slug in demo.hidden_slugs(DEMO_BASE)]
    assert hidden_concepts
    for slug in hidden_concepts:
        assert client.get(f"/api/v1/concepts/{slug}").status_code == 404
    assert client.get("/api/v1/concepts?status=bogus").status_code == 400
    assert client.get("/api/v1/concepts?page_size=5000").status_code == 400
    assert client.get("/api/v1/concepts/lookup").status_code == 400
    assert client.get("/api/v1/concepts?scheme=bestaat-niet").status_code == 404


def test_concepts_filter_by_editorial_status(demo_app):
    client = demo_app.test_client()
    settled = client.get("/api/v1/concepts?editorial_status=vastgesteld&page_size=1000").json
    assert settled["total"] > 50
    assert {c["editorial_status"] for c in settled["concepts"]} == {"vastgesteld"}
    # Drafts (in bewerking) are not public: anonymous callers find none.
    assert client.get("/api/v1/concepts?status=in-bewerking").json["total"] == 0
    one = client.get("/api/v1/concepts/hittestress").json
    assert one["editorial_status"] == "vastgesteld"
    bad = client.get("/api/v1/concepts?editorial_status=klaar")
    assert bad.status_code == 400 and "editorial_status" in bad.json["errors"]
