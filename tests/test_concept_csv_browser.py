"""The CSV import in a real browser: sign in, upload, read the dry run, store; axe in nl and en."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from atlas.access import SYSTEM, Principal
from atlas.definitions import curation
from atlas.models import Role
from tests.browsing import assert_axe_clean, serve_app
from tests.conftest import make_app

CURATOR = Principal(user_id=0, email="redactie@utrecht.test", role=Role.curator)


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, str, object]]:
    """Serve an app with a small scheme and a curator account; yield (base URL, slug, svc)."""
    from atlas.accounts.service import add_user

    app = make_app(tmp_path_factory.mktemp("csv-browser"), None)
    svc = app.extensions["atlas"]
    scheme = curation.create_scheme(svc.catalogue, CURATOR, {"title_nl": "Mobiliteit",
                                                            "title_en": "Mobility"},
                                    status="published")
    curation.create_concept(svc.catalogue, CURATOR, scheme,
                            {"pref_label_nl": "fiets", "notation": "F1"}, status="published")
    add_user(svc.store, "redactie@utrecht.test", "curator", "geheim123", principal=SYSTEM)
    try:
        with serve_app(app) as base:
            yield base, scheme.slug, svc
    finally:
        svc.store.dispose()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_upload_dry_run_and_store(page, served, lang):
    base, slug, svc = served
    page.goto(f"{base}/login?lang={lang}")
    page.locator("#email").fill("redactie@utrecht.test")
    page.locator("#password").fill("geheim123")
    with page.expect_navigation():
        page.locator("#password").press("Enter")
    page.goto(f"{base}/definitions/{slug}")
    page.locator(f'a[href="/definitions/{slug}/import"]').click()
    assert page.get_attribute("html", "lang") == lang
    assert_axe_clean(page)
    csv_text = (f"\ufeffuri;pref_label_nl;broader;editorial_status\r\n"
                f";bakfiets {lang};F1;vastgesteld\r\n"
                f";step {lang};bestaat niet;\r\n"
                f";e-step {lang};F1;klaar\r\n")
    page.locator("#bestand").set_input_files(files=[{
        "name": "begrippen.csv", "mimeType": "text/csv", "buffer": csv_text.encode("utf-8")}])
    with page.expect_navigation():
        page.locator('form[enctype] button[type="submit"]').click()
    rows = page.locator("table.diff tbody tr")
    assert rows.count() == 3
    assert page.locator("[role=alert] a[href='#rij-3']").count() == 1
    assert page.locator("#rij-3 .errors").inner_text().count("bestaat niet") == 1
    assert_axe_clean(page)
    with page.expect_navigation():
        page.locator('input[name="step"][value="store"] ~ p button').click()
    assert page.locator("[role=status]").count() == 1
    assert len(curation.find_concepts(svc.catalogue, CURATOR, f"bakfiets {lang}", None)) == 1
    assert curation.find_concepts(svc.catalogue, CURATOR, f"step {lang}", None) == []
    assert_axe_clean(page)
