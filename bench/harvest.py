"""Harvest an N-dataset DCAT catalogue (pages of 100, served on loopback) into a fresh instance.

Prints first-run and unchanged re-run datasets/s (projections included; the re-run skips
pages whose bytes are unchanged), a re-run that reads and parses every page (`--force`:
records skipped by content hash), peak memory of each, and, side by side, the time rdflib
alone takes to parse the same pages.
Usage: .venv/bin/python bench/harvest.py N [N ...]
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

from rdflib import Graph

sys.path.insert(0, str(Path(__file__).parent))
from timing import measure  # noqa: E402

ATLAS = str(Path(sys.executable).with_name("atlas"))
PER_PAGE = 100
THEMES = ("ENVI", "TRAN", "ECON", "HEAL", "REGI", "AGRI", "EDUC", "ENER", "GOVE", "SOCI")


def page_text(base: str, page: int, pages: int, start: int, count: int) -> str:
    """Return one Turtle page of the generated catalogue."""
    out = ["@prefix dcat: <http://www.w3.org/ns/dcat#> .",
           "@prefix dct: <http://purl.org/dc/terms/> .",
           "@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .",
           "@prefix hydra: <http://www.w3.org/ns/hydra/core#> .",
           "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> ."]
    for n in range(start, start + count):
        uri = f"{base}/ds/{n}"
        theme = THEMES[n % len(THEMES)]
        out.append(
            f'<{uri}> a dcat:Dataset ; dct:title "Dataset {n} over meetpunten"@nl, '
            f'"Dataset {n} on measuring points"@en ; dct:identifier "ds-{n}" ; '
            f'dct:description "Beschrijving van dataset {n}: metingen per gemeente en jaar."@nl ; '
            f'dcat:keyword "meting"@nl, "gemeente"@nl ; '
            f'dcat:theme <http://publications.europa.eu/resource/authority/data-theme/{theme}> ; '
            f'dct:publisher <{base}/org/{n % 25}> ; dct:modified "2025-01-{1 + n % 28:02d}"^^xsd:date ; '
            f'dcat:contactPoint [ a vcard:Organization ; vcard:fn "Datateam {n % 25}" ; '
            f'vcard:hasEmail <mailto:data{n % 25}@example.test> ] ; '
            f'dcat:distribution <{uri}/csv>, <{uri}/json> .')
        for fmt in ("csv", "json"):
            out.append(f'<{uri}/{fmt}> a dcat:Distribution ; dct:title "{fmt.upper()}" ; '
                       f'dcat:accessURL <{base}/files/{n}.{fmt}> ; '
                       f'dct:format <http://publications.europa.eu/resource/authority/file-type/{fmt.upper()}> .')
    view = f"<{base}/catalog-{page}.ttl> a hydra:PartialCollectionView"
    if page < pages:
        view += f" ; hydra:next <{base}/catalog-{page + 1}.ttl>"
    out.append(view + " .")
    return "\n".join(out) + "\n"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def bench(n: int) -> None:
    """Generate, serve and harvest n datasets twice; print the figures."""
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder) / "site"
        site.mkdir()
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
        base = f"http://127.0.0.1:{server.server_address[1]}"
        pages = -(-n // PER_PAGE)
        for page in range(1, pages + 1):
            start = (page - 1) * PER_PAGE
            (site / f"catalog-{page}.ttl").write_text(
                page_text(base, page, pages, start, min(PER_PAGE, n - start)))
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            env = {**os.environ, "ATLAS_INSTANCE_PATH": str(Path(folder) / "instance"),
                   "ATLAS_HARVEST_ALLOW_PRIVATE": "1"}
            env.pop("ATLAS_DATABASE_URL", None)
            measure([ATLAS, "init"], env)
            first, first_peak, _ = measure([ATLAS, "harvest", f"{base}/catalog-1.ttl", "--json"], env)
            # the server's Last-Modified would answer 304 to the first page; touch it so the
            # re-run reads every page and skips unchanged records by content
            os.utime(site / "catalog-1.ttl")
            again, again_peak, output = measure(
                [ATLAS, "harvest", f"{base}/catalog-1.ttl", "--json"], env)
            # --force reads and parses every page again: unchanged records skipped by hash
            forced, forced_peak, _ = measure(
                [ATLAS, "harvest", f"{base}/catalog-1.ttl", "--json", "--force"], env)
            parse_started = time.perf_counter()
            for page in range(1, pages + 1):
                Graph().parse(data=(site / f"catalog-{page}.ttl").read_text(), format="turtle")
            parse = time.perf_counter() - parse_started
        finally:
            server.shutdown()
            server.server_close()
        print(f"N={n:>6}: first run {n / first:7.0f} datasets/s ({first:6.1f} s, peak "
              f"{first_peak:5.0f} MB) | unchanged re-run {n / again:7.0f} datasets/s "
              f"({again:5.1f} s, peak {again_peak:5.0f} MB) | re-run reading every page "
              f"{n / forced:6.0f} datasets/s ({forced:5.1f} s, peak {forced_peak:4.0f} MB) | "
              f"rdflib parse alone "
              f"{n / parse:7.0f} datasets/s ({parse:5.1f} s)")
        print(f"          re-run summary: {output}")


if __name__ == "__main__":
    for size in [int(a) for a in sys.argv[1:]] or [1000]:
        bench(size)
