"""Settings are declared once, read from ATLAS_* variables, and documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atlas import settings

DOCS = Path(__file__).resolve().parents[1] / "docs" / "configuration.md"


def test_docs_list_every_setting_with_its_default_and_help():
    rows = {}
    for line in DOCS.read_text().splitlines():
        match = re.match(r"\| `(ATLAS_[A-Z_]+)` \| (.*?) \| (.*?) \|$", line)
        if match:
            rows[match.group(1)] = (match.group(2), match.group(3))
    declared = {s.name: s for s in settings.SETTINGS}
    assert rows.keys() == declared.keys()
    for name, (default, help_text) in rows.items():
        expected = f"`{declared[name].default}`" if declared[name].default else "*(empty)*"
        assert default == expected, name
        assert help_text == declared[name].help, name


def test_environment_overrides_defaults(tmp_path):
    values = settings.load({"ATLAS_INSTANCE_PATH": str(tmp_path), "ATLAS_BASE_URI": "https://a.nl/",
                            "ATLAS_HARVEST_ALLOW_PRIVATE": "yes", "ATLAS_SPARQL_TIMEOUT": "2.5"})
    assert values["DATABASE_URL"] == f"sqlite:///{tmp_path / 'atlas.db'}"
    assert values["BASE_URI"] == "https://a.nl"
    assert values["HARVEST_ALLOW_PRIVATE"] is True
    assert values["SPARQL_TIMEOUT"] == 2.5


def test_a_bad_value_names_the_variable():
    with pytest.raises(SystemExit) as caught:
        settings.load({"ATLAS_SPARQL_TIMEOUT": "soon"})
    assert "ATLAS_SPARQL_TIMEOUT" in str(caught.value)
