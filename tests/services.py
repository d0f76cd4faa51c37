"""Real services for the test suite: PostgreSQL databases, headless Chromium, a fixture web server.

`.ci/run` starts a throwaway PostgreSQL server and installs Chromium, then sets
ATLAS_TEST_DATABASE_URL, ATLAS_TEST_CHROMIUM and ATLAS_TEST_REQUIRE_ALL=1. On a developer
machine without them, tests that need a service skip with a reason (see `require_or_skip`).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import sys
import threading
import uuid
from collections.abc import Iterator
from typing import Any, NoReturn

import pytest
from sqlalchemy.engine import URL, make_url

DATABASE_URL_ENV = "ATLAS_TEST_DATABASE_URL"
CHROMIUM_ENV = "ATLAS_TEST_CHROMIUM"
REQUIRE_ALL_ENV = "ATLAS_TEST_REQUIRE_ALL"
DEFAULT_CHROMIUM = "/usr/bin/chromium"

# Headless Chromium as root on a machine whose only network is loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def postgres_url() -> str | None:
    """Return the SQLAlchemy URL of the test PostgreSQL server, or None when not configured."""
    return os.environ.get(DATABASE_URL_ENV) or None


def _connect_kwargs(url: URL) -> dict[str, Any]:
    """Translate a SQLAlchemy URL into psycopg.connect() keyword arguments."""
    kwargs: dict[str, Any] = url.translate_connect_args(username="user", database="dbname")
    kwargs.update(url.query)
    return kwargs


def _admin_execute(url: URL, statement: Any) -> None:
    """Run one statement outside a transaction on the database named by the URL."""
    import psycopg

    with psycopg.connect(**_connect_kwargs(url), autocommit=True) as conn:
        conn.execute(statement)


@contextlib.contextmanager
def fresh_postgres_database(url: str) -> Iterator[str]:
    """Create a uniquely named database next to `url`, yield its URL, and drop it afterwards."""
    from psycopg import sql

    server = make_url(url)
    name = f"atlas_t_{uuid.uuid4().hex[:8]}"
    _admin_execute(server, sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        _admin_execute(
            server, sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def chromium_path() -> str | None:
    """Return the Chromium executable to drive (ATLAS_TEST_CHROMIUM, else Debian's), or None."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured and os.path.isfile(configured) and os.access(configured, os.X_OK):
        return configured
    if os.path.exists(DEFAULT_CHROMIUM):
        return DEFAULT_CHROMIUM
    return None


def require_or_skip(reason: str) -> NoReturn:
    """Skip the test for a missing service, or fail it when ATLAS_TEST_REQUIRE_ALL=1."""
    if os.environ.get(REQUIRE_ALL_ENV) == "1":
        pytest.fail(f"{reason} (required because {REQUIRE_ALL_ENV}=1)", pytrace=False)
    pytest.skip(reason)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static file handler that does not log requests to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        """Discard the access log line."""


class _QuietServer(http.server.ThreadingHTTPServer):
    """Threading HTTP server that ignores clients hanging up mid-response."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore dropped connections; report anything else as usual."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_directory(path: str | os.PathLike[str]) -> Iterator[str]:
    """Serve a directory over HTTP on 127.0.0.1 in a background thread; yield its base URL."""
    handler = functools.partial(_QuietHandler, directory=os.fspath(path))
    server = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
