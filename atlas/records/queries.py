"""Reading records: one record, pages of them, their links, history and kind-specific rows."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from sqlalchemy import func
from sqlmodel import select

from atlas import access
from atlas.access import SYSTEM, Principal
from atlas.db import Store
from atlas.errors import InvalidInput, NotFound
from atlas.models import Link, Observation, Record, Revision, Source
from atlas.records.details import Detail, load_detail
from atlas.records.kinds import KINDS

KindFilter = str | tuple[str, ...]  # one kind's name, or several


def kinds(kind: KindFilter) -> tuple[str, ...]:
    """Return the kinds a kind filter names: one kind's name, or several (KINDS.under(segment))."""
    return (kind,) if isinstance(kind, str) else tuple(kind)


def get(store: Store, principal: Principal, *, slug: str | None = None, uri: str | None = None,
        record_id: int | None = None, kind: KindFilter | None = None) -> Record:
    """Return one record the principal may see; NotFound otherwise (never a hint it exists)."""
    statement = select(Record).where(access.record_filter(principal))
    if slug is not None:
        statement = statement.where(Record.slug == slug)
    elif uri is not None:
        statement = statement.where(Record.uri == uri)
    elif record_id is not None:
        statement = statement.where(Record.id == record_id)
    else:
        raise InvalidInput("say which record: slug, uri or id")
    if kind is not None:
        statement = statement.where(Record.kind.in_(kinds(kind)))
    with store.read() as session:
        record = session.exec(statement).first()
    if record is None:
        raise NotFound("no such record")
    return record


def get_any(store: Store, *, uri: str, kind: KindFilter | None = None) -> Record:
    """Return a record by URI whatever its state (for the service's own callers, not views)."""
    return get(store, SYSTEM, uri=uri, kind=kind)


def list_records(store: Store, principal: Principal, *, kind: KindFilter | None = None, offset: int = 0,
                 limit: int = 100, modified_since: datetime | None = None) -> list[Record]:
    """Return the records the principal may see, oldest first by id."""
    statement = select(Record.id).where(access.record_filter(principal))
    if kind is not None:
        statement = statement.where(Record.kind.in_(kinds(kind)))
    if modified_since is not None:
        statement = statement.where(Record.modified >= modified_since)
    statement = statement.order_by(Record.id).offset(offset).limit(limit)
    with store.read() as session:
        # Page over ids (an index walk), then load only the rows of the page: skipping
        # whole rows with OFFSET costs more the further into the catalogue a page is.
        ids = list(session.exec(statement))
        if not ids:
            return []
        rows = session.exec(select(Record).where(Record.id.in_(ids)).order_by(Record.id))
        return list(rows)


def source_defaults(store: Store, records: Iterable[Record]) -> dict[int, dict]:
    """Return the configured defaults of the sources these records came from, by source id."""
    ids = {r.source_id for r in records if r.source_id is not None}
    if not ids:
        return {}
    with store.read() as session:
        return {s.id: s.defaults or {} for s in session.exec(
            select(Source).where(Source.id.in_(list(ids))))}


def titles(store: Store, principal: Principal, slugs) -> dict[str, Record]:
    """Return the visible records with these slugs, by slug (for labels of facet values)."""
    slugs = [s for s in slugs if s]
    if not slugs:
        return {}
    statement = select(Record).where(access.record_filter(principal), Record.slug.in_(slugs))
    with store.read() as session:
        return {r.slug: r for r in session.exec(statement)}


def find(store: Store, principal: Principal, *, uris, kind: KindFilter | None = None) -> list[Record]:
    """Return the visible records with the given URIs."""
    uris = list(uris)
    if not uris:
        return []
    statement = select(Record).where(access.record_filter(principal), Record.uri.in_(uris))
    if kind is not None:
        statement = statement.where(Record.kind.in_(kinds(kind)))
    with store.read() as session:
        return list(session.exec(statement))


def count(store: Store, principal: Principal, *, kind: KindFilter | None = None,
          modified_since: datetime | None = None) -> int:
    """Return how many records the principal may see."""
    statement = select(func.count(Record.id)).where(access.record_filter(principal))
    if kind is not None:
        statement = statement.where(Record.kind.in_(kinds(kind)))
    if modified_since is not None:
        statement = statement.where(Record.modified >= modified_since)
    with store.read() as session:
        return session.exec(statement).one()


def last_change(store: Store, principal: Principal, *, kind: KindFilter | None = None) -> datetime | None:
    """Return when the newest change to a record the principal may see was made."""
    statement = select(func.max(Record.modified)).where(access.record_filter(principal))
    if kind is not None:
        statement = statement.where(Record.kind.in_(kinds(kind)))
    with store.read() as session:
        moment = session.exec(statement).one()
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # SQLite hands back naive UTC
    return moment


def detail(store: Store, record: Record) -> Detail:
    """Return the record's kind-specific row (with distributions for a dataset)."""
    with store.read() as session:
        return load_detail(session, record)


def related(store: Store, principal: Principal, record: Record) -> dict[str, list[Record]]:
    """Return the visible records this record links to and that link to it, by relation."""
    with store.read() as session:
        out: dict[str, list[Record]] = {}
        outgoing = session.exec(
            select(Link.relation, Record).join(Record, Record.id == Link.object_id)
            .where(Link.subject_id == record.id, access.record_filter(principal))
            .order_by(Record.title))
        for relation, other in outgoing:
            out.setdefault(relation, []).append(other)
        incoming_links = select(Link.relation, Record).join(
            Record, Record.id == Link.subject_id).where(
            Link.object_id == record.id, access.record_filter(principal))
        hidden = KINDS.get(record.kind).hidden_incoming
        if hidden:
            incoming_links = incoming_links.where(Link.relation.not_in(hidden))
        incoming = session.exec(
            incoming_links
            .order_by(Record.title))
        for relation, other in incoming:
            out.setdefault(f"{relation}_of", []).append(other)
        if record.publisher_id:
            publisher = session.get(Record, record.publisher_id)
            if publisher and access.can_see_record(principal, publisher):
                out["publisher"] = [publisher]
        return out


def observations(store: Store, record: Record) -> list[Observation]:
    """Return an indicator's observations by period and area."""
    with store.read() as session:
        return list(session.exec(select(Observation)
                                 .where(Observation.indicator_id == record.id)
                                 .order_by(Observation.period, Observation.area_code)))


def revisions(store: Store, record: Record) -> list[Revision]:
    """Return a record's history, newest first."""
    with store.read() as session:
        return list(session.exec(select(Revision).where(Revision.record_id == record.id)
                                 .order_by(Revision.id.desc())))


def all_records(store: Store, batch: int = 500) -> Iterator[Record]:
    """Yield every record in id order, in batches (for projections and export)."""
    last = 0
    while True:
        with store.read() as session:
            rows = list(session.exec(select(Record).where(Record.id > last)
                                     .order_by(Record.id).limit(batch)))
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def is_empty(store: Store) -> bool:
    """Tell whether the store holds no records at all."""
    with store.read() as session:
        return session.exec(select(Record.id).limit(1)).first() is None
