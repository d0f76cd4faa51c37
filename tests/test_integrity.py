"""Integrity findings of concept schemes: the NL-SBB profile and Atlas's checks, stored and shown.

Corpus files are harvested into a fresh store as the data desk would; small schemes built here
cover what the corpus does not (a cycle, an edit after a check, a scheme too big to check inline).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from sqlmodel import select

from atlas.access import SYSTEM
from atlas.definitions import integrity
from atlas.harvest.run import harvest
from atlas.models import IntegrityFinding, Record
from atlas.publish import quality
from atlas.records import RecordInput
from importers.rdf_parse import parse
from tests.conftest import BASE, corpus_dir, sign_in

SHAPES = Path(__file__).resolve().parents[1] / "vocab" / "shapes"


def _harvest(svc, app, name: str) -> None:
    path = corpus_dir("vocab") / name
    summary = harvest(svc.store, svc.catalogue, app.config, location=str(path), kind="skos", principal=SYSTEM)
    assert summary.failed == 0
    list(integrity.check_stale(svc.store, limit=None, principal=SYSTEM))


def _rows(svc, **where) -> list[IntegrityFinding]:
    with svc.store.read() as session:
        statement = select(IntegrityFinding)
        for name, value in where.items():
            statement = statement.where(getattr(IntegrityFinding, name) == value)
        return list(session.exec(statement))


def _local(rows, code: str, origin: str | None = None) -> list[str]:
    return sorted(r.focus.rsplit("/", 1)[-1] for r in rows
                  if r.code == code and (origin is None or origin in r.origin.split("+")))


def _record(svc, uri: str) -> Record:
    return svc.catalogue.get_any(uri=uri)


# --- the profile as shipped, and the fast way of running it ------------------------------------

def test_the_profile_is_shipped_as_published():
    shipped = (SHAPES / quality.NLSBB_FILE).read_bytes()
    assert shipped == (corpus_dir("vocab") / "nlsbb_skos-ap-nl_shacl_profile.ttl").read_bytes()
    readme = (SHAPES / "README.md").read_text()
    assert quality.NLSBB_FILE in readme and "b5e37a6" in readme and "CC BY 4.0" in readme


@pytest.mark.parametrize("name", ["nlsbb_stelselcatalogus_metadata_begrippen_nl.ttl",
                                  "skosmos-test_dup.ttl",
                                  "skosmos-test_hierarchy_without_topconcepts.ttl",
                                  "nlsbb_begrippenkader_nlbegrip_nl_en.ttl"])
def test_oxigraph_sparql_gives_what_pyshacl_gives(name):
    """The split run (SPARQL constraints on Oxigraph) reports exactly what pySHACL alone does."""
    path = corpus_dir("vocab") / name
    graph = parse(path.read_bytes(), name=path.name)

    def key(r):  # pySHACL drops the language of a SPARQL constraint's sh:message
        return r.focus, r.path, r.component, r.source, r.value, r.severity, \
            tuple(m for _, m in r.messages)

    split = {key(r) for r in quality.check_nlsbb(graph)}
    assert split == {key(r) for r in quality.check_nlsbb(graph, engine="pyshacl")}
    assert split  # every one of these files has findings


def test_the_netbeheer_file_meets_the_profile():
    path = corpus_dir("vocab") / "netbeheer-nl_begrippenkader_adms-status_nl.ttl"
    graph = parse(path.read_bytes(), name=path.name)
    assert quality.check_nlsbb(graph) == []
    assert integrity.findings_of(graph) == []


# --- corpus files through the store -------------------------------------------------------------

def test_working_draft_findings(app, svc):
    """The stelselcatalogus draft: one concept without definition, an undeclared scheme."""
    _harvest(svc, app, "nlsbb_stelselcatalogus_metadata_begrippen_nl.ttl")
    rows = _rows(svc)
    assert all(r.scheme_id is None for r in rows)  # its scheme is never declared
    assert _local(rows, "missing-definition", "nl-sbb") == ["LaatstBijgewerkt"]
    missing = next(r for r in rows if r.code == "missing-definition")
    assert (missing.severity, missing.origin) == ("violation", "atlas+nl-sbb")
    in_scheme = [r for r in rows if r.code == "class-in-scheme"]
    assert len(in_scheme) == 27 and {r.origin for r in in_scheme} == {"nl-sbb"}
    assert {r.severity for r in in_scheme} == {"violation"}
    assert in_scheme[0].message.startswith("In kader http://begrippen.nlbegrip.nl/sbb/id/"
                                           "begrippenkader/BegrippenkaderNPS is geen "
                                           "skos:ConceptScheme")
    orphans = _local(rows, "orphan", "nl-sbb")
    assert len(orphans) == 25
    assert "Het begrip is geen topbegrip" in next(r.message for r in rows if r.code == "orphan")


def test_duplicate_labels_file(app, svc):
    """skosmos dup: the profile finds 7 missing definitions and 7 orphans; Atlas the duplicates.

    The profile's unique-label constraint compares concepts of one skos:inScheme, and this file
    names no scheme, so the duplicate labels are Atlas's finding alone.
    """
    _harvest(svc, app, "skosmos-test_dup.ttl")
    rows = _rows(svc)
    assert _local(rows, "missing-definition", "nl-sbb") == [f"d{i}" for i in range(1, 8)]
    assert _local(rows, "orphan", "nl-sbb") == [f"d{i}" for i in range(1, 8)]
    assert _local(rows, "duplicate-pref-label") == ["d1", "d2", "d3", "d6"]
    assert _local(rows, "duplicate-pref-label", "nl-sbb") == []
    assert Counter(r.origin for r in rows) == {"atlas+nl-sbb": 14, "atlas": 4}


def test_a_clean_scheme_in_the_store(app, svc):
    _harvest(svc, app, "sdmx-cog_subject-matter-domains_skos.ttl")
    rows = _rows(svc)
    # Its concepts meet the profile; the scheme is named by rdfs:label, not dct:title.
    assert [(r.code, r.severity, r.origin) for r in rows] == [("min-count-title", "warning",
                                                                "nl-sbb")]
    assert rows[0].message.startswith("Naam (dct:title) ontbreekt")
    assert rows[0].concept_id == rows[0].scheme_id


# --- small schemes built here -------------------------------------------------------------------

def _scheme(slug: str = "kader", *triples) -> RecordInput:
    uri = URIRef(f"{BASE}/definitions/{slug}")
    graph = Graph()
    graph.add((uri, RDF.type, SKOS.ConceptScheme))
    graph.add((uri, DCTERMS.title, Literal(f"Kader {slug}", lang="nl")))
    for predicate, obj in triples:
        graph.add((uri, predicate, obj))
    return RecordInput("conceptscheme", str(uri), graph, status="published", access="public",
                       slug=slug)


def _concept(slug: str, *triples, scheme: str = "kader", definition: bool = True) -> RecordInput:
    uri = URIRef(f"{BASE}/definitions/{slug}")
    graph = Graph()
    graph.add((uri, RDF.type, SKOS.Concept))
    graph.add((uri, SKOS.prefLabel, Literal(slug.capitalize(), lang="nl")))
    if definition:
        graph.add((uri, SKOS.definition, Literal(f"Definitie van {slug}.", lang="nl")))
    graph.add((uri, SKOS.inScheme, URIRef(f"{BASE}/definitions/{scheme}")))
    for predicate, obj in triples:
        graph.add((uri, predicate, obj))
    return RecordInput("concept", str(uri), graph, status="published", access="public", slug=slug)


def _ref(slug: str) -> URIRef:
    return URIRef(f"{BASE}/definitions/{slug}")


@pytest.fixture
def small(svc):
    """A scheme: top "water", "grondwater" under it, "oppervlaktewater" without definition."""
    svc.catalogue.upsert_many([
        _scheme("kader", (SKOS.hasTopConcept, _ref("water"))),
        _concept("water", (SKOS.topConceptOf, _ref("kader"))),
        _concept("grondwater", (SKOS.broader, _ref("water"))),
        _concept("oppervlaktewater", (SKOS.broader, _ref("water")), definition=False),
    ], principal=SYSTEM.named("test"))
    return svc.catalogue.get_any(uri=str(_ref("kader")))


def test_concept_page_shows_a_curator_the_findings_and_nobody_else(app, svc, small):
    anonymous = app.test_client()
    page = anonymous.get("/definitions/oppervlaktewater").get_data(as_text=True)
    assert "integriteit-kop" not in page and "geen definitie" not in page
    viewer = app.test_client()
    sign_in(svc.store, viewer, "viewer")
    assert "integriteit-kop" not in viewer.get("/definitions/oppervlaktewater").get_data(
        as_text=True)
    curator = app.test_client()
    sign_in(svc.store, curator, "curator")
    page = curator.get("/definitions/oppervlaktewater").get_data(as_text=True)
    assert "integriteit-kop" in page  # checked by the follower after the upsert
    assert "Overtreding" in page and "Het begrip heeft geen definitie" in page
    assert "controle van Atlas en NL-SBB-profiel" in page
    assert 'href="/definitions/kader/integrity"' in page
    clean = curator.get("/definitions/grondwater").get_data(as_text=True)
    assert "Geen bevindingen bij dit begrip." in clean
    english = curator.get("/definitions/oppervlaktewater?lang=en").get_data(as_text=True)
    assert '<span lang="nl">Het begrip heeft geen definitie' in english


def test_report_counts_and_links_for_curators_only(app, svc, small):
    for role in (None, "viewer"):
        client = app.test_client()
        if role:
            sign_in(svc.store, client, role)
        assert client.get("/definitions/kader/integrity").status_code == 404
        assert client.get("/api/v1/schemes/kader/findings").status_code == 404
        assert client.post("/definitions/kader/integrity").status_code in (400, 404)
    curator = app.test_client()
    sign_in(svc.store, curator, "curator")
    assert curator.get("/definitions/bestaat-niet/integrity").status_code == 404
    page = curator.get("/definitions/kader/integrity").get_data(as_text=True)
    assert re.search(r'<a href="#soort-missing-definition"><code>missing-definition</code></a>'
                     r'</th><td>Overtreding</td><td>1</td>', page)
    assert 'id="soort-missing-definition"' in page
    assert 'href="/definitions/oppervlaktewater"' in page
    assert "Gecontroleerd op" in page and "sindsdien gewijzigd" not in page
    scheme_page = curator.get("/definitions/kader").get_data(as_text=True)
    assert 'href="/definitions/kader/integrity"' in scheme_page
    assert "integrity" not in app.test_client().get("/definitions/kader").get_data(as_text=True)


def test_check_again_needs_the_form_token(app, svc, small):
    curator = app.test_client()
    sign_in(svc.store, curator, "curator")
    curator.get("/definitions/kader/integrity")
    with svc.store.read() as session:
        before = session.get(integrity.IntegrityCheck, small.id).checked
    assert curator.post("/definitions/kader/integrity").status_code == 400
    with curator.session_transaction() as session:
        token = session["csrf"]
    done = curator.post("/definitions/kader/integrity", data={"csrf_token": token})
    assert done.status_code == 303 and done.location.endswith("/definitions/kader/integrity")
    with svc.store.read() as session:
        assert session.get(integrity.IntegrityCheck, small.id).checked > before


def test_an_edit_makes_the_stamp_stale_and_the_page_checks_again(app, svc, small):
    curator = app.test_client()
    sign_in(svc.store, curator, "curator")
    assert "geen definitie" not in curator.get("/definitions/grondwater").get_data(as_text=True)
    stamp_before, _ = integrity.stamp(svc.store, small.id)
    grondwater = _record(svc, str(_ref("grondwater")))
    svc.catalogue.edit(grondwater.id, {str(SKOS.definition): []}, principal=SYSTEM.named("test"))
    assert integrity.stamp(svc.store, small.id)[0] != stamp_before
    page = curator.get("/definitions/grondwater").get_data(as_text=True)
    assert "Het begrip heeft geen definitie" in page
    report = curator.get("/api/v1/schemes/kader/findings").json
    assert {"code": "missing-definition", "severity": "violation", "count": 2} in report["counts"]


def test_a_big_stale_scheme_shows_its_last_findings(app, svc, small, monkeypatch):
    curator = app.test_client()
    sign_in(svc.store, curator, "curator")
    curator.get("/definitions/kader/integrity")  # checked while small
    monkeypatch.setattr(integrity, "INLINE_LIMIT", 2)  # now it counts as big
    grondwater = _record(svc, str(_ref("grondwater")))
    svc.catalogue.edit(grondwater.id, {str(SKOS.definition): []}, principal=SYSTEM.named("test"))
    page = curator.get("/definitions/grondwater").get_data(as_text=True)
    assert "sindsdien gewijzigd" in page and "geen definitie" not in page
    report = curator.get("/definitions/kader/integrity").get_data(as_text=True)
    assert "sindsdien gewijzigd" in report
    assert curator.get("/api/v1/schemes/kader/findings").json["changed_since_check"] is True
    assert "sindsdien gewijzigd" in curator.get("/definitions/kader").get_data(as_text=True)


def test_a_cycle_is_reported_on_each_concept_and_nothing_hangs(app, svc):
    svc.catalogue.upsert_many([
        _scheme("kringloop"),
        _concept("a", (SKOS.broader, _ref("c")), scheme="kringloop"),
        _concept("b", (SKOS.broader, _ref("a")), scheme="kringloop"),
        _concept("c", (SKOS.broader, _ref("b")), scheme="kringloop"),
    ], principal=SYSTEM.named("test"))
    curator = app.test_client()
    sign_in(svc.store, curator, "curator")
    started = time.perf_counter()
    for slug in ("a", "b", "c", "kringloop"):
        assert curator.get(f"/definitions/{slug}").status_code == 200
    report = curator.get("/definitions/kringloop/integrity").get_data(as_text=True)
    assert time.perf_counter() - started < 20
    assert 'id="soort-cycle"' in report and "Kringloop in de hiërarchie" in report
    rows = _rows(svc, code="cycle")
    assert _local(rows, "cycle") == ["a", "b", "c"]
    page = curator.get("/definitions/b").get_data(as_text=True)
    assert "Kringloop in de hiërarchie" in page


def test_json_view_pages_through_the_findings(app, svc, small):
    curator = app.test_client()
    sign_in(svc.store, curator, "curator")
    body = curator.get("/api/v1/schemes/kader/findings").json
    assert body["scheme"] == "kader" and body["concepts"] == 3 and body["checked"]
    assert body["total"] == len(body["findings"]) >= 1
    finding = next(f for f in body["findings"] if f["code"] == "missing-definition")
    assert finding["origin"] == "atlas+nl-sbb" and finding["severity"] == "violation"
    assert finding["record"]["url"].endswith("/definitions/oppervlaktewater")
    first = curator.get("/api/v1/schemes/kader/findings?page_size=1").json["findings"]
    second = curator.get("/api/v1/schemes/kader/findings?page_size=1&page=2").json["findings"]
    assert len(first) == 1 and first != second
    assert curator.get("/api/v1/schemes/kader/findings?page=0").status_code == 400


def test_references_to_another_scheme_are_no_dangling_ones(app, svc):
    svc.catalogue.upsert_many([
        _scheme("eerste"), _scheme("tweede"),
        _concept("boven", (SKOS.topConceptOf, _ref("eerste")), scheme="eerste"),
        _concept("onder", (SKOS.broader, _ref("boven")), (SKOS.topConceptOf, _ref("tweede")),
                 scheme="tweede"),
    ], principal=SYSTEM.named("test"))
    list(integrity.check_stale(svc.store, limit=None, principal=SYSTEM))
    onder = _record(svc, str(_ref("onder")))
    codes = {r.code for r in integrity.of_record(svc.store, onder.id)}
    assert "dangling" not in codes and "class-broader" not in codes
    assert "top-concept-with-broader" in codes  # a real finding all the same


def test_withdrawn_concepts_are_left_out(app, svc, small):
    list(integrity.check_stale(svc.store, limit=None, principal=SYSTEM))
    bad = _record(svc, str(_ref("oppervlaktewater")))
    assert integrity.of_record(svc.store, bad.id)
    svc.catalogue.withdraw(bad.id, principal=SYSTEM.named("test"))  # the follower checks the scheme again
    assert integrity.of_record(svc.store, bad.id) == []
    assert list(integrity.check_stale(svc.store, limit=None, unschemed=False, principal=SYSTEM)) == []  # fresh


def test_harvest_and_cli_check_definitions(tmp_path):
    from tests.test_cli import run

    assert run(tmp_path, "init").returncode == 0
    path = corpus_dir("vocab") / "skosmos-test_nolang.ttl"
    done = run(tmp_path, "harvest", str(path), "--kind", "skos")
    assert done.returncode == 0, done.stderr
    assert re.search(r"definitions: \S+: \d+ findings", done.stderr)
    again = run(tmp_path, "check-definitions")
    assert again.returncode == 0 and " concepts, " in again.stdout
    missing = run(tmp_path, "check-definitions", "bestaat-niet")
    assert missing.returncode == 1 and "no such concept scheme" in missing.stderr


def test_the_netbeheer_scheme_stays_clean_once_imported(app, svc):
    """Its definitions cite documents described by IRI: those descriptions come along."""
    _harvest(svc, app, "netbeheer-nl_begrippenkader_adms-status_nl.ttl")
    assert [(r.code, r.focus) for r in _rows(svc)] == []


def test_a_concept_named_only_by_hasTopConcept_is_checked_with_its_scheme(svc):
    scheme, concept = _ref("kader"), _ref("los")
    graph = Graph()
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, DCTERMS.title, Literal("Kader", lang="nl")))
    graph.add((scheme, SKOS.hasTopConcept, concept))
    label = Graph()
    label.add((concept, RDF.type, SKOS.Concept))
    label.add((concept, SKOS.prefLabel, Literal("los begrip", lang="nl")))  # no definition
    result = svc.catalogue.upsert_many([
        RecordInput("conceptscheme", str(scheme), graph, status="published", slug="kader"),
        RecordInput("concept", str(concept), label, status="published", slug="los")],
        principal=SYSTEM.named("test"))
    integrity.check_scheme(svc.store, result[0].record_id, principal=SYSTEM)
    rows = _rows(svc, scheme_id=result[0].record_id)
    assert ("missing-definition", str(concept)) in {(r.code, r.focus) for r in rows}
    assert integrity.check_unschemed(svc.store, principal=SYSTEM) == 0  # not also a concept in no scheme
