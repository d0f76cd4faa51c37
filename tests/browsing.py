"""Helpers for the browser tests: an app served over loopback HTTP, and axe-core checks."""

from __future__ import annotations

import contextlib
import functools
import importlib.resources
import threading
from collections.abc import Iterator

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# axe's structural best-practice rules (landmarks, headings, tables), checked as well.
STRUCTURE_RULES = ["heading-order", "page-has-heading-one", "empty-heading", "landmark-one-main",
                   "landmark-unique", "landmark-no-duplicate-banner",
                   "landmark-no-duplicate-contentinfo", "landmark-no-duplicate-main",
                   "landmark-banner-is-top-level", "landmark-contentinfo-is-top-level",
                   "landmark-main-is-top-level", "region", "skip-link", "tabindex",
                   "empty-table-header", "scope-attr-valid"]


@contextlib.contextmanager
def serve_app(app) -> Iterator[str]:
    """Serve a Flask app over HTTP on 127.0.0.1 in a background thread; yield its base URL."""
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextlib.contextmanager
def serve_app_at_its_base(make_app) -> Iterator[tuple[object, str]]:
    """Serve the app make_app(base) builds at that very base URL; yield (app, base URL).

    The port is taken first, so ATLAS_BASE_URI (and every absolute link the app writes) answers.
    """
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, None, threaded=True)
    base = f"http://127.0.0.1:{server.server_port}"
    server.app = app = make_app(base)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield app, base
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@functools.cache
def axe_script() -> str:
    """The axe-core script shipped inside the axe_playwright_python package."""
    return (importlib.resources.files("axe_playwright_python") / "axe.min.js").read_text("utf-8")


def inject_axe(page) -> None:
    """Load axe-core into the page, past its Content-Security-Policy.

    The pages forbid inline script, so `page.add_script_tag(content=...)` is blocked; a script
    evaluated over the DevTools protocol is not subject to the page's policy.
    """
    page.evaluate(axe_script())


def violations_report(violations: list[dict]) -> str:
    """Return axe's violations as readable lines: rule, impact, help, and where."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation.get('impact')}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}: {node.get('failureSummary', '')!r}")
    return "\n".join(lines)


def assert_axe_clean(page, rule_sets=None) -> None:
    """Run axe-core on the page (WCAG 2.1 A/AA, then the structure rules); fail on a violation."""
    inject_axe(page)
    for run_only in rule_sets or ({"type": "tag", "values": WCAG_TAGS},
                                  {"type": "rule", "values": STRUCTURE_RULES}):
        results = page.evaluate("runOnly => axe.run(document, {runOnly: runOnly})", run_only)
        assert not results["violations"], f"{page.url}: axe violations\n" + violations_report(
            results["violations"])
        assert results["passes"], "axe ran no checks at all"


def sign_in_by_form(page, base_url: str, email: str, password: str) -> None:
    """Sign in through the login form, by keyboard (Enter submits)."""
    page.goto(f"{base_url}/login")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
