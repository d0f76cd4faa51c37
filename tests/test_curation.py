"""Curating definitions through the service: create, edit, editorial status, links, history."""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from atlas.access import ANONYMOUS, SYSTEM, Principal
from atlas.definitions import curation
from atlas.errors import Conflict, Forbidden, InvalidInput
from atlas.models import Role
from atlas.records.publication import effective_graph

CURATOR = Principal(user_id=1, email="redacteur@utrecht.test", role=Role.curator)
VIEWER = Principal(user_id=2, email="lezer@utrecht.test", role=Role.viewer)


@pytest.fixture
def scheme(svc):
    return curation.create_scheme(svc.catalogue, CURATOR,
                                  {"title_nl": "Mobiliteit", "title_en": "Mobility"},
                                  status="published")


def concept(svc, scheme, label, **values):
    return curation.create_concept(svc.catalogue, CURATOR, scheme,
                                   {"pref_label_nl": label, **values}, status="published")


def test_a_curator_creates_a_concept_in_a_scheme_as_skos(svc, scheme):
    vervoer = concept(svc, scheme, "vervoermiddel", definition_nl="Iets om mee te reizen.")
    fiets = concept(svc, scheme, "fiets", pref_label_en="bicycle", broader=["vervoermiddel"],
                    alt_labels_nl=["rijwiel", "tweewieler"], notation="F1",
                    editorial_status="voorgesteld")
    graph = effective_graph(fiets)
    subject = URIRef(fiets.uri)
    assert (subject, SKOS.broader, URIRef(vervoer.uri)) in graph
    assert (subject, SKOS.inScheme, URIRef(scheme.uri)) in graph
    assert {str(o) for o in graph.objects(subject, SKOS.altLabel)} == {"rijwiel", "tweewieler"}
    assert curation.fields_of(fiets)["editorial_status"] == "voorgesteld"
    assert fiets.uri.startswith(svc.catalogue.base_uri + "/definitions/fiets-")
    # Only a concept without a broader one is a top concept of its scheme.
    assert (URIRef(vervoer.uri), SKOS.topConceptOf, URIRef(scheme.uri)) in effective_graph(vervoer)
    assert (subject, SKOS.topConceptOf, None) not in graph


def test_creating_needs_a_label_and_known_references(svc, scheme):
    with pytest.raises(InvalidInput) as missing:
        curation.create_concept(svc.catalogue, CURATOR, scheme, {"definition_nl": "x"})
    assert "pref_label_nl" in missing.value.errors
    with pytest.raises(InvalidInput) as unknown:
        concept(svc, scheme, "auto", broader=["bestaat niet"])
    assert "bestaat niet" in unknown.value.errors["broader"][0]
    with pytest.raises(InvalidInput) as status:
        concept(svc, scheme, "auto", editorial_status="klaar")
    assert "editorial_status" in status.value.errors
    assert svc.catalogue.count(CURATOR, kind="concept") == 0


def test_only_curators_create_and_edit(svc, scheme):
    for who in (ANONYMOUS, VIEWER):
        with pytest.raises(Forbidden):
            curation.create_concept(svc.catalogue, who, scheme, {"pref_label_nl": "fiets"})
    fiets = concept(svc, scheme, "fiets")
    with pytest.raises(Forbidden):
        curation.update(svc.catalogue, VIEWER, fiets, {"definition_nl": "x"})


def test_an_edit_keeps_other_languages_and_logs_a_readable_difference(svc, scheme):
    fiets = concept(svc, scheme, "fiets", pref_label_en="bicycle", definition_nl="Oud.")
    svc.catalogue.edit(fiets.id, {str(SKOS.prefLabel): [
        {"type": "literal", "value": "fiets", "lang": "nl"},
        {"type": "literal", "value": "bicycle", "lang": "en"},
        {"type": "literal", "value": "Fahrrad", "lang": "de"}]}, principal=SYSTEM.named("someone"))
    fiets = svc.catalogue.get_any(uri=fiets.uri)
    edited = curation.update(svc.catalogue, CURATOR, fiets,
                             {"pref_label_nl": "rijwiel", "definition_nl": "Nieuw."},
                             expected_version=fiets.version)
    labels = {(str(o), o.language) for o in effective_graph(edited).objects(
        URIRef(edited.uri), SKOS.prefLabel)}
    assert labels == {("rijwiel", "nl"), ("bicycle", "en"), ("Fahrrad", "de")}
    assert edited.title == "rijwiel"
    latest = svc.catalogue.revisions(edited)[0]
    assert latest.actor == CURATOR.email
    changes = {c["property"]: c for c in latest.diff["changes"]}
    assert changes[str(SKOS.prefLabel)]["removed"] == ["fiets @nl"]
    assert changes[str(SKOS.prefLabel)]["added"] == ["rijwiel @nl"]
    assert changes[str(SKOS.definition)] == {"property": str(SKOS.definition),
                                              "removed": ["Oud. @nl"], "added": ["Nieuw. @nl"]}


