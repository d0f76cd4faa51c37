"""The projector: applies the outbox to the search index and the RDF store, one process at a time."""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import delete, func
from sqlmodel import select

from atlas.db import Store
from atlas.models import Observation, Outbox, ProjectionState, Record
from atlas.rdfstore.store import RdfStore
from atlas.records.kinds import KINDS
from atlas.records.publication import published_graph
from atlas.search import documents as search_documents
from atlas.search.index import SearchIndex

log = logging.getLogger(__name__)
STATE = "projections"


class Projector:
    """Keeps the search index and the RDF store in step with the store.

    Whoever holds the projector lock (a file lock in the instance folder) drains the outbox: for
    each changed record it writes the record's current state to both projections, deletes the
    outbox rows it applied, and moves the projection generation on so readers reopen their views.
    Applying a record's current state is idempotent, so a crash half-way loses nothing: the rows
    are still in the outbox and the next drain applies them again.
    """

    def __init__(self, store: Store, index: SearchIndex, rdf: RdfStore, lock_path: str | Path,
                 batch: int = 200, bulk: int = 25000):
        self.store = store
        self.index = index
        self.rdf = rdf
        self.lock_path = Path(lock_path)
        self.batch = batch  # records read from the store at once
        self.bulk = bulk  # outbox rows applied per index commit (bounds a commit's memory)
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._local = threading.Lock()

    @contextmanager
    def _locked(self, wait: bool):
        """Hold the projector lock (in this process and across processes), or yield False."""
        if not self._local.acquire(blocking=wait):
            yield False
            return
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
            self._local.release()

    def kick(self, wait: bool = False) -> int:
        """Drain the outbox if no other process is doing so; return how many rows were applied."""
        with self._locked(wait) as held:
            if not held:
                return 0
            return self._drain()

    def _drain(self) -> int:
        applied = 0
        while True:
            with self.store.read(own=True) as session:
                rows = list(session.exec(select(Outbox.id, Outbox.record_id)
                                         .order_by(Outbox.id).limit(self.bulk)))
            if not rows:
                return applied
            # Each record once per writer, in its current state (a record changed twice in a
            # row has two outbox rows); one index commit for the lot, not one per batch.
            self._apply_all(list(dict.fromkeys(record_id for _, record_id in rows)))
            with self.store.write(own=True) as session:
                done = [row_id for row_id, _ in rows]
                for start in range(0, len(done), 1000):
                    session.exec(delete(Outbox).where(Outbox.id.in_(done[start:start + 1000])))
                self._advance(session)
            applied += len(rows)

    def _apply_all(self, record_ids: list[int]) -> None:
        """Apply records in batches of `batch` through one index writer and one RDF writer."""
        with self.index.writing() as index_writer, self.rdf.writing() as rdf_writer:
            for start in range(0, len(record_ids), self.batch):
                self._apply(set(record_ids[start:start + self.batch]), index_writer, rdf_writer)

    def _apply(self, record_ids: set[int], index_writer, rdf_writer) -> None:
        with self.store.read(own=True) as session:
            records = {r.id: r for r in session.exec(select(Record)
                                                     .where(Record.id.in_(record_ids)))}
            documents = search_documents.documents(session, list(records.values()))
            graphs = [(r, self._ntriples(session, r)) for r in records.values()]
        removed = [i for i in record_ids if i not in records]
        self.index.apply(documents, removed, index_writer)
        self.rdf.put_many(rdf_writer, [(r.uri, ntriples, r.kind, r.status, r.access)
                                       for r, ntriples in graphs])

    def _ntriples(self, session, record: Record) -> str:
        has_observations = KINDS.get(record.kind).observations
        if not record.edits and not has_observations:
            return record.source_rdf  # published as stored: no need to parse it
        observations = None
        if has_observations:
            observations = list(session.exec(select(Observation)
                                             .where(Observation.indicator_id == record.id)))
        # The store needs no canonical blank-node labels; plain N-Triples is much cheaper.
        return published_graph(record, observations).serialize(format="nt")

    def _advance(self, session) -> None:
        state = session.get(ProjectionState, STATE) or ProjectionState(name=STATE)
        state.generation += 1
        session.add(state)

    def compact(self) -> None:
        """Merge a fragmented search index (holding the projector lock, as any index write)."""
        with self._locked(wait=True):
            self.index.compact()

    def generation(self) -> int:
        """Return the projections' generation (readers reopen their views when it moves)."""
        with self.store.read() as session:  # one statement: it joins the request's unit
            state = session.get(ProjectionState, STATE)
            return state.generation if state else 0

    def pending(self) -> int:
        """Return how many changes wait in the outbox."""
        with self.store.read(own=True) as session:
            return session.exec(select(func.count(Outbox.id))).one()

    def rebuild(self) -> int:
        """Rebuild both projections from the store; return the number of records projected."""
        with self._locked(wait=True):
            with self.store.read(own=True) as session:
                last = session.exec(select(func.max(Outbox.id))).one() or 0
            self.index.clear()
            self.rdf.clear()
            with self.store.read(own=True) as session:
                all_ids = list(session.exec(select(Record.id).order_by(Record.id)))
            for start in range(0, len(all_ids), self.bulk):
                self._apply_all(all_ids[start:start + self.bulk])
            count = len(all_ids)
            self.index.compact(most_segments=1)
            with self.store.write(own=True) as session:
                # Changes made before the rebuild began are in it; later ones stay queued.
                session.exec(delete(Outbox).where(Outbox.id <= last))
                self._advance(session)
            return count

    def start(self, interval: float = 1.0) -> None:
        """Drain the outbox in a background thread every interval seconds (for `atlas serve`)."""
        if self._thread is not None:
            return

        def loop():
            ticks = 0
            while not self._stop.wait(interval):
                ticks += 1
                try:
                    self.kick()
                    if ticks % 600 == 0:  # about every ten minutes
                        with self._locked(wait=False) as held:
                            if held:
                                self.index.compact()
                except Exception:  # keep serving; the outbox keeps the change for the next try
                    log.exception("projector: drain failed")

        self._thread = threading.Thread(target=loop, name="atlas-projector", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the background thread."""
        self._stop.set()
