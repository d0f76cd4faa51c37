"""Harvest runs whose process died are marked interrupted; live ones and other hosts' are not."""

from __future__ import annotations

import os

from atlas.harvest import runs as harvest_runs
from atlas.harvest.run import HARVESTER
from atlas.models import HarvestRun, Source
from tests.conftest import dataset_input


def _source(store) -> int:
    with store.write() as session:
        source = Source(name="partner", url="https://partner.test/catalog.ttl")
        session.add(source)
        session.flush()
        return source.id


def test_a_dead_run_is_marked_with_what_it_committed(any_db_app):
    svc = any_db_app.extensions["atlas"]
    instance = any_db_app.config["INSTANCE_PATH"]
    source_id = _source(svc.store)
    svc.catalogue.upsert(dataset_input("a"), principal=HARVESTER, source_id=source_id)  # a run before
    run = HarvestRun(source_id=source_id, location="https://partner.test/catalog.ttl")
    lock = harvest_runs.start(svc.store, instance, run)
    svc.catalogue.upsert(dataset_input("a", "Grondwater, herzien"), principal=HARVESTER,
                         source_id=source_id)
    for slug in ("b", "c"):
        svc.catalogue.upsert(dataset_input(slug), principal=HARVESTER, source_id=source_id)

    # Its lock is held (by this process, as by any live one): the run is left alone.
    assert harvest_runs.mark_interrupted(svc.store, instance) == []
    os.close(lock._fd)  # what the kernel does when the process is killed
    lines = harvest_runs.mark_interrupted(svc.store, instance)

    assert len(lines) == 1
    with svc.store.read() as session:
        row = session.get(HarvestRun, run.id)
    assert (row.state, row.new, row.updated) == ("interrupted", 2, 1)
    assert row.finished is not None
    assert f"process {os.getpid()} on " in row.message
    assert "after committing 2 new and 1 updated records" in row.message
    assert harvest_runs.mark_interrupted(svc.store, instance) == []


def test_a_run_of_another_host_is_left_to_that_host(any_db_app):
    svc = any_db_app.extensions["atlas"]
    source_id = _source(svc.store)
    with svc.store.write() as session:
        session.add(HarvestRun(source_id=source_id, location="x",
                               message="running in process 1 on another-host.internal"))
    assert harvest_runs.mark_interrupted(svc.store, any_db_app.config["INSTANCE_PATH"]) == []
    with svc.store.read() as session:
        assert session.exec(HarvestRun.__table__.select()).one().state == "running"
