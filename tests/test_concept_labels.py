"""Exact label lookup: every preferred, alternative and hidden label of a concept, kept in step.

`ConceptLabel` rows are written with the concept (replaced on update and edit), carried by
export and import, and read by `/api/v1/concepts/lookup` and the `label` prefix filter of
`/api/v1/concepts` in one indexed query, under the one access rule.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from sqlmodel import select

from atlas.access import SYSTEM
from atlas.models import ConceptLabel
from atlas.records import transfer
from tests.conftest import BASE, make_app, sign_in

SCHEME = f"{BASE}/definitions/begrippen"


def concept(slug: str, labels: dict, *, alt=(), hidden=(), status="published",
            access="public"):
    """Return a concept of the test scheme with prefLabels {lang: text} and other labels."""
    from atlas.records import RecordInput

    uri = URIRef(f"{BASE}/definitions/{slug}")
    graph = Graph()
    graph.add((uri, RDF.type, SKOS.Concept))
    graph.add((uri, SKOS.inScheme, URIRef(SCHEME)))
    for lang, text in labels.items():
        graph.add((uri, SKOS.prefLabel, Literal(text, lang=lang or None)))
    for text in alt:
        graph.add((uri, SKOS.altLabel, Literal(text, lang="nl")))
    for text in hidden:
        graph.add((uri, SKOS.hiddenLabel, Literal(text, lang="nl")))
    return RecordInput("concept", str(uri), graph, status=status, access=access, slug=slug)


def lookup(client, text: str) -> set[str]:
    response = client.get("/api/v1/concepts/lookup", query_string={"label": text})
    assert response.status_code == 200
    return {c["id"] for c in response.json["concepts"]}


def test_lookup_finds_preferred_alternative_and_hidden_labels_ignoring_case_and_accents(
        svc, client):
    svc.catalogue.upsert_many([
        concept("cafe", {"nl": "Café-terras", "en": "Pavement café", "de": "Straßencafé"},
                alt=["Terras  bij een café"], hidden=["kafeeterras"]),
        concept("terp", {"nl": "Terp"}),
    ], principal=SYSTEM.named("test"))
    assert lookup(client, "café-terras") == {"cafe"}
    assert lookup(client, "CAFE-TERRAS") == {"cafe"}
    assert lookup(client, "pavement cafe") == {"cafe"}
    assert lookup(client, "STRASSENCAFE") == {"cafe"}  # a third language, ß folded to ss
    assert lookup(client, " terras bij een CAFÉ ") == {"cafe"}  # spacing folded too
    assert lookup(client, "Kafeeterras") == {"cafe"}  # a hidden label (a common misspelling)
    assert lookup(client, "café") == set()  # exact, not a prefix or a word
    assert lookup(client, "terp") == {"terp"}


def test_lookup_and_the_label_filter_never_show_what_the_caller_may_not_see(app, svc, client):
    svc.catalogue.upsert_many([
        concept("intern", {"nl": "Geheim begrip"}, alt=["Verborgen"], access="internal"),
        concept("concept-werk", {"nl": "Geheim ontwerp"}, status="draft"),
    ], principal=SYSTEM.named("test"))
    assert lookup(client, "geheim begrip") == set()
    assert lookup(client, "verborgen") == set()
    assert lookup(client, "geheim ontwerp") == set()
    assert client.get("/api/v1/concepts?label=geheim").json["total"] == 0
    sign_in(svc.store, client, "curator")
    assert lookup(client, "geheim begrip") == {"intern"}
    assert lookup(client, "geheim ontwerp") == {"concept-werk"}
    assert {c["id"] for c in client.get("/api/v1/concepts?label=GEHEIM").json["concepts"]} \
        == {"intern", "concept-werk"}


def test_the_label_filter_matches_the_start_of_any_preferred_label(svc, client):
    svc.catalogue.upsert_many([
        concept("energie", {"nl": "Énergie-transitie", "en": "Energy transition"},
                alt=["warmtetransitie"]),
        concept("water", {"nl": "Waterkwaliteit"}),
    ], principal=SYSTEM.named("test"))

    def ids(prefix):
        return {c["id"] for c in client.get("/api/v1/concepts",
                                            query_string={"label": prefix}).json["concepts"]}

    assert ids("energie") == {"energie"}  # accent on the label, none in the prefix
    assert ids("ENERGY") == {"energie"}
    assert ids("wat") == {"water"}
    assert ids("warmte") == set()  # alternative labels are for lookup, not this filter


def test_labels_follow_an_update_and_a_curators_edit(svc, client):
    svc.catalogue.upsert(concept("fiets", {"nl": "Fiets"}, alt=["Rijwiel"]), principal=SYSTEM.named("test"))
    assert lookup(client, "rijwiel") == {"fiets"}
    svc.catalogue.upsert(concept("fiets", {"nl": "Fiets"}, alt=["Stalen ros"]), principal=SYSTEM.named("test"))
    assert lookup(client, "rijwiel") == set()
    assert lookup(client, "stalen ros") == {"fiets"}
    record = svc.catalogue.get_any(uri=f"{BASE}/definitions/fiets")
    svc.catalogue.edit(record.id, {str(SKOS.hiddenLabel): [
        {"type": "literal", "value": "fietz", "lang": "nl"}]}, principal=SYSTEM.named("curator"))
    assert lookup(client, "FIETZ") == {"fiets"}
    assert lookup(client, "stalen ros") == {"fiets"}


def _labels(svc) -> set[tuple]:
    with svc.store.read() as session:
        from atlas.models import Record

        return {(slug, row.key, row.label, row.lang, row.role) for row, slug in session.exec(
            select(ConceptLabel, Record.slug).join(Record, Record.id == ConceptLabel.concept_id))}


def test_export_then_import_and_a_reindex_leave_the_same_labels(tmp_path, svc):
    svc.catalogue.upsert_many([
        concept("cafe", {"nl": "Café", "en": "Coffee house"}, alt=["Koffiehuis"],
                hidden=["kafee"]),
        concept("terp", {"nl": "Terp", "": "Wierde"}),
    ], principal=SYSTEM.named("test"))
    before = _labels(svc)
    assert ("cafe", "kafee", "kafee", "nl", "hidden") in before
    assert ("terp", "wierde", "Wierde", "", "pref") in before
    assert svc.projector.rebuild() == 2
    assert _labels(svc) == before
    path = tmp_path / "export.trig"
    transfer.export(svc.catalogue, path)
    other = make_app(tmp_path / "other", None)
    try:
        other_svc = other.extensions["atlas"]
        transfer.import_(other_svc.catalogue, path, principal=SYSTEM)
        assert _labels(other_svc) == before
        other_svc.projector.rebuild()
        assert _labels(other_svc) == before
    finally:
        other.extensions["atlas"].store.dispose()


def test_every_demo_concept_is_found_by_each_of_its_labels(demo_app):
    from atlas.demo.definitions import CONCEPTS

    client = demo_app.test_client()
    for item in (c for c in CONCEPTS if c.status == "published"):
        for label in (item.nl, item.en, *item.alt, *item.hidden):
            assert item.slug in lookup(client, label.upper()), label
