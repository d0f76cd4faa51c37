"""The SKOS importer on every vocabulary of the shared corpus, small edge cases, and a harvest."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DC, DCTERMS, RDF, SKOS

import importers.skos as skos_importer
from atlas.access import ANONYMOUS, SYSTEM
from atlas.harvest.run import harvest
from importers.fetch import Fetched
from importers.rdf_parse import parse
from importers.records import SourceError
from importers.registry import batches_of
from importers.skos import batches, records
from tests.conftest import corpus_dir

# File → (schemes, concepts), counted by hand from the files and the manifest, and checked
# against a SPARQL count below; a string is the SourceError the file must answer instead.
EXPECTED: dict[str, tuple[int, int] | str] = {
    "eu-op_authority_data-theme_24lang.ttl": (1, 14),  # SKOS bound to the prefix core:
    "eu-op_authority_file-type.ttl": (1, 127),
    "netbeheer-nl_begrippenkader_adms-status_nl.ttl": (1, 236),  # @base, <> is the scheme
    "nlsbb_begrippenkader_nlbegrip_nl_en.ttl": (1, 43),
    "nlsbb_dcat-ap-nl_begrippenkader_imev_example.ttl": 'Prefix "vcard:" not bound',
    "nlsbb_stelselcatalogus_metadata_begrippen_nl.ttl": (0, 27),  # its scheme is undeclared
    "sdmx-cog_code-lists_freq_sex_age_skos.ttl": (9, 66),
    "sdmx-cog_subject-matter-domains_skos.ttl": (1, 40),
    "skosmos-test_changes.ttl": (0, 5),
    "skosmos-test_dup.ttl": (0, 7),
    "skosmos-test_groups.ttl": (1, 7),  # and 4 collections, kept in the scheme's record
    "skosmos-test_hierarchy_without_topconcepts.ttl": (1, 19),
    "skosmos-test_multiple-schemes.ttl": (3, 3),
    "skosmos-test_nolang.ttl": (1, 3),
    "tooi_rwc_provincies_compleet_v1_expanded.jsonld": "no SKOS concept scheme or concept",
    "tooi_scw_toplijst_themas_v1_expanded.jsonld": (1, 92),  # expanded JSON-LD
}
# Not vocabularies: the manifest, and the NL-SBB profile (SHACL shapes).
NOT_VOCABULARIES = {"MANIFEST.md", "nlsbb_skos-ap-nl_shacl_profile.ttl"}

COUNT = """SELECT (COUNT(DISTINCT ?node) AS ?n) WHERE { ?node a ?type }"""


def load(name: str, folder: str = "vocab") -> Graph:
    """Parse a corpus file as a harvest would."""
    path = corpus_dir(folder) / name
    return parse(path.read_bytes(), name=path.name, base=path.as_uri())


def kinds(found) -> Counter:
    """Count records by kind (errors apart)."""
    return Counter("error" if r.error else r.kind for r in found)


class FileReader:
    """A reader answering one document, as the harvest's reader does for a local file."""

    def __init__(self, path: Path, status: int = 200):
        self.path, self.status = path, status

    def get(self, url: str, *, first: bool = False) -> Fetched:
        body = b"" if self.status == 304 else self.path.read_bytes()
        return Fetched(self.path.as_uri(), self.status, "", body, "", "")


def test_every_corpus_file_is_expected():
    present = {p.name for p in corpus_dir("vocab").iterdir() if p.is_file()}
    assert present - NOT_VOCABULARIES == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file(name):
    expected = EXPECTED[name]
    path = corpus_dir("vocab") / name
    if isinstance(expected, str):
        with pytest.raises(SourceError, match=expected):
            list(batches(str(path), FileReader(path)))
        return
    graph = load(name)
    found = list(records(graph))
    schemes, concepts = expected
    assert kinds(found) == Counter({"conceptscheme": schemes, "concept": concepts}) - Counter()
    # counted independently of the importer: every concept here is typed skos:Concept
    for rdf_type, count in ((SKOS.ConceptScheme, schemes), (SKOS.Concept, concepts)):
        row = next(iter(graph.query(COUNT, initBindings={"type": rdf_type})))
        assert int(row[0]) == count
    order = [r.kind for r in found]
    assert order == sorted(order, key=lambda k: k != "conceptscheme")  # schemes first
    assert [r.uri for r in found if r.kind == "concept"] == sorted(
        r.uri for r in found if r.kind == "concept")
    assert [r.uri for r in records(load(name))] == [r.uri for r in found]  # stable
    for record in found:
        subject = URIRef(record.uri)
        assert (subject, None, None) in record.graph and record.local_key == record.uri
        if record.kind == "concept":  # other records are referred to, never copied
            others = {URIRef(r.uri) for r in found} - {subject}
            assert not others & set(record.graph.subjects())


