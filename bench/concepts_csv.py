"""Time the CSV import and export of concepts: a dry run, storing, exporting, a round trip.

Usage: python bench/concepts_csv.py [N]   (default 20,000 concepts, 8 narrower per concept,
Dutch and English labels, a definition and a notation each; one fresh instance in a temporary
folder; the storing includes the projections.) Prints seconds per step and the peak memory.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from atlas import create_app  # noqa: E402
from atlas.access import Principal  # noqa: E402
from atlas.definitions import csv_apply, csv_plan, curation  # noqa: E402
from atlas.models import Role  # noqa: E402

WHO = Principal(user_id=0, email="bench@utrecht.test", role=Role.admin)


def generated(n: int) -> str:
    """Return a CSV of n new concepts, each below concept (i - 1) // 8 (a tree of depth ~5)."""
    lines = ["uri;pref_label_nl;pref_label_en;definition_nl;notation;broader"]
    for i in range(n):
        parent = f"N{(i - 1) // 8}" if i else ""
        lines.append(f";begrip {i};concept {i};Definitie van begrip {i}.;N{i};{parent}")
    return "\r\n".join(lines)


def step(name: str, run):
    """Run one step, print its time, and return its result."""
    started = time.perf_counter()
    result = run()
    print(f"{name:<34} {time.perf_counter() - started:7.1f} s")
    return result


def main() -> None:
    """Measure each step at the size asked for."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    app = create_app({"INSTANCE_PATH": tempfile.mkdtemp(prefix="atlas-bench-csv-"),
                      "BASE_URI": "http://atlas.test", "SECRET_KEY": "bench"})
    svc = app.extensions["atlas"]
    svc.store.upgrade()
    with app.app_context():
        scheme = curation.create_scheme(svc.catalogue, WHO, {"title_nl": "Bench"},
                                        status="published")
        text = generated(n)
        print(f"{n:,} concepts, {len(text) // 1024:,} KiB of CSV")
        plan = step("dry run (all new)", lambda: csv_plan.plan(svc.catalogue, WHO, scheme, text))
        summary = step("store (incl. projections)", lambda: (csv_apply.apply(
            svc.catalogue, WHO, scheme, plan, status="published"), svc.projector.kick(wait=True)))
        print(f"{'':<34} {summary[0].counts()}")
        out = step("export", lambda: csv_apply.export(svc.catalogue, WHO, scheme))
        again = step("dry run of the export (round trip)",
                     lambda: csv_plan.plan(svc.catalogue, WHO, scheme, out))
        print(f"{'':<34} {again.counts()}")
        edited = out.replace("Definitie van begrip 1.", "Nieuwe definitie 1.", 1)
        changed = step("one changed row: dry run + store", lambda: csv_apply.apply(
            svc.catalogue, WHO, scheme, csv_plan.plan(svc.catalogue, WHO, scheme, edited)))
        print(f"{'':<34} {changed.counts()}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory {peak:,.0f} MB")


if __name__ == "__main__":
    main()
