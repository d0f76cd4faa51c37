"""Storing records from their RDF, many in one transaction: the write half shared by every change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, URIRef
from sqlalchemy import delete
from sqlmodel import Session, select

from atlas.access import Action, Principal, require
from atlas.db import Store
from atlas.errors import Conflict, InvalidInput
from atlas.models import (
    Access,
    Concept,
    Kind,
    Link,
    Outbox,
    Record,
    RecordSource,
    Revision,
    Status,
    utcnow,
)
from atlas.records.details import PendingRows, write_detail
from atlas.records.identity import free_slug
from atlas.records.kinds import KINDS
from vocab import kinds as vocab_kinds
from vocab import records as vocab_records
from vocab.description import (
    apply_edits,
    changed_predicates,
    content_hash,
    from_ntriples,
    to_ntriples,
)
from vocab.differences import changes


@dataclass(frozen=True)
class Upserted:
    """The outcome of an upsert: the record's id and whether it was new, updated or unchanged."""

    record_id: int
    outcome: str  # "new" | "updated" | "unchanged" | "held"
    conflicts: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordInput:
    """One record to store: its kind, URI and RDF description, and how it is to be held."""

    kind: str
    uri: str
    graph: Graph
    status: str | None = None
    access: str | None = None
    slug: str | None = None
    local_key: str = ""


@dataclass
class WriteBatch:
    """What one write transaction knows beyond its session.

    The ids it looked up or gave, the records it prepared but has not flushed, and the records
    it created (links that waited for them are resolved before it commits).
    """

    session: Session
    ids: dict[tuple[str, str | None], int | None] = field(default_factory=dict)
    pending_uris: set[str] = field(default_factory=set)  # prepared, not yet flushed
    new_uris: dict[str, int] = field(default_factory=dict)  # created here: URI -> id

    def id_of(self, uri: str | None, kind: str | None = None) -> int | None:
        """Return the id of the record with this URI (of this kind), or None when not stored."""
        if not uri:
            return None
        # Publishers and concepts recur across a batch: look each up once per transaction.
        if (uri, kind) not in self.ids:
            statement = select(Record.id).where(Record.uri == uri)
            if kind:
                statement = statement.where(Record.kind == kind)
            self.ids[(uri, kind)] = self.session.exec(statement).first()
        return self.ids[(uri, kind)]


@dataclass
class _Pending:
    """A record prepared in a batch, waiting for its id to get its rows written."""

    item: RecordInput
    record: Record
    fields: dict
    is_new: bool
    before: dict
    conflicts: tuple[str, ...]
    changes: list = field(default_factory=list)  # per property, for the history


def upsert_many(store: Store, items: Iterable[RecordInput], *, principal: Principal,
                source_id: int | None = None) -> list[Upserted]:
    """Create or update several records in one transaction (see `Catalogue.upsert_many`)."""
    action = Action.edit if source_id is None else Action.harvest
    require(principal, action)
    actor = principal.email
    items = list(items)
    with store.write() as session:
        batch = WriteBatch(session)
        uris = [item.uri for item in items]
        existing = {r.uri: r for r in session.exec(select(Record).where(Record.uri.in_(uris)))}
        for record in existing.values():
            require(principal, action, record)
        results: list[Upserted | _Pending] = []
        # Records are inserted together (one flush gives them their ids), then their rows.
        with session.no_autoflush:
            for item in items:
                if item.uri in batch.pending_uris:  # the same URI twice in one batch
                    _complete_all(batch, results, actor, source_id)
                    batch.pending_uris.clear()
                outcome = _prepare(batch, item, source_id, existing.get(item.uri))
                if isinstance(outcome, _Pending):
                    existing[item.uri] = outcome.record
                    batch.pending_uris.add(item.uri)
                results.append(outcome)
            _complete_all(batch, results, actor, source_id)
        _resolve_waiting_links(batch)
    return results


