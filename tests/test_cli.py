"""The `atlas` command line, run as a user runs it: a real process on a real instance folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from atlas.search.index import VERSION_FILE, SearchIndex
from tests.conftest import corpus_dir

ATLAS = str(Path(sys.executable).with_name("atlas"))


def run(tmp_path: Path, *args: str, input: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "ATLAS_INSTANCE_PATH": str(tmp_path / "instance"),
           "ATLAS_BASE_URI": "http://atlas.test"}
    env.pop("ATLAS_DATABASE_URL", None)
    return subprocess.run([ATLAS, *args], capture_output=True, text=True, env=env,
                          input=input, timeout=120)


@pytest.fixture
def instance(tmp_path):
    done = run(tmp_path, "init")
    assert done.returncode == 0, done.stderr
    assert "created" in done.stdout
    return tmp_path


def test_init_twice_is_up_to_date(instance):
    assert "up to date" in run(instance, "init").stdout


def test_harvest_json_summary_and_rerun_unchanged(instance):
    source = corpus_dir("dcat") / "ckanext-dcat_catalog_rdfxml_bnode_distributions.rdf"
    first = run(instance, "harvest", str(source), "--json")
    assert first.returncode == 0, first.stderr
    assert json.loads(first.stdout) == {"new": 2, "updated": 0, "unchanged": 0, "withdrawn": 0,
                                        "failed": 0, "errors": [], "warnings": []}
    second = json.loads(run(instance, "harvest", str(source), "--json").stdout)
    assert (second["new"], second["unchanged"]) == (0, 2)


@pytest.mark.parametrize("name", ["semic_dcat-ap-3.0.1_example_bee_series_combined_INVALID_slash_in_pname.ttl",
                                  "udata_arcgis_hub_pod_dcat-us_html_in_fields.json"])
def test_unreadable_source_fails_with_one_line_and_no_traceback(instance, name):
    done = run(instance, "harvest", str(corpus_dir("dcat") / name), "--json")
    assert done.returncode != 0
    assert done.stdout == ""
    assert done.stderr.startswith("atlas: ") and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_missing_file_is_a_clear_error(instance):
    done = run(instance, "harvest", str(instance / "nope.ttl"))
    assert done.returncode == 1
    assert "no such file" in done.stderr and "Traceback" not in done.stderr


def test_export_import_and_reindex(instance, tmp_path):
    source = corpus_dir("dcat") / "udata_catalog_bnodes_relative_iris.rdf"
    assert run(instance, "harvest", str(source)).returncode == 0
    out = instance / "all.trig"
    done = run(instance, "export", str(out))
    assert done.returncode == 0 and "exported 4 records" in done.stdout
    other = tmp_path / "other"
    other.mkdir()
    assert run(other, "init").returncode == 0
    done = run(other, "import", str(out))
    assert done.returncode == 0, done.stderr
    assert "imported 4 records" in done.stdout
    assert "reindexed 4 records" in run(other, "reindex").stdout
    bad = run(other, "export", str(instance / "all.csv"))
    assert bad.returncode == 1 and ".trig or .nq" in bad.stderr


def test_users_add_refuses_duplicates(instance):
    done = run(instance, "users", "add", "Data@Utrecht.nl", "--role", "curator",
               "--password", "geheim")
    assert done.returncode == 0, done.stderr
    again = run(instance, "users", "add", "data@utrecht.nl", "--role", "viewer",
                "--password", "x")
    assert again.returncode == 1 and "exists already" in again.stderr


def test_sources_add_list_harvest_due_and_remove(instance, tmp_path):
    from tests.services import serve_directory
    from tests.test_harvest import catalogue_page
    site = tmp_path / "site"
    site.mkdir()
    with serve_directory(site) as base:
        (site / "c.ttl").write_text(catalogue_page([("a", "A"), ("b", "B")], base))
        bad = run(instance, "sources", "add", "lokaal", str(site / "c.ttl"))
        assert bad.returncode == 1 and "http(s) URL" in bad.stderr
        added = run(instance, "sources", "add", "partner", f"{base}/c.ttl", "--schedule",
                    "hourly", "--allow-private")
        assert added.returncode == 0, added.stderr
        assert run(instance, "sources", "add", "partner", f"{base}/c.ttl").returncode == 1
        assert "never run" in run(instance, "sources", "list").stdout
        due = run(instance, "harvest", "--due", "--json")
        assert due.returncode == 0, due.stderr
        assert json.loads(due.stdout)["new"] == 2
        assert run(instance, "harvest", "--due", "--json").stdout == ""  # not due again yet
        again = run(instance, "harvest", "--source", "partner", "--json")
        assert json.loads(again.stdout)["unchanged"] == 2
        listed = json.loads(run(instance, "sources", "list", "--json").stdout)
        assert listed[0]["last_run"]["state"] == "finished"
    assert run(instance, "sources", "remove", "partner").returncode == 0
    assert run(instance, "sources", "list").stdout.startswith("no sources")
    missing = run(instance, "harvest", "--source", "partner")
    assert missing.returncode == 1 and "no source named" in missing.stderr


def test_harvest_refuses_loopback_without_permission(instance, tmp_path):
    from tests.services import serve_directory
    from tests.test_harvest import catalogue_page
    site = tmp_path / "site"
    site.mkdir()
    with serve_directory(site) as base:
        (site / "c.ttl").write_text(catalogue_page([("a", "A")], base))
        done = run(instance, "harvest", f"{base}/c.ttl")
    assert done.returncode == 1
    assert "loopback" in done.stderr and "Traceback" not in done.stderr


def test_init_rebuilds_a_search_index_built_by_an_older_atlas(instance):
    source = corpus_dir("dcat") / "ckanext-dcat_catalog_rdfxml_bnode_distributions.rdf"
    assert run(instance, "harvest", str(source)).returncode == 0
    index = SearchIndex(instance / "instance" / "search")
    assert index.ping() == 2
    (index.path / VERSION_FILE).write_text("1\n")  # keys made by an older normaliser
    done = run(instance, "init")
    assert done.returncode == 0, done.stderr
    assert "search index rebuilt: reindexed 2 records" in done.stdout
    assert index.ping() == 2
    assert "rebuilt" not in run(instance, "init").stdout
