"""The catalogue service: the only code that writes records, their links, history and outbox.

The web UI, the REST API, the CLI and the harvester all call it with explicit arguments. Every
write lands in one transaction together with a Revision and an Outbox row, so the projections
(search index, RDF store) can follow after commit and never miss a change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from rdflib import Graph, URIRef
from sqlalchemy import delete, func
from sqlmodel import Session, select

from atlas import access
from atlas.access import Principal
from atlas.db import Store
from atlas.errors import Conflict, InvalidInput, NotFound
from atlas.models import (
    Access,
    Concept,
    Kind,
    Link,
    Observation,
    Outbox,
    Record,
    RecordSource,
    Revision,
    Source,
    Status,
    utcnow,
)
from atlas.records.details import PendingRows, load_detail, write_detail
from atlas.records.publication import effective_graph
from atlas.text import slug_of
from vocab import records as vocab_records
from vocab import skos as vocab_skos
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
    outcome: str  # "new" | "updated" | "unchanged"
    conflicts: tuple[str, ...] = ()


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


class Catalogue:
    """Reads and writes catalogue records; the one writer of the store."""

    def __init__(self, store: Store, base_uri: str, on_commit: Callable[[], None] | None = None):
        self.store = store
        self.base_uri = base_uri
        self._on_commit = on_commit or (lambda: None)
        self._deferred: list[bool] | None = None

    def on_commit(self) -> None:
        """Tell the projector that changes were committed (deferred inside `batch()`)."""
        if self._deferred is not None:
            self._deferred.append(True)
        else:
            self._on_commit()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """Hold back projecting until the block ends (bulk loads project once, at the end)."""
        outer = self._deferred is not None
        if not outer:
            self._deferred = []
        try:
            yield
        finally:
            if not outer:
                pending, self._deferred = self._deferred, None
                if pending:
                    self._on_commit()

    # --- writing ---------------------------------------------------------------------------

    def upsert(self, item: RecordInput, *, actor: str, source_id: int | None = None) -> Upserted:
        """Create or update one record from its RDF; skip it when nothing changed."""
        return self.upsert_many([item], actor=actor, source_id=source_id)[0]

    def upsert_many(self, items: Iterable[RecordInput], *, actor: str,
                    source_id: int | None = None) -> list[Upserted]:
        """Create or update several records in one transaction.

        Without a source (imports, the demo, curators) the items' status and access are applied.
        With a source (a harvest) the rules of ownership hold: a record first stored by another
        source, or made in Atlas, is not overwritten ("held", its provenance noted); status and
        access apply to new records only, since curators own them afterwards; a record the
        source had dropped ("vanished") and now offers again is published again.
        """
        items = list(items)
        with self.store.write() as session:
            uris = [item.uri for item in items]
            existing = {r.uri: r for r in session.exec(select(Record).where(Record.uri.in_(uris)))}
            results: list[Upserted | _Pending] = []
            pending_uris: set[str] = set()
            # Records are inserted together (one flush gives them their ids), then their rows.
            with session.no_autoflush:
                for item in items:
                    if item.uri in pending_uris:  # the same URI twice in one batch
                        self._complete_all(session, results, actor, source_id)
                        pending_uris.clear()
                    outcome = self._prepare(session, item, source_id, existing.get(item.uri))
                    if isinstance(outcome, _Pending):
                        existing[item.uri] = outcome.record
                        pending_uris.add(item.uri)
                        session.info["pending_uris"] = pending_uris
                    results.append(outcome)
                self._complete_all(session, results, actor, source_id)
            self._resolve_waiting_links(session)
        if any(r.outcome not in ("unchanged", "held") for r in results):
            self.on_commit()
        return results

    def _prepare(self, session: Session, item: RecordInput, source_id: int | None,
                 record: Record | None) -> Upserted | _Pending:
        """Decide what an item does to its record and set the record's columns (no id needed)."""
        if item.kind not in Kind.__members__:
            raise InvalidInput(f"unknown record kind {item.kind!r}", {"kind": ["unknown kind"]})
        _check_state(item.status, item.access)
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
                            slug=self._free_slug(session, item.slug, item.uri, item.graph,
                                                 fields["title"]),
                            status=item.status or Status.draft,
                            access=item.access or Access.public,
                            edits={}, conflicts=[], created=now, modified=now)
        else:
            before = _snapshot(record)
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
        fields = self._read_fields(session, record, graph, fields)
        session.add(record)
        return _Pending(item, record, fields, is_new, before, tuple(sorted(conflicts)),
                        [] if is_new else source_changes)

    def _complete_all(self, session: Session, results: list, actor: str,
                      source_id: int | None) -> None:
        """Give prepared records their ids, then write their rows; results become Upserted."""
        session.flush()
        # Records of a batch refer to each other (broader, inScheme): their ids are known now.
        cache = session.info.setdefault("ids", {})
        for outcome in results:
            if isinstance(outcome, _Pending):
                record = outcome.record
                cache[(record.uri, None)] = cache[(record.uri, record.kind)] = record.id
        pending = PendingRows()
        for index, outcome in enumerate(results):
            if isinstance(outcome, _Pending):
                results[index] = self._complete(session, outcome, actor, source_id, pending)
        pending.write(session)

    def _complete(self, session: Session, pending: _Pending, actor: str,
                  source_id: int | None, rows: PendingRows) -> Upserted:
        record, fields, is_new = pending.record, pending.fields, pending.is_new
        self._write_rows(session, record, fields, is_new=is_new, pending=rows)
        if source_id is not None:
            _note_provenance(session, record.id, source_id, pending.item.local_key,
                             is_new=is_new)
        after = _snapshot(record)
        diff = {k: [pending.before.get(k), v] for k, v in after.items()
                if pending.before.get(k) != v}
        if is_new:
            session.info.setdefault("new_uris", {})[record.uri] = record.id
        diff["fields"] = sorted(k for k in fields["detail"])
        if pending.changes:
            diff["changes"] = pending.changes
        # As _log does, queued with the batch's other rows.
        now = utcnow()
        rows.add(Revision, {"record_id": record.id, "actor": actor, "at": now, "diff": diff,
                            "action": "create" if is_new else "update"})
        rows.add(Outbox, {"record_id": record.id, "created": now})
        return Upserted(record.id, "new" if is_new else "updated", pending.conflicts)

    def withdraw_vanished(self, record_ids: Iterable[int], *, actor: str) -> int:
        """Withdraw records their source no longer offers; they return if it offers them again."""
        count = 0
        with self.store.write() as session:
            for record in session.exec(select(Record).where(Record.id.in_(list(record_ids)))):
                if record.status == Status.withdrawn:
                    continue
                before = _snapshot(record)
                record.status, record.vanished = Status.withdrawn, True
                record.version += 1
                record.modified = utcnow()
                session.add(record)
                self._log(session, record, actor, "vanished",
                          {"status": [before["status"], Status.withdrawn]})
                count += 1
        if count:
            self.on_commit()
        return count

    def _read_fields(self, session: Session, record: Record, graph: Graph,
                     fields: dict | None = None) -> dict:
        """Copy the typed fields read from graph (unless given) into the record's own columns."""
        if fields is None:
            fields = vocab_records.read(record.kind, graph, URIRef(record.uri))
        if record.kind == Kind.concept:
            # Every label in every language, for exact lookup (the typed columns hold nl/en).
            fields["labels"] = vocab_skos.concept_labels(graph, URIRef(record.uri))
        record.title = fields["title"] or record.slug
        record.title_en = fields["title_en"]
        record.description = fields["description"]
        publisher = fields.get("publisher")
        if publisher and publisher in session.info.get("pending_uris", ()):
            # The publisher is in this same batch, not yet written: write it to learn its id.
            session.flush()
            session.info.get("ids", {}).pop((publisher, Kind.organisation), None)
        record.publisher_id = self._id_of(session, publisher, Kind.organisation)
        return fields

    def _write_rows(self, session: Session, record: Record, fields: dict,
                    is_new: bool = False, pending: PendingRows | None = None) -> None:
        """Write a record's kind-specific row, distributions and links from its typed fields.

        With `pending` (a batch), new rows are queued there and inserted with the batch's.
        """
        # A concept's scheme is the first of its schemes (by IRI) that is stored already.
        schemes = [uri for relation, uri in sorted(fields["links"]) if relation == "in_scheme"]
        extra = {"scheme_id": next((found for uri in schemes if (
            found := self._id_of(session, uri, Kind.conceptscheme))), None)}
        write_detail(session, record, fields, extra, is_new=is_new, pending=pending)
        if not is_new:
            session.exec(delete(Link).where(Link.subject_id == record.id))
        rows = pending if pending is not None else PendingRows()
        for relation, uri in sorted(set(fields["links"])):
            object_id = self._id_of(session, uri)
            rows.add(Link, {"subject_id": record.id, "relation": relation, "object_uri": uri,
                            "object_id": object_id})
            if relation == "top_concept" and object_id is not None:
                # The concept's search document names the scheme it belongs to: refresh it.
                rows.add(Outbox, {"record_id": object_id, "created": utcnow()})
        if pending is None:
            rows.write(session)

    def _apply_fields(self, session: Session, record: Record, graph: Graph) -> dict:
        """Re-read an existing record's typed fields from its RDF and write them."""
        fields = self._read_fields(session, record, graph)
        session.add(record)
        self._write_rows(session, record, fields)
        return fields

    def refresh_rows(self, batch: int = 500) -> int:
        """Re-read every record's typed rows and links from its RDF; return how many.

        For after a schema upgrade: a newer Atlas reads more from the same RDF (label keys,
        editorial status, a scheme's top concepts). The content is unchanged, so no revision
        is written, but the projections are told to follow.
        """
        count, last = 0, 0
        while True:
            with self.store.write() as session:
                records = list(session.exec(select(Record).where(Record.id > last)
                                            .order_by(Record.id).limit(batch)))
                for record in records:
                    self._apply_fields(session, record, effective_graph(record))
                    session.add(Outbox(record_id=record.id))
            if not records:
                break
            count, last = count + len(records), records[-1].id
        if count:
            self.on_commit()
        return count

    def edit(self, record_id: int, edits: dict, *, actor: str,
             expected_version: int | None = None) -> Record:
        """Set the curator's values for some predicates of a record, keeping the harvested layer.

        `edits` maps predicate IRIs to lists of value dicts; an empty list removes the predicate,
        None drops the edit so the harvested value shows again.
        """
        with self.store.write() as session:
            record = self._locked(session, record_id, expected_version)
            before = _snapshot(record)
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
            self._apply_fields(session, record, after_graph)
            diff = {k: [before.get(k), v] for k, v in _snapshot(record).items()
                    if before.get(k) != v}
            diff["edits"] = {p: edits[p] for p in edits}
            diff["changes"] = changes(before_graph, after_graph, URIRef(record.uri))
            self._log(session, record, actor, "edit", diff)
        self.on_commit()
        return record

    def set_state(self, record_id: int, *, actor: str, status: str | None = None,
                  access_level: str | None = None, expected_version: int | None = None) -> Record:
        """Move a record through the workflow or change its access level."""
        _check_state(status, access_level)
        with self.store.write() as session:
            record = self._locked(session, record_id, expected_version)
            before = _snapshot(record)
            record.status = status or record.status
            record.access = access_level or record.access
            record.version += 1
            record.modified = utcnow()
            session.add(record)
            diff = {k: [before.get(k), v] for k, v in _snapshot(record).items()
                    if before.get(k) != v}
            self._log(session, record, actor, "state", diff)
        self.on_commit()
        return record

    def withdraw(self, record_id: int, *, actor: str) -> Record:
        """Withdraw a record: it stays in the store and its history, but is no longer published."""
        return self.set_state(record_id, actor=actor, status=Status.withdrawn)

    def link(self, subject_id: int, predicate: str, object_uri: str, *, actor: str) -> Record:
        """Add a relation from one record to another as a curated RDF value (kept on re-harvest)."""
        with self.store.read() as session:
            record = session.get(Record, subject_id)
            if record is None:
                raise NotFound(f"no record {subject_id}")
            current = [v for v in _edit_values(record, predicate)]
        value = {"type": "uri", "value": object_uri}
        if value not in current:
            current.append(value)
        return self.edit(subject_id, {predicate: current}, actor=actor)

    def unlink(self, subject_id: int, predicate: str, object_uri: str, *, actor: str) -> Record:
        """Remove a relation from one record to another (as a curated edit, kept on re-harvest)."""
        with self.store.read() as session:
            record = session.get(Record, subject_id)
            if record is None:
                raise NotFound(f"no record {subject_id}")
            current = _edit_values(record, predicate)
        kept = [v for v in current if not (v.get("type") == "uri" and v["value"] == object_uri)]
        if len(kept) == len(current):
            raise NotFound(f"{record.uri} has no {predicate} {object_uri}")
        return self.edit(subject_id, {predicate: kept}, actor=actor)

    def replace_observations(self, indicator_id: int, rows: Iterable[dict], *, actor: str) -> int:
        """Replace an indicator's observations with rows of period, area_code, area_label, value."""
        with self.store.write() as session:
            record = session.get(Record, indicator_id)
            if record is None or record.kind != Kind.indicator:
                raise NotFound(f"no indicator {indicator_id}")
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
            self._log(session, record, actor, "observations", {"observations": [None, count]})
        self.on_commit()
        return count

    def _locked(self, session: Session, record_id: int, expected_version: int | None) -> Record:
        record = session.get(Record, record_id)
        if record is None:
            raise NotFound(f"no record {record_id}")
        if expected_version is not None and record.version != expected_version:
            raise Conflict("this record was changed by someone else; reload it and try again",
                           {"version": [f"expected {expected_version}, found {record.version}"]})
        return record

    def _log(self, session: Session, record: Record, actor: str, action: str, diff: dict):
        now = utcnow()  # given, not defaulted: see _prepare
        session.add(Revision(record_id=record.id, actor=actor, action=action, diff=diff, at=now))
        session.add(Outbox(record_id=record.id, created=now))

    def _id_of(self, session: Session, uri: str | None, kind: str | None = None) -> int | None:
        if not uri:
            return None
        # Publishers and concepts recur across a batch: look each up once per transaction.
        cache = session.info.setdefault("ids", {})
        if (uri, kind) not in cache:
            statement = select(Record.id).where(Record.uri == uri)
            if kind:
                statement = statement.where(Record.kind == kind)
            cache[(uri, kind)] = session.exec(statement).first()
        return cache[(uri, kind)]

    def _resolve_waiting_links(self, session: Session) -> None:
        """Point links that named a URI before its record existed at the records just made."""
        new = session.info.pop("new_uris", {})
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

    def _free_slug(self, session: Session, wanted: str | None, uri: str, graph: Graph,
                   title: str | None = None) -> str:
        if wanted:
            if session.exec(select(Record.id).where(Record.slug == wanted)).first():
                raise Conflict(f"the id {wanted!r} is taken", {"slug": ["taken"]})
            return wanted
        if title is None:
            title = vocab_records.read_title(graph, URIRef(uri))
        base = slug_of(title)[:60] or "record"
        return f"{base}-{hashlib.sha1(uri.encode()).hexdigest()[:8]}"

    def mint_uri(self, kind: str, slug: str) -> str:
        """Return the URI Atlas gives a local record of this kind."""
        return f"{self.base_uri}/{PATH_OF_KIND[kind]}/{slug}"

    # --- reading ---------------------------------------------------------------------------

    def get(self, principal: Principal, *, slug: str | None = None, uri: str | None = None,
            record_id: int | None = None, kind: str | None = None) -> Record:
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
            statement = statement.where(Record.kind.in_(_kinds(kind)))
        with self.store.read() as session:
            record = session.exec(statement).first()
        if record is None:
            raise NotFound("no such record")
        return record

    def get_any(self, *, uri: str, kind: str | None = None) -> Record:
        """Return a record by URI whatever its state (for the service's own callers, not views)."""
        from atlas.models import Role

        return self.get(Principal(user_id=0, role=Role.admin), uri=uri, kind=kind)

    def list(self, principal: Principal, *, kind: str | None = None, offset: int = 0,
             limit: int = 100, modified_since: datetime | None = None) -> list[Record]:
        """Return the records the principal may see, oldest first by id."""
        statement = select(Record.id).where(access.record_filter(principal))
        if kind is not None:
            statement = statement.where(Record.kind.in_(_kinds(kind)))
        if modified_since is not None:
            statement = statement.where(Record.modified >= modified_since)
        statement = statement.order_by(Record.id).offset(offset).limit(limit)
        with self.store.read() as session:
            # Page over ids (an index walk), then load only the rows of the page: skipping
            # whole rows with OFFSET costs more the further into the catalogue a page is.
            ids = list(session.exec(statement))
            if not ids:
                return []
            rows = session.exec(select(Record).where(Record.id.in_(ids)).order_by(Record.id))
            return list(rows)

    def source_defaults(self, records: Iterable[Record]) -> dict[int, dict]:
        """Return the configured defaults of the sources these records came from, by source id."""
        ids = {r.source_id for r in records if r.source_id is not None}
        if not ids:
            return {}
        with self.store.read() as session:
            return {s.id: s.defaults or {} for s in session.exec(
                select(Source).where(Source.id.in_(list(ids))))}

    def titles(self, principal: Principal, slugs) -> dict[str, Record]:
        """Return the visible records with these slugs, by slug (for labels of facet values)."""
        slugs = [s for s in slugs if s]
        if not slugs:
            return {}
        statement = select(Record).where(access.record_filter(principal), Record.slug.in_(slugs))
        with self.store.read() as session:
            return {r.slug: r for r in session.exec(statement)}

    def find(self, principal: Principal, *, uris, kind: str | None = None) -> list[Record]:
        """Return the visible records with the given URIs."""
        uris = list(uris)
        if not uris:
            return []
        statement = select(Record).where(access.record_filter(principal), Record.uri.in_(uris))
        if kind is not None:
            statement = statement.where(Record.kind.in_(_kinds(kind)))
        with self.store.read() as session:
            return list(session.exec(statement))

    def count(self, principal: Principal, *, kind: str | None = None,
              modified_since: datetime | None = None) -> int:
        """Return how many records the principal may see."""
        statement = select(func.count(Record.id)).where(access.record_filter(principal))
        if kind is not None:
            statement = statement.where(Record.kind.in_(_kinds(kind)))
        if modified_since is not None:
            statement = statement.where(Record.modified >= modified_since)
        with self.store.read() as session:
            return session.exec(statement).one()

    def last_change(self, principal: Principal, *, kind: str | None = None) -> datetime | None:
        """Return when the newest change to a record the principal may see was made."""
        statement = select(func.max(Record.modified)).where(access.record_filter(principal))
        if kind is not None:
            statement = statement.where(Record.kind.in_(_kinds(kind)))
        with self.store.read() as session:
            moment = session.exec(statement).one()
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)  # SQLite hands back naive UTC
        return moment

    def detail(self, record: Record):
        """Return the record's kind-specific row (with distributions for a dataset)."""
        with self.store.read() as session:
            return load_detail(session, record)

    def related(self, principal: Principal, record: Record) -> dict[str, list[Record]]:
        """Return the visible records this record links to and that link to it, by relation."""
        with self.store.read() as session:
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
            if record.kind == Kind.conceptscheme:
                # A scheme's members are its tree (atlas.definitions), not a list of thousands.
                incoming_links = incoming_links.where(Link.relation != "in_scheme")
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

    def observations(self, record: Record) -> list[Observation]:
        """Return an indicator's observations by period and area."""
        with self.store.read() as session:
            return list(session.exec(select(Observation)
                                     .where(Observation.indicator_id == record.id)
                                     .order_by(Observation.period, Observation.area_code)))

    def revisions(self, record: Record) -> list[Revision]:
        """Return a record's history, newest first."""
        with self.store.read() as session:
            return list(session.exec(select(Revision).where(Revision.record_id == record.id)
                                     .order_by(Revision.id.desc())))

    def all_records(self, batch: int = 500):
        """Yield every record in id order, in batches (for projections and export)."""
        last = 0
        while True:
            with self.store.read() as session:
                rows = list(session.exec(select(Record).where(Record.id > last)
                                         .order_by(Record.id).limit(batch)))
            if not rows:
                return
            yield from rows
            last = rows[-1].id

    def is_empty(self) -> bool:
        """Tell whether the store holds no records at all."""
        with self.store.read() as session:
            return session.exec(select(Record.id).limit(1)).first() is None


