"""Export and import: the whole catalogue as one RDF dataset file, and back, losslessly."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

from atlas import create_app
from atlas.access import SYSTEM
from atlas.records import RecordInput
from tests.conftest import BASE
from vocab.namespaces import ATLAS


def _fill(svc, add_dataset):
    add_dataset("openbaar", "Fietspaden")
    record, _ = add_dataset("intern", "Verzuim", access="internal")
    add_dataset("klad", "Concept", status="draft")
    svc.catalogue.edit(record.id, {str(DCTERMS.title): [
        {"type": "literal", "value": "Ziekteverzuim", "lang": "nl"}]}, principal=SYSTEM.named("curator"))
    indicator = URIRef(f"{BASE}/indicators/fietsgebruik")
    graph = Graph()
    graph.add((indicator, RDF.type, ATLAS.Indicator))
    graph.add((indicator, DCTERMS.title, Literal("Fietsgebruik", lang="nl")))
    result = svc.catalogue.upsert(RecordInput("indicator", str(indicator), graph,
                                              status="published", access="public"), principal=SYSTEM.named("t"))
    svc.catalogue.replace_observations(result.record_id, [
        {"period": "2020", "area_code": "GM0344", "area_label": "Utrecht", "value": 41.5},
        {"period": "2021", "area_code": "GM0344", "area_label": "Utrecht", "value": None,
         "note": "geen meting"}], principal=SYSTEM.named("t"))


def _graphs(path: Path) -> dict[str, Graph]:
    dataset = Dataset()
    dataset.parse(path, format="trig" if path.suffix == ".trig" else "nquads")
    out = {}
    for graph in dataset.graphs():
        if len(graph):
            copy = Graph()
            for triple in graph:
                copy.add(triple)
            out[str(graph.identifier)] = copy
    return out


@pytest.mark.parametrize("suffix", [".trig", ".nq"])
def test_export_import_export_is_isomorphic(tmp_path, svc, add_dataset, suffix):
    from atlas.records.transfer import export, import_
    _fill(svc, add_dataset)
    first = tmp_path / f"first{suffix}"
    assert export(svc.catalogue, first).records == 4
    other = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "other"),
                        "BASE_URI": BASE, "SECRET_KEY": "x"})
    other_svc = other.extensions["atlas"]
    other_svc.store.upgrade()
    assert import_(other_svc.catalogue, first, principal=SYSTEM).records == 4
    second = tmp_path / f"second{suffix}"
    export(other_svc.catalogue, second)
    a, b = _graphs(first), _graphs(second)
    assert a.keys() == b.keys()
    for name in a:
        assert isomorphic(a[name], b[name]), name
    internal = other_svc.catalogue.get_any(uri=f"{BASE}/datasets/intern")
    assert (internal.access, internal.title) == ("internal", "Ziekteverzuim")
    assert other_svc.catalogue.get_any(uri=f"{BASE}/datasets/klad").status == "draft"
    indicator = other_svc.catalogue.get_any(uri=f"{BASE}/indicators/fietsgebruik")
    values = [(o.period, o.value, o.note) for o in other_svc.catalogue.observations(indicator)]
    assert values == [("2020", 41.5, ""), ("2021", None, "geen meting")]
    other_svc.store.dispose()


def test_import_refuses_a_bad_file_and_changes_nothing(tmp_path, svc, add_dataset):
    from atlas.errors import InvalidInput
    from atlas.records.transfer import import_
    add_dataset("blijft", "Blijft staan")
    bad = tmp_path / "bad.trig"
    bad.write_text("this is { not trig")
    with pytest.raises(InvalidInput):
        import_(svc.catalogue, bad, principal=SYSTEM)
    with pytest.raises(InvalidInput):
        import_(svc.catalogue, tmp_path / "catalogue.csv", principal=SYSTEM)
    assert svc.catalogue.get_any(uri=f"{BASE}/datasets/blijft").title == "Blijft staan"
