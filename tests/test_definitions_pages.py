"""The definitions pages: schemes list, a scheme's tree and A–Z index, a concept's page.

Read-only checks run on the shared demo instance (120 definitions in four levels, some drafts);
edge cases (cycles, deprecation, hidden targets, size) build their own small schemes.
"""

from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS
from sqlalchemy import event

from atlas.access import ANONYMOUS, SYSTEM, Principal
from atlas.definitions import hierarchy, scheme_index
from atlas.demo import hidden_slugs
from atlas.demo.definitions import CONCEPTS, SCHEME_SLUG
from atlas.models import Role
from atlas.records import RecordInput
from tests.conftest import BASE, DEMO_BASE

SCHEME_PAGE = f"/definitions/{SCHEME_SLUG}"
CURATOR = Principal(user_id=1, role=Role.curator)


class _TreeReader(HTMLParser):
    """Read the nested `ul.tree` of a page into [(slug, [children...]), ...]."""

    def __init__(self):
        super().__init__()
        self.roots: list = []
        self._stack: list = []  # open <li> nodes
        self._depth = 0  # nesting of <ul> inside the tree (0: outside it)
        self._in_li_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "ul" and (self._depth or "tree" in (attrs.get("class") or "").split()):
            self._depth += 1
        elif tag == "li" and self._depth:
            node = [None, []]
            (self._stack[-1][1] if self._stack else self.roots).append(node)
            self._stack.append(node)
            self._in_li_head = True
        elif tag == "a" and self._stack and self._in_li_head and self._stack[-1][0] is None:
            self._stack[-1][0] = attrs["href"].rsplit("/", 1)[-1]
        elif tag in ("details", "p"):
            self._in_li_head = False

    def handle_endtag(self, tag):
        if tag == "ul" and self._depth:
            self._depth -= 1
        elif tag == "li" and self._depth and self._stack:
            self._stack.pop()


def _tree(html: str) -> list:
    reader = _TreeReader()
    reader.feed(html)
    return reader.roots


def _walk(nodes):
    for slug, children in nodes:
        yield slug
        yield from _walk(children)


def _get(app, path: str, status: int = 200) -> str:
    response = app.test_client().get(path)
    assert response.status_code == status, path
    return response.get_data(as_text=True)


# --- the demo: schemes list, tree, index, concept pages ---------------------------------------

def test_the_schemes_page_lists_the_demo_scheme_with_its_visible_concepts(demo_app):
    html = _get(demo_app, "/definitions")
    published = sum(1 for c in CONCEPTS if c.status == "published")
    assert f'href="{SCHEME_PAGE}"' in html
    assert "Begrippenkader provincie Utrecht" in html
    assert f"{published} begrippen" in html
    assert "Province of Utrecht glossary" in _get(demo_app, "/definitions?lang=en")


def test_the_scheme_tree_starts_at_the_top_concepts_and_nests_narrower_ones(demo_app):
    roots = _tree(_get(demo_app, SCHEME_PAGE))
    tops = {c.slug for c in CONCEPTS if c.broader is None and c.status == "published"}
    assert {slug for slug, _ in roots} == tops
    energie = dict((slug, children) for slug, children in roots)["energie"]
    below = dict((slug, children) for slug, children in energie)
    assert "hernieuwbare-energie" in below
    assert "zonne-energie" in _walk(below["hernieuwbare-energie"])
    assert "zon-op-dak" in _walk(roots)  # the fourth level is drawn too
    published = {c.slug for c in CONCEPTS if c.status == "published"}
    assert set(_walk(roots)) == published


def test_the_tree_folds_with_native_details_that_name_their_concept(demo_app):
    html = _get(demo_app, SCHEME_PAGE)
    assert re.search(r"<details>\s*<summary>\d+ smallere begrippen<span class=\"visually-hidden\">"
                     r" onder <span><bdi>energie</bdi></span>", html)
    assert "<details open" not in html  # folded until asked, so a big scheme stays scannable


