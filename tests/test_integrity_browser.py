"""The integrity report and a concept's findings in a real browser: axe-clean in Dutch and English.

A curator signs in through the form; the app is served over HTTP on 127.0.0.1 holding a small
scheme with a cycle and a concept without definition.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from atlas.access import SYSTEM
from atlas.records import RecordInput
from tests.browsing import assert_axe_clean, serve_app, sign_in_by_form
from tests.conftest import BASE, make_app

PASSWORD = "geheim123"


def _ref(slug: str) -> URIRef:
    return URIRef(f"{BASE}/definitions/{slug}")


def _records() -> list[RecordInput]:
    scheme = Graph()
    scheme.add((_ref("kader"), RDF.type, SKOS.ConceptScheme))
    scheme.add((_ref("kader"), DCTERMS.title, Literal("Waterbegrippen", lang="nl")))
    scheme.add((_ref("kader"), DCTERMS.title, Literal("Water concepts", lang="en")))
    items = [RecordInput("conceptscheme", str(_ref("kader")), scheme, status="published",
                         access="public", slug="kader")]
    for slug, broader, definition in (("water", "regen", True), ("regen", "neerslag", True),
                                      ("neerslag", "water", True), ("grondwater", "water", False)):
        graph = Graph()
        graph.add((_ref(slug), RDF.type, SKOS.Concept))
        graph.add((_ref(slug), SKOS.prefLabel, Literal(slug.capitalize(), lang="nl")))
        graph.add((_ref(slug), SKOS.inScheme, _ref("kader")))
        graph.add((_ref(slug), SKOS.broader, _ref(broader)))
        if definition:
            graph.add((_ref(slug), SKOS.definition, Literal(f"Over {slug}.", lang="nl")))
        items.append(RecordInput("concept", str(_ref(slug)), graph, status="published",
                                 access="public", slug=slug))
    return items


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    """Serve an app holding the scheme and a curator account; yield its base URL."""
    from atlas.accounts.service import add_user

    app = make_app(tmp_path_factory.mktemp("integrity"), None)
    svc = app.extensions["atlas"]
    svc.catalogue.upsert_many(_records(), principal=SYSTEM.named("test"))
    add_user(svc.store, "redactie@utrecht.test", "curator", PASSWORD, principal=SYSTEM)
    try:
        with serve_app(app) as base:
            yield base
    finally:
        svc.store.dispose()


def _sign_in(page, base_url: str) -> None:
    sign_in_by_form(page, base_url, "redactie@utrecht.test", PASSWORD)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_report_and_concept_findings_are_axe_clean(page, base_url, lang):
    _sign_in(page, base_url)
    response = page.goto(f"{base_url}/definitions/kader/integrity?lang={lang}")
    assert response is not None and response.status == 200
    assert page.get_attribute("html", "lang") == lang
    assert "Waterbegrippen" in page.locator("h1").inner_text() or lang == "en"
    assert page.locator("#soort-cycle").count() == 1
    assert page.locator("#soort-missing-definition").count() == 1
    assert_axe_clean(page)
    page.locator("#soort-missing-definition + ul a").first.click()
    assert page.url.endswith("/definitions/grondwater")
    assert page.locator("#integriteit-kop").count() == 1
    assert_axe_clean(page)


def test_check_again_button_and_anonymous_404(page, base_url):
    response = page.goto(f"{base_url}/definitions/kader/integrity")
    assert response is not None and response.status == 404
    _sign_in(page, base_url)
    page.goto(f"{base_url}/definitions/kader")
    page.get_by_role("link", name="Integriteitsrapport").click()
    assert page.url.endswith("/definitions/kader/integrity")
    before = page.locator(".check-state time").get_attribute("datetime")
    page.get_by_role("button", name="Opnieuw controleren").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/definitions/kader/integrity")
    assert page.locator(".check-state time").get_attribute("datetime") >= before
