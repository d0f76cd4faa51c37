"""Real-browser checks: axe-core finds no WCAG 2.1 A/AA violations, and the keyboard path works.

The app runs over real HTTP on 127.0.0.1 (a werkzeug server in a background thread) with one
record of each kind; headless Chromium (never downloaded: the system's, see tests/services.py)
loads each page in Dutch and in English, injects axe-core and asserts zero violations.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, SKOS

from atlas.access import SYSTEM
from atlas.records import RecordInput
from tests.browsing import STRUCTURE_RULES, WCAG_TAGS, inject_axe, serve_app
from tests.browsing import violations_report as _violations_report
from tests.conftest import BASE, make_app
from vocab.namespaces import ATLAS, DCAT, EU_FILE_TYPE, EU_LICENCE, EU_THEME

EXTRA_DATASETS = 22  # enough "Peilbuis" datasets for a second page of search results
ORG = URIRef(f"{BASE}/organisations/provincie-utrecht")
SCHEME = URIRef(f"{BASE}/definitions/leefomgeving")
CONCEPT = URIRef(f"{BASE}/definitions/grondwater")
DATASET = URIRef(f"{BASE}/datasets/grondwaterstanden")
SERVICE = URIRef(f"{BASE}/dataservices/grondwater-api")
INDICATOR = URIRef(f"{BASE}/indicators/grondwaterpeil")

# One page of each kind, the home page, a search with results and a missing page.
PAGES = {
    "home": "/",
    "search": "/search?q=grondwater",
    "search-page-2": "/search?q=peilbuis&page=2",
    "not-found": "/datasets/bestaat-niet",
    "login": "/login",
    "api-docs": "/api/v1/docs",
    "organisation": "/organisations/provincie-utrecht",
    "definitions": "/definitions",
    "conceptscheme": "/definitions/leefomgeving",
    "concept": "/definitions/grondwater",
    "dataset": "/datasets/grondwaterstanden",
    "dataservice": "/dataservices/grondwater-api",
    "indicator": "/indicators/grondwaterpeil",
}


def _graph(subject: URIRef, rdf_type: URIRef, *triples) -> Graph:
    graph = Graph()
    graph.add((subject, RDF.type, rdf_type))
    for predicate, obj in triples:
        graph.add((subject, predicate, obj))
    return graph


def _records() -> list[RecordInput]:
    nl, en = "nl", "en"
    organisation = _graph(ORG, FOAF.Organization,
                          (FOAF.name, Literal("Provincie Utrecht", lang=nl)),
                          (FOAF.name, Literal("Province of Utrecht", lang=en)),
                          (FOAF.homepage, URIRef("https://www.provincie-utrecht.nl/")))
    scheme = _graph(SCHEME, SKOS.ConceptScheme,
                    (DCTERMS.title, Literal("Begrippen leefomgeving", lang=nl)),
                    (DCTERMS.title, Literal("Living environment concepts", lang=en)),
                    (DCTERMS.description, Literal("Begrippen over water, bodem en lucht.", lang=nl)),
                    (DCTERMS.hasVersion, Literal("1.0")))
    concept = _graph(CONCEPT, SKOS.Concept,
                     (SKOS.prefLabel, Literal("Grondwater", lang=nl)),
                     (SKOS.prefLabel, Literal("Groundwater", lang=en)),
                     (SKOS.altLabel, Literal("Freatisch water", lang=nl)),
                     (SKOS.definition, Literal("Water onder het aardoppervlak.", lang=nl)),
                     (SKOS.notation, Literal("GW")),
                     (SKOS.inScheme, SCHEME))
    dataset = _graph(DATASET, DCAT.Dataset,
                     (DCTERMS.title, Literal("Grondwaterstanden", lang=nl)),
                     (DCTERMS.title, Literal("Groundwater levels", lang=en)),
                     (DCTERMS.description, Literal("Meetreeksen van grondwaterstanden.", lang=nl)),
                     (DCTERMS.identifier, Literal("grondwaterstanden")),
                     (DCTERMS.publisher, ORG), (DCTERMS.subject, CONCEPT),
                     (DCAT.theme, EU_THEME.ENVI), (DCAT.keyword, Literal("water", lang=nl)),
                     (DCAT.landingPage, URIRef("https://www.provincie-utrecht.nl/grondwater")))
    distribution = URIRef(f"{DATASET}/distributions/csv")
    dataset.add((DATASET, DCAT.distribution, distribution))
    for predicate, obj in ((RDF.type, DCAT.Distribution),
                           (DCTERMS.title, Literal("Meetreeksen (CSV)", lang=nl)),
                           (DCTERMS["format"], EU_FILE_TYPE.CSV),
                           (DCTERMS.license, EU_LICENCE["CC0"]),
                           (DCAT.downloadURL, URIRef("https://example.org/grondwater.csv"))):
        dataset.add((distribution, predicate, obj))
    service = _graph(SERVICE, DCAT.DataService,
                     (DCTERMS.title, Literal("Grondwater-API", lang=nl)),
                     (DCTERMS.title, Literal("Groundwater API", lang=en)),
                     (DCTERMS.publisher, ORG),
                     (DCAT.endpointURL, URIRef("https://api.example.org/grondwater")),
                     (DCAT.servesDataset, DATASET))
    indicator = _graph(INDICATOR, ATLAS.Indicator,
                       (DCTERMS.title, Literal("Gemiddeld grondwaterpeil", lang=nl)),
                       (DCTERMS.title, Literal("Average groundwater level", lang=en)),
                       (DCTERMS.description, Literal("Gemiddelde grondwaterstand.", lang=nl)),
                       (ATLAS.unit, Literal("m NAP")), (ATLAS.measures, CONCEPT),
                       (PROV.wasDerivedFrom, DATASET))
    state = {"status": "published", "access": "public"}
    wells = []
    for number in range(1, EXTRA_DATASETS + 1):
        uri = URIRef(f"{BASE}/datasets/peilbuis-{number}")
        wells.append(RecordInput("dataset", str(uri), _graph(
            uri, DCAT.Dataset, (DCTERMS.title, Literal(f"Peilbuis {number}", lang=nl)),
            (DCTERMS.description, Literal(f"Metingen van peilbuis {number}.", lang=nl)),
            (DCTERMS.publisher, ORG)), slug=f"peilbuis-{number}", **state))
    return [*wells,RecordInput("organisation", str(ORG), organisation, slug="provincie-utrecht", **state),
            RecordInput("conceptscheme", str(SCHEME), scheme, slug="leefomgeving", **state),
            RecordInput("concept", str(CONCEPT), concept, slug="grondwater", **state),
            RecordInput("dataset", str(DATASET), dataset, slug="grondwaterstanden", **state),
            RecordInput("dataservice", str(SERVICE), service, slug="grondwater-api", **state),
            RecordInput("indicator", str(INDICATOR), indicator, slug="grondwaterpeil", **state)]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    """Serve an app holding one record of each kind over HTTP; yield its base URL."""
    app = make_app(tmp_path_factory.mktemp("browser"), None)
    svc = app.extensions["atlas"]
    ids = {item.kind: svc.catalogue.upsert(item, principal=SYSTEM.named("test")).record_id for item in _records()}
    svc.catalogue.replace_observations(ids["indicator"], [
        {"period": str(year), "area_code": code, "area_label": label, "value": value}
        for year in (2021, 2022, 2023)
        for code, label, value in (("PV26", "Provincie Utrecht", 1.25 + year % 10 / 100),
                                   ("GM0344", "Utrecht", 0.8 + year % 10 / 100))
    ], principal=SYSTEM.named("test"))
    from atlas.accounts.service import add_user
    from atlas.harvest.run import harvest
    from atlas.harvest.sources import add_source
    add_user(svc.store, "beheer@utrecht.test", "admin", "geheim123", principal=SYSTEM)
    add_source(svc.store, name="partner", url="http://127.0.0.1:9/catalog.ttl",
               allow_private=True, principal=SYSTEM)
    try:  # a failed run, so the source page shows a run with its message
        harvest(svc.store, svc.catalogue, app.config, source_name="partner", principal=SYSTEM)
    except Exception:
        pass
    try:
        with serve_app(app) as base:
            yield base
    finally:
        svc.store.dispose()


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_wcag_violations(page, base_url, name, lang):
    """axe-core reports no WCAG 2.1 A/AA violations on each page, in Dutch and in English."""
    path = PAGES[name]
    url = base_url + path + ("&" if "?" in path else "?") + f"lang={lang}"
    response = page.goto(url)
    assert response is not None
    assert response.status == (404 if name == "not-found" else 200)
    assert page.get_attribute("html", "lang") == lang
    if name.startswith("search"):
        assert page.locator("ol.results li").count() >= 1
    if name == "search-page-2":
        assert page.locator("nav.pagination [aria-current=page]").inner_text().endswith("2")
    inject_axe(page)
    for run_only in ({"type": "tag", "values": WCAG_TAGS},
                     {"type": "rule", "values": STRUCTURE_RULES}):
        results = page.evaluate("runOnly => axe.run(document, {runOnly: runOnly})", run_only)
        violations = results["violations"]
        assert not violations, f"{url}: {len(violations)} axe violation(s)\n" \
            + _violations_report(violations)
        assert results["passes"], "axe ran no checks at all"
    duplicate_ids = page.evaluate("""() => {
        const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
        return ids.filter((id, i) => ids.indexOf(id) !== i);
    }""")
    assert not duplicate_ids, f"{url}: duplicate ids {duplicate_ids}"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_admin_pages_have_no_wcag_violations(page, base_url, lang):
    """The sign-in form works by keyboard, and the sources pages pass axe in both languages."""
    page.goto(f"{base_url}/login?lang={lang}")
    page.get_by_label("E-mailadres" if lang == "nl" else "E-mail address").fill(
        "beheer@utrecht.test")
    page.get_by_label("Wachtwoord" if lang == "nl" else "Password").fill("geheim123")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for path in ("/admin/sources", "/admin/sources/partner"):
        response = page.goto(base_url + path)
        assert response is not None and response.status == 200, path
        assert page.get_attribute("html", "lang") == lang
        inject_axe(page)
        results = page.evaluate("runOnly => axe.run(document, {runOnly: runOnly})",
                                {"type": "tag", "values": WCAG_TAGS})
        assert not results["violations"], _violations_report(results["violations"])
    # The run's state in the page's language (mislukt / failed).
    state = "mislukt" if lang == "nl" else "failed"
    assert page.locator("td", has_text=state).count() >= 1


def _focus_outline(page) -> str:
    return page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")


def test_keyboard_skip_link_and_search(page, base_url):
    """Tab reaches the skip link first, Enter jumps to main, and the search works by keyboard."""
    page.goto(base_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className,"
                            " document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#inhoud"]
    assert page.locator(".skip-link").is_visible()
    assert _focus_outline(page) != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "inhoud"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "q"
    assert _focus_outline(page) != "none"
    page.keyboard.type("grondwater")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(base_url + "/search?")
    assert "q=grondwater" in page.url
    assert page.locator("ol.results li").count() >= 1
    assert page.get_by_role("link", name="Grondwater", exact=True).count() == 1


def test_the_search_box_suggests_as_you_type(page, base_url):
    """Typing in the search box fills its suggestion list from /api/v1/suggest."""
    page.goto(base_url + "/")
    page.locator("#q").press_sequentially("grondw", delay=30)
    # A locator wait, not wait_for_function: the page's script policy forbids eval.
    page.locator("#suggesties option").first.wait_for(state="attached")
    values = page.eval_on_selector_all("#suggesties option", "els => els.map(e => e.value)")
    assert any(value.lower().startswith("grondw") for value in values), values


# Collects what the page's content policy blocked (an init script is not subject to the policy).
_CSP_LISTENER = """
window.__blocked = [];
document.addEventListener('securitypolicyviolation',
  e => window.__blocked.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline')));
"""


@pytest.mark.parametrize("name", list(PAGES))
def test_pages_work_under_the_strict_content_policy(page, base_url, name):
    """Each page type is served with the strict policy and breaks none of it: nothing blocked,
    the stylesheet applied, its scripts run (the scheme tree's buttons, the search box)."""
    messages: list[str] = []
    page.on("console", lambda message: messages.append(message.text))
    page.add_init_script(_CSP_LISTENER)
    response = page.goto(base_url + PAGES[name])
    assert response is not None
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    page.wait_for_load_state("load")
    blocked = page.evaluate("() => window.__blocked")
    assert not blocked, f"{name}: blocked by the content policy: {blocked}"
    assert not [m for m in messages if "Content Security Policy" in m], messages
    # The stylesheet came from /static and applies: the skip link is moved out of sight.
    assert page.evaluate("() => document.styleSheets.length") >= 1
    assert page.evaluate("() => getComputedStyle(document.querySelector('.skip-link'))"
                         ".position") == "absolute"


def test_admin_pages_work_under_the_strict_content_policy(page, base_url):
    """The signed-in pages (sources, a source's runs) break nothing of the policy either."""
    page.add_init_script(_CSP_LISTENER)
    page.goto(f"{base_url}/login")
    page.get_by_label("E-mailadres").fill("beheer@utrecht.test")
    page.get_by_label("Wachtwoord").fill("geheim123")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for path in ("/admin/sources", "/admin/sources/partner"):
        response = page.goto(base_url + path)
        assert response is not None and response.status == 200
        assert page.evaluate("() => window.__blocked") == [], path
