"""Hostile harvested text: page sizes for a 1 MB title, and what the cleaning costs.

Harvests (in process, from a file) one dataset with a 1 MB title and a 1 MB description and
prints the bytes of its record page and of `/search?sort=modified`; stores a record the old way
(1 MB title, no harvest caps) and prints the same; then times the cleaning of 1,000 ordinary
harvested records (`vocab.literal_hygiene.clean_graph`) and of a 1,000-record feed page's text.
Usage: .venv/bin/python bench/hostile_text.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rdflib import Graph, Literal, URIRef  # noqa: E402
from rdflib.namespace import DCTERMS, RDF  # noqa: E402

from atlas import create_app  # noqa: E402
from atlas.access import SYSTEM
from atlas.harvest.run import harvest  # noqa: E402
from atlas.records import RecordInput  # noqa: E402
from vocab.description import to_ntriples  # noqa: E402
from vocab.literal_hygiene import clean_graph, clean_text  # noqa: E402
from vocab.namespaces import DCAT  # noqa: E402

HUGE = "Grondwater " * (1_048_576 // 11)


def main() -> None:
    """Print the figures."""
    folder = Path(tempfile.mkdtemp(prefix="atlas-hostile-"))
    app = create_app({"INSTANCE_PATH": str(folder / "instance"), "BASE_URI": "http://atlas.test",
                      "SECRET_KEY": "bench"})
    svc = app.extensions["atlas"]
    svc.store.upgrade()
    source = folder / "huge.ttl"
    source.write_text("@prefix dcat: <http://www.w3.org/ns/dcat#> .\n"
                      "@prefix dct: <http://purl.org/dc/terms/> .\n"
                      f'<http://partner.test/ds/1> a dcat:Dataset ; dct:title "{HUGE}"@nl ;'
                      f' dct:description "{HUGE}"@nl .\n', encoding="utf-8")
    summary = harvest(svc.store, svc.catalogue, app.config, location=str(source), principal=SYSTEM)
    print(f"harvest of a 1 MB title and description: {summary.new} new, warning: "
          f"{summary.warnings[0]['message']}")
    uri = URIRef("http://atlas.test/datasets/oud")
    graph = Graph()
    graph.add((uri, RDF.type, DCAT.Dataset))
    graph.add((uri, DCTERMS.title, Literal(HUGE, lang="nl")))
    svc.catalogue.upsert(RecordInput("dataset", str(uri), graph, slug="oud", status="published",
                                     access="public"), principal=SYSTEM.named("bench"))
    svc.projector.kick(wait=True)
    client = app.test_client()
    slug = next(r.slug for r in svc.catalogue.list(_anyone(), kind="dataset")
                if r.uri == "http://partner.test/ds/1")
    for path in (f"/datasets/{slug}", "/datasets/oud", "/search?sort=modified",
                 "/search?q=grondwater", "/"):
        print(f"{path}: {len(client.get(path).data):,} bytes")
    graphs = [_ordinary(n) for n in range(1_000)]
    for g in graphs[:100]:  # warm up (regex and rdflib caches)
        clean_graph(g, [])
    started = time.perf_counter()
    for g in graphs:
        clean_graph(g, [])
    print(f"clean_graph over 1,000 ordinary records: {time.perf_counter() - started:.3f} s")
    text = "".join(to_ntriples(g) for g in graphs)
    started = time.perf_counter()
    clean_text(text)
    print(f"clean_text over a 1,000-record feed page ({len(text):,} characters): "
          f"{(time.perf_counter() - started) * 1000:.1f} ms")
    svc.store.dispose()


def _anyone():
    from atlas.access import ANONYMOUS
    return ANONYMOUS


def _ordinary(number: int) -> Graph:
    uri = URIRef(f"http://partner.test/ds/{number}")
    graph = Graph()
    graph.add((uri, RDF.type, DCAT.Dataset))
    graph.add((uri, DCTERMS.title, Literal(f"Dataset {number}", lang="nl")))
    graph.add((uri, DCTERMS.description, Literal("Een gewone beschrijving. " * 10, lang="nl")))
    for key in range(5):
        graph.add((uri, DCAT.keyword, Literal(f"trefwoord {key}", lang="nl")))
    graph.add((uri, DCAT.landingPage, URIRef(f"https://partner.test/pagina/{number}")))
    return graph


if __name__ == "__main__":
    main()
