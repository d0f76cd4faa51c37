"""Integrity findings of SKOS schemes: one small graph per finding, then the corpus files' own."""

from __future__ import annotations

import time
from collections import Counter

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from importers.rdf_parse import parse
from tests.conftest import corpus_dir
from vocab.skos_integrity import Finding, broader_path, cycles, findings

PREFIXES = """@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix : <http://ex.org/> .
:s a skos:ConceptScheme .
"""
EX = "http://ex.org/"


def check(turtle: str) -> list[Finding]:
    """Return the findings of a small Turtle graph (with prefixes and scheme :s given)."""
    return findings(parse((PREFIXES + turtle).encode(), name="x.ttl"))


def codes(found: list[Finding], code: str) -> list[str]:
    """Return the concepts (local names) with a finding of this code, sorted."""
    return sorted(f.concept.removeprefix(EX) for f in found if f.code == code)


GOOD = """:a a skos:Concept ; skos:topConceptOf :s ; skos:prefLabel "a"@nl, "a"@en ;
   skos:definition "d"@nl ; skos:notation "1" .
:b a skos:Concept ; skos:inScheme :s ; skos:prefLabel "b"@nl ; skos:definition "d"@nl ;
   skos:broader :a ; skos:notation "2" ; skos:related <http://elsewhere.org/x> .
"""


def test_a_sound_scheme_has_no_findings():
    assert check(GOOD) == []


def test_labels_and_definitions():
    found = check(GOOD + """:c a skos:Concept ; skos:broader :a .
        :d a skos:Concept ; skos:broader :a ; skos:definition "d"@nl ;
           skos:prefLabel "een"@nl, "twee"@nl, "one"@en .
        :e a skos:Concept ; skos:broader :a ; skos:definition "d" ; skos:prefLabel "zonder" .""")
    assert codes(found, "missing-pref-label") == ["c"]
    assert codes(found, "missing-definition") == ["c"]
    assert codes(found, "pref-labels-one-language") == ["d"]
    assert '"een", "twee"' in next(f.message for f in found if f.concept == EX + "d")
    assert codes(found, "no-language") == ["e"]


def test_duplicate_labels_and_notations_are_per_scheme_and_language():
    found = check(GOOD + """:t a skos:ConceptScheme .
        :c a skos:Concept ; skos:inScheme :s ; skos:broader :a ; skos:definition "d"@nl ;
           skos:prefLabel "b"@nl ; skos:notation "1" .
        :d a skos:Concept ; skos:inScheme :s ; skos:broader :a ; skos:definition "d"@nl ;
           skos:prefLabel "b"@en ; skos:notation "3" .
        :e a skos:Concept ; skos:topConceptOf :t ; skos:definition "d"@nl ;
           skos:prefLabel "a"@nl ; skos:notation "2" .""")
    assert codes(found, "duplicate-pref-label") == ["b", "c"]  # "b"@en on :d is another language
    assert codes(found, "duplicate-notation") == ["a", "c"]  # :e's "2" is in scheme :t
    message = next(f.message for f in found if f.concept == EX + "b")
    assert '"b"@nl' in message and EX + "c" in message


def test_cycles_are_reported_once_with_their_members():
    found = check(GOOD + """:c a skos:Concept ; skos:narrower :c .
        :d a skos:Concept ; skos:broader :a, :e . :e a skos:Concept ; skos:broader :d .
        :f a skos:Concept ; skos:broader :g . :g a skos:Concept ; skos:narrower :f ;
           skos:broader :h . :h a skos:Concept ; skos:broader :f .""")
    cycle = [f for f in found if f.code == "cycle"]
    assert [f.concept.removeprefix(EX) for f in cycle] == ["c", "d", "f"]
    assert f"{EX}f, {EX}g, {EX}h" in cycle[2].message


def test_a_long_cycle_does_not_exhaust_the_stack():
    up = {URIRef(f"{EX}{i}"): {URIRef(f"{EX}{(i + 1) % 50_000}")} for i in range(50_000)}
    [members] = cycles(up)
    assert len(members) == 50_000


def test_dangling_references():
    found = check(GOOD + """:c a skos:Concept ; skos:broader :a, :missing ;
           skos:related <http://elsewhere.org/y> ; skos:inScheme :nowhere ;
           skos:prefLabel "c"@nl ; skos:definition "d"@nl .
        :s skos:hasTopConcept :gone .""")
    dangling = sorted(f.message.split(" (")[0] for f in found if f.code == "dangling")
    assert dangling == [f"skos:broader verwijst naar {EX}missing, dat niet beschreven is",
                        f"skos:hasTopConcept verwijst naar {EX}gone, dat niet beschreven is",
                        f"skos:inScheme verwijst naar {EX}nowhere, dat niet beschreven is"]


def test_orphans_and_top_concepts_with_a_broader():
    found = check(GOOD + """:c a skos:Concept ; skos:inScheme :s ; skos:prefLabel "c"@nl ;
           skos:definition "d"@nl .
        :d a skos:Concept ; skos:inScheme :s ; skos:prefLabel "d"@nl ; skos:definition "d"@nl .
        :e a skos:Concept ; skos:prefLabel "e"@nl ; skos:definition "d"@nl ; skos:narrower :d .
        :s skos:hasTopConcept :f .
        :f a skos:Concept ; skos:prefLabel "f"@nl ; skos:definition "d"@nl ; skos:broader :a .""")
    assert codes(found, "orphan") == ["c"]  # :d has a broader (through :e's narrower)
    assert codes(found, "top-concept-with-broader") == ["f"]


