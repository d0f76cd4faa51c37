"""A scheme's visible concepts as ids, the tree drawn from them, and a concept's path to the top."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import SKOS
from sqlalchemy import and_, func, or_, union_all
from sqlmodel import select

from atlas import access
from atlas.access import Principal
from atlas.db import Store
from atlas.definitions.shape_cache import ShapeCache, store_stamp
from atlas.models import Concept, Kind, Link, Record
from atlas.records.publication import effective_graph
from atlas.text import fold

TREE_BUDGET = 500  # concepts drawn in a scheme's tree; deeper ones are reached via their pages
TREE_DEPTH = 12  # levels drawn (also bounds the template's recursion on a long chain)
PATH_LIMIT = 30  # steps walked up from a concept to its top
# A hierarchy edge as (relation, which end is the broader concept); skos:narrower is read too.
HIERARCHY = ("broader", "narrower")
_CHUNK = 5000  # ids bound in one IN (...): well below SQLite's limit on parameters


@dataclass(frozen=True)
class Entry:
    """A visible concept as the tree and index draw it (quacks like a Record for the templates)."""

    id: int
    uri: str
    slug: str
    title: str
    title_en: str
    notation: str = ""
    kind: str = Kind.concept


@dataclass
class Hierarchy:
    """A scheme's visible concepts (ids only) and the broader/narrower edges between them."""

    ids: set[int]
    children: dict[int, list[int]] = field(default_factory=dict)
    parents: dict[int, list[int]] = field(default_factory=dict)
    tops: list[int] = field(default_factory=list)
    stamp: tuple = ()  # the state of the store it was loaded from (atlas.definitions.shape_cache)


@dataclass
class TreeNode:
    """One drawn node: its concept, the narrower ones drawn below it, and how many were left out."""

    entry: Entry
    children: list[TreeNode] = field(default_factory=list)
    left_out: int = 0


def schemes(store: Store, principal: Principal) -> list[tuple[Record, int]]:
    """Return the visible concept schemes by title, each with its number of visible concepts."""
    visible = access.record_filter(principal)
    with store.read() as session:
        rows = list(session.exec(select(Record).where(Record.kind == Kind.conceptscheme, visible)
                                 .order_by(Record.title)))
        # (scheme, concept) pairs from both sides: inScheme and the scheme's hasTopConcept
        pairs = union_all(
            select(Link.object_id.label("scheme_id"), Link.subject_id.label("concept_id"))
            .where(Link.relation == "in_scheme"),
            select(Link.subject_id, Link.object_id).where(Link.relation == "top_concept"),
        ).subquery()
        counts = {scheme_id: count for scheme_id, count in session.exec(
            select(pairs.c.scheme_id, func.count(func.distinct(Record.id)))
            .join(Record, Record.id == pairs.c.concept_id)
            .where(Record.kind == Kind.concept, visible,
                   pairs.c.scheme_id.in_([r.id for r in rows]))
            .group_by(pairs.c.scheme_id))}
    return [(row, counts.get(row.id, 0)) for row in rows]


def hierarchy(store: Store, principal: Principal, scheme: Record,
              top_uris: frozenset[str] = frozenset()) -> Hierarchy:
    """Load a scheme's visible concepts and the edges between them as ids: one query (kept).

    Tops are the concepts with no visible broader one, those the scheme names as top concepts
    (`top_uris`), and, so a cycle cannot hide them, one concept of each part no top reaches.
    """
    with store.read() as session:
        stamp = store_stamp(session)
    key = (store.url, scheme.id, access.visible_access_levels(principal), top_uris, stamp)
    def load() -> Hierarchy:
        shape = _load_hierarchy(store, principal, scheme, top_uris)
        shape.stamp = stamp
        return shape

    return _SHAPES.get(key, load)


_SHAPES = ShapeCache()  # kept until the store changes (shape_cache); callers must not change it


def _load_hierarchy(store: Store, principal: Principal, scheme: Record,
                    top_uris: frozenset[str]) -> Hierarchy:
    hierarchy_link = and_(Link.subject_id == Record.id, Link.relation.in_(HIERARCHY))
    with store.read() as session:
        # Plain id rows through Core: ORM rows cost a second on 20,000 concepts.
        connection = session.connection()
        rows = connection.execute(
            select(Record.id, Link.relation, Link.object_id)
            .join(Concept, Concept.id == Record.id).outerjoin(Link, hierarchy_link)
            .where(Record.kind == Kind.concept, members_of(scheme.id),
                   access.record_filter(principal))).all()
        named_tops = set(connection.execute(
            select(Record.id).where(Record.uri.in_(top_uris))).scalars()) if top_uris else set()
    ids = {row[0] for row in rows}
    result = Hierarchy(ids)
    paired: set[tuple[int, int]] = set()
    for subject, relation, obj in rows:
        if relation is None:
            continue
        parent, child = (obj, subject) if relation == "broader" else (subject, obj)
        if parent in ids and child in ids and parent != child and (parent, child) not in paired:
            paired.add((parent, child))
            result.children.setdefault(parent, []).append(child)
            result.parents.setdefault(child, []).append(parent)
    tops = {i for i in ids if i not in result.parents} | (named_tops & ids)
    result.tops = _add_unreached(store, result, sorted(tops))
    return result


