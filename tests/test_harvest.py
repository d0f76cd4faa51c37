"""Harvesting again and again: paging, CKAN, unchanged re-runs, withdrawals, edits, ownership."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlmodel import select

from atlas.access import ANONYMOUS, SYSTEM
from atlas.errors import SourceUnreadable
from atlas.harvest.run import harvest
from atlas.models import HarvestRun, Record, RecordSource
from tests.conftest import corpus_dir
from tests.services import serve_directory

DCT_TITLE = "http://purl.org/dc/terms/title"


def catalogue_page(datasets: list[tuple[str, str]], base: str, page: int = 1,
                   next_page: int | None = None) -> str:
    """Return one Turtle page of a DCAT catalogue with Hydra paging."""
    lines = ["@prefix dcat: <http://www.w3.org/ns/dcat#> .",
             "@prefix dct: <http://purl.org/dc/terms/> .",
             "@prefix hydra: <http://www.w3.org/ns/hydra/core#> ."]
    for key, title in datasets:
        lines.append(f'<{base}/ds/{key}> a dcat:Dataset ; dct:title "{title}"@nl ; '
                     f'dct:identifier "{key}" ; dcat:distribution [ a dcat:Distribution ; '
                     f'dcat:accessURL <{base}/files/{key}.csv> ] .')
    view = f"<{base}/catalog-{page}.ttl> a hydra:PartialCollectionView"
    if next_page:
        view += f" ; hydra:next <catalog-{next_page}.ttl>"
    lines.append(view + " .")
    return "\n".join(lines) + "\n"


@pytest.fixture
def site(tmp_path):
    """A folder served on loopback: write files into it, harvest its URL."""
    folder = tmp_path / "site"
    folder.mkdir()
    with serve_directory(folder) as base:
        yield folder, base


@pytest.fixture
def harvesting(app, svc):
    config = dict(app.config, HARVEST_ALLOW_PRIVATE=True)  # the test server is on loopback

    def run(location=None, **kwargs):
        return harvest(svc.store, svc.catalogue, config, principal=SYSTEM, location=location,
                       **kwargs)
    return run


_CLOCK = [time.time()]


def _write_catalogue(folder: Path, base: str, datasets, per_page=2):
    pages = [datasets[i:i + per_page] for i in range(0, len(datasets), per_page)] or [[]]
    # Last-Modified has whole seconds: move each rewrite's time on so the server sees a change
    _CLOCK[0] += 10
    for number, chunk in enumerate(pages, start=1):
        following = number + 1 if number < len(pages) else None
        path = folder / f"catalog-{number}.ttl"
        text = catalogue_page(chunk, base, number, following)
        if not path.exists() or path.read_text() != text:
            path.write_text(text)
            os.utime(path, (_CLOCK[0], _CLOCK[0]))


def _rewrite(path: Path, text: str) -> None:
    path.write_text(text)
    _CLOCK[0] += 10
    os.utime(path, (_CLOCK[0], _CLOCK[0]))


def test_paged_catalogue_then_unchanged_then_changes(site, harvesting, svc):
    folder, base = site
    datasets = [(f"d{i}", f"Dataset {i}") for i in range(5)]
    _write_catalogue(folder, base, datasets)
    first = harvesting(f"{base}/catalog-1.ttl")
    assert (first.new, first.pages, first.failed) == (5, 3, 0)
    again = harvesting(f"{base}/catalog-1.ttl")
    assert (again.new, again.updated, again.unchanged, again.withdrawn) == (0, 0, 5, 0)
    with svc.store.read() as session:
        revisions_before = len(list(session.exec(select(Record.version))))
    datasets[1] = ("d1", "Dataset één")
    del datasets[4]
    _write_catalogue(folder, base, datasets)
    (folder / "catalog-3.ttl").unlink()
    third = harvesting(f"{base}/catalog-1.ttl")
    assert (third.new, third.updated, third.unchanged, third.withdrawn) == (0, 1, 3, 1)
    assert svc.catalogue.get_any(uri=f"{base}/ds/d1").title == "Dataset één"
    gone = svc.catalogue.get_any(uri=f"{base}/ds/d4")
    assert (gone.status, gone.vanished) == ("withdrawn", True)
    assert revisions_before == 5
    # it comes back: published again
    datasets.append(("d4", "Dataset 4"))
    _write_catalogue(folder, base, datasets)
    fourth = harvesting(f"{base}/catalog-1.ttl")
    assert fourth.updated == 1
    assert svc.catalogue.get_any(uri=f"{base}/ds/d4").status == "published"


def test_a_source_that_suddenly_returns_nothing_withdraws_nothing(site, harvesting, svc):
    folder, base = site
    _write_catalogue(folder, base, [(f"d{i}", f"D {i}") for i in range(4)])
    harvesting(f"{base}/catalog-1.ttl")
    for page in folder.glob("catalog-*.ttl"):
        page.unlink()
    _write_catalogue(folder, base, [("d0", "D 0")])
    guarded = harvesting(f"{base}/catalog-1.ttl")
    assert guarded.withdrawn == 0
    assert any("more than half" in m for m in guarded.messages)
    assert svc.catalogue.count(ANONYMOUS, kind="dataset") == 4
    forced = harvesting(f"{base}/catalog-1.ttl", force=True)
    assert forced.withdrawn == 3


def test_curated_edit_survives_and_conflict_is_flagged(site, harvesting, svc):
    folder, base = site
    _write_catalogue(folder, base, [("a", "Fietspaden")])
    harvesting(f"{base}/catalog-1.ttl")
    record = svc.catalogue.get_any(uri=f"{base}/ds/a")
    svc.catalogue.edit(record.id, {DCT_TITLE: [{"type": "literal", "value": "Fietsroutes",
                                               "lang": "nl"}]}, principal=SYSTEM.named("curator"))
    _write_catalogue(folder, base, [("a", "Fietspaden 2025")])
    result = harvesting(f"{base}/catalog-1.ttl")
    assert result.updated == 1
    record = svc.catalogue.get_any(uri=f"{base}/ds/a")
    assert record.title == "Fietsroutes"
    assert record.conflicts == [DCT_TITLE]
    assert "Fietspaden 2025" in record.source_rdf


def test_two_sources_one_record_never_overwritten(site, harvesting, svc):
    folder, base = site
    (folder / "one.ttl").write_text(catalogue_page([("x", "Van bron één")], base))
    (folder / "two.ttl").write_text(catalogue_page([("x", "Van bron twee")], base))
    harvesting(f"{base}/one.ttl")
    second = harvesting(f"{base}/two.ttl")
    assert (second.new, second.updated, second.unchanged) == (0, 0, 1)
    assert "another source" in second.errors[0]["message"]
    record = svc.catalogue.get_any(uri=f"{base}/ds/x")
    assert record.title == "Van bron één"
    with svc.store.read() as session:
        assert len(list(session.exec(select(RecordSource).where(
            RecordSource.record_id == record.id)))) == 2


def test_one_bad_record_does_not_stop_the_run(site, harvesting, svc):
    folder, base = site
    page = catalogue_page([("good", "Goed")], base)
    # a second "dataset" that is also a concept elsewhere: it fails alone
    page += f'<{base}/ds/bad> a <http://www.w3.org/ns/dcat#Dataset> .\n'
    (folder / "c.ttl").write_text(page)
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    from atlas.records import RecordInput
    g = Graph()
    g.add((URIRef(f"{base}/ds/bad"), RDF.type, SKOS.Concept))
    g.add((URIRef(f"{base}/ds/bad"), SKOS.prefLabel, Literal("x")))
    svc.catalogue.upsert(RecordInput("concept", f"{base}/ds/bad", g), principal=SYSTEM.named("t"))
    result = harvesting(f"{base}/c.ttl")
    assert (result.new, result.failed) == (1, 1)
    assert "already a concept" in result.errors[0]["message"]


def test_unreadable_source_changes_nothing(site, harvesting, svc):
    folder, base = site
    _write_catalogue(folder, base, [("a", "Blijft")])
    harvesting(f"{base}/catalog-1.ttl")
    _rewrite(folder / "catalog-1.ttl", "this is @ not turtle {")
    with pytest.raises(SourceUnreadable) as caught:
        harvesting(f"{base}/catalog-1.ttl")
    assert "not readable as RDF" in caught.value.message
    assert svc.catalogue.get_any(uri=f"{base}/ds/a").status == "published"
    with svc.store.read() as session:
        states = [r.state for r in session.exec(select(HarvestRun).order_by(HarvestRun.id))]
    assert states == ["finished", "failed"]


def test_loopback_is_refused_unless_allowed(site, app, svc):
    folder, base = site
    _write_catalogue(folder, base, [("a", "A")])
    config = dict(app.config, HARVEST_ALLOW_PRIVATE=False)
    with pytest.raises(SourceUnreadable) as caught:
        harvest(svc.store, svc.catalogue, config, location=f"{base}/catalog-1.ttl", principal=SYSTEM)
    assert "loopback" in caught.value.message or "private" in caught.value.message


def _serve_corpus_pages(folder: Path, base: str, names: list[str], links: dict[str, str]):
    for name in names:
        text = (corpus_dir("dcat") / name).read_text(encoding="utf-8")
        for old, new in links.items():
            text = text.replace(old, new.format(base=base))
        (folder / name).write_text(text)


def test_corpus_paged_collection_jsonld(site, harvesting):
    folder, base = site
    names = ["udata_hydra_PagedCollection_page1.jsonld", "udata_hydra_PagedCollection_page2.jsonld"]
    _serve_corpus_pages(folder, base, names, {
        "http://data.test.org/catalog.jsonld?page=2": "{base}/udata_hydra_PagedCollection_page2.jsonld",
        "http://data.test.org/catalog.jsonld?page=1": "{base}/udata_hydra_PagedCollection_page1.jsonld"})
    result = harvesting(f"{base}/{names[0]}")
    assert (result.pages, result.new, result.failed) == (2, 4, 0)


def test_corpus_partial_collection_view_schema_org(site, harvesting):
    folder, base = site
    folder.joinpath("datasets").mkdir()
    for number in (1, 2):
        text = (corpus_dir("dcat") / f"nde_hydra_PartialCollectionView_page{number}_schemaorg.ttl"
                ).read_text(encoding="utf-8")
        (folder / "datasets" / f"hydra-page{number}.ttl").write_text(text)
    result = harvesting(f"{base}/datasets/hydra-page1.ttl")
    assert (result.pages, result.new, result.failed) == (2, 2, 0)


def test_a_next_link_cycle_ends_paging(site, harvesting):
    folder, base = site
    (folder / "catalog-1.ttl").write_text(catalogue_page([("a", "A")], base, 1, 2))
    (folder / "catalog-2.ttl").write_text(catalogue_page([("b", "B")], base, 2, 1))
    result = harvesting(f"{base}/catalog-1.ttl")
    assert (result.pages, result.new) == (2, 2)
    assert any("cycle" in m for m in result.messages)


def test_corpus_ckan_api_is_harvested(tmp_path, harvesting, svc):
    api = tmp_path / "api" / "api" / "3" / "action"
    api.mkdir(parents=True)
    source = corpus_dir("dcat") / "envidat_ckan_package_search_rows2.json"
    document = json.loads(source.read_text())
    document["result"]["count"] = len(document["result"]["results"])
    (api / "package_search").write_text(json.dumps(document))
    with serve_directory(tmp_path / "api") as base:
        result = harvesting(base, kind="ckan")
    assert (result.new, result.failed) == (2, 0)
    assert svc.catalogue.count(ANONYMOUS, kind="dataset") == 2


def test_killed_harvest_is_completed_by_the_next_run(tmp_path):
    """A harvest killed (SIGKILL) mid-run leaves a consistent store; the next run completes."""
    env = {**os.environ, "ATLAS_INSTANCE_PATH": str(tmp_path / "instance"),
           "ATLAS_HARVEST_ALLOW_PRIVATE": "1"}
    env.pop("ATLAS_DATABASE_URL", None)
    atlas = str(Path(sys.executable).with_name("atlas"))
    subprocess.run([atlas, "init"], env=env, check=True, capture_output=True)
    folder = tmp_path / "site"
    folder.mkdir()
    with serve_directory(folder) as base:
        datasets = [(f"d{i}", f"Dataset {i}") for i in range(3000)]
        _write_catalogue(folder, base, datasets, per_page=100)
        proc = subprocess.Popen([atlas, "harvest", f"{base}/catalog-1.ttl", "--json"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        db = tmp_path / "instance" / "atlas.db"
        deadline = time.time() + 60
        import sqlite3
        while time.time() < deadline:
            time.sleep(0.2)
            try:
                with sqlite3.connect(db) as conn:
                    count = conn.execute("SELECT count(*) FROM record").fetchone()[0]
            except sqlite3.OperationalError:
                continue
            if count >= 300:
                break
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        with sqlite3.connect(db) as conn:
            stored = conn.execute("SELECT count(*) FROM record").fetchone()[0]
            # every stored record is whole: its dataset row exists
            orphans = conn.execute("SELECT count(*) FROM record r LEFT JOIN dataset d "
                                   "ON d.id = r.id WHERE d.id IS NULL").fetchone()[0]
        assert 0 < stored < 3000 and orphans == 0
        done = subprocess.run([atlas, "harvest", f"{base}/catalog-1.ttl", "--json"], env=env,
                              capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["new"] + summary["unchanged"] == 3000
    assert summary["new"] == 3000 - stored and summary["failed"] == 0
    with sqlite3.connect(tmp_path / "instance" / "atlas.db") as conn:
        assert conn.execute("SELECT count(*) FROM record").fetchone()[0] == 3000
    assert re.search(r"\d", done.stdout)


BROKEN = ["ckanext-dcat_dataset_healthdcat-ap_nl-en_INVALID_unbound_prefix.ttl",
          "geonovum_dcat-ap-nl-3.0_spec_example_dataset_UNDECLARED_PREFIX_invalid.ttl",
          "semic_dcat-ap-3.0.1_example_bee_series_combined_INVALID_slash_in_pname.ttl",
          "udata_arcgis_hub_pod_dcat-us_html_in_fields.json"]


def test_broken_corpus_files_are_refused_and_change_nothing(harvesting, svc):
    harvesting(str(corpus_dir("dcat") / "ckanext-dcat_catalog_rdfxml_bnode_distributions.rdf"))

    def state():
        with svc.store.read() as session:
            return sorted(session.exec(select(Record.uri, Record.content_hash, Record.status,
                                              Record.version)))
    before = state()
    assert len(before) == 2
    for name in BROKEN:
        with pytest.raises(SourceUnreadable) as caught:
            harvesting(str(corpus_dir("dcat") / name))
        assert name in caught.value.message or "not readable" in caught.value.message
        assert "Traceback" not in caught.value.message
    assert state() == before


def test_corpus_dkan_answer_is_read_and_its_private_package_not_published(tmp_path, harvesting,
                                                                           svc):
    api = tmp_path / "api" / "api" / "3" / "action"
    api.mkdir(parents=True)
    source = corpus_dir("dcat") / "udata_dkan_package_show_result_as_list.json"
    (api / "package_search").write_bytes(source.read_bytes())
    with serve_directory(tmp_path / "api") as base:
        result = harvesting(base, kind="ckan")
    assert (result.new, result.failed) == (0, 1)
    assert "private" in result.errors[0]["message"]
    assert svc.catalogue.count(ANONYMOUS, kind="dataset") == 0