def test_the_a_to_z_index_lists_labels_by_letter_with_alternatives(demo_app):
    html = _get(demo_app, SCHEME_PAGE)
    assert '<a href="#az-g">G</a>' in html
    section = html.split('<h3 id="az-g">G</h3>', 1)[1].split("</ul>", 1)[0]
    assert '<a href="/definitions/grondwater"><bdi>grondwater</bdi></a>' in section
    alt = html.split('<h3 id="az-a">A</h3>', 1)[1].split("</ul>", 1)[0]
    assert re.search(r"<span><bdi>aardgasloze woning</bdi></span> .*zie</span> "
                     r"<a href=\"/definitions/aardgasvrije-woning\">", alt)
    english = _get(demo_app, SCHEME_PAGE + "?lang=en")
    assert '<a href="/definitions/grondwater"><bdi>groundwater</bdi></a>' in english


def test_a_deep_concept_shows_its_path_hierarchy_and_where_it_is_used(demo_app):
    html = _get(demo_app, "/definitions/zonne-energie")
    crumbs = html.split('class="breadcrumb"', 1)[1].split("</nav>", 1)[0]
    order = [crumbs.index(f'href="/definitions/{slug}"')
             for slug in (SCHEME_SLUG, "energie", "hernieuwbare-energie")]
    assert order == sorted(order)
    assert 'aria-current="page"><bdi>zonne-energie</bdi></li>' in crumbs
    hierarchy = html.split('id="hierarchie-kop"', 1)[1].split("</section>", 1)[0]
    assert "Breder begrip" in hierarchy and 'href="/definitions/hernieuwbare-energie"' in hierarchy
    assert 'href="/definitions/zon-op-dak"' in hierarchy
    assert 'href="/definitions/zonneveld"' in hierarchy
    used = html.split('id="gebruik-kop"', 1)[1].split("</section>", 1)[0]
    assert 'href="/datasets/klimaatmonitor-hernieuwbare-energie"' in used
    indicator = _get(demo_app, "/definitions/zon-op-dak")
    assert 'href="/indicators/zonnestroom-vermogen-per-inwoner"' in indicator


def test_a_concept_page_shows_labels_source_and_matches_but_not_hidden_labels(demo_app):
    html = _get(demo_app, "/definitions/grondwater")
    assert '<span lang="en"><bdi>groundwater</bdi></span>' in html
    assert 'href="https://wetten.overheid.nl/BWBR0025458"' in html
    assert 'href="http://dbpedia.org/resource/Groundwater"' in html
    hidden = [c for c in CONCEPTS if c.hidden and c.status == "published"][0]
    page = _get(demo_app, f"/definitions/{hidden.slug}")
    assert "Verborgen termen" not in page
    assert all(label not in page for label in hidden.hidden)
    cited = [c for c in CONCEPTS if c.source and not c.source.startswith("http")
             and c.status == "published"][0]
    assert cited.source.replace("'", "&#39;") in _get(demo_app, f"/definitions/{cited.slug}")


def test_drafts_appear_nowhere_for_anonymous_callers(demo_app):
    drafts = {c.slug for c in CONCEPTS if c.status != "published"}
    assert drafts, "the demo has draft concepts"
    hidden = hidden_slugs(DEMO_BASE)
    scheme = _get(demo_app, SCHEME_PAGE)
    for slug in hidden:
        assert f'/definitions/{slug}"' not in scheme, slug
    for draft in (c for c in CONCEPTS if c.slug in drafts):
        _get(demo_app, f"/definitions/{draft.slug}", status=404)
        assert draft.nl not in scheme
        parent = _get(demo_app, f"/definitions/{draft.broader}")
        assert f'/definitions/{draft.slug}"' not in parent
    svc = demo_app.extensions["atlas"]
    scheme_record = svc.catalogue.get(CURATOR, slug=SCHEME_SLUG)
    seen_by_curator = hierarchy.hierarchy(svc.store, CURATOR, scheme_record)
    drawn = hierarchy.entries(svc.store, seen_by_curator.ids)
    assert drafts <= {e.slug for e in drawn.values()}