def test_unusual_prefix_and_untagged_labels():
    theme = {r.uri: r for r in records(load("eu-op_authority_data-theme_24lang.ttl"))}
    concept = theme["http://publications.europa.eu/resource/authority/data-theme/ENVI"]
    assert Literal("Milieu", lang="nl") in set(concept.graph.objects(URIRef(concept.uri),
                                                                    SKOS.prefLabel))
    nolang = {r.uri: r for r in records(load("skosmos-test_nolang.ttl"))}
    no1 = nolang["http://www.skosmos.skos/nolang/no1"]
    assert no1.graph.value(URIRef(no1.uri), SKOS.prefLabel) == Literal("No language code")


def test_top_concept_without_in_scheme_keeps_the_source_as_written():
    found = {r.uri: r for r in records(load("skosmos-test_nolang.ttl"))}
    scheme, no1 = URIRef("http://www.skosmos.skos/nolang/conceptscheme"), \
        URIRef("http://www.skosmos.skos/nolang/no1")
    assert (scheme, SKOS.hasTopConcept, no1) in found[str(scheme)].graph
    assert (no1, SKOS.inScheme, None) not in found[str(no1)].graph  # nothing added
    many = {r.uri: r for r in records(load("skosmos-test_multiple-schemes.ttl"))}
    c1 = URIRef("http://www.skosmos.skos/multiple-schemes/c1-in-cs1")
    assert (c1, SKOS.topConceptOf, URIRef("http://www.skosmos.skos/multiple-schemes/cs1")) \
        in many[str(c1)].graph


def test_collections_are_kept_in_the_scheme():
    found = list(records(load("skosmos-test_groups.ttl")))
    scheme = next(r for r in found if r.kind == "conceptscheme")
    groups = "http://www.skosmos.skos/groups/"
    held = set(scheme.graph.subjects(RDF.type, SKOS.Collection))
    assert held == {URIRef(groups + n) for n in ("fish", "fresh", "salt", "sub")}
    assert (URIRef(groups + "fish"), SKOS.member, URIRef(groups + "sub")) in scheme.graph
    assert not any(r.kind == "collection" for r in found)


