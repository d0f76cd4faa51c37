"""Signing in and out, and what a signed-in viewer then sees."""

from __future__ import annotations

import re

from atlas.accounts import add_user


def _token(client, path="/login"):
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).data.decode()).group(1)


def test_viewer_signs_in_sees_internal_records_and_signs_out(app, client, add_dataset):
    add_dataset("intern", "Interne cijfers", access="internal")
    add_user(app.extensions["atlas"].store, "Viewer@Utrecht.test", "viewer", "geheim123")
    assert client.get("/datasets/intern").status_code == 404
    response = client.post("/login", data={"email": "viewer@utrecht.test",
                                           "password": "geheim123", "csrf_token": _token(client),
                                           "next": "/datasets/intern"})
    assert response.status_code == 302 and response.headers["Location"] == "/datasets/intern"
    assert client.get("/datasets/intern").status_code == 200
    client.post("/logout", data={"csrf_token": _token(client, "/")})
    assert client.get("/datasets/intern").status_code == 404


def test_wrong_password_is_refused_with_401(app, client):
    add_user(app.extensions["atlas"].store, "v@utrecht.test", "viewer", "geheim123")
    response = client.post("/login", data={"email": "v@utrecht.test", "password": "fout",
                                           "csrf_token": _token(client)})
    assert response.status_code == 401
    assert "horen niet bij elkaar" in response.data.decode()


def test_a_post_without_csrf_token_is_refused(app, client):
    add_user(app.extensions["atlas"].store, "v@utrecht.test", "viewer", "geheim123")
    response = client.post("/login", data={"email": "v@utrecht.test", "password": "geheim123"})
    assert response.status_code == 400
    assert client.post("/logout").status_code == 400


def test_next_never_leaves_the_site(app, client):
    add_user(app.extensions["atlas"].store, "v@utrecht.test", "viewer", "geheim123")
    response = client.post("/login", data={"email": "v@utrecht.test", "password": "geheim123",
                                           "csrf_token": _token(client),
                                           "next": "//evil.example/phish"})
    assert response.headers["Location"] == "/"
