"""A big scheme is read in parts: the A–Z index from the label keys, a concept's relatives by a
walk from the concept. These check that the parts give what the whole did, on small schemes."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from atlas.access import ANONYMOUS, SYSTEM, Principal
from atlas.definitions import lookup, scheme_index
from atlas.models import Role
from atlas.records import RecordInput
from tests.conftest import BASE
from tests.test_definitions_pages import _get, _ref, _scheme, _within

CURATOR = Principal(user_id=1, role=Role.curator)


def _concept(slug: str, scheme: str, labels=(), *triples, status="published") -> RecordInput:
    uri = URIRef(f"{BASE}/definitions/{slug}")
    graph = Graph()
    graph.add((uri, RDF.type, SKOS.Concept))
    for predicate, text, lang in labels:
        graph.add((uri, predicate, Literal(text, lang=lang or None)))
    graph.add((uri, SKOS.inScheme, URIRef(f"{BASE}/definitions/{scheme}")))
    for predicate, obj in triples:
        graph.add((uri, predicate, obj))
    return RecordInput("concept", str(uri), graph, status=status, access="public", slug=slug)


def _index_lines(html: str) -> list[str]:
    """Return the A–Z index's lines as text, in page order ("alt → concept" for alternatives)."""
    import re

    section = html.split('id="az-kop"', 1)[1].split("</section>", 1)[0]
    lines = re.findall(r'<ul class="az">(.*?)</ul>', section, re.S)
    found = []
    for block in lines:
        for item in re.findall(r"<li>(.*?)</li>", block, re.S):
            text = re.sub(r"<span class=\"visually-hidden\">.*?</span>", "", item)
            found.append(" ".join(re.sub(r"<[^>]+>", " ", text).split()))
    return found


def _alphabet(app, svc):
    svc.catalogue.upsert(_scheme("abc"), principal=SYSTEM.named("test"))
    svc.catalogue.upsert_many([
        _concept("appel", "abc", [(SKOS.prefLabel, "Appel", "nl"), (SKOS.prefLabel, "apple", "en"),
                                  (SKOS.altLabel, "Zure bel", "nl")]),
        # preferred in two languages with one text: one line, not two
        _concept("water", "abc", [(SKOS.prefLabel, "Water", "nl"), (SKOS.prefLabel, "Water", "en")]),
        _concept("ezel", "abc", [(SKOS.prefLabel, "Émile-ezel", "nl"),
                                 (SKOS.altLabel, "Balk", ""), (SKOS.altLabel, "donkey", "en")]),
        _concept("zonder-label", "abc"),  # no prefLabel: titled by its slug, keyed on the spot
        _concept("3d-kaart", "abc", [(SKOS.prefLabel, "3D-kaart", "nl")]),
        _concept("geheim", "abc", [(SKOS.prefLabel, "Geheim", "nl")], status="draft"),
    ], principal=SYSTEM.named("test"))


def test_the_a_to_z_index_lists_keys_in_order_with_alternatives_marked(app, svc):
    _alphabet(app, svc)
    html = _get(app, "/definitions/abc")
    assert _index_lines(html) == ["Appel", "Balk → Émile-ezel", "Émile-ezel", "Water",
                                  "zonder-label", "Zure bel → Appel", "3D-kaart"]
    assert "Geheim" not in html
    english = _index_lines(_get(app, "/definitions/abc?lang=en"))
    assert english == ["apple", "Balk → Émile-ezel", "donkey → Émile-ezel", "Émile-ezel",
                       "Water", "zonder-label", "3D-kaart"]
    index = definitions_index(svc, CURATOR)
    assert ("G", 1) in index.letters  # the curator's index has the draft


def definitions_index(svc, principal):
    scheme = svc.catalogue.get(principal, slug="abc")
    return scheme_index.alphabetical(svc.store, principal, scheme.id)


