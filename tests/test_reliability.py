"""Harvests killed at random points: the store, the index and the RDF store stay one catalogue.

Real processes throughout: `atlas harvest` of a paged DCAT catalogue served on loopback, killed
with SIGKILL at seeded random moments, while `atlas serve` on the same instance is asked for
pages; then a complete run, and checks of what a reader and an operator would notice.
"""

from __future__ import annotations

import functools
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from atlas import create_app
from atlas.access import ANONYMOUS, Principal, can_see
from atlas.models import HarvestRun, Record, Role
from tests.atlas_server import ATLAS, atlas_env, atlas_serve
from tests.projections import all_documents, rdf_graphs, rdf_meta
from tests.services import _QuietHandler, _QuietServer

PAGES, PER_PAGE = 8, 30
KILLS = 4
SEED = int(os.environ.get("ATLAS_TEST_SEED", "20261202"))
PRINCIPALS = {"anonymous": ANONYMOUS, "viewer": Principal(user_id=1, role=Role.viewer),
              "curator": Principal(user_id=2, role=Role.curator)}


def catalogue_page(base: str, page: int) -> str:
    """Return one Turtle page of the catalogue: PER_PAGE datasets and the Hydra link onward."""
    lines = ["@prefix dcat: <http://www.w3.org/ns/dcat#> .",
             "@prefix dct: <http://purl.org/dc/terms/> .",
             "@prefix hydra: <http://www.w3.org/ns/hydra/core#> ."]
    for n in range((page - 1) * PER_PAGE, page * PER_PAGE):
        lines.append(f'<{base}/ds/{n}> a dcat:Dataset ; dct:title "Meetreeks {n} grondwater"@nl ;'
                     f' dct:identifier "ds-{n}" ; dct:description "Metingen van put {n}."@nl ;'
                     f' dcat:distribution [ a dcat:Distribution ;'
                     f' dcat:accessURL <{base}/files/{n}.csv> ] .')
    view = f"<{base}/catalog-{page}.ttl> a hydra:PartialCollectionView"
    if page < PAGES:
        view += f" ; hydra:next <catalog-{page + 1}.ttl>"
    return "\n".join(lines + [view + " ."]) + "\n"


class _SlowHandler(_QuietHandler):
    """Static files, each after a pause: a run spans seconds, so kills land inside it."""

    def do_GET(self):
        time.sleep(0.15)
        super().do_GET()


class Poller(threading.Thread):
    """Asks the served instance for pages, the API and the feed until stopped; keeps failures."""

    PATHS = ("/healthz", "/", "/search?q=grondwater", "/api/v1/search?q=grondwater", "/catalog.ttl",
             "/api/3/action/package_search?q=meetreeks")

    def __init__(self, base: str):
        super().__init__(daemon=True)
        self.base, self.done, self.failures = base, threading.Event(), []
        self.requests = 0

    def run(self):
        while not self.done.is_set():
            for path in self.PATHS:
                self.requests += 1
                try:
                    with urllib.request.urlopen(self.base + path, timeout=15) as answer:
                        answer.read()
                        if answer.status != 200:
                            self.failures.append((path, answer.status))
                except Exception as exc:  # any failure a user would see
                    self.failures.append((path, repr(exc)))
            time.sleep(0.05)


def snapshot(svc) -> tuple[dict, dict, dict]:
    """Return the search documents, the RDF graphs (parsed) and the RDF store's meta graph."""
    graphs = {name: Graph().parse(data=text, format="nt")
              for name, text in rdf_graphs(svc).items()}
    return all_documents(svc.index), graphs, rdf_meta(svc)


def visible(svc, docs: dict, meta: dict) -> dict[str, tuple[int, int, int]]:
    """Return per principal how many records the store, the index and the RDF store show."""
    from sqlmodel import select

    with svc.store.read() as session:
        rows = list(session.exec(select(Record.status, Record.access)))
    return {name: (sum(can_see(who, s, a) for s, a in rows),
                   sum(can_see(who, d["status"], d["access"]) for d in docs.values()),
                   sum(can_see(who, s, a) for _k, s, a in meta.values()))
            for name, who in PRINCIPALS.items()}


def stored_records(instance: Path) -> int:
    with sqlite3.connect(f"file:{instance / 'atlas.db'}?mode=ro", uri=True, timeout=30) as db:
        return db.execute("SELECT count(*) FROM record").fetchone()[0]


def kill_at_random_point(env: dict, site: str, instance: Path, rng: random.Random) -> str:
    """Run `atlas harvest` and SIGKILL it once a random number of records is stored, a random
    moment later (inside a page's fetch, store or projection); say what happened."""
    total = PAGES * PER_PAGE
    before = stored_records(instance)
    target = rng.randint(min(before + 1, total), total)
    pause = rng.uniform(0, 0.4)
    harvest = subprocess.Popen([ATLAS, "harvest", site, "--json"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while harvest.poll() is None and stored_records(instance) < target:
        assert time.monotonic() < deadline, "the harvest made no progress"
        time.sleep(0.05)
    time.sleep(pause)
    if harvest.poll() is not None:
        return f"finished ({before} stored before)"
    harvest.send_signal(signal.SIGKILL)
    harvest.wait()
    return f"killed at {stored_records(instance)} of {total} (+{pause:.2f}s)"


@pytest.fixture
def site(tmp_path):
    """The catalogue's pages served slowly on loopback; yields the first page's URL."""
    folder = tmp_path / "site"
    folder.mkdir()
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_SlowHandler,
                                                              directory=str(folder)))
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                     daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    for page in range(1, PAGES + 1):
        (folder / f"catalog-{page}.ttl").write_text(catalogue_page(base, page))
    try:
        yield f"{base}/catalog-1.ttl"
    finally:
        server.shutdown()
        server.server_close()


