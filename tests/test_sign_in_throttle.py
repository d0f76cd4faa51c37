"""Password guessing is slowed per client address and per account, without locking the owner
out, and a known e-mail address costs as much time as an unknown one."""

from __future__ import annotations

import re
import statistics
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from atlas import create_app
from atlas.access import SYSTEM
from atlas.accounts import throttle as signin_throttle
from atlas.accounts.service import add_user
from atlas.accounts.throttle import ACCOUNT_LIMIT, ADDRESS_LIMIT, PAIR_LIMIT
from atlas.models import SignInThrottle
from tests.conftest import BASE, dataset_input

EMAIL = "curator@utrecht.test"


def _token(client) -> str:
    with client.session_transaction() as session:
        if "csrf" in session:
            return session["csrf"]
    page = client.get("/login").get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def _attempt(client, password, email=EMAIL, address="192.0.2.1", headers=None):
    return client.post("/login", data={"email": email, "password": password,
                                       "csrf_token": _token(client)},
                       environ_base={"REMOTE_ADDR": address}, headers=headers or {})


def _a_window_passes(store) -> None:
    # Move every count 16 minutes into the past: what waiting out the window does.
    with store.write() as session:
        for row in session.exec(select(SignInThrottle)):
            row.window_started -= timedelta(minutes=16)
            if row.blocked_until:
                row.blocked_until -= timedelta(minutes=16)


@pytest.fixture
def site(any_db_app):
    svc = any_db_app.extensions["atlas"]
    svc.catalogue.upsert(dataset_input("intern", "Interne cijfers", access="internal"),
                         principal=SYSTEM.named("test"))
    add_user(svc.store, EMAIL, "curator", "juist-wachtwoord", principal=SYSTEM)
    return any_db_app


def test_thirty_wrong_passwords_are_throttled_and_the_right_one_waits(site):
    client = site.test_client()
    answers = [_attempt(client, f"fout{n}") for n in range(30)]
    codes = [a.status_code for a in answers]
    assert codes[:PAIR_LIMIT - 1] == [401] * (PAIR_LIMIT - 1)
    assert set(codes[PAIR_LIMIT - 1:]) == {429}
    refused = answers[-1]
    assert 60 <= int(refused.headers["Retry-After"]) <= 15 * 60
    page = refused.get_data(as_text=True)
    assert "Te vaak een verkeerd wachtwoord" in page and "15 minuten" in page
    right = _attempt(client, "juist-wachtwoord")  # the 31st, right, is refused too
    assert right.status_code == 429
    assert client.get("/datasets/intern").status_code == 404
    english = client.post("/login?lang=en", data={"email": EMAIL, "password": "x",
                                                  "csrf_token": _token(client)},
                          environ_base={"REMOTE_ADDR": "192.0.2.1"})
    assert english.status_code == 429 and "Too many wrong passwords" in english.get_data(
        as_text=True)
    _a_window_passes(site.extensions["atlas"].store)
    assert _attempt(client, "juist-wachtwoord").status_code == 302
    assert client.get("/datasets/intern").status_code == 200
    with site.extensions["atlas"].store.read() as session:  # spent counts are dropped
        assert [row.key.split(":")[0] for row in session.exec(select(SignInThrottle))] == [
            "known"]


def test_one_address_guessing_does_not_lock_the_owner_out_elsewhere(site):
    attacker, owner = site.test_client(), site.test_client()
    for n in range(PAIR_LIMIT + 3):
        _attempt(attacker, f"fout{n}", address="203.0.113.66")
    assert _attempt(attacker, "juist-wachtwoord", address="203.0.113.66").status_code == 429
    assert _attempt(owner, "juist-wachtwoord", address="192.0.2.10").status_code == 302


def test_one_address_trying_many_accounts_is_stopped(site):
    client = site.test_client()
    codes = [_attempt(client, "wachtwoord1", email=f"iemand{n}@utrecht.test").status_code
             for n in range(ADDRESS_LIMIT + 2)]
    assert codes[:ADDRESS_LIMIT - 1] == [401] * (ADDRESS_LIMIT - 1)
    assert set(codes[ADDRESS_LIMIT - 1:]) == {429}
    assert _attempt(client, "juist-wachtwoord").status_code == 429  # that address waits
    assert _attempt(site.test_client(), "juist-wachtwoord",
                    address="192.0.2.99").status_code == 302