def members_of(scheme_id: int):
    """Return the SQL condition on Record and Concept rows: the concept belongs to the scheme.

    A concept belongs by its own skos:inScheme or skos:topConceptOf (its scheme or its
    `in_scheme` links), or by the scheme's skos:hasTopConcept (the scheme's `top_concept` links).
    """
    return or_(Concept.scheme_id == scheme_id,
               Record.id.in_(select(Link.subject_id).where(Link.relation == "in_scheme",
                                                          Link.object_id == scheme_id)),
               Record.id.in_(select(Link.object_id).where(Link.relation == "top_concept",
                                                         Link.subject_id == scheme_id)))


def top_concept_uris(scheme: Record) -> frozenset[str]:
    """Return the IRIs a scheme's RDF names as its top concepts (skos:hasTopConcept)."""
    graph = effective_graph(scheme)
    return frozenset(str(o) for o in graph.objects(URIRef(scheme.uri), SKOS.hasTopConcept))


def entries(store: Store, ids: Iterable[int]) -> dict[int, Entry]:
    """Return the concepts with these ids as entries to draw (ids already known visible)."""
    wanted = sorted(set(ids))
    found: dict[int, Entry] = {}
    with store.read() as session:
        connection = session.connection()
        for start in range(0, len(wanted), _CHUNK):
            rows = connection.execute(
                select(Record.id, Record.uri, Record.slug, Record.title, Record.title_en,
                       Concept.notation).join(Concept, Concept.id == Record.id)
                .where(Record.id.in_(wanted[start:start + _CHUNK])))
            found.update((row[0], Entry(*row)) for row in rows)
    return found


def _add_unreached(store: Store, h: Hierarchy, tops: list[int]) -> list[int]:
    """Return tops plus one concept of every part of the graph they do not reach (cycles)."""
    seen: set[int] = set()
    queue = deque(tops)
    pending = None
    tops = list(tops)
    while True:
        while queue:
            current = queue.popleft()
            if current not in seen:
                seen.add(current)
                queue.extend(c for c in h.children.get(current, ()) if c not in seen)
        if len(seen) == len(h.ids):
            return tops  # the usual case: no label needs reading
        if pending is None:  # the unreached parts start at their first concept by title
            unreached = entries(store, h.ids - seen)
            pending = iter(sorted(unreached, key=lambda i: (fold(unreached[i].title), i)))
        nxt = next((i for i in pending if i not in seen), None)
        if nxt is None:
            return tops
        tops.append(nxt)
        queue.append(nxt)


def tree(store: Store, h: Hierarchy, lang: str = "nl", budget: int = TREE_BUDGET,
         depth: int = TREE_DEPTH) -> list[TreeNode]:
    """Shape the hierarchy into nested nodes, breadth first, within a budget of drawn nodes.

    A concept under two broader ones is drawn under both; one of its own ancestors never again
    below it, so cycles end. A node whose narrower concepts do not fit keeps their number.
    Labels are read a level at a time, for the drawn concepts only.
    """
    known = entries(store, h.tops)

    def ordered(ids) -> list[int]:
        return sorted(ids, key=lambda i: fold(label(known[i], lang)))

    roots = [TreeNode(known[i]) for i in ordered(h.tops)]
    drawn = len(roots)
    level = [(node, (node.entry.id,)) for node in roots]
    while level:
        # Which nodes open is decided by counts alone, in drawing order; labels come after.
        opening = []
        for node, ancestors in level:
            below = [c for c in h.children.get(node.entry.id, ()) if c not in ancestors]
            if not below:
                continue
            if drawn + len(below) > budget or len(ancestors) >= depth:
                node.left_out = len(below)
                continue
            drawn += len(below)
            opening.append((node, ancestors, below))
        known.update(entries(store, {c for *_, below in opening for c in below} - known.keys()))
        level = []
        for node, ancestors, below in opening:
            for child_id in ordered(below):
                child = TreeNode(known[child_id])
                node.children.append(child)
                level.append((child, (*ancestors, child_id)))
    return roots


def path_to_top(store: Store, principal: Principal, concept: Record,
                limit: int = PATH_LIMIT) -> list[Record]:
    """Return the visible broader concepts from the top down to the concept's parent.

    Follows the first broader concept by title at each step; stops at a concept already passed,
    so a cycle ends the walk instead of looping.
    """
    visible = access.record_filter(principal)
    path: list[Record] = []
    seen = {concept.id}
    current = concept.id
    with store.read() as session:
        for _ in range(limit):
            via_broader = (select(Record).join(Link, Link.object_id == Record.id)
                           .where(Link.subject_id == current, Link.relation == "broader"))
            via_narrower = (select(Record).join(Link, Link.subject_id == Record.id)
                            .where(Link.object_id == current, Link.relation == "narrower"))
            parents = [r for statement in (via_broader, via_narrower)
                       for r in session.exec(statement.where(visible, Record.kind == Kind.concept)
                                             .order_by(Record.title))]
            parent = next((p for p in parents if p.id not in seen), None)
            if parent is None:
                break
            path.append(parent)
            seen.add(parent.id)
            current = parent.id
    return path[::-1]


def label(entry, lang: str) -> str:
    """Return the concept's preferred label in the page's language, falling back to Dutch."""
    return entry.title_en if lang == "en" and entry.title_en else entry.title
