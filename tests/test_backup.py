"""Backups: `atlas export` holds records, sources and accounts; a restore into a fresh instance
keeps every record's content byte for byte and serves the same pages and feed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic
from sqlmodel import select

from atlas import create_app
from atlas.access import SYSTEM
from atlas.accounts.service import add_user, authenticate
from atlas.harvest.run import harvest
from atlas.harvest.sources import add_source
from atlas.models import Record, Source, User
from atlas.records import KINDS
from atlas.records.transfer import export, import_
from tests.conftest import BASE, DEMO_BASE, sign_in
from vocab.namespaces import DCAT

ATLAS = str(Path(sys.executable).with_name("atlas"))
DECIMAL = "<http://www.w3.org/2001/XMLSchema#decimal>"


def _atlas(instance: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "ATLAS_INSTANCE_PATH": str(instance), "ATLAS_BASE_URI": DEMO_BASE}
    env.pop("ATLAS_DATABASE_URL", None)
    done = subprocess.run([ATLAS, *args], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return done


def _app(instance: Path, base: str = DEMO_BASE):
    return create_app({"TESTING": True, "INSTANCE_PATH": str(instance), "BASE_URI": base,
                       "SECRET_KEY": "t"})


def _hashes(store) -> dict[str, str]:
    with store.read() as session:
        return {uri: digest for uri, digest in session.exec(select(Record.uri,
                                                                   Record.content_hash))}


def _served(app) -> tuple[dict[str, Graph], set]:
    """Return every record page's RDF (as an admin sees it) and the feed's datasets."""
    svc = app.extensions["atlas"]
    client = app.test_client()
    sign_in(svc.store, client, "admin")
    pages = {}
    for record in svc.catalogue.all_records():
        answer = client.get(f"/{KINDS.get(record.kind).segment}/{record.slug}.nt")
        assert answer.status_code == 200, record.uri
        pages[record.uri] = Graph().parse(data=answer.data.decode(), format="nt")
    feed = Graph().parse(data=client.get("/catalog.nt?page_size=1000").data.decode(),
                         format="nt")
    return pages, set(feed.objects(None, DCAT.dataset))


def test_a_restore_of_the_demo_keeps_every_record_and_serves_the_same(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    _atlas(first, "init")
    _atlas(first, "demo")
    _atlas(first, "export", str(tmp_path / "backup.trig"))
    _atlas(second, "init")
    done = _atlas(second, "import", str(tmp_path / "backup.trig"))
    assert "imported 378 records" in done.stdout
    text = (tmp_path / "backup.trig").read_text()
    assert f'"20"^^{DECIMAL}' in text and f'"20.0"^^{DECIMAL}' not in text  # as stored
    before, after = _app(first), _app(second)
    try:
        old = _hashes(before.extensions["atlas"].store)
        new = _hashes(after.extensions["atlas"].store)
        assert len(old) == 378
        assert [uri for uri in old if new.get(uri) != old[uri]] == []  # indicators included
        old_pages, old_feed = _served(before)
        new_pages, new_feed = _served(after)
        assert old_pages.keys() == new_pages.keys()
        for uri, graph in old_pages.items():
            assert isomorphic(graph, new_pages[uri]), uri
        assert old_feed == new_feed and len(old_feed) > 100
        # A second import changes nothing: every record is as the file says.
        again = import_(after.extensions["atlas"].catalogue, tmp_path / "backup.trig", principal=SYSTEM)
        assert again.records == 378 and _hashes(after.extensions["atlas"].store) == old
    finally:
        before.extensions["atlas"].store.dispose()
        after.extensions["atlas"].store.dispose()


@pytest.mark.parametrize("suffix", [".trig", ".nq"])
def test_an_export_holds_sources_and_accounts_but_no_passwords(tmp_path, suffix):
    first = _app(tmp_path / "first", BASE)
    svc = first.extensions["atlas"]
    svc.store.upgrade()
    add_user(svc.store, "beheer@utrecht.test", "admin", "wachtwoord-van-beheer", name="Beheer", principal=SYSTEM)
    add_user(svc.store, "lezer@utrecht.test", "viewer", "wachtwoord-van-lezer", principal=SYSTEM)
    add_source(svc.store, name="partner", url="https://partner.test/catalog.ttl",
               kind="dcat", access="internal", schedule="weekly", allow_private=True,
               defaults={"http://purl.org/dc/terms/accessRights": [
                   {"type": "uri", "value": "http://example.test/PUBLIC"}]}, principal=SYSTEM)
    local = tmp_path / "lokaal.ttl"
    local.write_text('<http://x.test/d> a <http://www.w3.org/ns/dcat#Dataset> ;\n'
                     '  <http://purl.org/dc/terms/title> "Lokaal"@nl ;\n'
                     '  <http://x.test/n> "20"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n')
    assert harvest(svc.store, svc.catalogue, first.config, location=str(local), principal=SYSTEM).new == 1
    path = tmp_path / f"backup{suffix}"
    done = export(svc.catalogue, path)
    assert (done.records, done.sources, done.accounts) == (1, 2, 2)
    text = path.read_text()
    assert "wachtwoord" not in text and "scrypt:" not in text and "pbkdf2:" not in text
    svc.store.dispose()

    second = _app(tmp_path / "second", BASE)
    other = second.extensions["atlas"]
    other.store.upgrade()
    add_user(other.store, "lezer@utrecht.test", "curator", "eigen-wachtwoord", principal=SYSTEM)
    restored = import_(other.catalogue, path, principal=SYSTEM)
    assert (restored.records, restored.sources, restored.accounts) == (1, 2, 1)
    with other.store.read() as session:
        users = {u.email: u for u in session.exec(select(User))}
        sources = {s.name: s for s in session.exec(select(Source))}
    # The new account has no password to sign in with; the one already here is untouched.
    assert (users["beheer@utrecht.test"].role, users["beheer@utrecht.test"].name) == ("admin",
                                                                                     "Beheer")
    assert authenticate(other.store, "beheer@utrecht.test", "wachtwoord-van-beheer") is None
    assert users["lezer@utrecht.test"].role == "curator"
    assert authenticate(other.store, "lezer@utrecht.test", "eigen-wachtwoord") is not None
    partner = sources["partner"]
    assert (partner.url, partner.access, partner.schedule, partner.allow_private) == (
        "https://partner.test/catalog.ttl", "internal", "weekly", True)
    assert partner.defaults["http://purl.org/dc/terms/accessRights"][0]["value"] == \
        "http://example.test/PUBLIC"
    # The harvested record is its source's again: harvesting the file finds it unchanged.
    again = harvest(other.store, other.catalogue, second.config, location=str(local), principal=SYSTEM)
    assert (again.new, again.unchanged, again.errors) == (0, 1, [])
    record = other.catalogue.get_any(uri="http://x.test/d")
    assert f'"20"^^{DECIMAL}' in record.source_rdf
    assert record.source_id == sources["lokaal.ttl"].id
    other.store.dispose()


def test_an_export_written_by_hand_is_read_too(tmp_path, svc):
    # Any TriG: prefixes, shorthand literals; the lexical forms stay as written.
    path = tmp_path / "hand.trig"
    path.write_text(
        "@prefix atlas: <https://w3id.org/atlas/def#> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        f"<{BASE}/datasets/hand> {{ <{BASE}/datasets/hand> a <http://www.w3.org/ns/dcat#Dataset>"
        ' ; <http://purl.org/dc/terms/title> "Met de hand"@nl ; <http://x.test/n> "020"^^xsd:integer'
        ' ; <http://x.test/b> "1"^^xsd:boolean . }\n'
        f'<urn:atlas:records> {{ <{BASE}/datasets/hand> atlas:kind "dataset" ; atlas:slug "hand" ;'
        ' atlas:status "published" ; atlas:access "public" . }\n')
    assert import_(svc.catalogue, path, principal=SYSTEM).records == 1
    stored = svc.catalogue.get_any(uri=f"{BASE}/datasets/hand").source_rdf
    assert '"020"^^<http://www.w3.org/2001/XMLSchema#integer>' in stored
    assert '"1"^^<http://www.w3.org/2001/XMLSchema#boolean>' in stored


def test_an_unknown_role_refuses_the_file_and_stores_nothing(tmp_path, svc, add_dataset):
    from atlas.errors import InvalidInput

    add_dataset("blijft", "Blijft")
    path = tmp_path / "bad.nq"
    export(svc.catalogue, path)
    path.write_text(path.read_text() + '<mailto:x@utrecht.test> '
                    '<https://w3id.org/atlas/def#role> "god" <urn:atlas:accounts> .\n')
    with pytest.raises(InvalidInput) as caught:
        import_(svc.catalogue, path, principal=SYSTEM)
    assert "unknown role" in caught.value.message
    with svc.store.read() as session:
        assert session.exec(select(User)).first() is None