def _prepare(batch: WriteBatch, item: RecordInput, source_id: int | None,
             record: Record | None) -> Upserted | _Pending:
    """Decide what an item does to its record and set the record's columns (no id needed)."""
    session = batch.session
    KINDS.get(item.kind)  # InvalidInput when no such kind is registered
    check_state(item.status, item.access)
    subject = URIRef(item.uri)
    if (subject, None, None) not in item.graph:
        raise InvalidInput(f"the description of {item.uri} has no triples about it",
                           {"uri": ["no triples describe this URI"]})
    if record is not None and record.kind != item.kind:
        raise Conflict(f"{item.uri} is already a {record.kind}, not a {item.kind}")
    harvest = source_id is not None
    if harvest and record is not None and record.source_id != source_id:
        _note_provenance(session, record.id, source_id, item.local_key, refresh=False)
        return Upserted(record.id, "held")
    ntriples = to_ntriples(item.graph)
    digest = content_hash(ntriples)
    revive = harvest and record is not None and record.vanished
    same_state = harvest or (item.status in (None, record.status if record else None)
                             and item.access in (None, record.access if record else None))
    if record is not None and record.content_hash == digest and same_state and not revive:
        return Upserted(record.id, "unchanged")

    is_new = record is None
    conflicts: set[str] = set()
    before = {}
    fields = None
    if is_new:
        # A new record has no edits: its fields are read once, and name its slug too.
        fields = vocab_records.read(item.kind, item.graph, subject)
        now = utcnow()
        # Every column given: SQLModel would otherwise call each default factory, and
        # pydantic inspects a factory's signature per call (a third of a bulk import).
        record = Record(kind=item.kind, uri=item.uri, source_id=source_id,
                        slug=free_slug(session, item.slug, item.uri, item.graph,
                                       fields["title"]),
                        status=item.status or Status.draft,
                        access=item.access or Access.public,
                        edits={}, conflicts=[], created=now, modified=now)
    else:
        before = snapshot(record)
        old = from_ntriples(record.source_rdf)
        # What the source changed, readable in the history (the curator's layer aside).
        source_changes = changes(old, item.graph, subject)
        if record.edits:
            conflicts = changed_predicates(old, item.graph, subject) & set(record.edits)
        if revive:
            record.status, record.vanished = item.status or Status.published, False
        elif not harvest:
            record.status = item.status or record.status
            record.access = item.access or record.access
        record.version += 1
    record.source_rdf = ntriples
    record.content_hash = digest
    record.conflicts = sorted(set(record.conflicts or []) | conflicts)
    record.modified = utcnow()
    graph = item.graph if not record.edits else apply_edits(item.graph, subject, record.edits)
    fields = read_fields(batch, record, graph, fields)
    session.add(record)
    return _Pending(item, record, fields, is_new, before, tuple(sorted(conflicts)),
                    [] if is_new else source_changes)


def _complete_all(batch: WriteBatch, results: list, actor: str, source_id: int | None) -> None:
    """Give prepared records their ids, then write their rows; results become Upserted."""
    batch.session.flush()
    # Records of a batch refer to each other (broader, inScheme): their ids are known now.
    for outcome in results:
        if isinstance(outcome, _Pending):
            record = outcome.record
            batch.ids[(record.uri, None)] = batch.ids[(record.uri, record.kind)] = record.id
    pending = PendingRows()
    for index, outcome in enumerate(results):
        if isinstance(outcome, _Pending):
            results[index] = _complete(batch, outcome, actor, source_id, pending)
    pending.write(batch.session)


def _complete(batch: WriteBatch, pending: _Pending, actor: str, source_id: int | None,
              rows: PendingRows) -> Upserted:
    record, fields, is_new = pending.record, pending.fields, pending.is_new
    write_rows(batch, record, fields, is_new=is_new, pending=rows)
    if source_id is not None:
        _note_provenance(batch.session, record.id, source_id, pending.item.local_key,
                         is_new=is_new)
    after = snapshot(record)
    diff = {k: [pending.before.get(k), v] for k, v in after.items()
            if pending.before.get(k) != v}
    if is_new:
        batch.new_uris[record.uri] = record.id
    diff["fields"] = sorted(k for k in fields["detail"])
    if pending.changes:
        diff["changes"] = pending.changes
    # As the service's history rows, queued with the batch's other rows.
    now = utcnow()
    rows.add(Revision, {"record_id": record.id, "actor": actor, "at": now, "diff": diff,
                        "action": "create" if is_new else "update"})
    rows.add(Outbox, {"record_id": record.id, "created": now})
    return Upserted(record.id, "new" if is_new else "updated", pending.conflicts)


