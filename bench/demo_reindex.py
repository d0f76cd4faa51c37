"""Time and peak memory of `atlas init`, `atlas demo` and `atlas reindex` on a fresh instance."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from timing import measure  # noqa: E402

ATLAS = str(Path(sys.executable).with_name("atlas"))


def main() -> None:
    """Print one line per command: seconds and peak resident memory."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "ATLAS_INSTANCE_PATH": folder}
        env.pop("ATLAS_DATABASE_URL", None)
        print(f"{'command':<16}{'seconds':>10}{'peak MB':>10}  output")
        for args in (["init"], ["demo"], ["reindex"], ["reindex"]):
            seconds, peak, output = measure([ATLAS, *args], env)
            print(f"atlas {' '.join(args):<10}{seconds:>10.2f}{peak:>10.1f}  {output[-90:]}")


if __name__ == "__main__":
    main()
