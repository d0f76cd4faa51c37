"""`atlas export` and `atlas import` beside `atlas harvest` of the same content.

Harvests a generated N-dataset DCAT catalogue (default 5,400; one local Turtle file) into a fresh
instance, exports it, imports the export into another fresh instance, and does the same for the
demo content (`atlas demo` in place of the harvest). Prints seconds, records/s and peak memory
of each command, and whether every record's content hash survived the round trip.
Usage: .venv/bin/python bench/transfer.py [N]
"""

from __future__ import annotations

import os
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from harvest import page_text  # noqa: E402
from timing import measure  # noqa: E402

ATLAS = str(Path(sys.executable).with_name("atlas"))


def _hashes(instance: Path) -> dict[str, str]:
    with sqlite3.connect(next(instance.glob("*.db"))) as db:
        return dict(db.execute("select uri, content_hash from record"))


def _line(what: str, records: int, seconds: float, peak: float) -> None:
    print(f"{what:<34}{records:>8}{seconds:>10.2f}{records / seconds:>12.0f}{peak:>10.1f}")


def _round_trip(folder: Path, label: str, load: list[str], records: int = 0) -> None:
    """Load into one instance, export it, import the export into a fresh one."""
    first, second, backup = folder / f"{label}-a", folder / f"{label}-b", folder / f"{label}.trig"
    env = {**os.environ}
    env.pop("ATLAS_DATABASE_URL", None)
    for instance in (first, second):
        measure([ATLAS, "init"], {**env, "ATLAS_INSTANCE_PATH": str(instance)})
    steps = ((f"atlas {' '.join(load[:1])} ({label})", first, load),
             (f"atlas export ({label})", first, ["export", str(backup)]),
             (f"atlas import ({label})", second, ["import", str(backup)]))
    for what, instance, args in steps:
        seconds, peak, _ = measure([ATLAS, *args], {**env, "ATLAS_INSTANCE_PATH": str(instance)})
        records = records or len(_hashes(first))
        _line(what, records, seconds, peak)
    before, after = _hashes(first), _hashes(second)
    changed = sum(1 for uri, digest in before.items() if after.get(uri) != digest)
    print(f"  {label}: {len(before)} records, {changed} content hashes changed by the round "
          f"trip, export {backup.stat().st_size / 1e6:.1f} MB")


def main() -> None:
    """Print one line per command: records, seconds, records/s, peak resident memory."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5400
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        catalogue = folder / "catalogue.ttl"
        catalogue.write_text(page_text("http://bench.test", 1, 1, 0, n))
        print(f"{'command':<34}{'records':>8}{'seconds':>10}{'records/s':>12}{'peak MB':>10}")
        _round_trip(folder, "demo", ["demo"])
        _round_trip(folder, f"{n} datasets", ["harvest", str(catalogue)], n)


if __name__ == "__main__":
    main()