def test_a_paged_index_goes_a_letter_at_a_time_and_merges_unkeyed_labels(app, svc, monkeypatch):
    _alphabet(app, svc)
    svc.catalogue.upsert_many(
        [_concept(f"zeef-{i}", "abc", [(SKOS.prefLabel, f"Zeef {i:02d}", "nl")]) for i in range(5)],
        principal=SYSTEM.named("test"))
    monkeypatch.setattr(scheme_index, "AZ_PAGE_LIMIT", 3)
    first = _get(app, "/definitions/abc?letter=Z")
    assert _index_lines(first) == ["Zeef 00", "Zeef 01", "Zeef 02"]
    second = _get(app, "/definitions/abc?letter=Z&page=2")
    assert _index_lines(second) == ["Zeef 03", "Zeef 04", "zonder-label"]
    third = _get(app, "/definitions/abc?letter=Z&page=3")
    assert _index_lines(third) == ["Zure bel → Appel"]
    letters = first.split('aria-label="Letters van de index"', 1)[1].split("</nav>", 1)[0]
    assert [x for x in ("A", "B", "E", "W", "Z", "0–9") if f">{x}</a>" in letters] == \
        ["A", "B", "E", "W", "Z", "0–9"]


def _chain(svc):
    svc.catalogue.upsert(_scheme("keten"), principal=SYSTEM.named("test"))
    pref = lambda text: [(SKOS.prefLabel, text, "nl")]  # noqa: E731
    svc.catalogue.upsert_many([
        _concept("top", "keten", pref("Top")),
        _concept("midden", "keten", pref("Midden"), (SKOS.broader, _ref("top")), status="draft"),
        _concept("onder", "keten", pref("Onder"), (SKOS.broader, _ref("midden"))),
        _concept("naast", "keten", pref("Naast"), (SKOS.broader, _ref("top"))),
        _concept("blad", "keten", pref("Blad"), (SKOS.broader, _ref("naast"))),
        # written from the other side: top skos:narrower los
        _concept("los", "keten", pref("Los")),
    ], principal=SYSTEM.named("test"))
    graph = Graph()
    uri = URIRef(f"{BASE}/definitions/top")
    graph.add((uri, RDF.type, SKOS.Concept))
    graph.add((uri, SKOS.prefLabel, Literal("Top", lang="nl")))
    graph.add((uri, SKOS.inScheme, URIRef(f"{BASE}/definitions/keten")))
    graph.add((uri, SKOS.narrower, _ref("los")))
    svc.catalogue.upsert(RecordInput("concept", str(uri), graph, status="published",
                                     access="public", slug="top"), principal=SYSTEM.named("test"))


def test_the_api_walks_relatives_through_visible_concepts_only(app, svc):
    _chain(svc)
    client = app.test_client()
    down = client.get("/api/v1/concepts/top?transitive=1").json
    assert [c["id"] for c in down["narrower"]] == ["naast", "los", "blad"]
    assert "status" not in down["narrower"][0] and down["broader"] == []
    assert [c["id"] for c in client.get("/api/v1/concepts/top").json["narrower"]] == \
        ["naast", "los"]
    # the draft in the middle ends the path for an anonymous caller
    assert client.get("/api/v1/concepts/onder?transitive=1").json["broader"] == []
    assert [c["id"] for c in client.get("/api/v1/concepts/blad?transitive=1").json["broader"]] \
        == ["naast", "top"]
    scheme = svc.catalogue.get(CURATOR, slug="keten")
    onder = svc.catalogue.get(CURATOR, slug="onder")
    up, _ = lookup.relatives(svc.store, CURATOR, onder.id, scheme.id, True)
    assert [e.slug for e in up] == ["midden", "top"]
    up, _ = lookup.relatives(svc.store, ANONYMOUS, onder.id, scheme.id, True)
    assert up == []


def test_the_api_walk_ends_in_a_cycle(app, svc):
    svc.catalogue.upsert(_scheme("rond"), principal=SYSTEM.named("test"))
    pref = lambda text: [(SKOS.prefLabel, text, "nl")]  # noqa: E731
    svc.catalogue.upsert_many([
        _concept("een", "rond", pref("Een"), (SKOS.broader, _ref("drie"))),
        _concept("twee", "rond", pref("Twee"), (SKOS.broader, _ref("een"))),
        _concept("drie", "rond", pref("Drie"), (SKOS.broader, _ref("twee"))),
        _concept("zelf", "rond", pref("Zelf"), (SKOS.broader, _ref("zelf"))),
    ], principal=SYSTEM.named("test"))
    client = app.test_client()
    (response, elapsed) = _within(10, lambda: client.get("/api/v1/concepts/een?transitive=1"))
    assert response.status_code == 200 and elapsed < 5
    assert [c["id"] for c in response.json["broader"]] == ["drie", "twee"]
    assert [c["id"] for c in response.json["narrower"]] == ["twee", "drie"]
    zelf = client.get("/api/v1/concepts/zelf?transitive=1").json
    assert zelf["broader"] == [] and zelf["narrower"] == []
