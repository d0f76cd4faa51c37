"""The CKAN importer on real CKAN and DKAN responses, synthetic paging, and HTTP on loopback."""

from __future__ import annotations

import contextlib
import http.server
import json
import threading
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, XSD

from importers.ckan_harvest import harvest, response_packages
from importers.ckan_package import package_records, plain_text
from importers.records import SourceError
from tests.services import require_or_skip
from vocab.namespaces import ATLAS, DCAT, EU_FILE_TYPE, FOAF, VCARD

CORPUS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "dcat"
ENVIDAT = "envidat_ckan_package_search_rows2.json"
DKAN = "udata_dkan_package_show_result_as_list.json"
BASE = "https://www.envidat.ch"
GEOJSON = URIRef("http://www.opengis.net/ont/geosparql#geoJSONLiteral")


def corpus(name: str) -> dict:
    """Return a corpus response, or skip when the shared corpus is absent."""
    path = CORPUS / name
    if not path.is_file():
        require_or_skip(f"../shared/corpus/dcat/{name} is absent")
    return json.loads(path.read_text(encoding="utf-8"))


def extras(graph, node) -> dict[str, str]:
    """Return the atlas:ckanExtra pairs of a node."""
    return {str(graph.value(pair, ATLAS.key)): str(graph.value(pair, ATLAS.value))
            for pair in graph.objects(node, ATLAS.ckanExtra)}


def test_envidat_packages_are_mapped():
    packages, count = response_packages(corpus(ENVIDAT))
    assert (len(packages), count) == (2, 858)
    records = [package_records(p, BASE + "/") for p in packages]
    assert [r.error for r in records] == ["", ""]
    first, second = records
    assert first.kind == "dataset"
    assert first.local_key == "8c2dcda3-8d82-40cd-b79e-1b4dbe4ac77f"
    assert first.uri == f"{BASE}/dataset/8c2dcda3-8d82-40cd-b79e-1b4dbe4ac77f"  # id, not name
    g, s = first.graph, URIRef(first.uri)
    assert (s, RDF.type, DCAT.Dataset) in g
    assert g.value(s, DCTERMS.title) == Literal(
        "The importance of hot summers and individual heatwaves for permafrost in the Swiss Alps",
        lang="en")
    assert "ATMOSPHERIC HEATWAVES" in {str(k) for k in g.objects(s, DCAT.keyword)}
    assert g.value(s, DCTERMS.license) == URIRef("https://creativecommons.org/licenses/by/4.0/")
    assert g.value(s, DCTERMS.modified).datatype == XSD.dateTime
    assert g.value(s, DCTERMS.spatial).datatype == GEOJSON
    assert g.value(g.value(s, DCTERMS.publisher), FOAF.name) == Literal("CRYOS")
    # maintainer is a JSON-encoded person: name and email come out of it
    contact = g.value(s, DCAT.contactPoint)
    assert g.value(contact, VCARD.fn) == Literal("Elizaveta Sharaborova")
    assert g.value(contact, VCARD.hasEmail) == URIRef("mailto:elizaveta.sharaborova@epfl.ch")
    kept = extras(g, s)
    assert len(kept) >= 15
    assert kept["doi"] == "10.16904/envidat.792"
    assert kept["deprecatedResources"] == "[]"
    assert json.loads(kept["author"])[0]["name"] == "Büeler"  # the authors beyond the contact
    assert "id" not in kept and "title" not in kept
    dist = g.value(s, DCAT.distribution)
    assert dist == URIRef(first.uri + "/resource/99c43a7e-36eb-411c-8242-edbfde8b5b01")
    size = g.value(dist, DCAT.byteSize)
    assert size.datatype == XSD.nonNegativeInteger and size.toPython() == 10004794304
    assert g.value(dist, DCTERMS["format"]) == EU_FILE_TYPE.ZIP
    assert g.value(dist, DCAT.mediaType) == URIRef(
        "https://www.iana.org/assignments/media-types/application/zip")
    assert str(g.value(dist, DCAT.downloadURL)).endswith("/download/snowpack_simulations.zip")
    assert "mimetype_inner" not in extras(g, dist)  # the string "null" counts as empty

    g2, s2 = second.graph, URIRef(second.uri)
    assert len(set(g2.objects(s2, DCAT.keyword))) == 11
    assert len(set(g2.objects(s2, DCAT.distribution))) == 4
    sizes = {g2.value(d, DCAT.byteSize).toPython() for d in g2.objects(s2, DCAT.distribution)}
    assert sizes == {18360566, 179589, 23257416, 57405}
    assert g2.value(g2.value(s2, DCAT.contactPoint), VCARD.hasEmail) == URIRef(
        "mailto:giovanni.bortolami@wsl.ch")
    assert g2.value(s2, DCTERMS.title).language is None  # no language field in this package


