"""Search across processes: gunicorn workers answer searches while a harvest writes the index.

A real `atlas serve --workers 4` (its own process group) is searched by four client threads
while `atlas harvest`, another process, stores 1,500 datasets and projects them into the search
index. Every answer must be a 200, the new datasets must be found once the outbox is drained,
and the index must equal the one `atlas reindex` rebuilds from the store.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

from atlas.search.index import SearchIndex
from tests.projections import all_documents
from tests.services import serve_directory
from tests.test_harvest import catalogue_page

ATLAS = str(Path(sys.executable).with_name("atlas"))
FIRST, SECOND, PER_PAGE = 40, 1500, 100
SPECIAL = 777  # the one dataset of the second catalogue looked up by its own word afterwards
WORDS = ["fietstelling", "weidevogeltelling", "meetpunt", "perceel", "ooievaarsnesten"]


def _free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(port: int, path: str, accept: str = "application/json") -> tuple[int, bytes]:
    """Return (status, body) of one GET on a fresh connection (gunicorn's sync workers close)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Accept": accept})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _search(port: int, **params) -> dict:
    """Return the JSON answer of /api/v1/search."""
    status, body = _get(port, f"/api/v1/search?{urllib.parse.urlencode(params)}")
    assert status == 200, body[:500]
    return json.loads(body)


def _write_catalogue(folder: Path, base: str, datasets: list[tuple[str, str]]) -> None:
    """Write a paged DCAT catalogue (pages of 100, Hydra next links) into folder."""
    folder.mkdir()
    pages = [datasets[i:i + PER_PAGE] for i in range(0, len(datasets), PER_PAGE)]
    for number, chunk in enumerate(pages, start=1):
        following = number + 1 if number < len(pages) else None
        (folder / f"catalog-{number}.ttl").write_text(
            catalogue_page(chunk, base, number, following))


def _harvest(env: dict, url: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run `atlas harvest URL --json` as its own process."""
    return subprocess.run([ATLAS, "harvest", url, "--json"], env=env, capture_output=True,
                          text=True, timeout=timeout)


@contextlib.contextmanager
def _served(env: dict, log: Path) -> Iterator[int]:
    """Run `atlas serve --workers 4` in its own process group until the block ends; yield its port."""
    port = _free_port()
    with log.open("w") as out:
        server = subprocess.Popen([ATLAS, "serve", "--workers", "4"],
                                  env={**env, "PORT": str(port)}, stdout=out,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, f"atlas serve exited:\n{log.read_text()[-2000:]}"
            try:
                if _get(port, "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "atlas serve did not answer /healthz in 30 s"
            time.sleep(0.1)
        yield port
    finally:
        # the whole group: gunicorn's master and its four workers
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _hammer(port: int, stop: threading.Event, answers: list, offset: int) -> None:
    """Search the API and the search page in turn until stop is set; note each answer."""
    n = offset
    while not stop.is_set():
        word = WORDS[n % len(WORDS)]
        if n % 2:
            path, accept = f"/search?q={word}", "text/html"
        else:
            path, accept = f"/api/v1/search?q={word}&page_size=20", "application/json"
        try:
            status, body = _get(port, path, accept)
        except OSError as exc:  # a refused or dropped connection is a failure too
            status, body = None, repr(exc).encode()
        answers.append((path, status, body))  # list.append is atomic: no lock needed
        n += 1


def test_searches_stay_correct_while_a_harvest_writes_the_index(tmp_path):
    """Four workers answer 200s during a 1,500-dataset harvest; the index equals a rebuild."""
    instance = tmp_path / "instance"
    env = {**os.environ, "ATLAS_INSTANCE_PATH": str(instance), "ATLAS_HARVEST_ALLOW_PRIVATE": "1"}
    env.pop("ATLAS_DATABASE_URL", None)  # SQLite in the instance folder, whatever the shell says
    done = subprocess.run([ATLAS, "init"], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr

    site = tmp_path / "site"
    site.mkdir()
    with serve_directory(site) as url:
        first, second = f"{url}/first", f"{url}/second"
        _write_catalogue(site / "first", first,
                         [(f"f{i}", f"Fietstelling meetpunt {i}") for i in range(FIRST)])
        _write_catalogue(site / "second", second, [
            (f"w{i}", "Weidevogeltelling Ooievaarsnesten Lopik" if i == SPECIAL
             else f"Weidevogeltelling perceel {i}") for i in range(SECOND)])
        done = _harvest(env, f"{first}/catalog-1.ttl")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["new"] == FIRST

        log = tmp_path / "serve.log"
        with _served(env, log) as port:
            answers: list = []
            stop = threading.Event()
            clients = [threading.Thread(target=_hammer, args=(port, stop, answers, n))
                       for n in range(4)]
            for client in clients:
                client.start()
            try:
                time.sleep(0.5)  # the workers are answering before the harvest starts
                harvested = _harvest(env, f"{second}/catalog-1.ttl", timeout=50)
                time.sleep(0.5)  # and while the workers reopen their readers afterwards
            finally:
                stop.set()
                for client in clients:
                    client.join(timeout=35)

            assert harvested.returncode == 0, harvested.stderr
            summary = json.loads(harvested.stdout)
            assert (summary["new"], summary["failed"]) == (SECOND, 0), summary
            api = [a for a in answers if a[0].startswith("/api/")]
            assert len(api) >= 20 and len(answers) - len(api) >= 20, len(answers)
            failed = [(path, status, body[:300]) for path, status, body in answers
                      if status != 200 or b"LockError" in body]
            assert failed == [], f"{len(failed)} of {len(answers)} failed; first: {failed[:3]}"

            deadline = time.monotonic() + 20
            while json.loads(_get(port, "/healthz")[1])["pending_changes"]:
                assert time.monotonic() < deadline, "the outbox was not drained in 20 s"
                time.sleep(0.2)
            # fresh connections land on different workers: each must see the new generation
            for _ in range(8):
                assert _search(port, q="weidevogeltelling", type="dataset")["total"] == SECOND
            found = _search(port, q="ooievaarsnesten")
            assert [hit["uri"] for hit in found["hits"]][:1] == [f"{second}/ds/w{SPECIAL}"], found
            assert found["hits"][0]["title"] == "Weidevogeltelling Ooievaarsnesten Lopik"
    served_log = log.read_text()
    assert "LockError" not in served_log and "Traceback" not in served_log, served_log[-3000:]

    projected = all_documents(SearchIndex(instance / "search"))
    assert len(projected) == FIRST + SECOND
    done = subprocess.run([ATLAS, "reindex"], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    rebuilt = all_documents(SearchIndex(instance / "search"))
    differing = sorted(k for k in projected.keys() | rebuilt.keys()
                       if projected.get(k) != rebuilt.get(k))
    assert differing == [], [(projected.get(k), rebuilt.get(k)) for k in differing[:3]]
