"""The layout holds as built: rules about where code lives, checked over the source tree."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_views_hold_no_role_checks():
    # Permission to act is decided in atlas.access (`may`, `require`); views only ask it.
    role_check = re.compile(r"has_role|\.role\b|\bRole\b")
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in sorted((ROOT / "atlas" / "web").rglob("*"))
             if path.is_file() and path.suffix != ".pyc"
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if role_check.search(line)]
    assert found == []