def test_guessing_from_many_addresses_leaves_the_owner_their_own_address(site, monkeypatch):
    # The rule, not the number: a lower account limit keeps the test quick (hashing is slow).
    monkeypatch.setitem(signin_throttle.LIMITS, "account", 12)
    owner = site.test_client()
    assert _attempt(owner, "juist-wachtwoord", address="192.0.2.10").status_code == 302
    owner.post("/logout", data={"csrf_token": _token(owner)})
    attacker = site.test_client()
    for n in range(signin_throttle.LIMITS["account"] + 3):  # one try per address: no address limit is reached
        _attempt(attacker, f"fout{n}", address=f"198.51.{n // 250}.{n % 250 + 1}")
    stranger = _attempt(attacker, "juist-wachtwoord", address="198.51.200.1")
    assert stranger.status_code == 429 and int(stranger.headers["Retry-After"]) > 0
    assert _attempt(owner, "juist-wachtwoord", address="192.0.2.10").status_code == 302
    assert owner.get("/datasets/intern").status_code == 200


def test_forwarded_for_is_ignored_without_trusted_proxies(site):
    client = site.test_client()
    codes = [_attempt(client, f"fout{n}", headers={"X-Forwarded-For": f"10.9.0.{n}"})
             .status_code for n in range(PAIR_LIMIT + 1)]
    assert codes[-1] == 429  # a new forwarded address each time bought nothing


def test_behind_a_trusted_proxy_the_visitor_address_is_counted(tmp_path):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "i"), "BASE_URI": BASE,
                      "SECRET_KEY": "test", "TRUSTED_PROXIES": 1})
    store = app.extensions["atlas"].store
    store.upgrade()
    add_user(store, EMAIL, "curator", "juist-wachtwoord", principal=SYSTEM)
    client = app.test_client()
    proxy = "127.0.0.1"
    for n in range(PAIR_LIMIT + 2):
        _attempt(client, f"fout{n}", address=proxy, headers={"X-Forwarded-For": "203.0.113.5"})
    assert _attempt(client, "juist-wachtwoord", address=proxy,
                    headers={"X-Forwarded-For": "203.0.113.5"}).status_code == 429
    # Another visitor behind the same proxy is not held up by the first one's guessing.
    assert _attempt(client, "juist-wachtwoord", address=proxy,
                    headers={"X-Forwarded-For": "192.0.2.44"}).status_code == 302
    store.dispose()


def test_a_known_and_an_unknown_address_take_the_same_time(app, client):
    add_user(app.extensions["atlas"].store, EMAIL, "curator", "juist-wachtwoord", principal=SYSTEM)
    add_user(app.extensions["atlas"].store, "zonder@utrecht.test", "viewer", principal=SYSTEM)  # no password
    timings: dict[str, list[float]] = {"known": [], "unknown": [], "no password": []}
    emails = {"known": EMAIL, "unknown": "onbekend@utrecht.test",
              "no password": "zonder@utrecht.test"}
    token = _token(client)
    for n in range(7):
        for name, email in emails.items():  # interleaved, so a busy machine slows all alike
            started = time.perf_counter()
            response = client.post("/login", data={"email": email, "password": "fout",
                                                   "csrf_token": token},
                                   environ_base={"REMOTE_ADDR": f"192.0.2.{n + 1}"})
            timings[name].append(time.perf_counter() - started)
            assert response.status_code == 401
    medians = {name: statistics.median(values) for name, values in timings.items()}
    assert max(medians.values()) < 2 * min(medians.values()), medians  # main: about 30x


def test_the_limits_are_in_this_order():
    # Address and account-with-address limits stop one guesser long before the account limit.
    assert PAIR_LIMIT < ADDRESS_LIMIT < ACCOUNT_LIMIT


def test_the_throttle_keeps_no_typed_address(site):
    _attempt(site.test_client(), "fout", email="Geheim.Adres@utrecht.test")
    with site.extensions["atlas"].store.read() as session:
        rows = list(session.exec(select(SignInThrottle)))
    assert rows and all("geheim" not in row.key.lower() for row in rows)
    assert all(row.window_started <= datetime.now(UTC) for row in rows)
