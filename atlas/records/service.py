"""The catalogue service: the only code that writes records, their links, history and outbox."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from rdflib import URIRef
from sqlalchemy import delete
from sqlmodel import Session, select

from atlas.access import Action, Principal, require
from atlas.db import Store
from atlas.errors import Conflict, InvalidInput, NotFound
from atlas.models import Observation, Outbox, Record, Revision, Status, utcnow
from atlas.records import queries
from atlas.records.details import Detail
from atlas.records.identity import mint_uri
from atlas.records.kinds import KINDS
from atlas.records.publication import effective_graph
from atlas.records.queries import KindFilter
from atlas.records.upsert import (
    RecordInput,
    Upserted,
    WriteBatch,
    apply_fields,
    check_state,
    snapshot,
    upsert_many,
)
from vocab.description import from_ntriples, term_to_json
from vocab.differences import changes

log = logging.getLogger(__name__)


class Catalogue:
    """Reads and writes catalogue records; the one writer of the store.

    The web UI, the REST API, the CLI and the harvester all call it with explicit arguments.
    Every write lands in one transaction together with a Revision and an Outbox row, so the
    projections (search index, RDF store) can follow after commit and never miss a change.
    """

    def __init__(self, store: Store, base_uri: str, on_commit: Callable[[], None] | None = None):
        self.store = store
        self.base_uri = base_uri
        self._on_commit = on_commit or (lambda: None)
        # Called with the ids of the records a unit of work (or a batch) changed, after commit.
        self.after_work: list[Callable[[set[int]], None]] = []
        self._deferred: ContextVar[tuple[set[int], bool] | None] = ContextVar(
            "atlas_batch", default=None)

    def changed(self, record_ids: Iterable[int]) -> None:
        """Tell the projector and the after-work listeners what changed, once committed.

        Inside `batch()` they hear of it when the batch ends, inside a write unit when it commits.
        """
        deferred = self._deferred.get()
        if deferred is None:
            self.store.after_commit("catalogue", self._after_work, record_ids)
            return
        pending, project_each = deferred
        pending.update(record_ids)
        if project_each:
            self.store.after_commit("projector", lambda _: self._project())

    def _after_work(self, touched: set[int]) -> None:
        self._project()
        for listener in self.after_work:
            listener(touched)

    def _project(self) -> None:
        try:
            self._on_commit()
        except Exception:  # committed already: the outbox keeps the change for the next kick
            log.exception("projector: kick after commit failed")

    @contextmanager
    def batch(self, *, project_each: bool = False) -> Iterator[None]:
        """Hold back the listeners, and projecting unless `project_each`, until the block ends.

        Bulk loads project once, at the end; a harvest projects each page as it is stored.
        """
        if self._deferred.get() is not None:
            yield
            return
        pending: set[int] = set()
        token = self._deferred.set((pending, project_each))
        try:
            yield
        finally:
            self._deferred.reset(token)
            if pending:
                self.store.after_commit("catalogue", self._after_work, pending)

    # --- writing ---------------------------------------------------------------------------

    def upsert(self, item: RecordInput, *, principal: Principal,
               source_id: int | None = None) -> Upserted:
        """Create or update one record from its RDF; skip it when nothing changed."""
        return self.upsert_many([item], principal=principal, source_id=source_id)[0]

    def upsert_many(self, items: Iterable[RecordInput], *, principal: Principal,
                    source_id: int | None = None) -> list[Upserted]:
        """Create or update several records in one transaction.

        Without a source (imports, the demo, curators) the items' status and access are applied.
        With a source (a harvest) the rules of ownership hold: a record first stored by another
        source, or made in Atlas, is not overwritten ("held", its provenance noted); status and
        access apply to new records only, since curators own them afterwards; a record the
        source had dropped ("vanished") and now offers again is published again.
        Asks `edit` of principal (`harvest` with a source), and of each existing record.
        """
        results = upsert_many(self.store, items, principal=principal, source_id=source_id)
        written = {r.record_id for r in results if r.outcome not in ("unchanged", "held")}
        if written:
            self.changed(written)
        return results

    def withdraw_vanished(self, record_ids: Iterable[int], *, principal: Principal) -> int:
        """Withdraw records their source no longer offers; they return if it offers them again."""
        require(principal, Action.maintain)
        withdrawn = set()
        with self.store.write() as session:
            for record in session.exec(select(Record).where(Record.id.in_(list(record_ids)))):
                if record.status == Status.withdrawn:
                    continue
                before = snapshot(record)
                record.status, record.vanished = Status.withdrawn, True
                record.version += 1
                record.modified = utcnow()
                session.add(record)
                self._log(session, record, principal, "vanished",
                          {"status": [before["status"], Status.withdrawn]})
                withdrawn.add(record.id)
        if withdrawn:
            self.changed(withdrawn)
        return len(withdrawn)

    def refresh_rows(self, batch: int = 500, *, principal: Principal) -> int:
        """Re-read every record's typed rows and links from its RDF; return how many.

        For after a schema upgrade: a newer Atlas reads more from the same RDF (label keys,
        editorial status, a scheme's top concepts). The content is unchanged, so no revision
        is written, but the projections are told to follow.
        """
        require(principal, Action.maintain)
        count, last, refreshed = 0, 0, set()
        while True:
            with self.store.write() as session:
                writing = WriteBatch(session)
                records = list(session.exec(select(Record).where(Record.id > last)
                                            .order_by(Record.id).limit(batch)))
                for record in records:
                    apply_fields(writing, record, effective_graph(record))
                    session.add(Outbox(record_id=record.id))
            if not records:
                break
            count, last = count + len(records), records[-1].id
            refreshed.update(r.id for r in records)
        if count:
            self.changed(refreshed)
        return count

    def edit(self, record_id: int, edits: dict, *, principal: Principal,
             expected_version: int | None = None) -> Record:
        """Set the curator's values for some predicates of a record, keeping the harvested layer.

        `edits` maps predicate IRIs to lists of value dicts; an empty list removes the predicate,
        None drops the edit so the harvested value shows again.
        """
        with self.store.write() as session:
            record = self._locked(session, record_id, principal, Action.edit, expected_version)
            before = snapshot(record)
            before_graph = effective_graph(record)
            merged = dict(record.edits or {})
            for predicate, values in edits.items():
                if not str(predicate).startswith(("http://", "https://")):
                    raise InvalidInput("edited properties are full IRIs",
                                       {str(predicate): ["not an IRI"]})
                if values is None:
                    merged.pop(predicate, None)
                else:
                    merged[predicate] = list(values)
            record.edits = merged
            record.conflicts = [p for p in record.conflicts or [] if p not in edits]
            record.version += 1
            record.modified = utcnow()
            after_graph = effective_graph(record)
            apply_fields(WriteBatch(session), record, after_graph)
            diff = {k: [before.get(k), v] for k, v in snapshot(record).items()
                    if before.get(k) != v}
            diff["edits"] = {p: edits[p] for p in edits}
            diff["changes"] = changes(before_graph, after_graph, URIRef(record.uri))
            self._log(session, record, principal, "edit", diff)
        self.changed({record.id})
        return record

    def set_state(self, record_id: int, *, principal: Principal, status: str | None = None,
                  access_level: str | None = None, expected_version: int | None = None) -> Record:
        """Move a record through the workflow or change its access level."""
        check_state(status, access_level)
        with self.store.write() as session:
            record = self._locked(session, record_id, principal, Action.change_state,
                                  expected_version)
            before = snapshot(record)
            record.status = status or record.status
            record.access = access_level or record.access
            record.version += 1
            record.modified = utcnow()
            session.add(record)
            diff = {k: [before.get(k), v] for k, v in snapshot(record).items()
                    if before.get(k) != v}
            self._log(session, record, principal, "state", diff)
        self.changed({record.id})
        return record

    def withdraw(self, record_id: int, *, principal: Principal) -> Record:
        """Withdraw a record: it stays in the store and its history, but is no longer published."""
        return self.set_state(record_id, principal=principal, status=Status.withdrawn)

    def link(self, subject_id: int, predicate: str, object_uri: str, *,
             principal: Principal) -> Record:
        """Add a relation from one record to another as a curated RDF value (kept on re-harvest)."""
        with self.store.unit(write=True):  # read and edit in one session and transaction
            with self.store.write() as session:
                record = self._locked(session, subject_id, principal, Action.edit, None)
                current = _edit_values(record, predicate)
            value = {"type": "uri", "value": object_uri}
            if value not in current:
                current.append(value)
            return self.edit(subject_id, {predicate: current}, principal=principal)

    def unlink(self, subject_id: int, predicate: str, object_uri: str, *,
               principal: Principal) -> Record:
        """Remove a relation from one record to another (as a curated edit, kept on re-harvest)."""
        with self.store.unit(write=True):
            with self.store.write() as session:
                record = self._locked(session, subject_id, principal, Action.edit, None)
                current = _edit_values(record, predicate)
            kept = [v for v in current
                    if not (v.get("type") == "uri" and v["value"] == object_uri)]
            if len(kept) == len(current):
                raise NotFound(f"{record.uri} has no {predicate} {object_uri}")
            return self.edit(subject_id, {predicate: kept}, principal=principal)

    def replace_observations(self, indicator_id: int, rows: Iterable[dict], *,
                             principal: Principal) -> int:
        """Replace an indicator's observations with rows of period, area_code, area_label, value."""
        with self.store.write() as session:
            record = session.get(Record, indicator_id)
            if record is None or not KINDS.get(record.kind).observations:
                raise NotFound(f"no indicator {indicator_id}")
            require(principal, Action.edit, record)
            session.exec(delete(Observation).where(Observation.indicator_id == indicator_id))
            count = 0
            for row in rows:
                session.add(Observation(indicator_id=indicator_id, period=str(row["period"]),
                                        area_code=str(row["area_code"]),
                                        area_label=row.get("area_label", ""),
                                        value=row.get("value"), note=row.get("note", "")))
                count += 1
            record.version += 1
            record.modified = utcnow()
            session.add(record)
            self._log(session, record, principal, "observations", {"observations": [None, count]})
        self.changed({record.id})
        return count

    def _locked(self, session: Session, record_id: int, principal: Principal, action: Action,
                expected_version: int | None) -> Record:
        record = session.get(Record, record_id)
        if record is None:
            raise NotFound(f"no record {record_id}")
        require(principal, action, record)  # before the version: a hidden record never conflicts
        if expected_version is not None and record.version != expected_version:
            raise Conflict("this record was changed by someone else; reload it and try again",
                           {"version": [f"expected {expected_version}, found {record.version}"]})
        return record

    def _log(self, session: Session, record: Record, principal: Principal, action: str,
             diff: dict):
        now = utcnow()  # given, not defaulted: see upsert._prepare
        session.add(Revision(record_id=record.id, actor=principal.email, action=action, diff=diff,
                             at=now))
        session.add(Outbox(record_id=record.id, created=now))

    def mint_uri(self, kind: str, slug: str) -> str:
        """Return the URI Atlas gives a local record of this kind."""
        return mint_uri(self.base_uri, kind, slug)

    # --- reading (atlas.records.queries) ----------------------------------------------------

    def get(self, principal: Principal, *, slug: str | None = None, uri: str | None = None,
            record_id: int | None = None, kind: KindFilter | None = None) -> Record:
        """Return one record the principal may see; NotFound otherwise (never a hint it exists)."""
        return queries.get(self.store, principal, slug=slug, uri=uri, record_id=record_id,
                           kind=kind)

    def get_any(self, *, uri: str, kind: KindFilter | None = None) -> Record:
        """Return a record by URI whatever its state (for the service's own callers, not views)."""
        return queries.get_any(self.store, uri=uri, kind=kind)

    def list(self, principal: Principal, *, kind: KindFilter | None = None, offset: int = 0,
             limit: int = 100, modified_since: datetime | None = None) -> list[Record]:
        """Return the records the principal may see, oldest first by id."""
        return queries.list_records(self.store, principal, kind=kind, offset=offset, limit=limit,
                                    modified_since=modified_since)

    def source_defaults(self, records: Iterable[Record]) -> dict[int, dict]:
        """Return the configured defaults of the sources these records came from, by source id."""
        return queries.source_defaults(self.store, records)

    def titles(self, principal: Principal, slugs) -> dict[str, Record]:
        """Return the visible records with these slugs, by slug (for labels of facet values)."""
        return queries.titles(self.store, principal, slugs)

    def find(self, principal: Principal, *, uris, kind: KindFilter | None = None) -> list[Record]:
        """Return the visible records with the given URIs."""
        return queries.find(self.store, principal, uris=uris, kind=kind)

    def count(self, principal: Principal, *, kind: KindFilter | None = None,
              modified_since: datetime | None = None) -> int:
        """Return how many records the principal may see."""
        return queries.count(self.store, principal, kind=kind, modified_since=modified_since)

    def last_change(self, principal: Principal, *, kind: KindFilter | None = None) -> datetime | None:
        """Return when the newest change to a record the principal may see was made."""
        return queries.last_change(self.store, principal, kind=kind)

    def detail(self, record: Record) -> Detail:
        """Return the record's kind-specific row (with distributions for a dataset)."""
        return queries.detail(self.store, record)

    def related(self, principal: Principal, record: Record) -> dict[str, list[Record]]:
        """Return the visible records this record links to and that link to it, by relation."""
        return queries.related(self.store, principal, record)

    def observations(self, record: Record) -> list[Observation]:
        """Return an indicator's observations by period and area."""
        return queries.observations(self.store, record)

    def revisions(self, record: Record) -> list[Revision]:
        """Return a record's history, newest first."""
        return queries.revisions(self.store, record)

    def all_records(self, batch: int = 500) -> Iterator[Record]:
        """Yield every record in id order, in batches (for projections and export)."""
        return queries.all_records(self.store, batch)

    def is_empty(self) -> bool:
        """Tell whether the store holds no records at all."""
        return queries.is_empty(self.store)


def _edit_values(record: Record, predicate: str) -> list[dict]:
    """Return the values a record has for predicate: the curator's, else the harvested ones."""
    if predicate in (record.edits or {}):
        return list(record.edits[predicate])
    graph = from_ntriples(record.source_rdf)
    return [term_to_json(o) for o in graph.objects(URIRef(record.uri), URIRef(predicate))]
