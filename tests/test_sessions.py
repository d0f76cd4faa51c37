"""Sessions end on the server: signing out, a new password, a new role or disabling an account
voids every copy of the old cookie; the cookie itself is SameSite=Lax, and Secure over https."""

from __future__ import annotations

import re

import pytest

from atlas import create_app
from atlas.access import SYSTEM
from atlas.accounts.service import add_user, disable, set_password, set_role
from tests.conftest import BASE
from tests.test_cli import run

HISTORY = "/datasets/intern/history"


def _token(client, path="/login"):
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _sign_in(client, email="c@utrecht.test", password="geheim123"):
    response = client.post("/login", data={"email": email, "password": password,
                                           "csrf_token": _token(client)})
    assert response.status_code == 302, response.get_data(as_text=True)


def _copy_of(client, app):
    """A second browser holding a copy of the client's session cookie (as a thief would)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value, domain="localhost")
    return thief


@pytest.fixture
def curator(any_db_app):
    app = any_db_app
    svc = app.extensions["atlas"]
    from tests.conftest import dataset_input
    svc.catalogue.upsert(dataset_input("intern", "Interne cijfers", access="internal"),
                         principal=SYSTEM.named("test"))
    add_user(svc.store, "c@utrecht.test", "curator", "geheim123", principal=SYSTEM)
    client = app.test_client()
    _sign_in(client)
    assert client.get(HISTORY).status_code == 200
    return app, client


def test_the_sign_in_page_answers_a_signed_in_visitor(curator):
    _, client = curator
    response = client.get("/login?next=/datasets/intern")
    assert response.status_code == 200
    assert 'name="next" value="/datasets/intern"' in response.get_data(as_text=True)


def test_a_copy_of_the_cookie_is_anonymous_after_signing_out(curator):
    app, client = curator
    thief = _copy_of(client, app)
    assert thief.get(HISTORY).status_code == 200  # the copy works while the session lives
    done = client.post("/logout", data={"csrf_token": _token(client, "/")})
    assert done.status_code == 302
    assert client.get(HISTORY).status_code == 404
    assert thief.get(HISTORY).status_code == 404
    assert thief.get("/datasets/intern").status_code == 404  # anonymous: internal is hidden
    assert "Inloggen" in thief.get("/").get_data(as_text=True)
    _sign_in(client)  # signing in again works, with a new session
    assert client.get(HISTORY).status_code == 200 and thief.get(HISTORY).status_code == 404


@pytest.mark.parametrize("change", [
    lambda store: set_password(store, "C@utrecht.test", "nieuw-geheim", principal=SYSTEM),
    lambda store: set_role(store, "c@utrecht.test", "admin", principal=SYSTEM),
    lambda store: disable(store, "c@utrecht.test", principal=SYSTEM),
], ids=["new password", "new role", "disabled"])
def test_changing_an_account_ends_its_sessions(curator, change):
    app, client = curator
    change(app.extensions["atlas"].store)
    assert client.get(HISTORY).status_code == 404


def test_a_disabled_account_cannot_sign_in_until_it_has_a_new_password(curator):
    app, client = curator
    store = app.extensions["atlas"].store
    disable(store, "c@utrecht.test", principal=SYSTEM)
    response = client.post("/login", data={
        "email": "c@utrecht.test", "password": "geheim123", "csrf_token": _token(client)})
    assert response.status_code == 401
    set_password(store, "c@utrecht.test", "weer-binnen", principal=SYSTEM)
    _sign_in(client, password="weer-binnen")
    assert client.get(HISTORY).status_code == 200


def test_the_command_line_ends_sessions_when_it_changes_an_account(tmp_path):
    assert run(tmp_path, "init").returncode == 0
    added = run(tmp_path, "users", "add", "c@utrecht.test", "--role", "curator",
                "--password", "geheim123")
    assert added.returncode == 0, added.stderr
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "instance"),
                      "BASE_URI": BASE, "SECRET_KEY": "test"})
    client = app.test_client()
    try:
        for args, says in ((("set-role", "c@utrecht.test", "admin"), "now has role admin"),
                           (("set-password", "c@utrecht.test", "--password", "nieuw123"),
                            "new password"),
                           (("disable", "c@utrecht.test"), "is disabled")):
            password = "nieuw123" if args[0] == "disable" else "geheim123"
            _sign_in(client, password=password)
            assert client.get("/definitions/schemes/new").status_code == 200
            done = run(tmp_path, "users", *args)
            assert done.returncode == 0 and says in done.stdout, done.stderr
            assert client.get("/definitions/schemes/new").status_code == 404, args
        listed = run(tmp_path, "users", "list").stdout
        assert "c@utrecht.test\tadmin  (cannot sign in: no password)" in listed
        missing = run(tmp_path, "users", "disable", "nobody@utrecht.test")
        assert missing.returncode == 1 and "no account" in missing.stderr
        assert "Traceback" not in missing.stderr
    finally:
        app.extensions["atlas"].store.dispose()


def _set_cookie(response) -> str:
    cookies = [v for k, v in response.headers.items() if k == "Set-Cookie"]
    assert len(cookies) == 1, cookies
    return cookies[0]


def test_the_session_cookie_is_lax_httponly_and_not_secure_over_http(client):
    cookie = _set_cookie(client.get("/login"))
    assert "SameSite=Lax" in cookie and "HttpOnly" in cookie
    assert "Secure" not in cookie


def test_a_proxy_header_alone_does_not_make_the_cookie_secure(client):
    # Without ATLAS_TRUSTED_PROXIES anyone could send the header: it is ignored.
    cookie = _set_cookie(client.get("/login", headers={"X-Forwarded-Proto": "https"}))
    assert "Secure" not in cookie


def test_behind_a_trusted_proxy_https_visitors_get_a_secure_cookie(tmp_path):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "i"), "BASE_URI": BASE,
                      "SECRET_KEY": "test", "TRUSTED_PROXIES": 1})
    client = app.test_client()
    secure = _set_cookie(client.get("/login", headers={"X-Forwarded-Proto": "https"}))
    assert "Secure" in secure and "SameSite=Lax" in secure
    plain = _set_cookie(app.test_client().get("/login", headers={"X-Forwarded-Proto": "http"}))
    assert "Secure" not in plain
    app.extensions["atlas"].store.dispose()


def test_served_over_https_directly_the_cookie_is_secure(client):
    cookie = _set_cookie(client.get("/login", base_url="https://localhost"))
    assert "Secure" in cookie
