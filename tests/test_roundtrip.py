"""Lossless records: every valid corpus DCAT file goes in and comes out isomorphic, per record."""

from __future__ import annotations

import pytest
from rdflib import BNode, Graph, URIRef
from rdflib.compare import isomorphic

from atlas.access import SYSTEM
from atlas.records.publication import published_graph
from importers import dcat_rdf
from importers.rdf_parse import parse
from importers.records import SourceError
from tests.conftest import corpus_dir

UNREADABLE = {  # documents the corpus marks as broken: reported, never imported
    "ckanext-dcat_dataset_healthdcat-ap_nl-en_INVALID_unbound_prefix.ttl",
    "geonovum_dcat-ap-nl-3.0_spec_example_dataset_UNDECLARED_PREFIX_invalid.ttl",
    "semic_dcat-ap-3.0.1_example_bee_series_combined_INVALID_slash_in_pname.ttl",
    "udata_arcgis_hub_pod_dcat-us_html_in_fields.json",  # a remote context Atlas lacks
}
RDF_SUFFIXES = (".ttl", ".rdf", ".nt", ".jsonld")


def _corpus_files():
    folder = corpus_dir("dcat")
    return sorted(p for p in folder.iterdir() if p.suffix in RDF_SUFFIXES)


def _deskolemize(graph: Graph, iri: str) -> Graph:
    if not iri.startswith("urn:atlas:bnode:"):
        return graph
    node, out = BNode(), Graph()
    for s, p, o in graph:
        out.add((node if str(s) == iri else s, p, node if str(o) == iri else o))
    return out


def test_corpus_is_there():
    assert len(_corpus_files()) >= 15


@pytest.mark.parametrize("name", [
    "ckanext-dcat_catalog_rdfxml_bnode_distributions.rdf",
    "ckanext-dcat_dataset_bnode_dists_literal_urls.ttl",
    "ckanext-dcat_dataset_legacy_dcat1_london_datastore.ttl",
    "geonovum_dcat-ap-nl-3.0_example_dataset_valid.ttl",
    "nde_dataset_dcat_blank_node_dataset_no_iri.jsonld",
    "nde_dataset_dcat_valid_multilingual.jsonld",
    "nde_hydra_PartialCollectionView_page1_schemaorg.ttl",
    "nde_hydra_PartialCollectionView_page2_schemaorg.ttl",
    "piveau-hub_mqa_dqv_metrics_TRIG_in_ttl_file.ttl",
    "semic_dcat-ap-2.1.1_shacl_demo_example1.nt",
    "semic_dcat-ap-3.0.1_example_bee_series_combined_remote_context.jsonld",  # bundled context
    "udata_catalog_bnodes_relative_iris.rdf",
    "udata_datara_geonetwork_geodcatap_record.rdf",
    "udata_geodcatap_dataset_and_datasetseries_double_typed.rdf",
    "udata_hydra_PagedCollection_page1.jsonld",
    "udata_hydra_PagedCollection_page2.jsonld",
])
def test_valid_file_round_trips_per_record(svc, name):
    path = corpus_dir("dcat") / name
    source = parse(path.read_bytes(), name=path.name, base=path.resolve().as_uri())
    found = [r for r in dcat_rdf.records(source) if not r.error]
    assert found, f"{name}: no dataset or service found"
    from atlas.records import RecordInput
    for item in found:
        svc.catalogue.upsert(RecordInput(item.kind, item.uri, item.graph, status="published",
                                         access="public"), principal=SYSTEM.named("test"))
    # each dataset or service of the source comes out as the source described it
    from vocab.description import describe
    from vocab.kinds import kind_of
    subjects = {s for s in source.subjects() if kind_of(source, s) in ("dataset", "dataservice")}
    iris = {s for s in subjects if isinstance(s, URIRef)}
    assert len(found) == len(subjects)
    for subject in subjects:
        original = describe(source, subject, exclude=iris)
        uri = (str(subject) if isinstance(subject, URIRef)
               else dcat_rdf.blank_node_iri(source, subject, original))
        out = published_graph(svc.catalogue.get_any(uri=uri))
        assert isomorphic(_deskolemize(out, uri), original), f"{name}: {uri} changed"


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_broken_file_is_reported_not_imported(name):
    path = corpus_dir("dcat") / name
    with pytest.raises(SourceError) as caught:
        parse(path.read_bytes(), name=path.name)
    assert "not readable as RDF" in str(caught.value)


def test_every_rdf_file_of_the_corpus_is_covered():
    covered = set(UNREADABLE) | set(test_valid_file_round_trips_per_record.pytestmark[0].args[1])
    ckan_api_files = {"envidat_ckan_package_search_rows2.json",  # tests/importers/test_ckan.py
                      "udata_dkan_package_show_result_as_list.json"}
    every = {p.name for p in corpus_dir("dcat").iterdir() if p.name != "MANIFEST.md"}
    assert every == covered | ckan_api_files


def test_schema_org_dataset_is_mapped_to_dcat_keeping_the_original():
    from rdflib import Literal, Namespace
    from rdflib.namespace import DCTERMS, RDF

    from vocab.namespaces import DCAT
    schema = Namespace("http://schema.org/")
    name = "nde_hydra_PartialCollectionView_page1_schemaorg.ttl"
    path = corpus_dir("dcat") / name
    source = parse(path.read_bytes(), name=name, base="https://register.test/datasets/p1.ttl")
    (record,) = list(dcat_rdf.records(source))
    subject = URIRef(record.uri)
    graph = record.graph
    assert (subject, RDF.type, schema.Dataset) in graph and (subject, RDF.type, DCAT.Dataset) in graph
    assert (subject, DCTERMS.title, Literal("B")) in graph
    assert (subject, schema.name, Literal("B")) in graph
    dist = graph.value(subject, DCAT.distribution)
    assert str(graph.value(dist, DCAT.downloadURL)).endswith(".geojson")
    assert isinstance(graph.value(dist, DCAT.accessURL), URIRef)


def test_a_bundled_context_is_used_and_others_are_reported():
    name = "semic_dcat-ap-3.0.1_example_bee_series_combined_remote_context.jsonld"
    graph = parse((corpus_dir("dcat") / name).read_bytes(), name=name)
    kinds = sorted(r.kind for r in dcat_rdf.records(graph))
    assert kinds == ["dataservice"] + ["dataset"] * 5
    with pytest.raises(SourceError) as caught:
        parse(b'{"@context": "https://evil.example/ctx.jsonld", "@id": "http://x/1"}',
              name="x.jsonld")
    assert "https://evil.example/ctx.jsonld" in str(caught.value)