def read_fields(batch: WriteBatch, record: Record, graph: Graph,
                fields: dict | None = None) -> dict:
    """Copy the typed fields read from graph (unless given) into the record's own columns."""
    if fields is None:
        fields = vocab_records.read(record.kind, graph, URIRef(record.uri))
    more_fields = vocab_kinds.get(record.kind).more_fields
    if more_fields is not None:  # a concept's every label in every language, for exact lookup
        fields.update(more_fields(graph, URIRef(record.uri)))
    record.title = fields["title"] or record.slug
    record.title_en = fields["title_en"]
    record.description = fields["description"]
    publisher = fields.get("publisher")
    if publisher and publisher in batch.pending_uris:
        # The publisher is in this same batch, not yet written: write it to learn its id.
        batch.session.flush()
        batch.ids.pop((publisher, Kind.organisation), None)
    record.publisher_id = batch.id_of(publisher, Kind.organisation)
    return fields


def write_rows(batch: WriteBatch, record: Record, fields: dict, is_new: bool = False,
               pending: PendingRows | None = None) -> None:
    """Write a record's kind-specific row, distributions and links from its typed fields.

    With `pending` (a batch), new rows are queued there and inserted with the batch's.
    """
    session = batch.session
    write_detail(session, record, fields, batch.id_of, is_new=is_new, pending=pending)
    if not is_new:
        session.exec(delete(Link).where(Link.subject_id == record.id))
    rows = pending if pending is not None else PendingRows()
    for relation, uri in sorted(set(fields["links"])):
        object_id = batch.id_of(uri)
        rows.add(Link, {"subject_id": record.id, "relation": relation, "object_uri": uri,
                        "object_id": object_id})
        if relation == "top_concept" and object_id is not None:
            # The concept's search document names the scheme it belongs to: refresh it.
            rows.add(Outbox, {"record_id": object_id, "created": utcnow()})
    if pending is None:
        rows.write(session)


def apply_fields(batch: WriteBatch, record: Record, graph: Graph) -> dict:
    """Re-read an existing record's typed fields from its RDF and write them."""
    fields = read_fields(batch, record, graph)
    batch.session.add(record)
    write_rows(batch, record, fields)
    return fields


def _resolve_waiting_links(batch: WriteBatch) -> None:
    """Point links that named a URI before its record existed at the records just made."""
    session = batch.session
    new, batch.new_uris = batch.new_uris, {}
    uris = list(new)
    for start in range(0, len(uris), 500):  # a database bounds the values in one IN (…)
        waiting = session.exec(select(Link).where(
            Link.object_id.is_(None), Link.object_uri.in_(uris[start:start + 500])))
        for link in waiting:
            link.object_id = new[link.object_uri]
            session.add(link)
            if link.relation == "in_scheme":
                # A concept stored before its scheme gets the scheme it was waiting for.
                concept = session.get(Concept, link.subject_id)
                if concept is not None and concept.scheme_id is None:
                    concept.scheme_id = link.object_id
                    session.add(concept)
            # The linking record's projections name its concepts: refresh them too.
            session.add(Outbox(record_id=link.subject_id, created=utcnow()))


def check_state(status: str | None, access_level: str | None) -> None:
    """Raise InvalidInput unless status and access level are known values (or None)."""
    errors = {}
    if status is not None and status not in Status.__members__:
        errors["status"] = [f"one of {', '.join(Status)}"]
    if access_level is not None and access_level not in Access.__members__:
        errors["access"] = [f"one of {', '.join(Access)}"]
    if errors:
        raise InvalidInput("invalid status or access level", errors)


def snapshot(record: Record) -> dict:
    """Return the record columns a revision's diff compares."""
    return {"title": record.title, "title_en": record.title_en,
            "description": record.description, "status": record.status,
            "access": record.access, "content_hash": record.content_hash}


def _note_provenance(session: Session, record_id: int, source_id: int, local_key: str,
                     refresh: bool = True, is_new: bool = False) -> None:
    row = None if is_new else session.get(RecordSource, (record_id, source_id))
    if row is None:
        row = RecordSource(record_id=record_id, source_id=source_id, local_key=local_key)
    elif not refresh:
        return
    row.last_seen = utcnow()
    session.add(row)
