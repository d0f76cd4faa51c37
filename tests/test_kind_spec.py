"""A record kind defined here alone is stored, projected, served as a page and as RDF, and found."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from jinja2 import ChoiceLoader, DictLoader
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF
from sqlmodel import Field, SQLModel, select

from atlas.access import ANONYMOUS, SYSTEM
from atlas.errors import InvalidInput
from atlas.records import KINDS, KindSpec, RecordInput
from atlas.text import N_
from tests.conftest import BASE, make_app
from tests.projections import search
from vocab import kinds as vocab_kinds
from vocab import terms
from vocab.kinds import RdfKind

EX = Namespace("http://example.org/gadgets#")


def read_gadget(graph: Graph, subject) -> dict:
    return {"title": terms.text(graph, subject, DCTERMS.title), "title_en": "",
            "description": "", "publisher": "",
            "detail": {"colour": terms.text(graph, subject, EX.colour)}, "links": []}


def gadget_graph(uri: str, fields: dict) -> Graph:
    graph = Graph()
    subject = URIRef(uri)
    graph.add((subject, RDF.type, EX.Gadget))
    graph.add((subject, DCTERMS.title, Literal(fields["title"])))
    graph.add((subject, EX.colour, Literal(fields["detail"]["colour"])))
    return graph


def gadget_search_fields(record, gadget, children, ctx) -> dict:
    return {"labels": [gadget.colour] if gadget else []}


def gadget_table() -> type[SQLModel]:
    """Define the throwaway kind's detail table (on SQLModel.metadata until removed)."""

    class Gadget(SQLModel, table=True):
        __tablename__ = "test_gadget"
        id: int = Field(primary_key=True, foreign_key="record.id")
        colour: str = ""

    return Gadget


@pytest.fixture
def gadget_app(tmp_path):
    """An app that knows the gadget kind; the registry and metadata are restored afterwards."""
    gadget = gadget_table()
    spec = KindSpec(rdf=RdfKind("gadget", (EX.Gadget,), precedence=99, order=99,
                                read=read_gadget, build=gadget_graph),
                    detail=gadget, segment="gadgets", label=N_("Gadget"),
                    template="record_gadget.html", search_fields=gadget_search_fields)
    try:
        with KINDS.registered(spec):
            app = make_app(tmp_path, None)
            svc = app.extensions["atlas"]
            gadget.__table__.create(svc.store.engine)
            app.jinja_env.loader = ChoiceLoader([DictLoader({
                "record_gadget.html": "<h1>{{ record.title }}</h1><p>{{ detail.row.colour }}</p>",
            }), app.jinja_env.loader])
            yield app, gadget
            svc.store.dispose()
    finally:
        SQLModel.metadata.remove(gadget.__table__)


def test_a_kind_of_its_own_is_stored_projected_served_and_found(gadget_app):
    app, gadget = gadget_app
    svc = app.extensions["atlas"]
    uri = f"{BASE}/gadgets/g1"
    graph = gadget_graph(uri, {"title": "Tandwiel", "detail": {"colour": "turquoise"}})
    outcome = svc.catalogue.upsert(RecordInput("gadget", uri, graph, slug="g1",
                                               status="published", access="public"),
                                   principal=SYSTEM.named("test"))
    assert outcome.outcome == "new"
    assert svc.catalogue.mint_uri("gadget", "g2") == f"{BASE}/gadgets/g2"
    with svc.store.read() as session:
        assert session.exec(select(gadget.colour)).all() == ["turquoise"]
    svc.projector.kick(wait=True)
    generation = svc.projector.generation()
    assert svc.rdf.reader(generation).contains_named_graph(ox.NamedNode(uri))

    client = app.test_client()
    page = client.get("/gadgets/g1")
    assert page.status_code == 200
    assert "turquoise" in page.get_data(as_text=True)
    turtle = client.get("/gadgets/g1.ttl")
    assert turtle.status_code == 200
    colours = set(Graph().parse(data=turtle.get_data(as_text=True), format="turtle")
                  .objects(URIRef(uri), EX.colour))
    assert colours == {Literal("turquoise")}
    assert client.get("/gadgets/nothing").status_code == 404

    total, hits = search(svc.index, ANONYMOUS, "turquoise", generation)
    assert (total, [h.slug for h in hits]) == (1, ["g1"])
    assert client.get("/search?type=gadget").status_code == 200


def test_the_registry_is_restored():
    assert "gadget" not in KINDS
    assert "gadget" not in vocab_kinds.names()
    assert "test_gadget" not in SQLModel.metadata.tables
    with pytest.raises(InvalidInput):
        KINDS.get("gadget")


def test_an_unregistered_segment_is_not_routed(client):
    assert client.get("/gadgets/g1").status_code == 404