def test_scheme_and_concept_pages_still_answer_rdf(demo_app):
    client = demo_app.test_client()
    for path in (SCHEME_PAGE, "/definitions/zonne-energie"):
        response = client.get(path, headers={"Accept": "text/turtle"})
        assert response.status_code == 200
        assert response.mimetype == "text/turtle"
        assert client.get(path + ".jsonld").mimetype == "application/ld+json"


# --- edge cases on a fresh store ----------------------------------------------------------------

def _scheme(slug: str) -> RecordInput:
    uri = URIRef(f"{BASE}/definitions/{slug}")
    graph = Graph()
    graph.add((uri, RDF.type, SKOS.ConceptScheme))
    graph.add((uri, DCTERMS.title, Literal(f"Kader {slug}", lang="nl")))
    return RecordInput("conceptscheme", str(uri), graph, status="published", access="public",
                       slug=slug)


def _concept(slug: str, scheme: str, *triples, status: str = "published") -> RecordInput:
    uri = URIRef(f"{BASE}/definitions/{slug}")
    graph = Graph()
    graph.add((uri, RDF.type, SKOS.Concept))
    graph.add((uri, SKOS.prefLabel, Literal(slug.capitalize(), lang="nl")))
    graph.add((uri, SKOS.definition, Literal(f"Definitie van {slug}.", lang="nl")))
    graph.add((uri, SKOS.inScheme, URIRef(f"{BASE}/definitions/{scheme}")))
    for predicate, obj in triples:
        graph.add((uri, predicate, obj))
    return RecordInput("concept", str(uri), graph, status=status, access="public", slug=slug)


def _ref(slug: str) -> URIRef:
    return URIRef(f"{BASE}/definitions/{slug}")


def _within(seconds: float, call):
    """Run call in a thread and fail (instead of hanging) when it takes longer than seconds."""
    with ThreadPoolExecutor(1) as pool:
        started = time.monotonic()
        result = pool.submit(call).result(timeout=seconds)
        return result, time.monotonic() - started


def test_a_cycle_of_broader_links_renders_quickly(app, svc):
    svc.catalogue.upsert(_scheme("kringen"), principal=SYSTEM.named("test"))
    svc.catalogue.upsert_many([
        _concept("alfa", "kringen", (SKOS.broader, _ref("gamma"))),
        _concept("beta", "kringen", (SKOS.broader, _ref("alfa"))),
        _concept("gamma", "kringen", (SKOS.broader, _ref("beta"))),
        _concept("delta", "kringen", (SKOS.broader, _ref("alfa"))),
        _concept("zelf", "kringen", (SKOS.broader, _ref("zelf"))),
    ], principal=SYSTEM.named("test"))
    client = app.test_client()
    (response, elapsed) = _within(10, lambda: client.get("/definitions/kringen"))
    assert response.status_code == 200 and elapsed < 5
    drawn = list(_walk(_tree(response.get_data(as_text=True))))
    assert {"alfa", "beta", "gamma", "delta", "zelf"} <= set(drawn)
    for slug in ("alfa", "beta", "gamma", "delta", "zelf"):
        (page, elapsed) = _within(10, lambda slug=slug: client.get(f"/definitions/{slug}"))
        assert page.status_code == 200 and elapsed < 5
    page = client.get("/definitions/delta").get_data(as_text=True)
    crumbs = page.split('class="breadcrumb">', 1)[1].split("</nav>", 1)[0]
    assert crumbs.count('href="/definitions/alfa"') == 1


def test_a_deprecated_concept_shows_its_replacement(app, svc):
    svc.catalogue.upsert(_scheme("oud"), principal=SYSTEM.named("test"))
    svc.catalogue.upsert_many([
        _concept("nieuw", "oud"),
        _concept("verouderd", "oud", (OWL.deprecated, Literal(True)),
                 (DCTERMS.isReplacedBy, _ref("nieuw")),
                 (URIRef("http://www.w3.org/ns/adms#status"),
                  URIRef("http://example.org/status/vervallen")),
                 (DCTERMS.valid, Literal("2019-01-01/2023-12-31"))),
    ], principal=SYSTEM.named("test"))
    html = _get(app, "/definitions/verouderd")
    assert "Dit begrip is vervallen." in html
    assert re.search(r"Vervangen door <a href=\"/definitions/nieuw\"><bdi>Nieuw</bdi></a>", html)
    assert "vervallen</dd>" in html and "2019-01-01/2023-12-31" in html
    assert "replaced by" in _get(app, "/definitions/verouderd?lang=en").lower()


