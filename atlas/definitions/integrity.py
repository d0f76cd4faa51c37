"""Integrity findings of concept schemes: worked out from the store, kept as rows, read cheaply.

A scheme's check reads the effective RDF of the scheme and its member concepts (`Link`
`in_scheme` or `top_concept`, or `Concept.scheme_id`; withdrawn records left out), plus the records they refer to
(so a broader concept in another scheme is no dangling reference), and runs Atlas's own checks
(`vocab.skos_integrity`, origin "atlas") and the NL-SBB SHACL profile (`atlas.publish.quality`, origin
"nl-sbb"). The same problem of the same concept found by both is one row (origin
"atlas+nl-sbb": Atlas's wording, which names the values, with the profile's severity). The rows
replace the scheme's earlier ones, stamped with the state of the scheme they describe.

When checks run: when data changes, never on a page view. The follower
(`atlas.definitions.follower`) checks a changed scheme of up to `INLINE_LIMIT` concepts after
each catalogue write, at the end of a batch and at the end of a harvest run; `atlas harvest`
and `atlas reindex` end by checking the stale schemes of up to `AFTER_HARVEST_LIMIT` concepts
and the concepts in no scheme; `atlas check-definitions` and "check again" check any size. A
stale scheme shows its last findings as "checked at …, since changed".
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from rdflib import BNode, Graph, Literal, URIRef
from sqlalchemy import delete, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import select

from atlas.access import Action, Principal, require
from atlas.db import Store
from atlas.definitions import integrity_wording
from atlas.models import (
    Concept,
    IntegrityCheck,
    IntegrityFinding,
    Kind,
    Link,
    Record,
    Status,
    utcnow,
)
from atlas.publish import quality
from atlas.records.publication import effective_graph
from vocab import skos_integrity

INLINE_LIMIT = 1_000  # concepts checked after a write (about 5 s) when the stamp is stale
AFTER_HARVEST_LIMIT = 5_000  # concepts checked at the end of a harvest or reindex (about 15 s)
CHECKS_VERSION = "1"  # part of every stamp: a change to the checks makes all findings stale
SEVERITY_RANK = {"violation": 0, "warning": 1, "info": 2}
# Atlas's own checks, weighed as the NL-SBB profile weighs the same problem where it has one.
SEVERITY = {"missing-definition": "violation", "cycle": "violation",
            "top-concept-with-broader": "violation", "duplicate-notation": "violation",
            "orphan": "info"}
REFERENCES = ("in_scheme", "broader", "narrower", "related")


@dataclass(frozen=True)
class Found:
    """One finding before it is stored: about which node, what, how bad, found by whom."""

    focus: str
    code: str
    severity: str
    origin: str
    message: str


@dataclass
class CheckState:
    """A scheme's last check: when, how many concepts, and whether the scheme changed since."""

    checked: datetime | None
    concepts: int
    stale: bool
    seconds: float = 0.0


# --- working findings out -----------------------------------------------------------------------

def findings_of(graph: Graph) -> list[Found]:
    """Return the combined Atlas and NL-SBB findings of a graph, one per problem."""
    if not len(graph):
        return []
    own = [Found(f.concept, f.code, SEVERITY.get(f.code, "warning"), "atlas", f.message)
           for f in skos_integrity.findings(graph)]
    cycle_members = {str(m[0]): m for m in skos_integrity.cycles(skos_integrity.broader_map(graph))}
    for finding in [f for f in own if f.code == "cycle"]:
        # Atlas names a cycle once; each of its concepts should show it on its page.
        own.extend(Found(str(m), "cycle", finding.severity, "atlas", finding.message)
                   for m in cycle_members.get(finding.focus, [])[1:])
    shacl = [Found(_node_text(r.focus), integrity_wording.code(r), r.severity.lower(), "nl-sbb",
                   integrity_wording.message(r)) for r in quality.check_nlsbb(graph)]
    by_problem: dict[tuple, list[Found]] = defaultdict(list)
    for found in shacl:
        by_problem[(found.focus, found.code)].append(found)
    combined = []
    for found in own:
        profile = by_problem.get((found.focus, found.code))
        if profile:
            worst = min((p.severity for p in profile), key=SEVERITY_RANK.get)
            found = Found(found.focus, found.code, worst, "atlas+nl-sbb", found.message)
        combined.append(found)
    said = {(f.focus, f.code) for f in own}
    combined.extend(f for f in shacl if (f.focus, f.code) not in said)
    return sorted(set(combined), key=_order)


