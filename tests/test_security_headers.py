"""Every response carries a strict content policy, no framing, no sniffing, a careful referrer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from atlas.web.security_headers import CONTENT_SECURITY_POLICY

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["/", "/search?q=grondwater", "/datasets/grondwaterstanden", "/datasets/bestaat-niet",
         "/datasets/grondwaterstanden.rdf", "/catalog.ttl", "/api/v1/search?q=water",
         "/api/v1/docs", "/api/v1/openapi.json", "/api/3/action/package_list", "/healthz",
         "/static/atlas.css", "/static/suggest.js", "/login", "/search?page=nul"]


@pytest.mark.parametrize("path", PATHS)
def test_every_response_has_the_security_headers(client, add_dataset, path):
    add_dataset("grondwaterstanden")
    response = client.get(path)
    response.close()  # a static file is streamed from an open file
    assert response.status_code < 500, path
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_a_posted_form_answer_has_them_too(client):
    response = client.post("/login", data={"email": "x@y.z", "password": "nee"})
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", sorted((ROOT / "templates").glob("*.html"))
                         + sorted((ROOT / "static").glob("*")), ids=lambda p: p.name)
def test_no_inline_script_handler_or_style(path):
    """What the strict policy would block: inline <script>, on* handlers, style attributes."""
    text = path.read_text("utf-8")
    if path.suffix == ".html":
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
        assert not re.search(r"<style\b", text), "inline <style>"
    assert not re.search(r"\son[a-z]+\s*=", text), "an on* handler attribute"
    assert not re.search(r"\sstyle\s*=", text), "a style attribute"
    assert "javascript:" not in text.lower()
    if path.suffix == ".js":  # no style set from script either, nor markup written as text
        assert ".style." not in text and "innerHTML" not in text and "eval(" not in text