def test_links_to_records_a_caller_may_not_see_are_left_out(app, svc):
    svc.catalogue.upsert(_scheme("geheim"), principal=SYSTEM.named("test"))
    svc.catalogue.upsert_many([
        _concept("ontwerp", "geheim", status="draft"),
        _concept("openbaar", "geheim", (SKOS.exactMatch, _ref("ontwerp")),
                 (SKOS.closeMatch, URIRef("https://example.org/begrip/1")),
                 (SKOS.relatedMatch, Literal("javascript:alert(1)"))),
        _concept("kind", "geheim", (SKOS.broader, _ref("openbaar")), status="draft"),
    ], principal=SYSTEM.named("test"))
    html = _get(app, "/definitions/openbaar")
    assert "ontwerp" not in html and "/definitions/kind" not in html
    assert 'href="https://example.org/begrip/1"' in html
    assert "javascript:" not in html
    scheme = _get(app, "/definitions/geheim")
    assert "/definitions/ontwerp" not in scheme and "/definitions/kind" not in scheme
    assert "1 begrip" in _get(app, "/definitions")


def test_a_scheme_lists_its_collections_with_visible_members_only(app, svc):
    scheme = _scheme("thema")
    group = URIRef(f"{BASE}/definitions/thema/water-collectie")
    scheme.graph.add((URIRef(scheme.uri), SKOS.member, group))  # keeps the node in its RDF
    scheme.graph.add((group, RDF.type, SKOS.Collection))
    scheme.graph.add((group, SKOS.prefLabel, Literal("Waterthema", lang="nl")))
    for slug in ("rivier", "sloot"):
        scheme.graph.add((group, SKOS.member, _ref(slug)))
    svc.catalogue.upsert(scheme, principal=SYSTEM.named("test"))
    svc.catalogue.upsert_many([_concept("rivier", "thema"),
                               _concept("sloot", "thema", status="draft")], principal=SYSTEM.named("test"))
    html = _get(app, "/definitions/thema")
    section = html.split('id="collecties-kop"', 1)[1].split("</section>", 1)[0]
    assert "Waterthema" in section and 'href="/definitions/rivier"' in section
    assert "sloot" not in html.lower()


def _selects(store, call):
    """Return what call returns and the SELECT statements it ran."""
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(store.engine, "before_cursor_execute", listener)
    try:
        result = call()
    finally:
        event.remove(store.engine, "before_cursor_execute", listener)
    return result, [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]