def _order(found: Found) -> tuple:
    return SEVERITY_RANK.get(found.severity, 3), found.code, found.focus, found.message


def _node_text(node) -> str:
    return node.n3() if not isinstance(node, (URIRef, Literal)) else str(node)


# --- which records a check reads ---------------------------------------------------------------

def _members(scheme_id: int):
    """Return the SQL condition on Record selecting a scheme's concepts (withdrawn ones too).

    As `hierarchy.members_of`, but on Record alone: by the concept's own `in_scheme`
    link or scheme, or by the scheme's `top_concept` link (skos:hasTopConcept).
    """
    linked = select(Link.subject_id).where(Link.relation == "in_scheme",
                                           Link.object_id == scheme_id)
    named = select(Link.object_id).where(Link.relation == "top_concept",
                                         Link.subject_id == scheme_id)
    own = select(Concept.id).where(Concept.scheme_id == scheme_id)
    return or_(Record.id.in_(linked), Record.id.in_(own), Record.id.in_(named))


def _unschemed():
    """Return the SQL condition selecting concepts in no scheme Atlas holds."""
    linked = select(Link.subject_id).where(Link.relation == "in_scheme",
                                           Link.object_id.is_not(None))
    named = select(Link.object_id).where(Link.relation == "top_concept",
                                         Link.object_id.is_not(None))
    placed = select(Concept.id).where(Concept.scheme_id.is_not(None))
    return ((Record.kind == Kind.concept) & Record.id.not_in(linked)
            & Record.id.not_in(placed) & Record.id.not_in(named))


def stamp(store: Store, scheme_id: int) -> tuple[str, int]:
    """Return a string that changes whenever the scheme or a member changes, and its size.

    One query of index lookups (a sum over 20,000 member rows took 100-200 ms, too slow for
    every curator's concept page): how many concepts name the scheme by `scheme_id` and by
    `in_scheme` link (a concept joining or leaving changes one), the newest change of a member
    (any edit or withdrawal: found walking the `modified` index from the newest), and the
    scheme's own change and version. Not seen: a record of another scheme that a member refers
    to arriving later; `atlas check-definitions` picks that up.
    """
    member = aliased(Record)
    own = select(func.count(Concept.id)).where(Concept.scheme_id == scheme_id)
    linked = select(func.count(Link.id)).where(Link.relation == "in_scheme",
                                                Link.object_id == scheme_id)
    is_member = or_(
        select(Concept.id).where(Concept.id == member.id, Concept.scheme_id == scheme_id)
        .exists(),
        select(Link.id).where(Link.subject_id == member.id, Link.relation == "in_scheme",
                              Link.object_id == scheme_id).exists())
    newest = select(member.modified).where(is_member).order_by(member.modified.desc()).limit(1)
    statement = select(own.scalar_subquery(), linked.scalar_subquery(),
                       newest.scalar_subquery(), Record.modified, Record.version) \
        .where(Record.id == scheme_id)
    with store.read() as session:
        found = session.exec(statement).first()
    if found is None:
        return "", 0
    own_count, linked_count, latest, modified, version = found
    text = f"{CHECKS_VERSION}:{own_count}:{linked_count}:{latest}:{modified}:{version}"
    return text, max(own_count, linked_count)


def _load(store: Store, condition) -> tuple[Graph, dict, set]:
    """Read the records a check needs into one graph.

    Returns the graph, the member records by IRI (the scheme too), and the IRIs of neighbours
    (referenced records of other schemes, read only so that references to them resolve).
    """
    live = Record.status != Status.withdrawn
    member_ids = select(Record.id).where(condition, live)
    with store.read() as session:
        members = list(session.exec(select(Record).where(condition, live)))
        neighbour_ids = select(Link.object_id).where(Link.relation.in_(REFERENCES),
                                                     Link.subject_id.in_(member_ids))
        neighbours = list(session.exec(select(Record).where(
            Record.id.in_(neighbour_ids), Record.id.not_in(member_ids), live)))
    graph = Graph()
    records = members + neighbours
    # One parse of all stored N-Triples: parsing record by record took three times as long.
    # Blank node labels are hashes of what the node holds, so a label shared by two records
    # names the same description.
    plain = "\n".join(r.source_rdf for r in records if not r.edits and r.source_rdf)
    if plain:
        graph.parse(data=plain, format="nt")
    for record in records:
        if record.edits:
            for triple in effective_graph(record):
                graph.add(triple)
    return graph, {r.uri: r for r in members}, {r.uri for r in neighbours}


