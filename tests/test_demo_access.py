"""The demo content as anonymous visitors meet it: everything public is there, nothing else is."""

from __future__ import annotations

import re

import pytest
from rdflib import Graph

from atlas import demo
from tests.conftest import DEMO_BASE as BASE


@pytest.fixture(scope="module")
def hidden():
    records = {r.slug: r for r in demo.records(BASE)}
    slugs = demo.hidden_slugs(BASE)
    assert len(slugs) >= 5
    return {slug: records[slug] for slug in slugs}


def test_demo_loads_every_kind(demo_app):
    counts = demo_app.config["DEMO_COUNTS"]
    assert counts["dataset"] >= 150 and counts["concept"] >= 80
    assert counts["indicator"] >= 20 and counts["organisation"] >= 10
    assert counts["observation"] >= 20 * 26 * 5


def test_feed_holds_the_public_datasets_and_no_hidden_one(demo_app, hidden):
    client = demo_app.test_client()
    graph = Graph()
    page, seen_pages = 1, 0
    while True:
        response = client.get(f"/catalog.ttl?page={page}&page_size=100")
        assert response.status_code == 200
        body = response.data.decode()
        for slug in hidden:
            assert f"/{slug}>" not in body, slug
        graph.parse(data=body, format="turtle")
        seen_pages += 1
        if "hydra:next" not in body and "hydra#next" not in body:
            break
        page += 1
    from vocab.namespaces import DCAT
    datasets = set(graph.objects(None, DCAT.dataset))
    public = {r.uri for r in demo.records(BASE) if r.kind == "dataset"} - {
        r.uri for r in hidden.values()}
    assert {str(d) for d in datasets} == public
    assert seen_pages == 2


def test_hidden_records_answer_404_in_every_form(demo_app, hidden):
    client = demo_app.test_client()
    section = {"dataset": "datasets", "concept": "definitions", "indicator": "indicators",
               "dataservice": "dataservices", "organisation": "organisations",
               "conceptscheme": "definitions"}
    for slug, record in hidden.items():
        for suffix in ("", ".ttl", ".jsonld"):
            assert client.get(f"/{section[record.kind]}/{slug}{suffix}").status_code == 404


def test_anonymous_pages_never_mention_hidden_records(demo_app, hidden):
    client = demo_app.test_client()
    titles = set()
    for record in hidden.values():
        from rdflib import URIRef

        from vocab.records import read_title
        title = read_title(record.graph, URIRef(record.uri))
        if len(title.split()) >= 3:  # a one-word concept label may occur in public text
            titles.add(title)
    pages = ["/", "/?lang=en", "/search?q=", "/search?q=ziekteverzuim", "/search?q=concept",
             "/search?q=warmte", "/search?q=subsidie", "/search?q=intern"]
    pages += [f"/search?q=&page={n}" for n in range(2, 8)]
    # every public record page a visitor can reach from the search results
    listing = client.get("/search?q=").data.decode()
    pages += sorted(set(re.findall(r'href="(/(?:datasets|definitions|indicators|organisations|dataservices)/[^"?]+)"', listing)))
    for concept_page in [p for p in pages if p.startswith("/definitions/")][:20]:
        pages.append(concept_page + ".ttl")
    assert len(pages) > 25
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.data.decode()
        for slug in hidden:
            assert f"/{slug}" not in body, (path, slug)
        for title in titles:
            assert title not in body, (path, title)


def test_a_demo_dataset_uri_answers_turtle(demo_app):
    client = demo_app.test_client()
    record = next(r for r in demo.records(BASE) if r.kind == "dataset")
    path = record.uri.removeprefix(BASE)
    response = client.get(path, headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    graph = Graph().parse(data=response.data, format="turtle")
    from rdflib import URIRef
    assert (URIRef(record.uri), None, None) in graph


def test_knmi_indicator_is_served_with_its_observations(demo_app):
    client = demo_app.test_client()
    record = next(r for r in demo.records(BASE) if r.kind == "indicator"
                  and "tropische" in r.slug)
    body = client.get(record.uri.removeprefix(BASE)).data.decode()
    assert "Lopik" in body
    turtle = client.get(record.uri.removeprefix(BASE) + ".nt").data.decode()
    assert turtle.count("http://purl.org/linked-data/cube#Observation") >= 30
