"""Record pages answer as HTML or RDF, by Accept header (with q-values) and by suffix."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from tests.conftest import BASE

FORMATS = [("text/turtle", "turtle", ".ttl"), ("application/ld+json", "json-ld", ".jsonld"),
           ("application/rdf+xml", "xml", ".rdf"), ("application/n-triples", "nt", ".nt")]


@pytest.mark.parametrize("media, rdflib_format, suffix", FORMATS)
def test_dataset_as_rdf_by_accept_and_suffix(client, add_dataset, media, rdflib_format, suffix):
    add_dataset("wegen", "Provinciale wegen")
    subject = URIRef(f"{BASE}/datasets/wegen")
    for response in (client.get("/datasets/wegen", headers={"Accept": media}),
                     client.get(f"/datasets/wegen{suffix}")):
        assert response.status_code == 200
        assert response.mimetype == media
        graph = Graph().parse(data=response.data, format=rdflib_format)
        assert (subject, None, None) in graph
    assert "Accept" in client.get("/datasets/wegen", headers={"Accept": media}).headers["Vary"]


def test_q_values_decide(client, add_dataset):
    add_dataset("wegen")
    response = client.get("/datasets/wegen",
                          headers={"Accept": "text/html;q=0.5, text/turtle;q=0.9"})
    assert response.mimetype == "text/turtle"
    response = client.get("/datasets/wegen",
                          headers={"Accept": "text/html, application/xhtml+xml, */*;q=0.8"})
    assert response.mimetype == "text/html"


def test_html_page_links_its_rdf_alternates(client, add_dataset):
    add_dataset("wegen")
    body = client.get("/datasets/wegen").data.decode()
    for media, _, suffix in FORMATS:
        assert f'type="{media}" href="/datasets/wegen{suffix}"' in body


def test_unknown_suffix_or_section_is_404_not_500(client, add_dataset):
    add_dataset("wegen")
    assert client.get("/datasets/wegen.exe").status_code == 404
    assert client.get("/datasets/").status_code == 404
    response = client.get("/nope", headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response.json["code"] == 404 and response.json["message"]


def test_bad_paging_input_is_a_clear_400(client):
    response = client.get("/catalog.ttl?page_size=5000", headers={"Accept": "application/json"})
    assert response.status_code == 400
    assert "page_size" in response.json["message"]
    assert client.get("/search?page=0").status_code == 400
