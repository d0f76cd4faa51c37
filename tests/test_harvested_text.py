"""Hostile harvested text: control characters, huge literals and direction overrides.

Harvested control characters and non-XML characters are removed at harvest (a warning in the
run), overlong literals are capped (a warning), records stored before that still give
well-formed RDF/XML and HTML, and harvested text never reorders the page around it.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF
from sqlmodel import select

from atlas.access import SYSTEM
from atlas.harvest.run import harvest
from atlas.models import HarvestRun, Record
from atlas.records import RecordInput
from tests.conftest import BASE
from tests.test_cli import run as run_cli
from vocab.literal_hygiene import NAME_CAP, TEXT_CAP
from vocab.namespaces import DCAT

# Every C0 control but TAB, LF and CR, and the XML-illegal U+FFFE and U+FFFF.
ILLEGAL = "".join(chr(c) for c in range(32) if c not in (9, 10, 13)) + "\ufffe\uffff"
RAW_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
RLO = "\u202e"


def _escaped(text: str) -> str:
    """Write text inside a Turtle string, with \\u escapes for what may not be raw."""
    return "".join(c if c.isalnum() or c in " .,-" else f"\\u{ord(c):04X}" for c in text)


def _catalogue(title: str, description: str = "Beschrijving.", key: str = "1") -> str:
    return ("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
            "@prefix dct: <http://purl.org/dc/terms/> .\n"
            f'<http://partner.test/ds/{key}> a dcat:Dataset ; dct:title "{_escaped(title)}"@nl ;'
            f' dct:description "{_escaped(description)}"@nl ;'
            f' dcat:keyword "sleutel{_escaped(ILLEGAL[:3])}"@nl ;'
            f' dcat:distribution [ a dcat:Distribution ; dct:title "CSV{_escaped(ILLEGAL[5:8])}"@nl ;'
            f' dcat:downloadURL <http://partner.test/f{_escaped(chr(1))}.csv> ] .\n')


@pytest.fixture
def harvest_text(app, svc, tmp_path):
    """Harvest a catalogue file holding text; return (summary, slug of its dataset)."""
    def run(text: str, name: str = "partner.ttl"):
        source = tmp_path / name
        source.write_text(text, encoding="utf-8")
        summary = harvest(svc.store, svc.catalogue, app.config, location=str(source), principal=SYSTEM)
        assert summary.failed == 0, summary.errors
        with svc.store.read() as session:
            slugs = list(session.exec(select(Record.slug).where(Record.kind == "dataset")))
        return summary, slugs
    return run


def _assert_well_formed_xml(body: bytes, what: str) -> None:
    try:
        ElementTree.fromstring(body)
    except ElementTree.ParseError as exc:
        raise AssertionError(f"{what} is not well-formed XML: {exc}") from None


def test_control_characters_are_removed_at_harvest_with_a_warning(client, svc, harvest_text):
    summary, [slug] = harvest_text(_catalogue(f"Grond{ILLEGAL}water"))
    assert summary.new == 1
    [warning] = summary.warnings
    assert warning["record"] == "http://partner.test/ds/1"
    assert "dct:title" in warning["message"] and "control" in warning["message"]
    with svc.store.read() as session:
        record = session.exec(select(Record)).one()
        run = session.exec(select(HarvestRun)).one()
    assert record.title == "Grondwater"
    assert not RAW_ILLEGAL.search(record.source_rdf)
    assert run.warnings == summary.warnings
    for path in ("/catalog.rdf", f"/datasets/{slug}.rdf"):
        response = client.get(path)
        assert response.status_code == 200
        _assert_well_formed_xml(response.data, path)
    html = client.get(f"/datasets/{slug}").get_data(as_text=True)
    assert "Grondwater" in html and not RAW_ILLEGAL.search(html)


def test_records_stored_before_the_fix_still_give_well_formed_output(client, svc):
    """A record stored with raw controls (as before harvests cleaned) is served clean."""
    uri = URIRef(f"{BASE}/datasets/oud")
    graph = Graph()
    graph.add((uri, RDF.type, DCAT.Dataset))
    graph.add((uri, DCTERMS.title, Literal(f"Oud{ILLEGAL}record", lang="nl")))
    graph.add((uri, DCTERMS.description, Literal("Tekst\x00met\x1bNUL", lang="nl")))
    svc.catalogue.upsert(RecordInput("dataset", str(uri), graph, slug="oud",
                                     status="published", access="public"), principal=SYSTEM.named("test"))
    svc.projector.kick(wait=True)
    for path in ("/catalog.rdf", "/catalog.rdf?page=1&page_size=10", "/datasets/oud.rdf"):
        response = client.get(path)
        assert response.status_code == 200, path
        _assert_well_formed_xml(response.data, path)
    for path in ("/catalog.ttl", "/catalog.jsonld", "/catalog.nt", "/datasets/oud.ttl",
                 "/datasets/oud.jsonld", "/datasets/oud.nt", "/datasets/oud",
                 "/search?q=oud", "/search?sort=modified", "/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not RAW_ILLEGAL.search(response.get_data(as_text=True)), path
    assert "Oudrecord" in client.get("/datasets/oud").get_data(as_text=True)


def test_a_huge_title_is_capped_at_harvest_and_pages_stay_small(client, svc, harvest_text):
    """A 1 MB title and a 1 MB description: stored capped (a warning), pages a few kB."""
    huge = "Grondwater " * (1_048_576 // 11)
    summary, [slug] = harvest_text(_catalogue(huge, description=huge))
    message = summary.warnings[0]["message"]
    assert f"dct:title cut to {NAME_CAP:,} characters" in message
    assert f"dct:description cut to {TEXT_CAP:,} characters" in message
    with svc.store.read() as session:
        record = session.exec(select(Record)).one()
    assert len(record.title) <= NAME_CAP and record.title.endswith("…")
    assert len(record.description) <= TEXT_CAP
    sizes = {path: len(client.get(path).data) for path in (
        f"/datasets/{slug}", "/search?sort=modified", "/search?q=grondwater", "/")}
    assert all(size < 40_000 for size in sizes.values()), sizes


def test_records_stored_before_the_caps_are_shown_in_bounded_excerpts(client, add_dataset):
    """A record stored with a 1 MB title (before the caps) gives pages of a bounded size."""
    huge = "Peilbuis " * (1_048_576 // 9)
    add_dataset("groot", huge)
    sizes = {path: len(client.get(path).data) for path in (
        "/datasets/groot", "/search?sort=modified", "/search?q=peilbuis", "/")}
    assert all(size < 40_000 for size in sizes.values()), sizes


def test_harvest_json_reports_the_warnings(tmp_path):
    """`atlas harvest --json` has a "warnings" list beside the contract's keys."""
    assert run_cli(tmp_path, "init").returncode == 0
    source = tmp_path / "partner.ttl"
    source.write_text(_catalogue(f"Titel{chr(7)}met bel"), encoding="utf-8")
    done = run_cli(tmp_path, "harvest", str(source), "--json")
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert {"new", "updated", "unchanged", "withdrawn", "failed", "errors"} <= set(summary)
    assert summary["new"] == 1
    assert [w["record"] for w in summary["warnings"]] == ["http://partner.test/ds/1"]
    text = run_cli(tmp_path, "harvest", str(source), "--force")
    assert text.returncode == 0, text.stderr
    [line] = [line for line in text.stdout.splitlines() if "warning:" in line]
    assert line.strip().startswith("warning: http://partner.test/ds/1: ")
    assert "removed " in line and "an IRI held characters" in line