def test_concepts_used_but_not_typed():
    found = check(""":x a <http://www.w3.org/ns/dqv#Dimension> ; skos:inScheme :s ;
        skos:prefLabel "x"@en ; skos:definition "d"@en ; skos:topConceptOf :s .
        :y a skos:Collection ; skos:inScheme :s ; skos:prefLabel "y"@en .""")
    assert [(f.concept, f.code) for f in found] == [(EX + "x", "not-typed-concept")]


def test_broader_path_is_cycle_safe():
    graph = parse((PREFIXES + GOOD + """:c a skos:Concept ; skos:broader :b, :z .
        :z skos:broader :b .
        :p skos:broader :q . :q skos:broader :r . :r skos:broader :p .""").encode(), name="x.ttl")
    path = [str(n).removeprefix(EX) for n in broader_path(graph, URIRef(EX + "c"))]
    assert path == ["a", "b", "c"]  # the first broader by IRI
    assert broader_path(graph, URIRef(EX + "a")) == [URIRef(EX + "a")]
    loop = [str(n).removeprefix(EX) for n in broader_path(graph, URIRef(EX + "p"))]
    assert loop == ["r", "q", "p"]


def test_twenty_thousand_concepts_are_checked_quickly():
    graph = Graph()
    scheme = URIRef(EX + "s")
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    for i in range(20_000):
        node = URIRef(f"{EX}c{i}")
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, SKOS.inScheme, scheme))
        graph.add((node, SKOS.prefLabel, Literal(f"begrip {i}", lang="nl")))
        graph.add((node, SKOS.definition, Literal("d", lang="nl")))
        graph.add((node, SKOS.notation, Literal(str(i))))
        parent = (SKOS.topConceptOf, scheme) if i < 10 else (SKOS.broader,
                                                              URIRef(f"{EX}c{i // 10}"))
        graph.add((node, *parent))
    started = time.perf_counter()
    assert findings(graph) == []
    assert time.perf_counter() - started < 5  # about 1.5 s here; generous for busy machines


# --- the corpus files' own findings ---------------------------------------------------------

def corpus(name: str, folder: str = "vocab") -> list[Finding]:
    """Return the findings of a corpus file."""
    path = corpus_dir(folder) / name
    return findings(parse(path.read_bytes(), name=path.name))


def local(found: list[Finding], code: str) -> list[str]:
    """Return the local names of the concepts with a finding of this code."""
    return sorted(f.concept.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
                  for f in found if f.code == code)


def test_corpus_reference_scheme_is_clean():
    assert corpus("nlsbb_begrippenkader_nlbegrip_nl_en.ttl") == []
    assert corpus("sdmx-cog_subject-matter-domains_skos.ttl") == []


def test_corpus_hierarchy_without_top_concepts():
    found = corpus("skosmos-test_hierarchy_without_topconcepts.ttl")
    assert local(found, "cycle") == []  # roots without topConceptOf, but no cycle in this file
    assert local(found, "missing-pref-label") == ["ta113", "ta120"]
    assert local(found, "pref-labels-one-language") == ["ta127"]  # four untagged prefLabels
    assert local(found, "no-language") == ["ta127"] * 4
    assert local(found, "orphan") == ["ta124", "ta125", "ta126", "ta127", "ta128"]
    assert local(found, "top-concept-with-broader") == []


def test_corpus_dup_nolang_and_multiple_schemes():
    dup = corpus("skosmos-test_dup.ttl")
    assert local(dup, "duplicate-pref-label") == ["d1", "d2", "d3", "d6"]
    assert local(dup, "orphan") == [f"d{i}" for i in range(1, 8)]
    nolang = corpus("skosmos-test_nolang.ttl")
    assert local(nolang, "no-language") == ["no1", "no2", "no3"]
    assert local(nolang, "orphan") == ["no2", "no3"]  # no1 is the scheme's top concept
    schemes = corpus("skosmos-test_multiple-schemes.ttl")
    assert local(schemes, "dangling") == ["cs1", "cs2", "cs3"]  # hasTopConcept c1, c2, c3
    assert local(schemes, "orphan") == []  # the concepts say topConceptOf themselves


def test_corpus_broken_working_draft():
    found = corpus("nlsbb_stelselcatalogus_metadata_begrippen_nl.ttl")
    counts = Counter(f.code for f in found)
    assert counts == {"dangling": 27, "orphan": 27, "missing-definition": 1}
    assert local(found, "missing-definition") == ["LaatstBijgewerkt"]
    assert all("BegrippenkaderNPS" in f.message for f in found if f.code == "dangling")


def test_corpus_missing_definitions_counted_independently():
    query = """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a skos:Concept
               FILTER NOT EXISTS { ?c skos:definition ?d } }"""
    for name, expected in (("eu-op_authority_file-type.ttl", 72),
                           ("tooi_scw_toplijst_themas_v1_expanded.jsonld", 92)):
        path = corpus_dir("vocab") / name
        graph = parse(path.read_bytes(), name=path.name)
        assert int(next(iter(graph.query(query, initNs={"skos": SKOS})))[0]) == expected
        assert Counter(f.code for f in findings(graph)) == {"missing-definition": expected}


def test_corpus_dqv_dimensions():
    found = corpus("w3c-dqv_ldqd_quality-dimensions_skos.ttl", "indicators")
    assert len(local(found, "not-typed-concept")) == 22
    assert local(found, "duplicate-pref-label") == ["consistency", "interlinking"]
    # a typo in the W3C file: "syntaticValidity" for the declared ldqd:syntacticValidity
    assert local(found, "dangling") == ["consistency", "interoperability", "semanticAccuracy"]
    assert all("#syntaticValidity" in f.message for f in found if f.code == "dangling")
