"""Serve a catalogue of N datasets with gunicorn and measure its DCAT feed.

Prints p50/p95 for one page of 100 in each format, the time to walk the whole feed by its
Hydra next links, and the peak memory of the serving process.
Usage: .venv/bin/python bench/feed.py [N]   (default 20000)
"""

from __future__ import annotations

import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FORMATS = {"turtle": "text/turtle", "jsonld": "application/ld+json",
           "rdfxml": "application/rdf+xml", "ntriples": "application/n-triples"}


def fill(instance: str, n: int) -> float:
    """Store n generated datasets (with distributions) in a fresh instance; return seconds."""
    from atlas import create_app
    from atlas.access import SYSTEM
    from atlas.records import RecordInput
    from vocab.dcat import dataset_graph

    app = create_app({"INSTANCE_PATH": instance, "BASE_URI": "http://127.0.0.1:8000"})
    svc = app.extensions["atlas"]
    svc.store.upgrade()
    started = time.perf_counter()
    theme = "http://publications.europa.eu/resource/authority/data-theme/"
    with svc.catalogue.batch():
        for start in range(0, n, 500):
            items = []
            for i in range(start, min(n, start + 500)):
                uri = f"http://127.0.0.1:8000/datasets/ds-{i}"
                fields = {"title": f"Dataset {i} over meetpunten", "title_en": f"Dataset {i}",
                          "description": f"Metingen per gemeente en jaar, reeks {i}.",
                          "detail": {"identifier": f"ds-{i}", "themes": [theme + "ENVI"],
                                     "keywords": ["meting", "gemeente"]},
                          "distributions": [{"title": "CSV",
                                             "access_url": f"https://data.example.test/{i}.csv"}],
                          "links": []}
                items.append(RecordInput("dataset", uri, dataset_graph(uri, fields),
                                         status="published", access="public", slug=f"ds-{i}"))
            svc.catalogue.upsert_many(items, principal=SYSTEM.named("bench"))
    svc.projector.kick(wait=True)
    svc.store.dispose()
    return time.perf_counter() - started


def free_port() -> int:
    """Return a free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, accept: str) -> tuple[float, bytes]:
    """Return (seconds, body) of one GET."""
    started = time.perf_counter()
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=120) as response:
        body = response.read()
    return time.perf_counter() - started, body


def peak_mb(pid: int) -> float:
    """Return the largest peak resident memory among a process and its children, in MB."""
    peaks = []
    for candidate in [pid, *_children(pid)]:
        try:
            status = Path(f"/proc/{candidate}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmHWM:\s+(\d+) kB", status)
        if match:
            peaks.append(int(match.group(1)) / 1024)
    return max(peaks or [0.0])


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def main(n: int) -> None:
    """Fill, serve, measure, print."""
    with tempfile.TemporaryDirectory() as folder:
        seconds = fill(folder, n)
        print(f"N={n}: stored in {seconds:.0f} s")
        port = free_port()
        env = {**os.environ, "ATLAS_INSTANCE_PATH": folder, "PORT": str(port)}
        server = subprocess.Popen([str(Path(sys.executable).with_name("atlas")), "serve",
                                   "--workers", "1"], env=env, start_new_session=True,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    get(f"{base}/healthz", "application/json")
                    break
                except OSError:
                    time.sleep(0.2)
            pages = -(-n // 100)
            rng = random.Random(7)
            for name, media in FORMATS.items():
                times = sorted(get(f"{base}/catalog?page={rng.randint(1, pages)}&page_size=100",
                                   media)[0] for _ in range(20))
                print(f"  one page of 100, {name:<8}: p50 {times[10] * 1000:6.0f} ms, "
                      f"p95 {times[18] * 1000:6.0f} ms")
            started, url, walked = time.perf_counter(), f"{base}/catalog.ttl?page_size=100", 0
            while url:
                _, body = get(url, "text/turtle")
                walked += 1
                found = re.search(rb"hydra:next <([^>]+)>", body)
                url = found.group(1).decode() if found else None
            print(f"  whole feed walked: {walked} pages in {time.perf_counter() - started:.1f} s")
            print(f"  serving process peak memory: {peak_mb(server.pid):.0f} MB")
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000)
