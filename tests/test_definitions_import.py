"""Importing schemes: membership from either side, a scheme arriving after its concepts, and
which kind a node typed both `skos:ConceptScheme` and `dcat:Dataset` becomes."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from sqlmodel import select

from atlas.access import ANONYMOUS, SYSTEM
from atlas.definitions import hierarchy
from atlas.harvest.run import harvest
from atlas.models import Concept
from atlas.records import RecordInput
from tests.conftest import BASE, corpus_dir
from tests.projections import all_documents
from vocab import kinds
from vocab.namespaces import DCAT

EX = "https://begrippen.example.test/id"


def _harvest(app, svc, tmp_path, text: str, kind: str = "skos", name: str = "schema.ttl"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return harvest(svc.store, svc.catalogue, app.config, location=str(path), kind=kind, principal=SYSTEM)


def test_a_scheme_stored_after_its_concepts_becomes_their_scheme(svc, client):
    scheme = URIRef(f"{BASE}/definitions/water")
    items = []
    for slug in ("grondwater", "oppervlaktewater"):
        uri = URIRef(f"{BASE}/definitions/{slug}")
        graph = Graph()
        graph.add((uri, RDF.type, SKOS.Concept))
        graph.add((uri, SKOS.prefLabel, Literal(slug, lang="nl")))
        graph.add((uri, SKOS.inScheme, scheme))
        items.append(RecordInput("concept", str(uri), graph, status="published", slug=slug))
    svc.catalogue.upsert_many(items, principal=SYSTEM.named("test"))  # the scheme is not there yet
    graph = Graph()
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, DCTERMS.title, Literal("Water", lang="nl")))
    result = svc.catalogue.upsert(RecordInput("conceptscheme", str(scheme), graph,
                                              status="published", slug="water"), principal=SYSTEM.named("test"))
    with svc.store.read() as session:
        assert set(session.exec(select(Concept.scheme_id))) == {result.record_id}
    svc.projector.kick(wait=True)
    # what depends on the scheme column follows: the API's filter and the search facet
    listed = client.get("/api/v1/concepts?scheme=water").json
    assert {c["id"] for c in listed["concepts"]} == {"grondwater", "oppervlaktewater"}
    assert all_documents(svc.index)[str(svc.catalogue.get_any(
        uri=f"{BASE}/definitions/grondwater").id)]["scheme"] == "water"


TOP_CONCEPT_ONLY = f"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dct: <http://purl.org/dc/terms/> .
<{EX}/schema> a skos:ConceptScheme ; dct:title "Ruimte"@nl ;
    skos:hasTopConcept <{EX}/ruimte> .
<{EX}/ruimte> a skos:Concept ; skos:prefLabel "ruimtelijke ordening"@nl .
<{EX}/bestemming> a skos:Concept ; skos:prefLabel "bestemmingsplan"@nl ;
    skos:broader <{EX}/ruimte> ; skos:inScheme <{EX}/schema> .
"""


def test_a_concept_named_only_by_the_schemes_top_concepts_belongs_to_it(app, svc, client,
                                                                        tmp_path):
    summary = _harvest(app, svc, tmp_path, TOP_CONCEPT_ONLY)
    assert (summary.new, summary.failed) == (3, 0)
    svc.projector.kick(wait=True)
    scheme = svc.catalogue.get_any(uri=f"{EX}/schema")
    top = svc.catalogue.get_any(uri=f"{EX}/ruimte")
    # the stored source is as the file wrote it: no skos:inScheme added to the concept
    assert "inScheme" not in top.source_rdf and "topConceptOf" not in top.source_rdf
    assert [(r.slug, n) for r, n in hierarchy.schemes(svc.store, ANONYMOUS)] == \
        [(scheme.slug, 2)]
    page = client.get(f"/definitions/{scheme.slug}").get_data(as_text=True)
    tree = page.split('class="tree"', 1)[1].split("</ul>\n", 1)[0]
    assert f'href="/definitions/{top.slug}"' in tree
    assert tree.index("ruimtelijke ordening") < tree.index("bestemmingsplan")  # nested below
    listed = client.get(f"/api/v1/concepts?scheme={scheme.slug}").json
    assert listed["total"] == 2