def _owners(graph: Graph, node, by_uri: dict, neighbours: set) -> set[int]:
    """Return the members whose RDF leads to node (a blank node, a source document, …)."""
    found, seen, todo = set(), {node}, [node]
    while todo and len(seen) < 10_000:
        for subject in graph.subjects(None, todo.pop()):
            text = _node_text(subject)
            if text in by_uri:
                found.add(by_uri[text].id)
            elif subject not in seen and text not in neighbours:
                seen.add(subject)
                todo.append(subject)
    return found


# --- checking and storing ----------------------------------------------------------------------

def check_scheme(store: Store, scheme_id: int, *, principal: Principal) -> CheckState:
    """Work out a scheme's findings now and store them in place of the earlier ones."""
    require(principal, Action.check)
    started = time.perf_counter()
    text, size = stamp(store, scheme_id)
    graph, by_uri, neighbours = _load(store, or_(Record.id == scheme_id, _members(scheme_id)))
    rows = _rows(graph, scheme_id, by_uri, neighbours)
    size = sum(1 for r in by_uri.values() if r.kind == Kind.concept)
    checked = utcnow()
    with store.write() as session:
        session.exec(delete(IntegrityFinding).where(IntegrityFinding.scheme_id == scheme_id))
        session.add_all(rows)
        state = session.get(IntegrityCheck, scheme_id) or IntegrityCheck(scheme_id=scheme_id)
        state.stamp, state.checked, state.concepts = text, checked, size
        session.add(state)
    return CheckState(checked, size, False, time.perf_counter() - started)


def check_unschemed(store: Store, *, principal: Principal) -> int:
    """Work out the findings of the concepts in no scheme; return how many there are."""
    require(principal, Action.check)
    graph, by_uri, neighbours = _load(store, _unschemed())
    rows = _rows(graph, None, by_uri, neighbours)
    with store.write() as session:
        session.exec(delete(IntegrityFinding).where(IntegrityFinding.scheme_id.is_(None)))
        session.add_all(rows)
    return len(by_uri)


def _rows(graph: Graph, scheme_id, by_uri: dict, neighbours: set) -> list[IntegrityFinding]:
    """Work out the graph's findings as rows, each on the record it is about.

    A finding on a node that is no member record (a blank node, a source document, an
    undeclared scheme) goes to each member whose RDF leads to it, or else to the scheme (a
    collection described in the scheme's record); one on a neighbour is its own scheme's
    business and is left out.
    """
    rows, seen = [], set()
    for f in findings_of(graph):
        if f.focus in by_uri:
            owners = {by_uri[f.focus].id}
        elif f.focus in neighbours:
            continue
        else:
            node = BNode(f.focus[2:]) if f.focus.startswith("_:") else URIRef(f.focus)
            owners = _owners(graph, node, by_uri, neighbours) or ({scheme_id} if scheme_id is not None else set())
        for owner in sorted(owners):
            key = (owner, f.code, f.message)
            if key not in seen:
                seen.add(key)
                rows.append(IntegrityFinding(scheme_id=scheme_id, concept_id=owner,
                                             focus=f.focus[:2000], code=f.code[:60],
                                             severity=f.severity, origin=f.origin,
                                             message=f.message))
    return rows


def state(store: Store, scheme_id: int) -> CheckState:
    """Return the scheme's last check and whether the scheme changed since (a pure read)."""
    text, size = stamp(store, scheme_id)
    with store.read() as session:
        last = session.get(IntegrityCheck, scheme_id)
    if last is not None and last.stamp == text:
        return CheckState(last.checked, last.concepts, False)
    return CheckState(last.checked if last else None, last.concepts if last else size, True)


