"""Load on `atlas serve` with the demo: requests, errors, p50/p95, idle and during a harvest.

Starts `atlas serve` (ATLAS_WORKERS=4, ATLAS_THREADS=8 unless set) on a fresh instance holding
the demo, then sends REQUESTS requests over a mix of pages, API calls and the feed from CLIENTS
client threads on loopback (each a kept-alive connection): once idle, once while `atlas harvest`
reads a generated N-dataset DCAT catalogue (pages of 100, loopback). Then opens SLOW connections
that announce a body and send one byte, and times `/healthz` among them.
Usage: .venv/bin/python bench/load.py [--requests 2000] [--clients 4] [--harvest 3000]
       [--slow 200]
"""

from __future__ import annotations

import argparse
import functools
import http.client
import http.server
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parent.parent))
from harvest import PER_PAGE, page_text  # noqa: E402

from tests.atlas_server import ATLAS, atlas_env, atlas_serve  # noqa: E402


def paths_to_ask(base: str) -> list[str]:
    """Return the mix: home, search page, record pages, API search and suggest, CKAN, feed."""
    import json

    with urllib.request.urlopen(f"{base}/api/v1/search?q=&page_size=40", timeout=30) as answer:
        hits = json.load(answer)["hits"]
    records = [hit["url"].removeprefix(base) for hit in hits][:20]
    return ["/", "/search?q=water", "/search?q=fiets", *records,
            "/api/v1/search?q=grondwater", "/api/v1/suggest?q=gron",
            "/api/3/action/package_search?q=verkeer", "/catalog.ttl?page_size=20",
            "/healthz"]


def load(base: str, paths: list[str], requests: int, clients: int) -> tuple[list[float], dict]:
    """Send requests spread over client threads; return the latencies (s) and the errors
    (how many per path and status)."""
    host, port = base.removeprefix("http://").split(":")
    latencies: list[float] = []
    errors: dict[str, int] = {}
    lock = threading.Lock()
    counter = iter(range(requests))

    def client():
        conn = http.client.HTTPConnection(host, int(port), timeout=60)
        for n in counter:
            path = paths[n % len(paths)]
            started = time.perf_counter()
            try:
                conn.request("GET", path)
                answer = conn.getresponse()
                answer.read()
                failure = None if answer.status == 200 else f"{answer.status} {path}"
            except (OSError, http.client.HTTPException) as exc:
                failure = f"{type(exc).__name__} {path}"
                conn.close()
                conn = http.client.HTTPConnection(host, int(port), timeout=60)
            elapsed = time.perf_counter() - started
            with lock:
                latencies.append(elapsed)
                if failure:
                    errors[failure] = errors.get(failure, 0) + 1
        conn.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors


def report(label: str, latencies: list[float], errors: dict, seconds: float) -> None:
    ordered = sorted(latencies)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    print(f"{label}: {len(ordered)} requests in {seconds:.1f} s ({len(ordered) / seconds:.0f}/s),"
          f" {sum(errors.values())} errors, p50 {statistics.median(ordered) * 1000:.0f} ms,"
          f" p95 {p95 * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms")
    for failure, count in sorted(errors.items()):
        print(f"  {count} x {failure}")


def slow_clients(base: str, count: int) -> float:
    """Open count connections that announce a body and send one byte; time /healthz."""
    host, port = base.removeprefix("http://").split(":")
    held = []
    try:
        for _ in range(count):
            conn = socket.create_connection((host, int(port)), timeout=10)
            conn.sendall(f"POST /api/3/action/package_search HTTP/1.1\r\nHost: {host}\r\n"
                         "Content-Type: application/x-www-form-urlencoded\r\n"
                         "Content-Length: 100000\r\n\r\nq".encode())
            held.append(conn)
        time.sleep(1)
        started = time.perf_counter()
        with urllib.request.urlopen(f"{base}/healthz", timeout=60) as answer:
            assert answer.status == 200
        return time.perf_counter() - started
    finally:
        for conn in held:
            conn.close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> None:
    """Fill, serve, load, print."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--harvest", type=int, default=3000)
    parser.add_argument("--slow", type=int, default=200)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        instance = Path(folder) / "instance"
        env = atlas_env(instance, ATLAS_HARVEST_ALLOW_PRIVATE="1")
        env.setdefault("ATLAS_WORKERS", "4")
        env.setdefault("ATLAS_THREADS", "8")
        for step in (["init"], ["demo"]):
            subprocess.run([ATLAS, *step], env=env, check=True, capture_output=True)
        site = Path(folder) / "site"
        site.mkdir()
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        source = f"http://127.0.0.1:{server.server_address[1]}"
        pages = -(-options.harvest // PER_PAGE)
        for page in range(1, pages + 1):
            start = (page - 1) * PER_PAGE
            (site / f"catalog-{page}.ttl").write_text(page_text(
                source, page, pages, start, min(PER_PAGE, options.harvest - start)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"atlas serve: {env['ATLAS_WORKERS']} workers x {env['ATLAS_THREADS']} threads; "
              f"{options.clients} clients; {os.cpu_count()} cores")
        with atlas_serve(env) as base:
            paths = paths_to_ask(base)
            load(base, paths, 100, options.clients)  # warm every worker's caches
            started = time.perf_counter()
            latencies, errors = load(base, paths, options.requests, options.clients)
            report("idle          ", latencies, errors, time.perf_counter() - started)

            harvest_started = time.perf_counter()
            harvest = subprocess.Popen([ATLAS, "harvest", f"{source}/catalog-1.ttl", "--json"],
                                       env=env, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL)
            time.sleep(3)  # past its start-up: the harvest is storing pages
            started = time.perf_counter()
            latencies, errors = load(base, paths, options.requests, options.clients)
            seconds = time.perf_counter() - started
            still = harvest.poll() is None
            report("during harvest", latencies, errors, seconds)
            harvest.wait()
            print(f"  the harvest of {options.harvest} datasets took "
                  f"{time.perf_counter() - harvest_started:.0f} s and was "
                  f"{'running throughout' if still else 'over before the load ended'}")

            seconds = slow_clients(base, options.slow)
            print(f"/healthz with {options.slow} slow clients holding connections: "
                  f"{seconds * 1000:.0f} ms")
        server.shutdown()
        log = "".join(path.read_text(errors="replace") for path in instance.glob("serve-*.log"))
        if "Traceback" in log:  # a 500: show what the server logged for it
            print("first error the server logged:\n" + log[log.index("Traceback"):][:3000])


if __name__ == "__main__":
    main()