def test_mapping_is_deterministic():
    package = response_packages(corpus(ENVIDAT))[0][1]
    assert isomorphic(package_records(package, BASE).graph, package_records(package, BASE).graph)


def test_dkan_list_result():
    packages, count = response_packages(corpus(DKAN))
    assert (len(packages), count) == (1, None)
    record = package_records(packages[0], "https://opendata.hautsdefrance.fr")
    # The file says "private": true: the record is built but carries an error.
    assert record.error == "package 04be6288-696d-4331-850d-a144871a7e3a is private"
    g, s = record.graph, URIRef(record.uri)
    assert g.value(s, DCTERMS.issued) == Literal("mar, 10/12/2019 - 09:23")  # plain, not typed
    assert g.value(s, DCTERMS.modified) == Literal("2019-09-30T22:00:00", datatype=XSD.dateTime)
    assert str(g.value(s, DCTERMS.description)) == (
        "Liste et coordonnées des antennes de proximité du conseil régional Hauts-de-France.")
    assert g.value(s, DCTERMS.identifier) == Literal("4b5f8e1b-de37-47cd-9203-37a59f318b09")
    assert g.value(s, DCTERMS.license) == URIRef(
        "http://www.etalab.gouv.fr/pages/Licence_ouverte_Open_licence-5899923.html")
    assert g.value(s, DCTERMS.subject) == Literal("Région Hauts-de-France")
    assert "Services d utilité publique et services publics" in {
        str(k) for k in g.objects(s, DCAT.keyword)}
    dists = {str(g.value(d, DCTERMS.title)): d for d in g.objects(s, DCAT.distribution)}
    xlsx = dists["coordonnees_antennes.xlsx"]
    assert g.value(xlsx, DCTERMS["format"]) == EU_FILE_TYPE.XLSX
    assert g.value(xlsx, DCAT.byteSize) is None  # "42 octets" is no byte count…
    assert extras(g, xlsx)["size"] == "42 octets"  # …but it is kept
    assert g.value(xlsx, DCTERMS.modified) == Literal("Date changed  jeu, 19/12/2019 - 03:00")
    assert extras(g, s)["metadata-language"] == "fre"
    # "Active" is active: made public, the same package has no error.
    public = package_records({**packages[0], "private": False}, "https://opendata.hautsdefrance.fr")
    assert public.error == ""


def test_identity_errors_and_odd_values():
    package = {"id": "p1", "title": "T", "language": "nl", "url": "not a url",
               "extras": [{"key": "uri", "value": "https://data.example.org/id/p1"},
                          {"key": "nested", "value": {"b": 1, "a": [2]}}],
               "resources": [{"url": "https://x.org/a file.csv", "format": "csv", "size": "12"},
                             {"url": "ftp://x.org/f", "format": "Shapefile (zip)", "size": -1}]}
    record = package_records(package, BASE)
    g, s = record.graph, URIRef("https://data.example.org/id/p1")
    assert record.uri == str(s) and record.local_key == "p1"
    assert g.value(s, DCTERMS.title) == Literal("T", lang="nl")
    assert g.value(s, DCAT.landingPage) is None and extras(g, s)["url"] == "not a url"
    assert extras(g, s)["nested"] == '{"a": [2], "b": 1}'
    by_format = {g.value(d, DCTERMS["format"]): d for d in g.objects(s, DCAT.distribution)}
    csv, other = by_format[EU_FILE_TYPE.CSV], by_format[Literal("Shapefile (zip)")]
    assert g.value(csv, DCAT.accessURL) == URIRef("https://x.org/a%20file.csv")
    assert g.value(csv, DCAT.byteSize) == Literal(12, datatype=XSD.nonNegativeInteger)
    assert g.value(other, DCAT.accessURL) == Literal("ftp://x.org/f")
    assert g.value(other, DCAT.byteSize) is None

    assert "has no title" in package_records({"id": "p2"}, BASE).error
    assert package_records({"id": "p3", "name": "n", "state": "deleted"}, BASE).error == (
        "package p3 is deleted")
    broken = package_records({"id": "p4", "title": "T", "resources": "oops", "tags": 5}, BASE)
    assert broken.error.startswith("package p4:")
    assert package_records({"id": "p5", "title": "T", "maintainer": "null",
                            "author": "null", "author_email": "null"}, BASE).error == ""


