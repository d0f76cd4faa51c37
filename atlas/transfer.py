"""The whole catalogue as one RDF dataset (TriG or N-Quads), and back, losslessly.

Each record's description is a named graph under the record's URI; the record's state (kind,
slug, status, access, curated edits) is in the graph `urn:atlas:records`, and an indicator's
observations in the graph `<indicator URI>/observations`.
"""

from __future__ import annotations

import json
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef

from atlas.catalogue import Catalogue, RecordInput
from atlas.errors import InvalidInput
from atlas.models import Kind
from vocab.description import from_ntriples
from vocab.indicators import observations_graph, read_observations
from vocab.namespaces import ATLAS, PREFIXES

STATE_GRAPH = URIRef("urn:atlas:records")
FORMATS = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads"}
ACTOR = "atlas import"


def _format_of(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InvalidInput(f"{path.name}: use a .trig or .nq file name",
                           {"file": ["suffix must be .trig or .nq"]}) from None


def export(catalogue: Catalogue, path: Path) -> int:
    """Write every record (any state) to path; return the number of records written."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace)
    state = dataset.graph(STATE_GRAPH)
    count = 0
    for record in catalogue.all_records():
        node = URIRef(record.uri)
        graph = dataset.graph(node)
        for triple in from_ntriples(record.source_rdf):
            graph.add(triple)
        for name, value in (("kind", record.kind), ("slug", record.slug),
                            ("status", record.status), ("access", record.access)):
            state.add((node, ATLAS[name], Literal(value)))
        if record.edits:
            state.add((node, ATLAS.edits, Literal(json.dumps(record.edits, sort_keys=True))))
        if record.kind == Kind.indicator:
            rows = [o.model_dump() for o in catalogue.observations(record)]
            if rows:
                target = dataset.graph(URIRef(record.uri + "/observations"))
                for triple in observations_graph(record.uri, rows):
                    target.add(triple)
        count += 1
    path.write_bytes(dataset.serialize(format=_format_of(path), encoding="utf-8"))
    return count


def import_(catalogue: Catalogue, path: Path) -> int:
    """Read an export into this catalogue; return the number of records read."""
    fmt = _format_of(path)
    dataset = Dataset()
    try:
        dataset.parse(data=path.read_bytes().decode("utf-8"), format=fmt)
    except Exception as exc:
        raise InvalidInput(f"{path.name} is not a readable {fmt} file: {exc}") from None
    state = dataset.graph(STATE_GRAPH)
    order = [Kind.organisation, Kind.conceptscheme, Kind.concept, Kind.dataset,
             Kind.dataservice, Kind.indicator]
    subjects = sorted(set(state.subjects(ATLAS.kind, None)),
                      key=lambda s: (order.index(str(state.value(s, ATLAS.kind))), str(s)))
    count = 0
    for node in subjects:
        graph = Graph()
        for triple in dataset.graph(node):
            graph.add(triple)
        result = catalogue.upsert(RecordInput(
            kind=str(state.value(node, ATLAS.kind)), uri=str(node), graph=graph,
            status=str(state.value(node, ATLAS.status)),
            access=str(state.value(node, ATLAS.access)),
            slug=str(state.value(node, ATLAS.slug))), actor=ACTOR)
        edits = state.value(node, ATLAS.edits)
        if edits is not None:
            catalogue.edit(result.record_id, json.loads(str(edits)), actor=ACTOR)
        observations = dataset.graph(URIRef(str(node) + "/observations"))
        if len(observations):
            catalogue.replace_observations(result.record_id,
                                           read_observations(observations, str(node)),
                                           actor=ACTOR)
        count += 1
    return count
