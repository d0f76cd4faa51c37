"""The whole catalogue as one RDF dataset (TriG or N-Quads), and back, losslessly."""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from urllib.parse import quote

import rdflib
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.plugins.serializers.nt import _nt_row
from sqlmodel import select

from atlas.access import SYSTEM, Action, Principal, require
from atlas.errors import InvalidInput
from atlas.models import RecordSource, Role, Source, User
from atlas.records.kinds import KINDS
from atlas.records.service import Catalogue
from atlas.records.upsert import RecordInput
from importers.messages import short_message
from vocab.description import from_ntriples
from vocab.indicators import observations_graph, read_observations
from vocab.kinds import import_order
from vocab.namespaces import ATLAS

# Each record's description is a named graph under the record's URI, written as the very
# N-Triples lines the store holds (so every literal keeps its lexical form, and the content hash
# survives the round trip); an indicator's observations are in the graph
# `<indicator URI>/observations`. Atlas's own state uses its vocabulary (`atlas:`): the graph
# `urn:atlas:records` holds each record's kind, slug, status, access, curated edits and owning
# source; `urn:atlas:sources` the registered sources with their settings; and
# `urn:atlas:accounts` the accounts (e-mail, name, role; never a password hash).
STATE_GRAPH = URIRef("urn:atlas:records")
SOURCES_GRAPH = URIRef("urn:atlas:sources")
ACCOUNTS_GRAPH = URIRef("urn:atlas:accounts")
FORMATS = {".trig": "trig", ".nq": "nquads", ".nquads": "nquads"}
# Files that open with this line hold one N-Triples statement a line (see `_write_graph`).
HEADER = "# An Atlas catalogue export: `atlas import` reads it back."
IMPORTER = SYSTEM.named("atlas import")  # who the history says made the imported changes
BATCH = 100  # records per transaction, as a harvest page
SOURCE_FIELDS = ("url", "kind", "access", "schedule")
# A blank node as a stored N-Triples line's subject or object (a literal never ends so).
SUBJECT_BNODE = re.compile(r"^_:(\S+) ")
OBJECT_BNODE = re.compile(r" _:([^\s\"<>]+) \.$")


@dataclass
class Transferred:
    """How much an export wrote or an import read."""

    records: int = 0
    sources: int = 0
    accounts: int = 0


def _format_of(path: Path) -> str:
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        raise InvalidInput(f"{path.name}: use a .trig or .nq file name",
                           {"file": ["suffix must be .trig or .nq"]}) from None


# --- export ------------------------------------------------------------------------------------

