"""Signing in and out, and what a signed-in viewer then sees."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from atlas.access import SYSTEM
from atlas.accounts.service import add_user


def _token(client, path="/login"):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).data.decode()).group(1)


def test_viewer_signs_in_sees_internal_records_and_signs_out(app, client, add_dataset):
    add_dataset("intern", "Interne cijfers", access="internal")
    add_user(app.extensions["atlas"].store, "Viewer@Utrecht.test", "viewer", "geheim123", principal=SYSTEM)
    assert client.get("/datasets/intern").status_code == 404
    response = client.post("/login", data={"email": "viewer@utrecht.test",
                                           "password": "geheim123", "csrf_token": _token(client),
                                           "next": "/datasets/intern"})
    assert response.status_code == 302 and response.headers["Location"] == "/datasets/intern"
    assert client.get("/datasets/intern").status_code == 200
    client.post("/logout", data={"csrf_token": _token(client, "/")})
    assert client.get("/datasets/intern").status_code == 404


def test_wrong_password_is_refused_with_401(app, client):
    add_user(app.extensions["atlas"].store, "v@utrecht.test", "viewer", "geheim123", principal=SYSTEM)
    response = client.post("/login", data={"email": "v@utrecht.test", "password": "fout",
                                           "csrf_token": _token(client)})
    assert response.status_code == 401
    assert "horen niet bij elkaar" in response.data.decode()


def test_a_post_without_csrf_token_is_refused(app, client):
    add_user(app.extensions["atlas"].store, "v@utrecht.test", "viewer", "geheim123", principal=SYSTEM)
    response = client.post("/login", data={"email": "v@utrecht.test", "password": "geheim123"})
    assert response.status_code == 400
    assert client.post("/logout").status_code == 400


def test_next_never_leaves_the_site(app, client):
    add_user(app.extensions["atlas"].store, "v@utrecht.test", "viewer", "geheim123", principal=SYSTEM)
    response = client.post("/login", data={"email": "v@utrecht.test", "password": "geheim123",
                                           "csrf_token": _token(client),
                                           "next": "//evil.example/phish"})
    assert response.headers["Location"] == "/"


# Known open-redirect payloads (as the form field arrives, already %-decoded), and what a
# browser would make of them: each must land on a path of this site, never a 500.
OPEN_REDIRECTS = [
    "//evil.example/phish", "/\t/evil.example/phish", "/\n/x", "/\r\nSet-Cookie: a=b",
    "/%09/evil.example", "///evil.example", "////evil.example", "/\\evil.example",
    "\\evil.example", "/\\/evil.example", "\t//evil.example", " //evil.example",
    "https://evil.example", "http:evil.example", "http:/evil.example", "//evil.example@atlas.test",
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>",
    "/\x00/evil.example", "/\u2028/evil.example", "/\u00a0/evil.example", "evil.example",
    "//\u3002evil.example", "/.evil.example/../..//evil.example", "https:\\\\evil.example",
    "/" + "a" * 5000,
]


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_next_lands_on_a_local_path_for_every_known_payload(app, client, target):
    add_user(app.extensions["atlas"].store, "v@utrecht.test", "viewer", "geheim123", principal=SYSTEM)
    response = client.post("/login", data={"email": "v@utrecht.test", "password": "geheim123",
                                           "csrf_token": _token(client), "next": target})
    assert response.status_code in (302, 303)
    location = response.headers["Location"]
    # What a browser does with the header: drop TAB/CR/LF, read "\" as "/", then resolve.
    as_read = re.sub(r"[\t\r\n]", "", location).replace("\\", "/")
    parts = urlsplit(as_read)
    assert not parts.scheme and not parts.netloc and as_read.startswith("/"), location
    assert not as_read.startswith("//") and location.isprintable()


@pytest.mark.parametrize("target", ["/datasets/intern?lang=en", "/search?q=a%2F%2Fb",
                                    "/datasets/intern#top"])
def test_next_keeps_a_local_path(app, client, target):
    add_user(app.extensions["atlas"].store, "v@utrecht.test", "viewer", "geheim123", principal=SYSTEM)
    response = client.post("/login", data={"email": "v@utrecht.test", "password": "geheim123",
                                           "csrf_token": _token(client), "next": target})
    assert response.status_code == 302 and response.headers["Location"] == target


def test_next_from_the_link_is_kept_through_a_wrong_password(app, client):
    add_user(app.extensions["atlas"].store, "v@utrecht.test", "viewer", "geheim123", principal=SYSTEM)
    page = client.get("/login?next=/datasets/intern").get_data(as_text=True)
    assert 'name="next" value="/datasets/intern"' in page
    wrong = client.post("/login", data={"email": "v@utrecht.test", "password": "fout",
                                        "csrf_token": _token(client), "next": "/datasets/intern"})
    assert 'name="next" value="/datasets/intern"' in wrong.get_data(as_text=True)
    assert 'value="//evil.example"' not in client.get("/login?next=//evil.example").get_data(
        as_text=True)
