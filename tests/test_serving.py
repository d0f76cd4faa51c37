"""`atlas serve` under slow and oversized requests: a real gunicorn process on loopback."""

from __future__ import annotations

import io
import json
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from atlas.access import SYSTEM
from tests.atlas_server import ATLAS, atlas_env, atlas_serve

SLOW_CLIENTS = 12  # more than the one worker's three threads


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """An empty instance served by one worker of three threads; yields (base URL, port)."""
    env = atlas_env(tmp_path_factory.mktemp("serving") / "instance", ATLAS_WORKERS="1", ATLAS_THREADS="3",
                    ATLAS_REQUEST_TIMEOUT="4", ATLAS_MAX_CONTENT_LENGTH=str(1024 * 1024))
    done = subprocess.run([ATLAS, "init"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    with atlas_serve(env) as base:
        yield base, int(base.rsplit(":", 1)[1])


def slow_request(port: int, head: bytes) -> socket.socket:
    """Open a connection, send head (a request cut short), and keep it open."""
    conn = socket.create_connection(("127.0.0.1", port), timeout=10)
    conn.sendall(head)
    return conn


def announced_body(port: int, path: str = "/api/3/action/package_search",
                   length: int = 100_000) -> bytes:
    """A request that announces a body (the CKAN API reads it) and sends its first byte."""
    return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Content-Length: {length}\r\n\r\nq").encode()


def read_answer(conn: socket.socket | io.BufferedReader) -> bytes:
    """Read one response (its head, then Content-Length bytes) from a socket or its reader."""
    stream = conn.makefile("rb") if isinstance(conn, socket.socket) else conn
    head = b""
    while (line := stream.readline()) not in (b"\r\n", b""):
        head += line
    length = int(re.search(rb"Content-Length: (\d+)", head).group(1))
    return head + b"\r\n" + stream.read(length)


def test_slow_clients_cannot_starve_healthz(served):
    base, port = served
    slow = [slow_request(port, announced_body(port)) for _ in range(SLOW_CLIENTS)]
    # Others trickle their headers, the oldest slow-client trick.
    slow += [slow_request(port, f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-".encode())
             for _ in range(4)]
    time.sleep(0.5)  # let the server take every slow connection first
    try:
        started = time.perf_counter()
        with urllib.request.urlopen(f"{base}/healthz", timeout=10) as answer:
            assert answer.status == 200
            assert json.load(answer)["status"] == "ok"
        seconds = time.perf_counter() - started
        print(f"\n/healthz with {len(slow)} slow clients: {seconds:.3f} s")
        assert seconds < 2

        # A slow client that does finish its request is served like any other.
        slow[0].sendall(b"x" * (100_000 - 1))
        assert read_answer(slow[0]).startswith(b"HTTP/1.1 ")

        # One that never finishes is disconnected after ATLAS_REQUEST_TIMEOUT (4 s).
        slow[1].settimeout(8)
        started = time.perf_counter()
        assert slow[1].recv(1024) == b""
        assert time.perf_counter() - started < 8
    finally:
        for conn in slow:
            conn.close()


def test_an_oversized_body_is_answered_413_without_being_read(served):
    base, port = served
    # Announce 20 MB against a cap of 1 MB and send almost nothing: the answer comes at once.
    conn = slow_request(port, announced_body(port, "/api/v1/search", 20 * 1024 * 1024)
                        .replace(b"Content-Type: application/x-www-form-urlencoded",
                                 b"Accept: application/json"))
    try:
        conn.settimeout(5)
        answer = read_answer(conn)
    finally:
        conn.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 413 "), answer
    assert b"Connection: close" in head
    assert body, answer
    error = json.loads(body)
    assert error["code"] == 413 and "1 MB" in error["message"]

    # A browser gets the error page, in Dutch.
    request = urllib.request.Request(f"{base}/login", data=b"q=" + b"x" * (2 * 1024 * 1024),
                                     headers={"Accept": "text/html"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 413
    assert "Het verzoek is groter dan 1 MB" in refused.value.read().decode()


def test_a_body_under_the_cap_sent_in_pieces_is_served(served):
    base, port = served
    query = b"q=grondwater&rows=1"
    conn = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        conn.sendall(f"POST /api/3/action/package_search HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n"
                     f"Content-Length: {len(query)}\r\n\r\n".encode())
        for piece in (query[:5], query[5:20], query[20:]):
            time.sleep(0.2)
            conn.sendall(piece)
        answer = read_answer(conn)
    finally:
        conn.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 "), head
    assert json.loads(body)["success"] is True


def test_pipelined_requests_are_answered_and_a_stalled_one_is_dropped(served):
    base, port = served
    conn = socket.create_connection(("127.0.0.1", port), timeout=10)
    health = f"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    try:
        # Two whole requests and the start of a third, in one write.
        conn.sendall(health + health + announced_body(port))
        stream = conn.makefile("rb")
        for _ in range(2):
            assert read_answer(stream).startswith(b"HTTP/1.1 200 ")
        # The third holds no thread: others are served, and it is dropped after 4 s.
        started = time.perf_counter()
        with urllib.request.urlopen(f"{base}/healthz", timeout=10) as answer:
            assert answer.status == 200
        assert time.perf_counter() - started < 2
        assert stream.read(1) == b""
        assert time.perf_counter() - started < 8
    finally:
        conn.close()


def test_threads_of_one_worker_search_at_once(app, svc):
    """A worker serves ATLAS_THREADS requests at once: their searches must not garble each other."""
    import threading

    from atlas.access import ANONYMOUS
    from atlas.search.query import SearchQuery
    from tests.conftest import dataset_input

    svc.catalogue.upsert_many([dataset_input(f"d{n}", f"Meting {n} van water en fietsen")
                               for n in range(200)], principal=SYSTEM.named("test"))
    svc.projector.kick(wait=True)
    generation = svc.projector.generation()
    failures, totals = [], set()

    def search():
        for n in range(60):
            try:
                totals.add(svc.index.query(ANONYMOUS, SearchQuery(
                    text=("water", "fietsen meting", "meting")[n % 3]), generation).total)
            except Exception as exc:  # what would be a 500 to a visitor
                failures.append(repr(exc))

    threads = [threading.Thread(target=search) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert totals == {200}
