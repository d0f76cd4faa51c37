"""The whoosh index in the instance folder: a projection written only by the projector."""

from __future__ import annotations

import logging
import shutil
import threading
from contextlib import contextmanager
from pathlib import Path

from whoosh import index

from atlas.access import Principal
from atlas.search import whoosh_query
from atlas.search.query import SearchQuery, SearchResult
from atlas.search.schema import DOCUMENTS_VERSION, SCHEMA

log = logging.getLogger(__name__)
VERSION_FILE = "documents-version"  # beside whoosh's files, which whoosh never cleans up


class SearchIndex:
    """A whoosh index in the instance folder; written only by the projector."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        # One searcher per thread: a whoosh searcher reads through shared file positions, so two
        # threads of an `atlas serve` worker searching with one garble each other's reads.
        self._local = threading.local()

    def ensure(self) -> bool:
        """Create the index when it does not exist yet, or is outdated; tell whether it did.

        An index with an older schema or older documents is emptied: `atlas init` then
        rebuilds it from the store (and `atlas reindex` always can).
        """
        if index.exists_in(self.path):
            if self._current():
                return False
            log.warning("search index %s was built by an older Atlas: emptied for a rebuild",
                        self.path)
            shutil.rmtree(self.path)
        self.path.mkdir(parents=True, exist_ok=True)
        # The version first: an index whose table of contents exists always says its version.
        (self.path / VERSION_FILE).write_text(f"{DOCUMENTS_VERSION}\n")
        index.create_in(self.path, SCHEMA)
        return True

    def _current(self) -> bool:
        """Tell whether the index on disk has this schema and this documents version."""
        version = self.path / VERSION_FILE
        if not version.exists() or version.read_text().strip() != str(DOCUMENTS_VERSION):
            return False
        return set(index.open_dir(self.path).schema.names()) == set(SCHEMA.names())

    def clear(self) -> None:
        """Remove every document (the index is rebuilt after this)."""
        self._close()
        shutil.rmtree(self.path, ignore_errors=True)
        self.ensure()

    @contextmanager
    def writing(self):
        """Open one writer for several `apply` calls, committed once at the end (or cancelled).

        Each commit writes a segment and merges small ones, so a bulk drain that committed
        every few hundred documents spent most of its time merging.
        """
        self.ensure()
        # 256 MB of postings in memory before spilling sorted runs to disk (whoosh: 128)
        writer = index.open_dir(self.path).writer(timeout=60, limitmb=256)
        try:
            yield writer
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def apply(self, documents: list[dict], removed: list[int], writer=None) -> None:
        """Write changed documents and remove deleted ones (in one commit without a writer).

        Within one writer a record must be applied once: whoosh deletes an earlier version
        only from committed segments, so a second update would leave two documents.
        """
        if writer is None:
            with self.writing() as own:
                return self.apply(documents, removed, own)
        for record_id in removed:
            writer.delete_by_term("id", str(record_id))
        for doc in documents:
            writer.update_document(**doc)

    def compact(self, most_segments: int = 4) -> None:
        """Merge the index into one segment when it has become fragmented.

        Every projector commit adds a segment; a search walks each one, so many small segments
        (after a long harvest, say) make every query slower. Only the projector calls this,
        after bulk work and now and then in `atlas serve`, not after every commit.
        """
        ix = index.open_dir(self.path)
        if len(ix.reader().leaf_readers()) > most_segments:
            ix.optimize()

    def _searcher_for(self, generation: int | None):
        local = self._local
        if getattr(local, "searcher", None) is None or generation != local.generation:
            self._close()
            self.ensure()
            local.searcher = index.open_dir(self.path).searcher()
            local.generation = generation
        return local.searcher

    def _close(self):
        """Close this thread's searcher (others reopen theirs when the generation moves)."""
        if getattr(self._local, "searcher", None) is not None:
            self._local.searcher.close()
            self._local.searcher = None

    def query(self, principal: Principal, request: SearchQuery,
              generation: int | None = None) -> SearchResult:
        """Answer a search for a principal: only what it may see is in hits, counts, suggestions."""
        return whoosh_query.run(self._searcher_for(generation), principal, request)

    def ping(self) -> int:
        """Return the number of documents, proving the index answers."""
        self.ensure()
        with index.open_dir(self.path).searcher() as searcher:
            return searcher.doc_count()