NLSBB_LIKE = f"""@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
<{EX}/schema> a skos:ConceptScheme, dcat:Dataset ; dct:title "Begrippenkader"@nl .
<{EX}/c1> a skos:Concept ; skos:prefLabel "begrip"@nl ; skos:inScheme <{EX}/schema> .
<{EX}/data> a dcat:Dataset ; dct:title "Gewone dataset"@nl .
"""


def test_a_scheme_also_described_as_a_dataset_is_a_scheme_whichever_importer_reads_it(
        app, svc, tmp_path):
    graph = Graph().parse(data=NLSBB_LIKE, format="turtle")
    assert kinds.kind_of(graph, URIRef(f"{EX}/schema")) == "conceptscheme"
    assert kinds.kinds_of(graph, URIRef(f"{EX}/schema")) == {"conceptscheme", "dataset"}
    assert kinds.kind_of(graph, URIRef(f"{EX}/data")) == "dataset"
    # a DCAT harvest lists it (it is a dataset too) as the scheme it is ...
    summary = _harvest(app, svc, tmp_path, NLSBB_LIKE, kind="dcat", name="catalogus.ttl")
    assert (summary.new, summary.failed) == (2, 0)
    assert svc.catalogue.get_any(uri=f"{EX}/schema").kind == "conceptscheme"
    assert svc.catalogue.get_any(uri=f"{EX}/data").kind == "dataset"
    stored = svc.catalogue.get_any(uri=f"{EX}/schema").source_rdf
    assert str(DCAT.Dataset) in stored  # its RDF still says it is a dataset
    # ... so a SKOS import of the same document agrees on its kind and adds the concepts
    summary = _harvest(app, svc, tmp_path, NLSBB_LIKE, kind="skos", name="schema.ttl")
    assert summary.failed == 0
    assert svc.catalogue.get_any(uri=f"{EX}/c1").kind == "concept"


def test_the_nlsbb_scheme_is_a_scheme_under_either_kind(app, svc, tmp_path):
    path = corpus_dir("vocab") / "nlsbb_begrippenkader_nlbegrip_nl_en.ttl"
    scheme = "http://begrippen.nlbegrip.nl/id/begrippenkader/nlbegrip"
    harvest(svc.store, svc.catalogue, app.config, location=str(path), kind="dcat", principal=SYSTEM)
    assert svc.catalogue.get_any(uri=scheme).kind == "conceptscheme"
    summary = harvest(svc.store, svc.catalogue, app.config, location=str(path), kind="skos", principal=SYSTEM)
    assert summary.failed == 0


def test_a_top_concept_only_concept_is_found_under_its_scheme_in_search(app, svc, client,
                                                                        tmp_path):
    # The concept arrives first, its scheme (naming it only by hasTopConcept) later.
    concept_only = "\n".join(line for line in TOP_CONCEPT_ONLY.splitlines()
                             if "ConceptScheme" not in line and "hasTopConcept" not in line)
    _harvest(app, svc, tmp_path, concept_only)
    svc.projector.kick(wait=True)
    _harvest(app, svc, tmp_path, TOP_CONCEPT_ONLY)
    svc.projector.kick(wait=True)
    scheme = svc.catalogue.get_any(uri=f"{EX}/schema")
    found = client.get(f"/api/v1/search?q=&type=concept&scheme={scheme.slug}").json
    assert {hit["title"] for hit in found["hits"]} == {"ruimtelijke ordening", "bestemmingsplan"}
    # the index after these two harvests equals one rebuilt from the store
    incremental = all_documents(svc.index)
    svc.projector.rebuild()
    assert all_documents(svc.index) == incremental