def export(catalogue: Catalogue, path: Path) -> Transferred:
    """Write every record (any state), the sources and the accounts to path."""
    fmt = _format_of(path)
    done = Transferred()
    store = catalogue.store
    with store.read() as session:
        sources = list(session.exec(select(Source).order_by(Source.id)))
        users = list(session.exec(select(User).order_by(User.email)))
        keys = {(r.record_id, r.source_id): r.local_key for r in session.exec(select(RecordSource))}
    source_names = {s.id: s.name for s in sources}
    state = Graph()
    with path.open("w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER + "\n")
        for record in catalogue.all_records():
            node = URIRef(record.uri)
            # Blank node labels are scoped to the whole file: each record keeps its own.
            _write_graph(out, fmt, node, _scoped(record.source_rdf.splitlines(), f"r{record.id}"))
            for name, value in (("kind", record.kind), ("slug", record.slug),
                                ("status", record.status), ("access", record.access)):
                state.add((node, ATLAS[name], Literal(value)))
            if record.edits:
                state.add((node, ATLAS.edits, Literal(json.dumps(record.edits, sort_keys=True))))
            if record.source_id in source_names:
                state.add((node, ATLAS.source, Literal(source_names[record.source_id])))
                key = keys.get((record.id, record.source_id))
                if key:
                    state.add((node, ATLAS.localKey, Literal(key)))
            if KINDS.get(record.kind).observations:
                rows = [o.model_dump() for o in catalogue.observations(record)]
                if rows:
                    _write_graph(out, fmt, URIRef(record.uri + "/observations"),
                                 _scoped(_lines(observations_graph(record.uri, rows)),
                                         f"o{record.id}"))
            done.records += 1
        _write_graph(out, fmt, STATE_GRAPH, _lines(state))
        _write_graph(out, fmt, SOURCES_GRAPH, _lines(_sources_graph(sources)))
        _write_graph(out, fmt, ACCOUNTS_GRAPH, _lines(_accounts_graph(users)))
    done.sources, done.accounts = len(sources), len(users)
    return done


def _source_node(name: str) -> URIRef:
    return URIRef("urn:atlas:source:" + quote(name, safe=""))


def _sources_graph(sources: list[Source]) -> Graph:
    graph = Graph()
    for source in sources:
        node = _source_node(source.name)
        graph.add((node, RDF.type, ATLAS.Source))
        graph.add((node, ATLAS.name, Literal(source.name)))
        for name in SOURCE_FIELDS:
            graph.add((node, ATLAS[name], Literal(getattr(source, name))))
        graph.add((node, ATLAS.allowPrivate, Literal(bool(source.allow_private))))
        if source.defaults:
            graph.add((node, ATLAS.defaults, Literal(json.dumps(source.defaults, sort_keys=True))))
    return graph


def _accounts_graph(users: list[User]) -> Graph:
    graph = Graph()
    for user in users:
        node = URIRef("mailto:" + quote(user.email, safe="@"))
        graph.add((node, RDF.type, ATLAS.Account))
        graph.add((node, ATLAS.email, Literal(user.email)))
        graph.add((node, ATLAS.role, Literal(user.role)))
        if user.name:
            graph.add((node, ATLAS.name, Literal(user.name)))
    return graph


def _lines(graph: Graph) -> list[str]:
    return sorted(_nt_row(triple).rstrip("\n") for triple in graph)


def _scoped(lines: list[str], prefix: str) -> Iterator[str]:
    """Yield N-Triples lines with each blank node label prefixed (unique in the file)."""
    for line in lines:
        if "_:" in line:
            line = SUBJECT_BNODE.sub(lambda m: f"_:{prefix}x{m[1]} ", line, count=1)
            line = OBJECT_BNODE.sub(lambda m: f" _:{prefix}x{m[1]} .", line, count=1)
        yield line


def _write_graph(out, fmt: str, name: URIRef, lines) -> None:
    """Write N-Triples lines as one named graph: they are TriG as they stand."""
    if fmt == "nquads":
        graph = f" <{name}> ."
        out.writelines(line[:-2] + graph + "\n" for line in lines if line)
        return
    out.write(f"<{name}> {{\n")
    out.writelines(line + "\n" for line in lines if line)
    out.write("}\n")


# --- import ------------------------------------------------------------------------------------

def import_(catalogue: Catalogue, path: Path, *, principal: Principal) -> Transferred:
    """Read an export into this catalogue: sources and accounts first (those that exist are
    left as they are; accounts come without a password), then the records, a batch per
    transaction, projected once at the end. Asks `maintain` of principal."""
    require(principal, Action.maintain)
    fmt = _format_of(path)
    text = path.read_bytes().decode("utf-8", errors="replace")
    with _lexical_forms_kept():
        graphs = _read(text, fmt, path.name)
    _check(graphs)
    done = Transferred()
    source_ids, done.sources = _import_sources(catalogue, graphs.get(SOURCES_GRAPH, Graph()))
    done.accounts = _import_accounts(catalogue, graphs.get(ACCOUNTS_GRAPH, Graph()))
    state = graphs.get(STATE_GRAPH, Graph())
    order = import_order()  # what others refer to comes first
    subjects = sorted(set(state.subjects(ATLAS.kind, None)), key=lambda s: (
        order.index(str(state.value(s, ATLAS.kind))),
        str(state.value(s, ATLAS.source) or ""), str(s)))
    with catalogue.batch():
        for source_name, group in groupby(subjects, key=lambda s: state.value(s, ATLAS.source)):
            source_id = source_ids.get(str(source_name)) if source_name is not None else None
            nodes = list(group)
            for start in range(0, len(nodes), BATCH):
                chunk = nodes[start:start + BATCH]
                items = [_record_input(state, node, graphs.get(node, Graph())) for node in chunk]
                results = catalogue.upsert_many(items, principal=IMPORTER, source_id=source_id)
                for node, result in zip(chunk, results, strict=True):
                    if result.outcome != "held":  # another source's record here stays as it is
                        _finish_record(catalogue, state, graphs, node, result.record_id)
                done.records += len(chunk)
    return done


def _read(text: str, fmt: str, name: str) -> dict:
    """Return the file's named graphs by name; InvalidInput when it is not readable."""
    if text.startswith(HEADER):
        try:
            return _read_lines(text, fmt)
        except Exception:  # edited since Atlas wrote it: the general parser says what is wrong
            pass
    dataset = Dataset()
    try:
        dataset.parse(data=text, format=fmt)
    except Exception as exc:
        raise InvalidInput(f"{name} is not a readable {fmt} file: "
                           f"{short_message(exc, text)}") from None
    graphs: dict = {}
    for s, p, o, graph in dataset.quads((None, None, None, None)):
        key = getattr(graph, "identifier", graph)
        if key not in graphs:
            graphs[key] = Graph()
        graphs[key].add((s, p, o))
    return graphs


def _read_lines(text: str, fmt: str) -> dict:
    """Read a file as Atlas writes it: each graph's lines parsed as the store reads a record
    (rdflib's TriG parser takes four times as long, most of the import)."""
    lines: dict[str, list[str]] = {}
    rows = text.splitlines()[1:]
    if fmt == "nquads":
        for row in rows:
            if row:
                statement, graph, dot = row.rsplit(" ", 2)
                if dot != "." or not graph.startswith("<"):
                    raise ValueError("not an N-Quads line with a graph")
                lines.setdefault(graph[1:-1], []).append(statement + " .")
    else:
        current = None
        for row in rows:
            if current is None:
                if not (row.startswith("<") and row.endswith("> {")):
                    raise ValueError("not a graph's opening line")
                current = lines.setdefault(row[1:-3], [])
            elif row == "}":
                current = None
            else:
                current.append(row)
        if current is not None:
            raise ValueError("a graph is not closed")
    return {URIRef(name): from_ntriples("\n".join(found) + "\n") for name, found in lines.items()}


def _check(graphs: dict) -> None:
    """Refuse a file whose Atlas state cannot be used, before anything is stored."""
    problems = []
    state = graphs.get(STATE_GRAPH, Graph())
    for node, kind in state.subject_objects(ATLAS.kind):
        if str(kind) not in import_order():
            problems.append(f"{node}: unknown kind {str(kind)[:40]!r}")
    accounts = graphs.get(ACCOUNTS_GRAPH, Graph())
    for node, role in accounts.subject_objects(ATLAS.role):
        if str(role) not in Role.__members__:
            problems.append(f"{node}: unknown role {str(role)[:40]!r}")
    if problems:
        raise InvalidInput("the file cannot be imported: " + "; ".join(problems[:5]),
                           {"file": problems[:20]})


@contextlib.contextmanager
def _lexical_forms_kept():
    """Keep every literal's lexical form as written ("20"^^xsd:decimal stays "20").

    rdflib normalises typed literals when it makes them, by a module-wide switch; the import
    runs alone in its command, so turning it off for the parse touches nothing else.
    """
    before = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = before


def _record_input(state: Graph, node: URIRef, graph: Graph) -> RecordInput:
    key = state.value(node, ATLAS.localKey)
    return RecordInput(kind=str(state.value(node, ATLAS.kind)), uri=str(node), graph=graph,
                       status=str(state.value(node, ATLAS.status)),
                       access=str(state.value(node, ATLAS.access)),
                       slug=str(state.value(node, ATLAS.slug)),
                       local_key=str(key) if key is not None else str(node))


def _finish_record(catalogue: Catalogue, state: Graph, graphs: dict, node: URIRef,
                   record_id: int) -> None:
    """Apply a record's curated edits and observations (few records have them)."""
    edits = state.value(node, ATLAS.edits)
    if edits is not None:
        catalogue.edit(record_id, json.loads(str(edits)), principal=IMPORTER)
    observations = graphs.get(URIRef(str(node) + "/observations"))
    if observations is not None and len(observations):
        catalogue.replace_observations(record_id, read_observations(observations, str(node)),
                                       principal=IMPORTER)


def _import_sources(catalogue: Catalogue, graph: Graph) -> tuple[dict[str, int], int]:
    """Register the sources not yet known by name; return every name's id and how many new."""
    added = 0
    ids: dict[str, int] = {}
    with catalogue.store.write() as session:
        for node in sorted(graph.subjects(RDF.type, ATLAS.Source)):
            name = str(graph.value(node, ATLAS.name))
            found = session.exec(select(Source).where(Source.name == name)).first()
            if found is None:
                defaults = graph.value(node, ATLAS.defaults)
                private = graph.value(node, ATLAS.allowPrivate)
                found = Source(name=name, allow_private=bool(private is not None
                                                             and private.toPython() is True),
                               defaults=json.loads(str(defaults)) if defaults else {},
                               **{f: str(graph.value(node, ATLAS[f]) or "")
                                  for f in SOURCE_FIELDS})
                session.add(found)
                session.flush()
                added += 1
            ids[name] = found.id
    return ids, added


def _import_accounts(catalogue: Catalogue, graph: Graph) -> int:
    """Create the accounts not yet known, without a password (`atlas users set-password`)."""
    added = 0
    with catalogue.store.write() as session:
        for node in sorted(graph.subjects(RDF.type, ATLAS.Account)):
            email = str(graph.value(node, ATLAS.email)).strip().lower()
            if session.exec(select(User).where(User.email == email)).first() is not None:
                continue  # an account here already: its role and password stay as they are
            session.add(User(email=email, name=str(graph.value(node, ATLAS.name) or ""),
                             role=str(graph.value(node, ATLAS.role)), password_hash=""))
            added += 1
    return added


__all__ = ["export", "import_", "Transferred"]
