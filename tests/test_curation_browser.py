"""A curator builds and edits definitions in a real browser, by keyboard, and every form passes axe."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from atlas.access import ANONYMOUS, SYSTEM
from tests.browsing import assert_axe_clean, serve_app, sign_in_by_form
from tests.conftest import make_app


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[tuple[str, object]]:
    """Serve an app with one scheme, one dataset and a curator's account; yield (URL, services)."""
    from atlas.access import Principal
    from atlas.accounts.service import add_user
    from atlas.definitions import curation
    from tests.conftest import dataset_input

    app = make_app(tmp_path_factory.mktemp("curate"), None)
    svc = app.extensions["atlas"]
    add_user(svc.store, "redactie@utrecht.test", "curator", "geheim123", principal=SYSTEM)
    setup = Principal(user_id=1, email="setup@utrecht.test", role="admin")
    curation.create_scheme(svc.catalogue, setup, {"title_nl": "Mobiliteit",
                                                  "title_en": "Mobility"}, status="published")
    svc.catalogue.upsert(dataset_input("fietstellingen", "Fietstellingen"), principal=SYSTEM.named("test"))
    try:
        with serve_app(app) as base:
            yield base, svc
    finally:
        svc.store.dispose()


def sign_in(page, base: str) -> None:
    sign_in_by_form(page, base, "redactie@utrecht.test", "geheim123")


def test_a_curator_creates_edits_and_links_a_concept(page, site):
    base, svc = site
    sign_in(page, base)
    scheme = svc.catalogue.list(ANONYMOUS, kind="conceptscheme")[0]
    page.goto(f"{base}/definitions/{scheme.slug}")
    assert_axe_clean(page)
    page.get_by_role("link", name="Nieuw begrip in dit kader").click()
    assert_axe_clean(page)
    # A form sent without a label comes back with the problem first, linked to its field.
    page.get_by_role("button", name="Opslaan").click()
    alert = page.get_by_role("alert")
    assert "Voorkeursterm (Nederlands)" in alert.inner_text()
    assert_axe_clean(page)
    page.get_by_label("Voorkeursterm (Nederlands)").fill("fiets")
    page.get_by_label("Alternatieve termen (Nederlands)").fill("rijwiel\ntweewieler")
    page.get_by_label("Definitie (Nederlands)").fill("Een tweewieler die je trapt.")
    page.get_by_label("Redactionele status").select_option("voorgesteld")
    page.get_by_role("button", name="Opslaan").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "fiets"
    assert "voorgesteld" in page.locator("dl.facts").inner_text()
    assert_axe_clean(page)
    # Link a dataset from the concept's side, by its title.
    page.get_by_label("Dataset of indicator koppelen").fill("Fietstellingen")
    with page.expect_navigation():
        page.get_by_label("Dataset of indicator koppelen").press("Enter")
    assert page.get_by_role("link", name="Fietstellingen").count() == 1
    # Settle the definition and edit it; the history shows what changed.
    page.get_by_label("Redactionele status").select_option("vastgesteld")
    page.get_by_role("button", name="Status wijzigen").click()
    page.wait_for_load_state()
    assert "vastgesteld" in page.locator("dl.facts").inner_text()
    page.get_by_role("link", name="Bewerken").click()
    assert_axe_clean(page)
    page.get_by_label("Definitie (Nederlands)").fill("Een rijwiel met twee wielen.")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert "Een rijwiel met twee wielen." in page.content()
    page.get_by_role("link", name="Geschiedenis").click()
    assert page.locator("del", has_text="Een tweewieler die je trapt.").count() == 1
    assert page.locator("ins", has_text="Een rijwiel met twee wielen.").count() == 1
    assert_axe_clean(page)
    page.goto(page.url + "?lang=en")
    assert page.get_attribute("html", "lang") == "en"
    assert_axe_clean(page)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_curation_form_passes_axe(page, site, lang):
    base, svc = site
    sign_in(page, base)
    scheme = svc.catalogue.list(ANONYMOUS, kind="conceptscheme")[0]
    for path in ("/definitions/schemes/new", f"/definitions/{scheme.slug}/edit",
                 f"/definitions/{scheme.slug}/concepts/new", f"/definitions/{scheme.slug}/history",
                 "/datasets/fietstellingen", "/datasets/fietstellingen/history"):
        response = page.goto(f"{base}{path}?lang={lang}")
        assert response is not None and response.status == 200, path
        assert page.get_attribute("html", "lang") == lang
        assert_axe_clean(page)
