"""The RDF store (Oxigraph on disk): a projection of the store, one named graph per record."""

from __future__ import annotations

import gc
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

from vocab.namespaces import ATLAS

# Beside the records' graphs, the meta graph says each record graph's kind, status and access
# level, so the RDF store alone can tell public from non-public data (for SPARQL).
META_GRAPH = ox.NamedNode("urn:atlas:meta")
META_KIND, META_STATUS, META_ACCESS = (ox.NamedNode(str(ATLAS[name]))
                                      for name in ("kind", "status", "access"))


def _open_for_writing(path: Path, patience: float = 10.0) -> ox.Store:
    """Open the store read-write, waiting while a handle just dropped still holds RocksDB's lock."""
    deadline = time.monotonic() + patience
    delay = 0.01
    while True:
        try:
            return ox.Store(str(path))
        except OSError as exc:
            # The projector lock guarantees no other writer; a lock error here is the previous
            # handle of this process being released (RocksDB closes asynchronously).
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            gc.collect()
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


class RdfStore:
    """Oxigraph on disk: one process writes (the projector), the others read snapshots."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._reader = None
        self._generation = None
        self._writer = None

    def ensure(self) -> None:
        """Create the store on disk when it does not exist yet."""
        if not (self.path / "CURRENT").exists():
            self.path.mkdir(parents=True, exist_ok=True)
            ox.Store(str(self.path)).flush()

    @contextmanager
    def writing(self):
        """Open the store for writing (only the projector, holding the projector lock, does)."""
        with self._lock:
            self._close_reader()
            self.ensure()
            store = _open_for_writing(self.path)
            self._writer = store
        try:
            yield store
            store.flush()
        finally:
            with self._lock:
                self._writer = None
                del store

    def put_many(self, store: ox.Store, records: list[tuple[str, str, str, str, str]]) -> None:
        """Replace the graphs and meta triples of (uri, ntriples, kind, status, access) records.

        The new quads go in with one `extend` (one transaction): a `load` per record cost
        about half a millisecond each, seconds for a scheme of 20,000 concepts.
        """
        quads = []
        for uri, ntriples, kind, status, access in records:
            graph = ox.NamedNode(uri)
            if store.contains_named_graph(graph):
                store.remove_graph(graph)
            for predicate in (META_KIND, META_STATUS, META_ACCESS):
                for quad in list(store.quads_for_pattern(graph, predicate, None, META_GRAPH)):
                    store.remove(quad)
            if ntriples:
                quads.extend(ox.Quad(q.subject, q.predicate, q.object, graph) for q in
                             ox.parse(ntriples.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
            quads.extend(ox.Quad(graph, predicate, ox.Literal(value), META_GRAPH) for
                         predicate, value in ((META_KIND, kind), (META_STATUS, status),
                                              (META_ACCESS, access)))
        store.extend(quads)

    def clear(self) -> None:
        """Remove the whole store (it is rebuilt after this)."""
        with self._lock:
            self._close_reader()
            shutil.rmtree(self.path, ignore_errors=True)
        self.ensure()

    def reader(self, generation: int | None = None) -> ox.Store:
        """Return a store to read: the writer while it is open here, else a read-only snapshot."""
        with self._lock:
            if self._writer is not None:
                return self._writer
            if self._reader is None or generation != self._generation:
                self._close_reader()
                self.ensure()
                self._reader = ox.Store.read_only(str(self.path))
                self._generation = generation
            return self._reader

    def _close_reader(self):
        self._reader = None

    def ping(self) -> bool:
        """Answer a trivial query, proving the store is readable."""
        return bool(self.reader(None).query("ASK { }"))