def test_an_edit_of_a_stale_version_is_refused_and_changes_nothing(svc, scheme):
    fiets = concept(svc, scheme, "fiets")
    curation.update(svc.catalogue, CURATOR, fiets, {"definition_nl": "Eerst."})
    with pytest.raises(Conflict):
        curation.update(svc.catalogue, CURATOR, fiets, {"definition_nl": "Later."},
                        expected_version=fiets.version)
    assert curation.fields_of(svc.catalogue.get_any(uri=fiets.uri))["definition_nl"] == "Eerst."


def test_an_unchanged_form_writes_no_revision(svc, scheme):
    fiets = concept(svc, scheme, "fiets")
    before = len(svc.catalogue.revisions(fiets))
    curation.update(svc.catalogue, CURATOR, fiets, curation.fields_of(fiets))
    assert len(svc.catalogue.revisions(fiets)) == before


def test_editorial_statuses_record_who_and_when_and_deprecate(svc, scheme):
    auto = concept(svc, scheme, "auto", editorial_status="in-bewerking")
    wagen = concept(svc, scheme, "wagen")
    curation.set_editorial_status(svc.catalogue, CURATOR, auto, "vastgesteld")
    with pytest.raises(InvalidInput) as missing:
        curation.set_editorial_status(svc.catalogue, CURATOR,
                                      svc.catalogue.get_any(uri=auto.uri), "vervangen")
    assert "replaced_by" in missing.value.errors
    later = Principal(user_id=3, email="tweede@utrecht.test", role=Role.curator)
    curation.set_editorial_status(svc.catalogue, later, svc.catalogue.get_any(uri=auto.uri),
                                  "vervangen", replaced_by=["wagen"])
    auto = svc.catalogue.get_any(uri=auto.uri)
    history = curation.status_history(svc.catalogue, auto)
    assert [(h.status, h.actor) for h in history] == [
        ("vervangen", later.email), ("vastgesteld", CURATOR.email),
        ("in-bewerking", CURATOR.email)]
    graph = effective_graph(auto)
    assert (URIRef(auto.uri), DCTERMS.isReplacedBy, URIRef(wagen.uri)) in graph
    assert any(str(o) == "true" for o in graph.objects(URIRef(auto.uri), OWL.deprecated))
    assert svc.catalogue.detail(auto).row.editorial_status == "vervangen"


def test_datasets_and_indicators_link_to_concepts_and_unlink(svc, scheme, add_dataset):
    fiets = concept(svc, scheme, "fiets")
    dataset, _ = add_dataset("fietstellingen", "Fietstellingen")
    found = curation.find_record(svc.catalogue, CURATOR,
                                 f"{svc.catalogue.base_uri}/datasets/{dataset.slug}",
                                 ("dataset", "indicator"))
    assert found.id == dataset.id
    curation.link_concept(svc.catalogue, CURATOR, dataset, fiets)
    used = svc.catalogue.related(ANONYMOUS, fiets).get("subject_of", [])
    assert [r.slug for r in used] == ["fietstellingen"]
    curation.unlink_concept(svc.catalogue, CURATOR, svc.catalogue.get_any(uri=dataset.uri), fiets)
    assert svc.catalogue.related(ANONYMOUS, fiets).get("subject_of", []) == []
    with pytest.raises(InvalidInput):
        curation.link_concept(svc.catalogue, CURATOR, fiets, fiets)


def test_a_scheme_is_edited_like_a_concept(svc, scheme):
    edited = curation.update(svc.catalogue, CURATOR, scheme,
                             {"description_nl": "Begrippen over verkeer.", "version": "2.0"})
    assert edited.description == "Begrippen over verkeer."
    assert curation.fields_of(edited)["version"] == "2.0"
    with pytest.raises(InvalidInput):
        curation.update(svc.catalogue, CURATOR, edited, {"title_nl": "", "title_en": ""})


def test_a_harvested_update_is_logged_with_what_the_source_changed(svc, add_dataset):
    from rdflib import Literal

    from tests.conftest import dataset_input
    dataset, _ = add_dataset("grondwater", "Grondwaterstanden")
    changed = dataset_input("grondwater", "Grondwaterstanden")
    subject = URIRef(dataset.uri)
    changed.graph.set((subject, DCTERMS.description, Literal("Nieuwe beschrijving.", lang="nl")))
    svc.catalogue.upsert(changed, principal=SYSTEM.named("harvest"))
    latest = svc.catalogue.revisions(dataset)[0]
    assert latest.action == "update"
    assert latest.diff["changes"] == [{
        "property": str(DCTERMS.description),
        "removed": ["Beschrijving van Grondwaterstanden. @nl"],
        "added": ["Nieuwe beschrijving. @nl"]}]