def test_the_source_page_shows_the_runs_warnings(client, svc, harvest_text):
    from atlas.models import Source
    from tests.conftest import sign_in

    harvest_text(_catalogue(f"Titel{chr(7)}met bel"))
    with svc.store.write() as session:  # an ad-hoc file source is named by its path: rename it
        source = session.exec(select(Source)).one()
        source.name = "partner"
        session.add(source)
    sign_in(svc.store, client, "admin")
    html = client.get("/admin/sources/partner").get_data(as_text=True)
    assert "Waarschuwingen van de laatste run" in html
    assert "http://partner.test/ds/1" in html and "control" in html
    english = client.get("/admin/sources/partner?lang=en").get_data(as_text=True)
    assert "Warnings of the latest run" in english


def test_a_right_to_left_override_is_isolated_wherever_a_title_is_shown(client, harvest_text):
    """U+202E in a title stays inside <bdi>: it cannot reverse the text around it."""
    title = f"Kaart {RLO}fdp.tsil"
    _, [slug] = harvest_text(_catalogue(title))
    pages = {"record": f"/datasets/{slug}", "search": "/search?q=kaart",
             "listing": "/search?sort=modified", "home": "/"}
    for name, path in pages.items():
        html = client.get(path).get_data(as_text=True)
        assert RLO in html, name
        for found in re.finditer(RLO, html):
            before = html[:found.start()]
            assert before.rfind("<bdi>") > before.rfind("</bdi>") or (
                before.rfind("\u2068") > before.rfind("\u2069")), \
                f"{name}: an override outside an isolate: {html[found.start() - 80:found.end()]!r}"


def test_a_nul_in_harvested_text_is_stored_on_every_database(any_db_app, tmp_path):
    """PostgreSQL refuses NUL in text: without the cleaning such a record failed to harvest."""
    svc = any_db_app.extensions["atlas"]
    source = tmp_path / "nul.ttl"
    source.write_text(_catalogue("Nul\x00teken", description="Met\x00NUL"), encoding="utf-8")
    summary = harvest(svc.store, svc.catalogue, any_db_app.config, location=str(source), principal=SYSTEM)
    assert (summary.new, summary.failed) == (1, 0), summary.errors
    assert summary.warnings and "dct:title" in summary.warnings[0]["message"]
    with svc.store.read() as session:
        assert session.exec(select(Record.title)).one() == "Nulteken"