def check_stale(store: Store, *, principal: Principal, limit: int | None = AFTER_HARVEST_LIMIT,
                slug: str | None = None, force: bool = False, unschemed: bool = True):
    """Check the stale schemes (or one, or all) and yield (slug, concepts, findings, seconds).

    Schemes larger than `limit` are yielded with seconds None: left for a run without limit.
    """
    require(principal, Action.check)
    with store.read() as session:
        statement = select(Record.id, Record.slug).where(Record.kind == Kind.conceptscheme,
                                                         Record.status != Status.withdrawn)
        if slug is not None:
            statement = statement.where(Record.slug == slug)
        schemes = list(session.exec(statement.order_by(Record.slug)))
    for scheme_id, scheme_slug in schemes:
        text, size = stamp(store, scheme_id)
        with store.read() as session:
            last = session.get(IntegrityCheck, scheme_id)
        if not force and last is not None and last.stamp == text:
            continue
        if limit is not None and size > limit:
            yield scheme_slug, size, None, None
            continue
        done = check_scheme(store, scheme_id, principal=principal)
        yield scheme_slug, size, count(store, scheme_id), done.seconds
    if unschemed and slug is None:
        started = time.perf_counter()
        size = check_unschemed(store, principal=principal)
        if size:
            yield None, size, count(store, None), time.perf_counter() - started


# --- reading ---------------------------------------------------------------------------------

def count(store: Store, scheme_id: int | None) -> int:
    """Return how many findings a scheme has (None: the concepts in no scheme)."""
    with store.read() as session:
        return session.exec(select(func.count(IntegrityFinding.id))
                            .where(IntegrityFinding.scheme_id.is_(None) if scheme_id is None
                                   else IntegrityFinding.scheme_id == scheme_id)).one()


def of_record(store: Store, record_id: int) -> list[IntegrityFinding]:
    """Return a concept's (or scheme's) findings, worst first, each problem once."""
    with store.read() as session:
        rows = list(session.exec(select(IntegrityFinding)
                                 .where(IntegrityFinding.concept_id == record_id)))
    unique = {(r.code, r.message): r for r in rows}
    return sorted(unique.values(), key=lambda r: (SEVERITY_RANK.get(r.severity, 3), r.code,
                                                  r.message))


@dataclass
class Report:
    """A scheme's findings for the report: counts, findings grouped by code, the check's state."""

    state: CheckState
    total: int
    counts: list[tuple[str, str, int]]  # (code, severity, number)
    groups: list[tuple[str, list[tuple[IntegrityFinding, Record | None]]]]
    left_out: dict[str, int]


def report(store: Store, scheme_id: int, *, per_code: int = 200) -> Report:
    """Return a scheme's last stored findings, listing per_code per code (a pure read)."""
    checked = state(store, scheme_id)
    with store.read() as session:
        counts = [(code, severity, number) for code, severity, number in session.exec(
            select(IntegrityFinding.code, IntegrityFinding.severity,
                   func.count(IntegrityFinding.id))
            .where(IntegrityFinding.scheme_id == scheme_id)
            .group_by(IntegrityFinding.code, IntegrityFinding.severity))]
        rows = list(session.exec(select(IntegrityFinding, Record)
                                 .join(Record, Record.id == IntegrityFinding.concept_id,
                                       isouter=True)
                                 .where(IntegrityFinding.scheme_id == scheme_id)
                                 .order_by(IntegrityFinding.code, Record.title,
                                           IntegrityFinding.id)))
    counts.sort(key=lambda c: (SEVERITY_RANK.get(c[1], 3), c[0]))
    grouped: dict[str, list] = defaultdict(list)
    left_out: dict[str, int] = defaultdict(int)
    for finding, record in rows:
        if len(grouped[finding.code]) < per_code:
            grouped[finding.code].append((finding, record))
        else:
            left_out[finding.code] += 1
    order = {code: i for i, (code, _, _) in enumerate(counts)}
    groups = sorted(grouped.items(), key=lambda g: order.get(g[0], len(order)))
    return Report(checked, sum(c[2] for c in counts), counts, groups, dict(left_out))