def test_harvests_killed_at_random_points_leave_one_consistent_catalogue(tmp_path, site):
    instance = tmp_path / "instance"
    env = atlas_env(instance, ATLAS_HARVEST_ALLOW_PRIVATE="1", ATLAS_BASE_URI="http://atlas.test",
                    ATLAS_WORKERS="2", ATLAS_THREADS="4")
    assert subprocess.run([ATLAS, "init"], env=env, capture_output=True,
                          timeout=120).returncode == 0
    rng = random.Random(SEED)
    kills = []
    with atlas_serve(env) as base:
        poller = Poller(base)
        poller.start()
        try:
            for _ in range(KILLS):
                kills.append(kill_at_random_point(env, site, instance, rng))
            done = subprocess.run([ATLAS, "harvest", site, "--json"], env=env,
                                  capture_output=True, text=True, timeout=180)
            assert done.returncode == 0, done.stderr
            final = json.loads(done.stdout)
            time.sleep(1.5)  # the served workers' projector threads settle
        finally:
            poller.done.set()
            poller.join(timeout=30)
    print(f"\nseed {SEED}: {', '.join(kills)}; {poller.requests} requests while harvesting, "
          f"{len(poller.failures)} failed")
    assert poller.failures == [], sorted(set(map(str, poller.failures)))[:10]
    assert final["failed"] == 0 and final["errors"] == []

    with sqlite3.connect(instance / "atlas.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

    app = create_app({"INSTANCE_PATH": str(instance), "BASE_URI": "http://atlas.test"})
    svc = app.extensions["atlas"]
    try:
        from sqlmodel import select

        with svc.store.read() as session:
            runs = list(session.exec(select(HarvestRun).order_by(HarvestRun.id)))
            uris = set(session.exec(select(Record.uri)))
        # Each dataset stored once, whichever run stored it; no run left `running`.
        assert len(uris) == PAGES * PER_PAGE
        assert [r.state for r in runs][-1] == "finished"
        assert {r.state for r in runs} <= {"finished", "interrupted"}
        assert sum(r.new for r in runs) == PAGES * PER_PAGE
        print("runs: " + ", ".join(f"{r.state} {r.new} new" for r in runs))
        assert sum(r.state == "interrupted" and r.new > 0 for r in runs) >= 2
        for run in runs:
            if run.state == "interrupted":
                assert re.search(r"interrupted \(process \d+ on .+ is gone\) after committing "
                                 rf"{run.new} new", run.message), run.message
        assert svc.projector.pending() == 0

        docs, graphs, meta = snapshot(svc)
        counts = visible(svc, docs, meta)
        assert counts["anonymous"] == (PAGES * PER_PAGE,) * 3, counts
        for store_count, index_count, rdf_count in counts.values():
            assert store_count == index_count == rdf_count
        assert set(graphs) == uris
    finally:
        svc.store.dispose()

    rebuilt = subprocess.run([ATLAS, "reindex"], env=env, capture_output=True, text=True,
                             timeout=180)
    assert rebuilt.returncode == 0, rebuilt.stderr
    app = create_app({"INSTANCE_PATH": str(instance), "BASE_URI": "http://atlas.test"})
    svc = app.extensions["atlas"]
    try:
        docs2, graphs2, meta2 = snapshot(svc)
    finally:
        svc.store.dispose()
    assert docs2 == docs
    assert meta2 == meta
    assert graphs2.keys() == graphs.keys()
    for name in graphs:
        assert isomorphic(graphs[name], graphs2[name]), name


def test_a_killed_run_is_marked_interrupted_but_a_live_one_is_left_running(tmp_path, site):
    from atlas.harvest.runs import mark_interrupted
    from tests.test_admin import _sign_in

    instance = tmp_path / "instance"
    env = atlas_env(instance, ATLAS_HARVEST_ALLOW_PRIVATE="1", ATLAS_BASE_URI="http://atlas.test")
    assert subprocess.run([ATLAS, "init"], env=env, capture_output=True,
                          timeout=120).returncode == 0
    assert subprocess.run([ATLAS, "sources", "add", "partner", site, "--allow-private"],
                          env=env, capture_output=True, timeout=120).returncode == 0
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(instance),
                      "BASE_URI": "http://atlas.test", "SECRET_KEY": "t"})
    svc = app.extensions["atlas"]
    try:
        harvest = subprocess.Popen([ATLAS, "harvest", "--source", "partner"], env=env,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while stored_records(instance) < PER_PAGE:
            assert harvest.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        # Another process looks while the run works: the run's lock is held, so it stays.
        assert mark_interrupted(svc.store, instance) == []
        harvest.send_signal(signal.SIGKILL)
        harvest.wait()
        committed = stored_records(instance)

        # `atlas serve` marks it at start, with what the run had committed.
        with atlas_serve(env):
            pass
        client = app.test_client()
        _sign_in(client, svc.store, "admin")
        source = client.get("/admin/sources").data.decode()
        assert "afgebroken" in source
        page = client.get("/admin/sources/partner").data.decode()
        assert re.search(rf"<td>afgebroken</td><td>{committed}</td>", page), page
        assert f"after committing {committed} new and 0 updated records" in page
        english = client.get("/admin/sources/partner?lang=en").data.decode()
        assert re.search(rf"<td>interrupted</td><td>{committed}</td>", english)
    finally:
        svc.store.dispose()
