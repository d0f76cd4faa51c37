"""Shared fixtures: a fresh Atlas instance per test on SQLite (and PostgreSQL when configured)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from atlas import create_app
from atlas.access import SYSTEM
from atlas.records import RecordInput
from tests import services as test_services
from vocab.namespaces import DCAT

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"
BASE = "http://atlas.test"


def corpus_dir(name: str) -> Path:
    """Return a folder of the shared corpus, or skip (fail under ATLAS_TEST_REQUIRE_ALL=1)."""
    path = CORPUS / name
    if not path.is_dir():
        test_services.require_or_skip(f"../shared/corpus/{name} is absent")
    return path


def make_app(tmp_path: Path, database_url: str | None):
    config = {"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"),
              "BASE_URI": BASE, "SECRET_KEY": "test"}
    if database_url:
        config["DATABASE_URL"] = database_url
    app = create_app(config)
    app.extensions["atlas"].store.upgrade()
    return app


@pytest.fixture(params=["sqlite", "postgresql"])
def any_db_app(request, tmp_path):
    """An app on a fresh SQLite database, then on a fresh PostgreSQL database."""
    if request.param == "sqlite":
        app = make_app(tmp_path, None)
        yield app
        app.extensions["atlas"].store.dispose()
        return
    url = test_services.postgres_url()
    if not url:
        test_services.require_or_skip("PostgreSQL not configured: set ATLAS_TEST_DATABASE_URL")
    with test_services.fresh_postgres_database(url) as db_url:
        app = make_app(tmp_path, db_url)
        yield app
        app.extensions["atlas"].store.dispose()


@pytest.fixture
def app(tmp_path):
    """An app on a fresh SQLite database in a temporary instance folder."""
    app = make_app(tmp_path, None)
    yield app
    app.extensions["atlas"].store.dispose()


@pytest.fixture
def svc(app):
    """The app's services."""
    return app.extensions["atlas"]


@pytest.fixture
def client(app):
    """A test client of the app."""
    return app.test_client()


def dataset_input(slug: str, title: str = "Grondwaterstanden", *, status="published",
                  access="public", extra: list | None = None) -> RecordInput:
    """Return a small local dataset record for tests."""
    uri = URIRef(f"{BASE}/datasets/{slug}")
    graph = Graph()
    graph.add((uri, RDF.type, DCAT.Dataset))
    graph.add((uri, DCTERMS.title, Literal(title, lang="nl")))
    graph.add((uri, DCTERMS.title, Literal(title + " (en)", lang="en")))
    graph.add((uri, DCTERMS.description, Literal(f"Beschrijving van {title}.", lang="nl")))
    graph.add((uri, DCTERMS.identifier, Literal(slug)))
    for triple in extra or []:
        graph.add(triple)
    return RecordInput(kind="dataset", uri=str(uri), graph=graph, status=status,
                       access=access, slug=slug)


@pytest.fixture
def add_dataset(svc):
    """Factory: store a small dataset and return its record."""
    def make(slug: str, title: str = "Grondwaterstanden", **kwargs):
        result = svc.catalogue.upsert(dataset_input(slug, title, **kwargs), principal=SYSTEM.named("test"))
        return svc.catalogue.get_any(uri=f"{BASE}/datasets/{slug}"), result
    return make


DEMO_BASE = "http://127.0.0.1:8000"


@pytest.fixture(scope="session")
def demo_app(tmp_path_factory):
    """One instance holding the demo content, shared by the tests that only read it."""
    from atlas.demo.load import load

    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path_factory.mktemp("demo")),
                      "BASE_URI": DEMO_BASE, "SECRET_KEY": "t"})
    svc = app.extensions["atlas"]
    svc.store.upgrade()
    app.config["DEMO_COUNTS"] = load(svc.catalogue)
    svc.projector.kick(wait=True)
    yield app
    svc.store.dispose()


@pytest.fixture(scope="session")
def served_demo(demo_app):
    """The demo instance served over real HTTP on loopback; yields (app, base URL)."""
    from tests.browsing import serve_app

    with serve_app(demo_app) as base:
        yield demo_app, base


def sign_in(store, client, role: str) -> None:
    """Make an account with a role and sign the test client in as it."""
    from atlas.models import User

    with store.write() as session:
        user = User(email=f"{role}@utrecht.test", role=role)
        session.add(user)
        session.flush()
        user_id = user.id
    with client.session_transaction() as session:
        session["user_id"] = user_id
        session["session_version"] = 0  # a new account's; signing out raises it


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module (Debian's; never downloaded).

    Module scope, not session: Playwright's sync API runs one loop at a time, and a test may
    start its own (tests/test_services.py does).
    """
    executable = test_services.chromium_path()
    if executable is None:
        test_services.require_or_skip("Chromium not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable,
                                              args=test_services.CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    """A fresh browser context (no remembered language) and page per test, in Dutch."""
    context = browser.new_context(locale="nl-NL")  # what the province's staff browsers send
    opened = context.new_page()
    opened.set_default_timeout(10_000)
    yield opened
    context.close()
