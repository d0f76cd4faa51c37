"""In a real browser: a crafted sign-in link stays on the site, and a cookie kept from before
signing out no longer opens curation pages."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from atlas.access import SYSTEM
from tests.browsing import serve_app
from tests.conftest import make_app


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[str]:
    """Serve an app with an internal dataset and a curator's account; yield its URL."""
    from atlas.accounts.service import add_user
    from tests.conftest import dataset_input

    app = make_app(tmp_path_factory.mktemp("sessions"), None)
    svc = app.extensions["atlas"]
    add_user(svc.store, "redactie@utrecht.test", "curator", "geheim123", principal=SYSTEM)
    svc.catalogue.upsert(dataset_input("intern", "Interne cijfers", access="internal"),
                         principal=SYSTEM.named("test"))
    try:
        with serve_app(app) as base:
            yield base
    finally:
        svc.store.dispose()


def _sign_in(page, url: str) -> None:
    page.goto(url)
    page.get_by_label("E-mailadres").fill("redactie@utrecht.test")
    page.get_by_label("Wachtwoord").fill("geheim123")
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("payload", ["/%09/evil.example/phish", "/%5C/evil.example",
                                     "%2F%2Fevil.example", "https:%2F%2Fevil.example"])
def test_a_crafted_sign_in_link_lands_on_the_site(page, site, payload):
    _sign_in(page, f"{site}/login?next={payload}")
    assert urlsplit(page.url).netloc == urlsplit(site).netloc, page.url
    assert page.get_by_role("button", name="Uitloggen").is_visible()


def test_a_cookie_kept_from_before_signing_out_is_anonymous(browser, page, site):
    _sign_in(page, f"{site}/login?next=/datasets/intern/history")
    assert page.url == f"{site}/datasets/intern/history"
    kept = page.context.cookies()
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{site}/")
    other = browser.new_context(locale="nl-NL")
    other.add_cookies(kept)  # a copy taken before signing out, replayed elsewhere
    replay = other.new_page()
    assert replay.goto(f"{site}/datasets/intern/history").status == 404
    assert replay.goto(f"{site}/datasets/intern").status == 404
    assert replay.get_by_role("link", name="Inloggen").is_visible()
    other.close()