def test_plain_text_keeps_paragraphs():
    assert plain_text("<p>One &amp;\n two</p><p>Three<br>four</p>") == "One & two\n\nThree\nfour"
    assert plain_text("Markdown *stays*\n\n- as is") == "Markdown *stays*\n\n- as is"


def fake_portal(total: int, calls: list[str], page_limit: int | None = None):
    """Return a get_json serving `total` synthetic packages through package_search."""
    def get_json(url: str) -> dict:
        calls.append(url)
        query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
        start, rows = int(query["start"]), int(query["rows"])
        rows = min(rows, page_limit or rows)
        results = [{"id": f"p{i:03}", "title": f"Package {i}"}
                   for i in range(start, min(start + rows, total))]
        return {"success": True, "result": {"count": total, "results": results}}
    return get_json


def test_harvest_pages_until_the_count():
    calls: list[str] = []
    records = list(harvest(fake_portal(250, calls), BASE, rows=100))
    assert len(records) == 250 and records[-1].local_key == "p249"
    starts = [parse_qs(urlsplit(url).query)["start"][0] for url in calls]
    assert starts == ["0", "100", "200"]
    query = parse_qs(urlsplit(calls[0]).query)
    assert urlsplit(calls[0]).path == "/api/3/action/package_search"
    assert query["rows"] == ["100"] and query["sort"] == ["metadata_modified asc"]
    assert "fq" not in query


def test_harvest_since_and_limits():
    calls: list[str] = []
    list(harvest(fake_portal(5, calls), BASE + "/", since="2024-01-01T01:00:00+01:00"))
    assert parse_qs(urlsplit(calls[0]).query)["fq"] == [
        "metadata_modified:[2024-01-01T00:00:00.000000Z TO *]"]
    calls.clear()
    assert len(list(harvest(fake_portal(250, calls), BASE, rows=100, max_pages=2))) == 200
    assert len(calls) == 2
    calls.clear()  # the portal caps rows at 40: paging follows what came back
    assert len(list(harvest(fake_portal(250, calls, page_limit=40), BASE, rows=100))) == 250

    def lying_count(url: str) -> dict:
        calls.append(url)
        return {"success": True, "result": {"count": 1000, "results": []}}
    calls.clear()
    assert list(harvest(lying_count, BASE)) == [] and len(calls) == 1


def test_harvest_raises_on_ckan_error():
    def failing(url: str) -> dict:
        return {"success": False, "error": {"__type": "Search Query Error",
                                            "message": "Invalid search query"}}
    with pytest.raises(SourceError, match=r"\(Search Query Error\): Invalid search query"):
        list(harvest(failing, BASE))
    with pytest.raises(SourceError):
        response_packages({"success": True, "result": "nothing"})


class _Portal(http.server.BaseHTTPRequestHandler):
    """Serves the envidat response as the first package_search page, then an empty page."""

    body = b""
    paths: list[str] = []

    def do_GET(self):
        self.paths.append(self.path)
        url = urlsplit(self.path)
        if url.path != "/api/3/action/package_search":
            self.send_error(404)
            return
        start = int(parse_qs(url.query).get("start", ["0"])[0])
        body = self.body if start == 0 else json.dumps(
            {"success": True, "result": {"count": 858, "results": []}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        """Keep the test output quiet."""


@contextlib.contextmanager
def serve_portal(body: bytes):
    """Run the fake CKAN portal on 127.0.0.1; yield its base URL and the requested paths."""
    handler = type("Portal", (_Portal,), {"body": body, "paths": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler.paths
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_harvest_over_http_on_loopback():
    body = json.dumps(corpus(ENVIDAT)).encode()
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy

    def get_json(url: str) -> dict:
        with opener.open(url, timeout=5) as response:
            return json.loads(response.read())

    with serve_portal(body) as (base, paths):
        records = list(harvest(get_json, base, rows=2))
    assert [r.local_key for r in records] == ["8c2dcda3-8d82-40cd-b79e-1b4dbe4ac77f",
                                              "19c270cb-d470-4bf6-b527-90c1b44040e8"]
    assert records[0].uri == f"{base}/dataset/8c2dcda3-8d82-40cd-b79e-1b4dbe4ac77f"
    assert len(paths) == 2 and "start=2" in paths[1]  # the empty second page stops the harvest


def test_harvest_stops_when_a_portal_ignores_start():
    calls: list[str] = []

    def same_page(url: str) -> dict:  # DKAN-like: list result, `start` ignored
        calls.append(url)
        return {"success": True, "result": [{"id": f"d{i}", "title": "T"} for i in range(3)]}
    assert len(list(harvest(same_page, BASE, rows=3))) == 3 and len(calls) == 2
