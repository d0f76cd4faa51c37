"""The projections follow the store after each commit, and a rebuild gives the same result."""

from __future__ import annotations

from rdflib import Graph
from rdflib.compare import isomorphic

from atlas.access import ANONYMOUS, SYSTEM, Principal
from tests.conftest import BASE
from tests.projections import all_documents, rdf_graphs, rdf_meta, rdf_query, search


def _snapshot(svc):
    graphs = {name: Graph().parse(data=text, format="nt")
              for name, text in rdf_graphs(svc).items()}
    return all_documents(svc.index), graphs, rdf_meta(svc)


def test_incremental_projection_equals_a_rebuild(svc, add_dataset):
    add_dataset("a", "Fietspaden")
    record, _ = add_dataset("b", "Verkeerstellingen")
    add_dataset("c", "Interne verzuimcijfers", access="internal")
    svc.catalogue.edit(record.id, {"http://purl.org/dc/terms/title": [
        {"type": "literal", "value": "Verkeersintensiteiten", "lang": "nl"}]}, principal=SYSTEM.named("c"))
    svc.catalogue.withdraw(add_dataset("d", "Oud")[0].id, principal=SYSTEM.named("c"))
    svc.projector.kick(wait=True)
    docs, graphs, meta = _snapshot(svc)
    assert svc.projector.rebuild() == 4
    docs2, graphs2, meta2 = _snapshot(svc)
    assert docs == docs2
    assert meta == meta2
    assert graphs.keys() == graphs2.keys() == {f"{BASE}/datasets/{s}" for s in "abcd"}
    for name in graphs:
        assert isomorphic(graphs[name], graphs2[name]), name
    assert docs["2"]["title"] == "Verkeersintensiteiten"


def test_search_and_rdf_store_see_changes_after_commit(svc, add_dataset):
    record, _ = add_dataset("grondwater", "Grondwaterstanden")
    gen = svc.projector.generation()
    total, hits = search(svc.index, ANONYMOUS, "grondwaterstand", generation=gen)
    assert [h.slug for h in hits] == ["grondwater"]
    ask = f"ASK {{ <{record.uri}> ?p ?o }}"
    assert rdf_query(svc, ANONYMOUS, ask, generation=gen)
    svc.catalogue.set_state(record.id, principal=SYSTEM.named("c"), access_level="internal")
    gen2 = svc.projector.generation()
    assert gen2 > gen
    assert search(svc.index, ANONYMOUS, "grondwaterstand", generation=gen2)[0] == 0
    assert not rdf_query(svc, ANONYMOUS, ask, generation=gen2)
    viewer = Principal(user_id=1, email="v@x", role="viewer")
    assert search(svc.index, viewer, "grondwaterstand", generation=gen2)[0] == 1
    assert rdf_query(svc, viewer, ask, generation=gen2)


def test_dutch_stemming_finds_word_forms(svc, add_dataset):
    add_dataset("fiets", "Fietsenstallingen bij stations")
    total, hits = search(svc.index, ANONYMOUS, "fietsenstalling",
                                   generation=svc.projector.generation())
    assert total == 1


def test_a_change_waits_in_the_outbox_while_another_process_projects(svc, add_dataset):
    import fcntl
    import os
    fd = os.open(svc.projector.lock_path, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)  # as if another process held the projector lock
    try:
        add_dataset("wachten", "Wachtrij")
        assert svc.projector.pending() == 1
        assert search(svc.index, ANONYMOUS, "wachtrij")[0] == 0
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
    assert svc.projector.kick() == 1
    assert search(svc.index, ANONYMOUS, "wachtrij", generation=svc.projector.generation())[0] == 1
