"""Finding concepts: a filtered page of them, by label, and a concept's broader and narrower ones."""

from __future__ import annotations

from collections import deque

from sqlalchemy import and_, case, exists, func, or_
from sqlalchemy.orm import aliased
from sqlmodel import select

from atlas import access
from atlas.access import Principal
from atlas.db import Store
from atlas.definitions.hierarchy import Entry, members_of
from atlas.models import Concept, ConceptLabel, Kind, Link, Record
from atlas.text import fold


def concept_rows(store: Store, principal: Principal, *, scheme: Record | None = None,
                 label_prefix: str = "", status: str | None = None,
                 editorial_status: str | None = None, offset: int = 0,
                 limit: int = 100) -> tuple[int, list[Record]]:
    """Return the total and one page of visible concepts, filtered by scheme, status, label.

    `status` is the publication workflow's; `editorial_status` the definition's own.
    """
    statement = select(Record).join(Concept, Concept.id == Record.id).where(
        Record.kind == Kind.concept, access.record_filter(principal))
    if scheme is not None:
        statement = statement.where(members_of(scheme.id))
    if status:
        statement = statement.where(Record.status == status)
    if editorial_status:
        statement = statement.where(Concept.editorial_status == editorial_status)
    prefix = fold(label_prefix)[:1000]
    if prefix:
        # A range on the indexed keys: any preferred label, case and accents ignored.
        statement = statement.where(Record.id.in_(select(ConceptLabel.concept_id).where(
            ConceptLabel.role == "pref", ConceptLabel.key >= prefix,
            ConceptLabel.key < prefix + "\U0010ffff")))
    with store.read() as session:
        total = session.exec(select(func.count()).select_from(statement.subquery())).one()
        rows = list(session.exec(statement.order_by(Concept.pref_label, Record.id)
                                 .offset(offset).limit(limit)))
    return total, rows


def editorial_statuses(store: Store, concept_ids: list[int]) -> dict[int, str]:
    """Return the editorial status of each of these concepts, by id (one query)."""
    if not concept_ids:
        return {}
    with store.read() as session:
        return dict(session.exec(select(Concept.id, Concept.editorial_status)
                                 .where(Concept.id.in_(concept_ids))).all())


def by_label(store: Store, principal: Principal, text: str) -> list[Record]:
    """Return the visible concepts with a preferred, alternative or hidden label equal to text.

    Case, accents and spacing are ignored; one query on the indexed label keys.
    """
    wanted = fold(text)[:1000]
    if not wanted:
        return []
    statement = (select(Record).where(
        Record.kind == Kind.concept, access.record_filter(principal),
        Record.id.in_(select(ConceptLabel.concept_id).where(ConceptLabel.key == wanted)))
        .order_by(Record.title, Record.id))
    with store.read() as session:
        return list(session.exec(statement))


def relatives(store: Store, principal: Principal, concept_id: int, scheme_id: int,
              transitive: bool) -> tuple[list[Entry], list[Entry]]:
    """Return a concept's visible broader and narrower concepts in a scheme (all levels if
    transitive), nearest first.

    Walks the links from the concept only (a recursive query), never the whole scheme; a
    concept the caller may not see, or outside the scheme, ends a path, and a cycle ends too.
    """
    return (_walk(store, principal, concept_id, scheme_id, True, transitive),
            _walk(store, principal, concept_id, scheme_id, False, transitive))


def _walk(store: Store, principal: Principal, start: int, scheme_id: int, up: bool,
          transitive: bool) -> list[Entry]:
    # The two ways an edge is written, as (relation, the end we come from, the end we go to).
    if up:
        ways = (("broader", Link.subject_id, Link.object_id),
                ("narrower", Link.object_id, Link.subject_id))
    else:
        ways = (("broader", Link.object_id, Link.subject_id),
                ("narrower", Link.subject_id, Link.object_id))
    (first, from_first, to_first), (second, from_second, to_second) = ways
    source = case((Link.relation == first, from_first), else_=from_second)
    target = case((Link.relation == first, to_first), else_=to_second)

    def leaving(node):
        return or_(and_(Link.relation == first, from_first == node),
                   and_(Link.relation == second, from_second == node))

    def steps(statement):
        return (statement.join(Record, Record.id == target).join(Concept, Concept.id == Record.id)
                .where(Record.kind == Kind.concept, _member_row(scheme_id),
                       access.record_filter(principal), target != source))

    walk = steps(select(source.label("src"), target.label("dst")).select_from(Link)
                 .where(leaving(start)))
    if transitive:
        walk = walk.cte("walk", recursive=True)
        # UNION (not UNION ALL) drops an edge met again, so a cycle ends the recursion.
        walk = walk.union(steps(select(source, target).select_from(Link)
                                .join(walk, leaving(walk.c.dst))))
    else:
        walk = walk.subquery("walk")
    with store.read() as session:
        rows = session.connection().execute(
            select(walk.c.src, walk.c.dst, Record.uri, Record.slug, Record.title,
                   Record.title_en, Concept.notation)
            .join(Record, Record.id == walk.c.dst).join(Concept, Concept.id == Record.id)
            .order_by(walk.c.src, walk.c.dst)).all()
    step: dict[int, list[int]] = {}
    found: dict[int, Entry] = {}
    for src, dst, *rest in rows:
        step.setdefault(src, []).append(dst)
        found[dst] = Entry(dst, *rest)
    seen, order, todo = {start}, [], deque(step.get(start, []))
    while todo:
        node = todo.popleft()
        if node in seen:
            continue
        seen.add(node)
        order.append(found[node])
        todo.extend(step.get(node, []))
    return order


def _member_row(scheme_id: int):
    """Return `members_of` as a test of one joined row (indexed lookups, no scan of the scheme)."""
    link = aliased(Link)
    return or_(Concept.scheme_id == scheme_id,
               exists().where(link.subject_id == Record.id, link.relation == "in_scheme",
                              link.object_id == scheme_id),
               exists().where(link.object_id == Record.id, link.relation == "top_concept",
                              link.subject_id == scheme_id))

