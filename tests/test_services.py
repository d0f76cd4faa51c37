"""Tests of the service helpers in tests/services.py, run against the real services."""

import stat
import urllib.error
import urllib.request

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

try:
    from tests import services
except ImportError:  # tests/ is not a package and the repository root is not on sys.path
    import services

PAGE_TITLE = "Atlas fixture page"

# Loopback only: never route test requests through a proxy from the environment.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _fetch(url: str) -> tuple[int, str, bytes]:
    """GET a URL and return its status, content type and body."""
    with _opener.open(url, timeout=10) as response:
        return response.status, response.headers.get_content_type(), response.read()


@pytest.fixture
def site(tmp_path):
    """A directory with a small HTML page and a text file."""
    (tmp_path / "index.html").write_text(
        f"<!doctype html><html lang='nl'><head><meta charset='utf-8'>"
        f"<title>{PAGE_TITLE}</title></head><body><h1>Atlas</h1></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "hello.txt").write_text("hallo Utrecht\n", encoding="utf-8")
    return tmp_path


@pytest.fixture
def pg_url():
    """The configured PostgreSQL URL, or a skip (failure under ATLAS_TEST_REQUIRE_ALL=1)."""
    url = services.postgres_url()
    if url is None:
        services.require_or_skip("PostgreSQL not configured: set ATLAS_TEST_DATABASE_URL")
    return url


def _database_exists(server_url: str, name: str) -> bool:
    """Tell whether a database of that name exists on the server."""
    import psycopg

    kwargs = services._connect_kwargs(make_url(server_url))
    with psycopg.connect(**kwargs) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    return row is not None


def test_serve_directory_serves_files_on_loopback(site):
    with services.serve_directory(site) as base:
        assert base.startswith("http://127.0.0.1:")
        status, content_type, body = _fetch(f"{base}/hello.txt")
        assert (status, content_type, body) == (200, "text/plain", b"hallo Utrecht\n")
        status, content_type, body = _fetch(f"{base}/index.html")
        assert status == 200 and content_type == "text/html"
        assert PAGE_TITLE.encode() in body
        with pytest.raises(urllib.error.HTTPError) as missing:
            _fetch(f"{base}/missing.html")
        assert missing.value.code == 404
        missing.value.close()


def test_serve_directory_stops_serving_afterwards(site):
    with services.serve_directory(site) as base:
        assert _fetch(f"{base}/hello.txt")[0] == 200
    with pytest.raises(urllib.error.URLError):
        _fetch(f"{base}/hello.txt")


def test_postgres_url_reads_the_environment(monkeypatch):
    monkeypatch.setenv("ATLAS_TEST_DATABASE_URL", "postgresql+psycopg://u:p@127.0.0.1:1/db")
    assert services.postgres_url() == "postgresql+psycopg://u:p@127.0.0.1:1/db"
    monkeypatch.delenv("ATLAS_TEST_DATABASE_URL")
    assert services.postgres_url() is None


def test_require_or_skip_skips_or_fails(monkeypatch):
    monkeypatch.delenv("ATLAS_TEST_REQUIRE_ALL", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no service"):
        services.require_or_skip("no service")
    monkeypatch.setenv("ATLAS_TEST_REQUIRE_ALL", "1")
    with pytest.raises(pytest.fail.Exception, match="no service"):
        services.require_or_skip("no service")


def test_chromium_path_prefers_an_executable_setting(monkeypatch, tmp_path):
    browser = tmp_path / "my-chromium"
    browser.write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setenv("ATLAS_TEST_CHROMIUM", str(browser))
    not_executable = services.chromium_path()
    browser.chmod(browser.stat().st_mode | stat.S_IXUSR)
    assert services.chromium_path() == str(browser)
    assert not_executable != str(browser)


def test_fresh_postgres_database_creates_and_drops(pg_url):
    with services.fresh_postgres_database(pg_url) as db_url:
        url = make_url(db_url)
        assert url.drivername == "postgresql+psycopg"
        assert url.database != make_url(pg_url).database
        assert url.database.startswith("atlas_t_")
        assert _database_exists(pg_url, url.database)
        engine = create_engine(db_url)
        try:
            with engine.connect() as conn:
                assert conn.execute(text("SELECT 1")).scalar_one() == 1
                assert conn.execute(text("SELECT current_database()")).scalar_one() == url.database
        finally:
            engine.dispose()
    assert not _database_exists(pg_url, url.database)


def test_fresh_postgres_database_drops_despite_open_connections(pg_url):
    import psycopg

    with services.fresh_postgres_database(pg_url) as db_url:
        name = make_url(db_url).database
        lingering = psycopg.connect(**services._connect_kwargs(make_url(db_url)))
    try:
        assert not _database_exists(pg_url, name)
    finally:
        lingering.close()


def test_fresh_postgres_databases_are_distinct(pg_url):
    with (
        services.fresh_postgres_database(pg_url) as first,
        services.fresh_postgres_database(pg_url) as second,
    ):
        assert make_url(first).database != make_url(second).database


def test_chromium_opens_a_served_page(site):
    path = services.chromium_path()
    if path is None:
        services.require_or_skip(
            "Chromium not found: install Debian's chromium or set ATLAS_TEST_CHROMIUM"
        )
    from playwright.sync_api import sync_playwright

    with services.serve_directory(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=path, args=services.CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page()
            response = page.goto(f"{base}/index.html")
            assert response is not None and response.status == 200
            assert page.title() == PAGE_TITLE
            assert page.locator("h1").inner_text() == "Atlas"
        finally:
            browser.close()
