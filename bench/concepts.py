"""Import a generated SKOS scheme of N concepts (depth 6, Dutch and English) and browse it.

Prints the import time, rate and peak memory of `atlas harvest FILE --kind skos` (projections
included) and of a re-import of the unchanged file; p50/p95 of the scheme page, a deep (level 6)
concept page, that concept in the API with its transitive broader and narrower, and label lookups (preferred, alternative, hidden) in process through the Flask
test client and over HTTP from `atlas serve` (gunicorn). Targets (issue 5): import ≤ 60 s for
20,000 concepts, each page ≤ 300 ms.
Usage: .venv/bin/python bench/concepts.py [N] [--repeat 20] [--workers 2] [--profile]
(`--profile` imports in process under cProfile and prints where the time went instead.)
"""

from __future__ import annotations

import argparse
import cProfile
import http.client
import os
import pstats
import signal
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).parent))
from search import percentile, serve, stop  # noqa: E402
from timing import measure  # noqa: E402

ATLAS = str(Path(sys.executable).with_name("atlas"))
BASE = "https://begrippen.example.test/id"
DEPTH = 6
TOPS = 8
WORDS = ("bodem", "water", "lucht", "geluid", "natuur", "energie", "verkeer", "wonen",
         "erfgoed", "gezondheid", "financiële", "ecologische", "economie", "onderwijs",
         "landbouw", "recreatie", "zorg", "veiligheid", "cultuur", "ruimte")
WORDS_EN = ("soil", "water", "air", "noise", "nature", "energy", "traffic", "housing",
            "heritage", "health", "financial", "ecological", "economy", "education",
            "agriculture", "recreation", "care", "safety", "culture", "space")


def level_sizes(n: int, depth: int = DEPTH, tops: int = TOPS) -> list[int]:
    """Return how many concepts each level holds: tops, then a constant fan-out, summing to n."""
    low, high = 1.0, 50.0
    for _ in range(60):  # bisect the fan-out whose levels add up to n
        ratio = (low + high) / 2
        total = sum(round(tops * ratio ** k) for k in range(depth))
        low, high = (ratio, high) if total < n else (low, ratio)
    sizes = [round(tops * low ** k) for k in range(depth)]
    sizes[-1] += n - sum(sizes)
    return sizes


def scheme_turtle(n: int) -> tuple[str, dict[str, str]]:
    """Return the Turtle text of the scheme, and one example of each label role and a deep IRI."""
    lines = ["@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
             "@prefix dct: <http://purl.org/dc/terms/> .",
             f"<{BASE}/schema> a skos:ConceptScheme ; dct:title \"Begrippen benchmark\"@nl, "
             "\"Benchmark concepts\"@en ; dct:description \"Gegenereerd schema.\"@nl ."]
    parents: list[int] = []
    number = 0
    examples: dict[str, str] = {}
    for level, size in enumerate(level_sizes(n), start=1):
        current = []
        for i in range(size):
            number += 1
            current.append(number)
            iri = f"<{BASE}/c{number}>"
            word, word_en = WORDS[number % len(WORDS)], WORDS_EN[number % len(WORDS_EN)]
            parts = [f"{iri} a skos:Concept",
                     f"skos:prefLabel \"{word} {number}\"@nl, \"{word_en} {number}\"@en",
                     f"skos:definition \"Het begrip {word} op niveau {level}, nummer {number}.\"@nl, "
                     f"\"The concept {word_en} at level {level}, number {number}.\"@en",
                     f"skos:notation \"N{number}\"", f"skos:inScheme <{BASE}/schema>"]
            if parents:
                parts.append(f"skos:broader <{BASE}/c{parents[i % len(parents)]}>")
            else:
                parts.append(f"skos:topConceptOf <{BASE}/schema>")
            if number % 5 == 0:
                parts.append(f"skos:altLabel \"synoniem {word} {number}\"@nl")
                examples.setdefault("alt", f"Synoniem {word} {number}")
            if number % 7 == 0:
                parts.append(f"skos:hiddenLabel \"{word}{number}\"@nl")
                examples.setdefault("hidden", f"{word.upper()}{number}")
            if number % 50 == 0 and number > 100:
                parts.append(f"skos:related <{BASE}/c{number - 99}>")
            lines.append(" ;\n    ".join(parts) + " .")
            if level == DEPTH:
                examples.setdefault("deep", f"{BASE}/c{number}")
            examples.setdefault("pref", f"{word.capitalize()} {number}")
        parents = current
    tops = ", ".join(f"<{BASE}/c{i}>" for i in range(1, TOPS + 1))
    lines.append(f"<{BASE}/schema> skos:hasTopConcept {tops} .")
    return "\n".join(lines) + "\n", examples