def test_a_big_scheme_loads_ids_in_one_query_and_labels_only_for_what_it_draws(app, svc):
    svc.catalogue.upsert(_scheme("groot"), principal=SYSTEM.named("test"))
    items = [_concept("wortel", "groot")]
    items += [_concept(f"tak-{i}", "groot", (SKOS.broader, _ref("wortel"))) for i in range(40)]
    items += [_concept(f"blad-{i}-{j}", "groot", (SKOS.broader, _ref(f"tak-{i}")))
              for i in range(40) for j in range(50)]
    svc.catalogue.upsert_many(items, principal=SYSTEM.named("test"))
    scheme = svc.catalogue.get(ANONYMOUS, slug="groot")
    shape, queries = _selects(svc.store, lambda: hierarchy.hierarchy(svc.store, ANONYMOUS, scheme))
    assert len(queries) == 2, queries  # the store's stamp (definitions.shape_cache), ids and edges
    again, queries = _selects(svc.store, lambda: hierarchy.hierarchy(svc.store, ANONYMOUS, scheme))
    assert again is shape and len(queries) == 1  # kept until the store changes
    assert len(shape.ids) == 2041 and shape.tops == [shape.tops[0]]
    nodes, queries = _selects(svc.store, lambda: hierarchy.tree(svc.store, shape, budget=500))
    assert len(queries) == 3  # labels of each drawn level, never of the 1,550 left out
    drawn = list(_walk([(n.entry.slug, _as_pairs(n.children)) for n in nodes]))
    assert len(drawn) <= 500
    assert sum(n.left_out for n in _nodes(nodes)) > 0  # the rest is counted, reached via pages
    html = _get(app, "/definitions/groot")
    assert "De boom toont" in html and "smallere begrippen" in html
    # 2,041 labels: the index goes one letter at a time, a crowded letter in pages.
    assert html.count('<h3 id="az-') == 1 and 'href="/definitions/groot?letter=W#az-kop"' in html
    second = _get(app, "/definitions/groot?letter=B&page=2")
    assert '<a href="/definitions/groot?letter=B&amp;page=2#az-kop" aria-current="page">' in second
    assert second.split('<h3 id="az-b">', 1)[1].split("</ul>", 1)[0].count("<li>") == \
        scheme_index.AZ_PAGE_LIMIT
    assert _get(app, "/definitions/groot?letter=B&page=" + "9" * 5000).count("<h3 id=") == 1


@pytest.mark.parametrize("letter", ["Blad", "Émile", "3D", "(x)"])
def test_index_letters_fold_accents_and_group_digits_and_symbols(letter):
    assert scheme_index.letter_of(letter) in {"B", "E", "0–9", "#"}
    assert scheme_index.letter_of("Émile") == "E"


def _as_pairs(nodes):
    return [(n.entry.slug, _as_pairs(n.children)) for n in nodes]


def _nodes(nodes):
    for node in nodes:
        yield node
        yield from _nodes(node.children)


# --- in a real browser: axe-core on the demo's big tree, and the keyboard ----------------------

def _axe(page) -> None:
    from tests.browsing import inject_axe
    from tests.test_browser import STRUCTURE_RULES, WCAG_TAGS, _violations_report

    inject_axe(page)
    for run_only in ({"type": "tag", "values": WCAG_TAGS},
                     {"type": "rule", "values": STRUCTURE_RULES}):
        found = page.evaluate("runOnly => axe.run(document, {runOnly: runOnly})", run_only)
        assert not found["violations"], f"{page.url}\n{_violations_report(found['violations'])}"


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", ["/definitions", SCHEME_PAGE, "/definitions/zonne-energie",
                                  "/definitions/grondwater"])
def test_the_demo_definitions_pages_pass_axe(page, served_demo, path, lang):
    _, base = served_demo
    response = page.goto(f"{base}{path}?lang={lang}")
    assert response is not None and response.status == 200
    if path == SCHEME_PAGE:  # check the whole tree, not only its top level
        page.get_by_role("button", name="Alles uitklappen" if lang == "nl" else "Expand all").click()
        assert page.locator(".tree details:not([open])").count() == 0
    _axe(page)


def test_the_tree_opens_and_closes_by_keyboard(page, served_demo):
    _, base = served_demo
    page.goto(base + SCHEME_PAGE)
    first = page.locator("ul.tree > li").first
    summary = first.locator(":scope > details > summary")
    nested = first.locator(":scope > details > ul a").first
    assert not nested.is_visible()
    first.locator(":scope > a").focus()
    page.keyboard.press("Tab")  # from the concept's link to its toggle
    assert page.evaluate("() => document.activeElement.tagName") == "SUMMARY"
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    assert first.locator(":scope > details").get_attribute("open") is not None
    assert nested.is_visible()
    page.keyboard.press("Tab")  # into the opened branch
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == \
        nested.get_attribute("href")
    summary.focus()
    page.keyboard.press(" ")
    assert first.locator(":scope > details").get_attribute("open") is None
    assert not nested.is_visible()
    expand = page.get_by_role("button", name="Alles uitklappen")
    expand.focus()
    page.keyboard.press("Enter")
    assert page.locator(".tree details:not([open])").count() == 0