def test_collection_without_a_scheme_is_reported():
    graph = parse(b"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <http://ex.org/c> a skos:Concept ; skos:prefLabel "c"@nl .
        <http://ex.org/g> a skos:Collection ; skos:member <http://ex.org/c> .""", name="x.ttl")
    found = list(records(graph))
    assert [(r.kind, bool(r.error)) for r in found] == [("concept", False), ("collection", True)]
    assert "not imported" in found[1].error


def test_concepts_not_typed_skos_concept_are_imported_as_concepts():
    found = list(records(load("w3c-dqv_ldqd_quality-dimensions_skos.ttl", "indicators")))
    assert kinds(found) == Counter({"conceptscheme": 1, "concept": 22})  # 4 + 18 (manifest)
    availability = next(r for r in found if r.uri.endswith("#availability"))
    subject = URIRef(availability.uri)
    assert (subject, RDF.type, SKOS.Concept) in availability.graph  # the one triple added
    assert (subject, RDF.type, URIRef("http://www.w3.org/ns/dqv#Dimension")) in availability.graph


def test_blank_nodes_of_a_concept_are_part_of_its_record():
    found = {r.uri: r for r in records(load("netbeheer-nl_begrippenkader_adms-status_nl.ttl"))}
    concept = URIRef("https://begrippen.netbeheernederland.nl/id/energiedrager")
    source = found[str(concept)].graph.value(concept, DC.source)
    assert isinstance(source, BNode)
    assert found[str(concept)].graph.value(source, DCTERMS.title) == Literal("Energiedrager")
    assert "https://begrippen.netbeheernederland.nl" in found  # the scheme is <> under @base


CITED = b"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
<http://ex.org/s> a skos:ConceptScheme .
<http://ex.org/top> a skos:Concept ; skos:topConceptOf <http://ex.org/s> ;
  skos:prefLabel "boven"@nl ; skos:narrower <http://ex.org/mid> .
<http://ex.org/mid> a skos:Concept ; skos:inScheme <http://ex.org/s> ; skos:prefLabel "midden"@nl ;
  skos:broader <http://ex.org/top> ;
  dct:source [ dct:bibliographicCitation "Wet X, artikel 1" ] .
[ a skos:Concept ; skos:inScheme <http://ex.org/s> ; skos:prefLabel "anoniem"@nl ;
  skos:broader <http://ex.org/mid> ] .
"""


def test_concept_description_bounds_and_blank_node_concepts():
    found = {r.uri: r for r in records(parse(CITED, name="x.ttl"))}
    mid = found["http://ex.org/mid"].graph
    citation = mid.value(mid.value(URIRef("http://ex.org/mid"), DCTERMS.source),
                         DCTERMS.bibliographicCitation)
    assert citation == Literal("Wet X, artikel 1")
    assert (URIRef("http://ex.org/top"), None, None) not in mid  # broader is not pulled in
    named = [u for u in found if u.startswith("urn:atlas:bnode:")]
    assert len(named) == 1
    assert named == [u for u in {r.uri: r for r in records(parse(CITED, name="x.ttl"))}
                     if u.startswith("urn:atlas:bnode:")]  # deterministic
    anonymous = found[named[0]].graph
    assert not any(isinstance(t, BNode) for triple in anonymous for t in triple)
    assert (URIRef(named[0]), SKOS.broader, URIRef("http://ex.org/mid")) in anonymous


def test_one_bad_concept_does_not_stop_the_others(monkeypatch):
    real = skos_importer.describe

    def failing(graph, subject, **kwargs):
        if str(subject) == "http://ex.org/mid":
            raise ValueError("broken on purpose")
        return real(graph, subject, **kwargs)

    monkeypatch.setattr(skos_importer, "describe", failing)
    found = list(records(parse(CITED, name="x.ttl")))
    assert [(r.uri, r.error) for r in found if r.error] == [("http://ex.org/mid",
                                                             "broken on purpose")]
    assert kinds(found) == Counter({"conceptscheme": 1, "concept": 2, "error": 1})


def test_batches_304_and_memory(tmp_path):
    path = tmp_path / "v.ttl"
    path.write_bytes(CITED)
    assert batches_of("skos") is batches
    [batch] = list(batches(str(path), FileReader(path, status=304)))
    assert batch.not_modified and not batch.records
    [batch] = list(batches(str(path), FileReader(path)))
    assert len(batch.records) == 4 and batch.digest

    class Memory:
        def recall(self, url, digest):
            from importers.records import RememberedPage
            return RememberedPage("", ["http://ex.org/s"], []) if digest == batch.digest else None

    [again] = list(batches(str(path), FileReader(path), Memory()))
    assert again.remembered is not None and not again.records


def test_harvest_a_vocabulary_file(app, svc, tmp_path):
    path = tmp_path / "nlbegrip.ttl"
    shutil.copy(corpus_dir("vocab") / "nlsbb_begrippenkader_nlbegrip_nl_en.ttl", path)
    config = dict(app.config, HARVEST_ALLOW_PRIVATE=True)

    def run():
        return harvest(svc.store, svc.catalogue, config, location=str(path), kind="skos", principal=SYSTEM)

    first = run()
    assert (first.new, first.failed, first.errors) == (44, 0, [])
    scheme_uri = "http://begrippen.nlbegrip.nl/id/begrippenkader/nlbegrip"
    broader_uri = "http://begrippen.nlbegrip.nl/sbb/id/concept/Broader"
    scheme = svc.catalogue.get_any(uri=scheme_uri)
    concept = svc.catalogue.get_any(uri=broader_uri)
    assert (scheme.kind, concept.kind) == ("conceptscheme", "concept")
    assert concept.title == "heeft bovenliggend begrip"
    links = svc.catalogue.related(ANONYMOUS, concept)
    assert [r.uri for r in links["in_scheme"]] == [scheme_uri]
    assert [r.uri for r in links["broader"]] == [
        "http://begrippen.nlbegrip.nl/sbb/id/concept/SemanticRelation"]
    from atlas.definitions.hierarchy import schemes
    assert dict((r.uri, n) for r, n in schemes(svc.store, ANONYMOUS))[scheme_uri] == 43

    again = run()
    assert (again.new, again.updated, again.unchanged) == (0, 0, 44)

    text = path.read_text(encoding="utf-8")
    assert text.count('"heeft bovenliggend begrip"@nl') == 1
    path.write_text(text.replace('"heeft bovenliggend begrip"@nl', '"heeft breder begrip"@nl'),
                    encoding="utf-8")
    changed = run()
    assert (changed.new, changed.updated, changed.unchanged) == (0, 1, 43)
    assert svc.catalogue.get_any(uri=broader_uri).title == "heeft breder begrip"
