"""The store and the catalogue service, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from atlas.access import ANONYMOUS, SYSTEM
from atlas.errors import Conflict, InvalidInput, NotFound
from atlas.models import Distribution, Outbox, Revision, User
from tests.conftest import BASE, dataset_input
from vocab.namespaces import DCAT

UNMODELLED = URIRef("http://example.org/ns#unmodelledProperty")


def test_upsert_creates_updates_and_skips_unchanged(any_db_app):
    svc = any_db_app.extensions["atlas"]
    first = svc.catalogue.upsert(dataset_input("grondwater"), principal=SYSTEM.named("tester"))
    again = svc.catalogue.upsert(dataset_input("grondwater"), principal=SYSTEM.named("tester"))
    changed = svc.catalogue.upsert(dataset_input("grondwater", "Grondwaterpeil"), principal=SYSTEM.named("tester"))
    assert (first.outcome, again.outcome, changed.outcome) == ("new", "unchanged", "updated")
    record = svc.catalogue.get(ANONYMOUS, slug="grondwater")
    assert record.title == "Grondwaterpeil"
    assert record.title_en == "Grondwaterpeil (en)"
    assert record.version == 2
    history = svc.catalogue.revisions(record)
    assert [r.action for r in history] == ["update", "create"]
    assert history[0].actor == "tester"
    assert history[0].diff["title"] == ["Grondwaterstanden", "Grondwaterpeil"]


def test_distributions_and_unmodelled_properties_are_kept(any_db_app):
    svc = any_db_app.extensions["atlas"]
    uri = URIRef(f"{BASE}/datasets/wegen")
    dist = URIRef(f"{BASE}/datasets/wegen/distributions/1")
    extra = [(uri, DCAT.distribution, dist), (dist, DCAT.accessURL, URIRef("https://x.test/a.csv")),
             (uri, UNMODELLED, Literal("kept"))]
    svc.catalogue.upsert(dataset_input("wegen", "Wegen", extra=extra), principal=SYSTEM.named("t"))
    record = svc.catalogue.get(ANONYMOUS, slug="wegen")
    detail = svc.catalogue.detail(record)
    assert [d.access_url for d in detail.children] == ["https://x.test/a.csv"]
    from atlas.records.publication import published_graph
    graph = published_graph(record)
    assert (uri, UNMODELLED, Literal("kept")) in graph
    assert (dist, DCAT.accessURL, URIRef("https://x.test/a.csv")) in graph


def test_curated_edit_survives_reharvest_and_flags_conflict(any_db_app):
    svc = any_db_app.extensions["atlas"]
    result = svc.catalogue.upsert(dataset_input("lucht", "Luchtkwaliteit"), principal=SYSTEM.named("harvest"))
    title = "http://purl.org/dc/terms/title"
    svc.catalogue.edit(result.record_id, {title: [{"type": "literal", "value": "Luchtmeetnet",
                                                   "lang": "nl"}]}, principal=SYSTEM.named("curator"))
    again = svc.catalogue.upsert(dataset_input("lucht", "Luchtkwaliteit 2"), principal=SYSTEM.named("harvest"))
    record = svc.catalogue.get(ANONYMOUS, slug="lucht")
    assert record.title == "Luchtmeetnet"
    assert again.conflicts == (title,)
    assert record.conflicts == [title]


def test_optimistic_locking_refuses_a_stale_edit(any_db_app):
    svc = any_db_app.extensions["atlas"]
    result = svc.catalogue.upsert(dataset_input("bodem"), principal=SYSTEM.named("t"))
    svc.catalogue.set_state(result.record_id, principal=SYSTEM.named("a"), access_level="internal",
                            expected_version=1)
    with pytest.raises(Conflict):
        svc.catalogue.set_state(result.record_id, principal=SYSTEM.named("b"), status="draft", expected_version=1)


def test_bad_input_changes_nothing(any_db_app):
    svc = any_db_app.extensions["atlas"]
    svc.catalogue.upsert(dataset_input("water"), principal=SYSTEM.named("t"))
    with pytest.raises(InvalidInput):
        svc.catalogue.upsert(dataset_input("water", status="bogus"), principal=SYSTEM.named("t"))
    with pytest.raises(InvalidInput):
        svc.catalogue.set_state(1, principal=SYSTEM.named("t"), access_level="secret")
    record = svc.catalogue.get(ANONYMOUS, slug="water")
    assert (record.status, record.access, record.version) == ("published", "public", 1)


def test_withdraw_hides_and_keeps_history(any_db_app):
    svc = any_db_app.extensions["atlas"]
    result = svc.catalogue.upsert(dataset_input("oud"), principal=SYSTEM.named("t"))
    svc.catalogue.withdraw(result.record_id, principal=SYSTEM.named("curator"))
    with pytest.raises(NotFound):
        svc.catalogue.get(ANONYMOUS, slug="oud")
    record = svc.catalogue.get_any(uri=f"{BASE}/datasets/oud")
    assert record.status == "withdrawn"
    assert [r.action for r in svc.catalogue.revisions(record)] == ["state", "create"]


def test_every_write_leaves_an_outbox_row_until_projected(any_db_app):
    svc = any_db_app.extensions["atlas"]
    svc.catalogue._on_commit = lambda: None  # hold the projector back to look at the outbox
    svc.catalogue.upsert(dataset_input("a"), principal=SYSTEM.named("t"))
    svc.catalogue.upsert(dataset_input("b"), principal=SYSTEM.named("t"))
    with svc.store.read() as session:
        assert len(list(session.exec(select(Outbox)))) == 2
        assert len(list(session.exec(select(Revision)))) == 2
    assert svc.projector.kick() == 2
    assert svc.projector.pending() == 0


def test_links_resolve_when_the_target_arrives_later(any_db_app):
    svc = any_db_app.extensions["atlas"]
    concept = URIRef(f"{BASE}/definitions/grondwater")
    from rdflib.namespace import DCTERMS, RDF, SKOS
    svc.catalogue.upsert(dataset_input("gw", extra=[
        (URIRef(f"{BASE}/datasets/gw"), DCTERMS.subject, concept)]), principal=SYSTEM.named("t"))
    from rdflib import Graph

    from atlas.records import RecordInput
    g = Graph()
    g.add((concept, RDF.type, SKOS.Concept))
    g.add((concept, SKOS.prefLabel, Literal("grondwater", lang="nl")))
    svc.catalogue.upsert(RecordInput("concept", str(concept), g, status="published",
                                     access="public", slug="grondwater"), principal=SYSTEM.named("t"))
    dataset = svc.catalogue.get(ANONYMOUS, slug="gw")
    related = svc.catalogue.related(ANONYMOUS, dataset)
    assert [r.slug for r in related["subject"]] == ["grondwater"]
    found = svc.catalogue.get(ANONYMOUS, slug="grondwater")
    assert [r.slug for r in svc.catalogue.related(ANONYMOUS, found)["subject_of"]] == ["gw"]


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(app):
    store = app.extensions["atlas"].store
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 30000


def test_init_upgrades_to_the_newest_migration(any_db_app):
    store = any_db_app.extensions["atlas"].store
    assert store.current_revision() == "0004"
    store.upgrade()  # a second run is a no-op
    with store.read() as session:
        assert list(session.exec(select(Distribution))) == []


def test_a_batch_projects_once_at_its_end(any_db_app):
    svc = any_db_app.extensions["atlas"]
    with svc.catalogue.batch():
        svc.catalogue.upsert(dataset_input("a"), principal=SYSTEM.named("t"))
        svc.catalogue.upsert(dataset_input("b"), principal=SYSTEM.named("t"))
        assert svc.projector.pending() == 2
    assert svc.projector.pending() == 0


def test_upgrading_from_the_first_schema_keeps_the_records(tmp_path):
    from alembic import command

    from atlas.db import Store, alembic_config
    store = Store(f"sqlite:///{tmp_path / 'old.db'}")
    command.upgrade(alembic_config(store), "0001")
    with store.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO record (kind, slug, uri, title, title_en, description, status, access,"
            " source_rdf, edits, conflicts, content_hash, created, modified, version) VALUES"
            " ('dataset', 'oud', 'http://x/oud', 'Oud', '', '', 'published', 'public', '',"
            " '{}', '[]', '', '2026-01-01', '2026-01-01', 1)"))
    store.upgrade()
    assert store.current_revision() == "0004"
    with store.engine.connect() as conn:
        row = conn.execute(text("SELECT slug, vanished, source_id FROM record")).one()
    assert tuple(row) == ("oud", 0, None)
    store.dispose()


def test_the_migrations_build_exactly_the_tables_the_models_declare(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from atlas.db import Store
    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    store.upgrade()
    with store.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
    store.dispose()


def test_upgrading_to_concept_labels_reads_them_from_the_stored_rdf(tmp_path):
    """An instance made before schema 0003 finds its concepts by label after `atlas init`."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from alembic import command
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    from atlas.access import ANONYMOUS
    from atlas.db import alembic_config
    from atlas.definitions.lookup import by_label
    from atlas.records import RecordInput
    from tests.conftest import BASE, make_app
    from vocab.editorial import status_iri
    from vocab.namespaces import ADMS

    app = make_app(tmp_path, None)
    svc = app.extensions["atlas"]
    uri = URIRef(f"{BASE}/definitions/fiets")
    graph = Graph()
    graph.add((uri, RDF.type, SKOS.Concept))
    graph.add((uri, SKOS.prefLabel, Literal("fiets", lang="nl")))
    graph.add((uri, SKOS.altLabel, Literal("rijwiel", lang="nl")))
    graph.add((uri, ADMS.status, status_iri("vastgesteld")))
    svc.catalogue.upsert(RecordInput("concept", str(uri), graph, status="published",
                                     access="public", slug="fiets"), principal=SYSTEM.named("test"))
    command.downgrade(alembic_config(svc.store), "0002")  # as the instance was before 0003
    svc.store.dispose()
    atlas = str(Path(sys.executable).with_name("atlas"))
    env = {**os.environ, "ATLAS_INSTANCE_PATH": app.config["INSTANCE_PATH"],
           "ATLAS_DATABASE_URL": app.config["DATABASE_URL"]}
    done = subprocess.run([atlas, "init"], capture_output=True, text=True, env=env, check=True)
    assert "upgraded" in done.stdout and "records re-read from their RDF: 1" in done.stdout
    assert [r.slug for r in by_label(svc.store, ANONYMOUS, "Rijwiel")] == ["fiets"]
    assert svc.catalogue.detail(svc.catalogue.get_any(uri=str(uri))).row.editorial_status \
        == "vastgesteld"
    svc.store.dispose()


def test_a_failed_write_in_a_unit_undoes_only_itself(any_db_app):
    """Each write block in a unit is a savepoint (a harvest's item-by-item retry relies on it)."""
    svc = any_db_app.extensions["atlas"]
    with svc.store.unit(write=True):
        svc.catalogue.upsert(dataset_input("kept-1", "Eerste"), principal=SYSTEM.named("t"))
        with pytest.raises(IntegrityError), svc.store.write() as session:
            session.add(User(email="twice@example.org"))
            session.add(User(email="twice@example.org"))
            session.flush()
        svc.catalogue.upsert(dataset_input("kept-2", "Tweede"), principal=SYSTEM.named("t"))
        with svc.store.read() as session:  # the failed block left nothing in the unit
            assert session.exec(select(User)).all() == []
    assert {r.title for r in svc.catalogue.list(ANONYMOUS)} >= {"Eerste", "Tweede"}
    with svc.store.read() as session:
        assert session.exec(select(User)).all() == []
