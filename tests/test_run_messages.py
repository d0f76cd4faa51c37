"""Harvest messages never quote a file's or a response's content beyond a short excerpt, and a
local file's source is named by its file name, with an admin page that answers."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlmodel import select

from atlas import create_app
from atlas.models import HarvestPage, HarvestRun, Source
from importers.messages import short_message
from tests.test_admin import _sign_in
from tests.test_cli import run

SECRET = "fake-secret-"


def _secret_lines(prefix: str = "regel") -> str:
    # Every line holds a secret past the first 80 characters; the first also a terminal escape.
    lines = [f"{prefix}{n:03d} " + ("\x1b[2J" if n == 1 else "") + "x" * 90 + f" {SECRET}{n:03d}"
             for n in range(1, 201)]
    return "\n".join(lines) + "\n"


def _secret_json() -> str:
    # Broken JSON from line 2 on: the parser stops early there, the secrets sit later.
    rows = [f'"k{n}": ' + "z" * 90 + f" {SECRET}{n:03d}," for n in range(2, 120)]
    return '{"a": "' + "y" * 90 + f' {SECRET}001",\n' + "\n".join(rows) + "\n}\n"


FILES = {"geheim bestand.v2.ttl": _secret_lines(), "geheim.json": _secret_json()}


@pytest.fixture
def instance(tmp_path):
    done = run(tmp_path, "init")
    assert done.returncode == 0, done.stderr
    return tmp_path


def _instance_app(tmp_path: Path):
    return create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"),
                       "BASE_URI": "http://atlas.test", "SECRET_KEY": "t"})


def _stored_text(store) -> str:
    """Return every harvest column a page or a command can show, as one text."""
    with store.read() as session:
        parts = [json.dumps([s.model_dump(mode="json") for s in session.exec(select(Source))])]
        parts += [json.dumps(r.model_dump(mode="json")) for r in session.exec(select(HarvestRun))]
        parts += [json.dumps(p.model_dump(mode="json"))
                  for p in session.exec(select(HarvestPage))]
    return "\n".join(parts)


@pytest.mark.parametrize("kind", ["dcat", "ckan", "skos"])
@pytest.mark.parametrize("file_name", sorted(FILES))
def test_a_secret_file_is_never_quoted(instance, kind, file_name):
    path = instance / "etc" / file_name
    path.parent.mkdir()
    path.write_text(FILES[file_name])
    plain = run(instance, "harvest", str(path), "--kind", kind)
    as_json = run(instance, "harvest", str(path), "--kind", kind, "--json")
    listed = run(instance, "sources", "list")
    listed_json = run(instance, "sources", "list", "--json")
    assert plain.returncode == 1 and as_json.returncode == 1
    assert plain.stderr.startswith("atlas: ") and "Traceback" not in plain.stderr
    app = _instance_app(instance)
    svc = app.extensions["atlas"]
    client = app.test_client()
    _sign_in(client, svc.store, "admin")
    listing = client.get("/admin/sources")
    page = client.get(f"/admin/sources/{quote(file_name)}")
    assert listing.status_code == 200 and page.status_code == 200
    seen = [plain.stdout, plain.stderr, as_json.stdout, as_json.stderr, listed.stdout,
            listed_json.stdout, _stored_text(svc.store), listing.data.decode(),
            page.data.decode()]
    svc.store.dispose()
    for text in seen:
        assert SECRET not in text
        assert "regel002" not in text and '"k3"' not in text  # no other line either
        assert "\x1b" not in text  # control characters are escaped, never passed to a terminal
    if kind != "ckan":  # a CKAN API is never a local file: its answer names no line
        assert "(line 1, column 1)" in plain.stderr or "(line 2, column 7)" in plain.stderr
    # The source is the file's name, never its path.
    assert file_name in page.data.decode() and "<h1>" + file_name in page.data.decode()
    with svc.store.read() as session:
        assert [s.name for s in session.exec(select(Source))] == [file_name]


def test_the_excerpt_is_short_and_escaped(instance):
    path = instance / "secret.ttl"
    path.write_text(_secret_lines())
    done = run(instance, "harvest", str(path))
    excerpt = re.search(r'"(regel001[^"]*)"', done.stderr).group(1)
    assert excerpt.startswith("regel001 \\x1b[2Jxxx") and len(excerpt) <= 90


def test_local_file_sources_are_named_by_file_name_and_their_pages_answer(instance):
    first, second = instance / "a" / "data v1.0.ttl", instance / "b" / "data v1.0.ttl"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text("<http://x.test/d> a <http://www.w3.org/ns/dcat#Dataset> ;\n"
                        '  <http://purl.org/dc/terms/title> "Een dataset"@nl .\n')
        assert run(instance, "harvest", str(path)).returncode == 0
    assert run(instance, "harvest", str(first)).returncode == 0  # the same file: the same source
    app = _instance_app(instance)
    svc = app.extensions["atlas"]
    with svc.store.write() as session:  # as earlier versions named a local file's source
        session.add(Source(name="/etc/passwd", url="/etc/passwd", schedule="manual"))
    client = app.test_client()
    _sign_in(client, svc.store, "admin")
    with svc.store.read() as session:
        names = sorted(s.name for s in session.exec(select(Source)))
    assert names == ["/etc/passwd", "data v1.0.ttl", "data v1.0.ttl (2)"]
    listing = client.get("/admin/sources").data.decode()
    links = re.findall(r'href="(/admin/sources/[^"]+)"', listing)
    assert len(links) == 3
    for link in links:  # each link of the listing opens its source's page
        page = client.get(link).data.decode()
        assert "atlas harvest " in page  # how to run it again, not a button
        assert re.search(r"<h1>(.*)</h1>", page).group(1) in names
        names.remove(re.search(r"<h1>(.*)</h1>", page).group(1))
    # A web request never reads a local file: "run now" is refused with a message.
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/admin/sources/data%20v1.0.ttl").data.decode()).group(1)
    refused = client.post("/admin/sources/data%20v1.0.ttl/run", data={"csrf_token": token},
                          headers={"Accept": "application/json"})
    assert refused.status_code == 400
    assert "opdrachtregel" in refused.get_json()["message"]
    svc.store.dispose()


@pytest.mark.parametrize("fmt", ["nt", "nquads", "turtle", "xml"])
def test_parser_errors_quote_only_the_offending_line(fmt):
    from rdflib import Dataset

    text = "<http://a.test/s> <http://a.test/p> <http://a.test/o> .\n" + _secret_lines()
    with pytest.raises(Exception) as caught:
        Dataset().parse(data=text, format=fmt)
    message = short_message(caught.value, text)
    assert SECRET not in message and "regel002" not in message and len(message) < 300
    assert "line 2" in message or fmt == "xml"


def test_pyoxigraph_errors_name_line_and_column():
    import pyoxigraph as ox

    text = "<http://a.test/s> <http://a.test/p> <http://a.test/o> .\n" + _secret_lines()
    with pytest.raises(SyntaxError) as caught:
        list(ox.parse(text, format=ox.RdfFormat.N_TRIPLES))
    message = short_message(caught.value, text)
    assert "(line 2" in message and SECRET not in message and "regel002" not in message