PATH_OF_KIND = {
    Kind.dataset: "datasets", Kind.dataservice: "dataservices", Kind.concept: "definitions",
    Kind.conceptscheme: "definitions", Kind.indicator: "indicators",
    Kind.organisation: "organisations",
}


def _kinds(kind: str) -> tuple[str, ...]:
    # Pages under /definitions/ show concepts and schemes, /datasets/ datasets and services.
    return {"definition": (Kind.concept, Kind.conceptscheme),
            "anydataset": (Kind.dataset, Kind.dataservice)}.get(kind, (kind,))


def _check_state(status: str | None, access_level: str | None) -> None:
    errors = {}
    if status is not None and status not in Status.__members__:
        errors["status"] = [f"one of {', '.join(Status)}"]
    if access_level is not None and access_level not in Access.__members__:
        errors["access"] = [f"one of {', '.join(Access)}"]
    if errors:
        raise InvalidInput("invalid status or access level", errors)


def _snapshot(record: Record) -> dict:
    return {"title": record.title, "title_en": record.title_en,
            "description": record.description, "status": record.status,
            "access": record.access, "content_hash": record.content_hash}


def _edit_values(record: Record, predicate: str) -> list[dict]:
    if predicate in (record.edits or {}):
        return list(record.edits[predicate])
    from vocab.description import term_to_json

    graph = from_ntriples(record.source_rdf)
    return [term_to_json(o) for o in graph.objects(URIRef(record.uri), URIRef(predicate))]


def _note_provenance(session: Session, record_id: int, source_id: int, local_key: str,
                     refresh: bool = True, is_new: bool = False) -> None:
    row = None if is_new else session.get(RecordSource, (record_id, source_id))
    if row is None:
        row = RecordSource(record_id=record_id, source_id=source_id, local_key=local_key)
    elif not refresh:
        return
    row.last_seen = utcnow()
    session.add(row)


__all__ = ["Catalogue", "RecordInput", "Upserted", "PATH_OF_KIND"]
