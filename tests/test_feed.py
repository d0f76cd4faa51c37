"""The catalogue feed: paging, validators and 304s, modified_since, and a harvest round trip."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from atlas import create_app, demo
from atlas.access import SYSTEM
from atlas.harvest.run import harvest
from tests.conftest import BASE as TEST_BASE
from vocab.description import describe
from vocab.namespaces import DCAT, HYDRA

HYDRA_NS = str(HYDRA)


def test_paging_links_totals_and_headers(client, add_dataset):
    for n in range(5):
        add_dataset(f"d{n}", f"Dataset {n}")
    response = client.get("/catalog.ttl?page=2&page_size=2")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert "Accept" in response.headers["Vary"] and response.headers["ETag"]
    graph = Graph().parse(data=response.data, format="turtle")
    view = URIRef(f"{TEST_BASE}/catalog.ttl?page=2&page_size=2")
    link = {p.removeprefix(HYDRA_NS): str(o) for p, o in graph.predicate_objects(view)
            if str(p).startswith(HYDRA_NS)}
    assert link["next"].endswith("page=3&page_size=2")
    assert link["previous"].endswith("page=1&page_size=2")
    assert link["last"].endswith("page=3&page_size=2") and link["first"].endswith("page=1&page_size=2")
    assert link["nextPage"] == link["next"] and link["totalItems"] == "5"
    assert len(set(graph.objects(URIRef(f"{TEST_BASE}/catalog"), DCAT.dataset))) == 2
    last = Graph().parse(data=client.get("/catalog.ttl?page=3&page_size=2").data, format="turtle")
    assert not list(last.objects(None, HYDRA.next))


@pytest.mark.parametrize("accept, media", [("application/ld+json", "application/ld+json"),
                                           ("application/rdf+xml", "application/rdf+xml"),
                                           ("text/html", "text/turtle"),
                                           ("application/n-triples;q=0.9, text/turtle;q=0.5",
                                            "application/n-triples")])
def test_feed_format_by_accept(client, add_dataset, accept, media):
    add_dataset("a")
    response = client.get("/catalog", headers={"Accept": accept})
    assert response.mimetype == media


def test_conditional_requests_answer_304_until_something_changes(client, add_dataset, svc):
    record, _ = add_dataset("a", "Eerste")
    first = client.get("/catalog.ttl")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert client.get("/catalog.ttl", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/catalog.ttl", headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get("/catalog.nt", headers={"If-None-Match": etag}).status_code == 200
    svc.catalogue.set_state(record.id, principal=SYSTEM.named("c"), access_level="internal")
    changed = client.get("/catalog.ttl", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_modified_since_returns_only_what_changed(client, add_dataset, svc):
    add_dataset("oud", "Oud")
    moment = datetime.now(UTC)
    record, _ = add_dataset("nieuw", "Nieuw")
    since = (moment - timedelta(milliseconds=1)).isoformat().replace("+00:00", "Z")
    body = client.get(f"/catalog.nt?modified_since={since}").data.decode()
    assert f"{TEST_BASE}/datasets/nieuw>" in body and f"{TEST_BASE}/datasets/oud>" not in body
    response = client.get("/catalog.nt?modified_since=yesterday",
                          headers={"Accept": "application/json"})
    assert response.status_code == 400 and "modified_since" in response.json["message"]


# --- a second Atlas harvests the first one's feed --------------------------------------------

def _whole_feed(app) -> Graph:
    client, base = app.test_client(), app.config["BASE_URI"]
    graph, url = Graph(), "/catalog.nt?page_size=100"
    while url:
        page = Graph().parse(data=client.get(url).data, format="nt")
        graph += page
        following = [str(o) for o in page.objects(None, HYDRA.next)]
        assert all(link.startswith(base + "/") for link in following)
        url = following[0].removeprefix(base) if following else None
    return graph


@pytest.fixture
def served_demo_at_its_base(tmp_path):
    """The demo content in an instance served at its own ATLAS_BASE_URI (its links answer)."""
    from atlas.demo.load import load
    from tests.browsing import serve_app_at_its_base

    def make(base):
        app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "one"),
                          "BASE_URI": base, "SECRET_KEY": "t"})
        app.extensions["atlas"].store.upgrade()
        load(app.extensions["atlas"].catalogue)
        app.extensions["atlas"].projector.kick(wait=True)
        return app

    with serve_app_at_its_base(make) as (app, base):
        yield app, base
        app.extensions["atlas"].store.dispose()


def test_a_second_atlas_harvests_the_feed_and_ends_with_the_same_public_records(
        served_demo_at_its_base, tmp_path):
    first_app, url = served_demo_at_its_base
    first = first_app.extensions["atlas"]
    second_app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "two"),
                             "BASE_URI": "http://second.test", "SECRET_KEY": "t"})
    second = second_app.extensions["atlas"]
    second.store.upgrade()
    config = dict(second_app.config, HARVEST_ALLOW_PRIVATE=True)
    summary = harvest(second.store, second.catalogue, config,
                      location=f"{url}/catalog.ttl?page_size=25", principal=SYSTEM)
    from atlas.access import ANONYMOUS
    public = first.catalogue.list(ANONYMOUS, kind=("dataset", "dataservice"), limit=10_000)
    assert summary.failed == 0 and summary.new == len(public)
    assert summary.pages == -(-len(public) // 25)
    hidden = {f"{url}/datasets/{slug}" for slug in demo.hidden_slugs(url)}
    assert hidden
    # Each record as a harvester finds it in either feed: its description in the pages.
    feed_one = _whole_feed(first_app)
    feed_two = _whole_feed(second_app)
    iris = {URIRef(r.uri) for r in public}
    for record in public:
        node = URIRef(record.uri)
        assert isomorphic(describe(feed_two, node, exclude=iris),
                          describe(feed_one, node, exclude=iris)), record.uri
    from sqlmodel import select

    from atlas.models import Record
    with second.store.read() as session:
        uris = set(session.exec(select(Record.uri)))
    assert uris == {r.uri for r in public}
    assert not uris & hidden
    second.store.dispose()


def test_the_feed_takes_the_same_words_and_filters_as_search(client, svc):
    from rdflib.namespace import DCTERMS

    from tests.conftest import dataset_input
    from vocab.namespaces import EU_THEME
    for slug, title, theme in (("fiets", "Fietspaden", "TRAN"), ("water", "Grondwater", "ENVI"),
                               ("bus", "Bushaltes", "TRAN")):
        uri = URIRef(f"{TEST_BASE}/datasets/{slug}")
        svc.catalogue.upsert(dataset_input(slug, title, extra=[(uri, DCAT.theme, EU_THEME[theme])]),
                             principal=SYSTEM.named("t"))
    graph = Graph().parse(data=client.get("/catalog.ttl?theme=TRAN&page_size=1").data,
                          format="turtle")
    catalog = URIRef(f"{TEST_BASE}/catalog")
    assert len(set(graph.objects(catalog, DCAT.dataset))) == 1
    assert str(graph.value(catalog, HYDRA.totalItems)) == "2"
    following = str(next(graph.objects(None, HYDRA.next)))
    assert "theme=TRAN" in following and "page=2" in following
    words = Graph().parse(data=client.get("/catalog.nt?q=fietspaden").data, format="nt")
    assert {str(o) for o in words.objects(catalog, DCAT.dataset)} == {f"{TEST_BASE}/datasets/fiets"}
    assert words.value(URIRef(f"{TEST_BASE}/datasets/fiets"), DCTERMS.title) is not None