def import_file(env: dict, path: Path, *options: str) -> tuple[float, float, str]:
    """Run `atlas harvest FILE --kind skos` as the data desk would; return seconds, peak MB and
    the JSON summary it printed."""
    seconds, peak, output = measure([ATLAS, "harvest", str(path), "--kind", "skos", "--json",
                                     *options], env)
    summary = next((line for line in output.splitlines() if line.startswith("{")), output)
    return seconds, peak, summary


def http_get(port: int, path: str) -> tuple[int, bytes]:
    """GET path as a browser would (HTML for pages), on a new connection."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path, headers={"Accept": "text/html,application/json;q=0.9"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def profile_import(instance: str, path: Path) -> None:
    """Import in process under cProfile (same code path as the command) and print the top calls."""
    from atlas import create_app
    from atlas.access import SYSTEM
    from atlas.harvest.run import harvest

    app = create_app({"INSTANCE_PATH": instance, "BASE_URI": "http://127.0.0.1:8000"})
    svc = app.extensions["atlas"]
    svc.store.upgrade()
    profiler = cProfile.Profile()
    started = time.perf_counter()
    with app.app_context():
        profiler.enable()
        summary = harvest(svc.store, svc.catalogue, app.config, principal=SYSTEM,
                          location=str(path), kind="skos")
        svc.projector.kick(wait=True)
        svc.projector.compact()
        profiler.disable()
    print(f"import {time.perf_counter() - started:.1f} s under cProfile: {summary.as_dict()}")
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


def timed(get, path: str, repeat: int) -> tuple[float, list[float]]:
    """Return the seconds of a first GET of path and of `repeat` more; fail on anything but 200."""
    started = time.perf_counter()
    status = get(path)[0]
    first = time.perf_counter() - started
    if status != 200:
        raise SystemExit(f"GET {path}: {status}")
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        status = get(path)[0]
        samples.append(time.perf_counter() - started)
        if status != 200:
            raise SystemExit(f"GET {path}: {status}")
    return first, samples


def browse(instance: str, examples: dict, repeat: int, workers: int) -> None:
    """Print p50/p95 of the scheme page, the deep concept (page and API) and lookups."""
    from atlas import create_app

    app = create_app({"INSTANCE_PATH": instance})
    svc = app.extensions["atlas"]
    with svc.store.read() as session:
        from sqlmodel import select

        from atlas.models import Record
        slugs = dict(session.exec(select(Record.uri, Record.slug).where(
            Record.uri.in_([f"{BASE}/schema", examples["deep"]]))).all())
    svc.store.dispose()
    paths = {"scheme page": f"/definitions/{slugs[f'{BASE}/schema']}",
             "deep concept page (level 6)": f"/definitions/{slugs[examples['deep']]}"}
    paths["API concept, transitive"] = (f"/api/v1/concepts/{slugs[examples['deep']]}"
                                        "?transitive=1")
    for role in ("pref", "alt", "hidden"):
        paths[f"lookup, {role} label"] = ("/api/v1/concepts/lookup?label="
                                          + urllib.parse.quote(examples[role]))
    client = app.test_client()

    def in_process(path: str):
        response = client.get(path)
        return response.status_code, response.data

    rows = {name: timed(in_process, path, repeat) for name, path in paths.items()}
    after_change = changed_then(svc, client, paths["scheme page"], examples["deep"], repeat)
    server, port = serve(instance, workers)
    try:
        over_http = {name: timed(lambda p: http_get(port, p), path, repeat)
                     for name, path in paths.items()}
    finally:
        stop(server)
    print(f"  {'(ms; first = a cold request)':<30} {'in process: first':>17} {'p50':>6} {'p95':>6}"
          f" {'HTTP: first':>12} {'p50':>6} {'p95':>6}")
    for name in paths:
        cells = []
        for first, samples in (rows[name], over_http[name]):
            cells.append(f"{first * 1000:10.1f} {percentile(samples, 50):6.1f} "
                         f"{percentile(samples, 95):6.1f}")
        print(f"  {name:<30}       {cells[0]}  {cells[1]}")
    print(f"  {'scheme page after a change':<30}       {'':>10} "
          f"{percentile(after_change, 50):6.1f} {percentile(after_change, 95):6.1f}"
          "  (in process; each request follows an edit, so nothing is kept)")


def changed_then(svc, client, path: str, concept_uri: str, repeat: int) -> list[float]:
    """Return the seconds of the scheme page, each requested right after a concept is edited."""
    from rdflib.namespace import SKOS

    from atlas.access import SYSTEM

    record = svc.catalogue.get_any(uri=concept_uri)
    samples = []
    for i in range(repeat):
        svc.catalogue.edit(record.id, {str(SKOS.scopeNote): [
            {"type": "literal", "value": f"Bewerkt {i}.", "lang": "nl"}]},
            principal=SYSTEM.named("bench"))
        started = time.perf_counter()
        if client.get(path).status_code != 200:
            raise SystemExit(f"GET {path} failed")
        samples.append(time.perf_counter() - started)
    return samples


def main() -> None:
    """Generate, import twice, browse; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=20000, help="concepts")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per path")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--profile", action="store_true", help="profile the import instead")
    args = parser.parse_args()
    # a TERM (from a CI timeout, say) unwinds through the finally blocks that stop gunicorn
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    text, examples = scheme_turtle(args.n)
    with tempfile.TemporaryDirectory(prefix="atlas-bench-concepts-") as folder:
        path = Path(folder) / "scheme.ttl"
        path.write_text(text, encoding="utf-8")
        instance = str(Path(folder) / "instance")
        if args.profile:
            profile_import(instance, path)
            return
        env = {**os.environ, "ATLAS_INSTANCE_PATH": instance}
        env.pop("ATLAS_DATABASE_URL", None)
        measure([ATLAS, "init"], env)
        sizes = ", ".join(str(s) for s in level_sizes(args.n))
        print(f"Atlas concepts benchmark: {args.n} concepts, depth {DEPTH} (levels {sizes}), "
              f"nl + en, file {len(text.encode()) / 1e6:.1f} MB")
        for label, options in (("import", ()), ("re-import, same bytes", ()),
                               ("re-import, --force", ("--force",))):
            # same bytes: the page memory skips the file unread; --force parses it again and
            # compares every record by content hash (the work of an unchanged re-harvest
            # whose file was rewritten)
            seconds, peak, summary = import_file(env, path, *options)
            print(f"  {label:<22} {seconds:6.1f} s  {args.n / seconds:6.0f} concepts/s  "
                  f"peak {peak:5.0f} MB   {summary}")
        # The integrity check of the whole scheme (atlas check-definitions), as after a harvest
        seconds, peak, output = measure([ATLAS, "check-definitions", "--stale"], env)
        print(f"  {'integrity check':<22} {seconds:6.1f} s  peak {peak:5.0f} MB   "
              f"{output.splitlines()[0] if output else ''}")
        browse(instance, examples, args.repeat, args.workers)


if __name__ == "__main__":
    main()
