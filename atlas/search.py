"""The full-text search index (whoosh): a projection of the store, rebuildable at any time."""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

from whoosh import index, qparser, query
from whoosh.analysis import CharsetFilter, LanguageAnalyzer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from atlas.access import Principal, search_filter
from atlas.models import Record

# Dutch stemming and stop words, with accents folded so "coördinaat" finds "coordinaat".
DUTCH = LanguageAnalyzer("nl") | CharsetFilter(accent_map)

SCHEMA = Schema(
    id=ID(stored=True, unique=True),
    kind=ID(stored=True),
    slug=STORED,
    uri=STORED,
    status=ID(stored=True),
    access=ID(stored=True),
    publisher=ID(stored=True),
    themes=KEYWORD(stored=True, commas=True),
    title=TEXT(analyzer=DUTCH, stored=True, field_boost=3.0),
    title_en=TEXT(stored=True, field_boost=2.0),
    description=TEXT(analyzer=DUTCH, stored=True),
    labels=TEXT(analyzer=DUTCH, stored=True, field_boost=2.0),
)

SEARCH_FIELDS = ("title", "title_en", "labels", "description")


@dataclass
class Hit:
    """One search result."""

    id: int
    kind: str
    slug: str
    uri: str
    title: str
    snippet: str
    title_en: str = ""


def document(record: Record, labels: list[str], themes: list[str]) -> dict:
    """Return the index document of a record."""
    return {
        "id": str(record.id), "kind": record.kind, "slug": record.slug, "uri": record.uri,
        "status": record.status, "access": record.access,
        "publisher": str(record.publisher_id or ""), "themes": ",".join(themes),
        "title": record.title, "title_en": record.title_en,
        "description": record.description, "labels": " | ".join(labels),
    }


class SearchIndex:
    """A whoosh index in the instance folder; written only by the projector."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._lock = threading.Lock()
        self._searcher = None
        self._generation = None

    def ensure(self) -> None:
        """Create the index when it does not exist yet."""
        if not index.exists_in(self.path):
            self.path.mkdir(parents=True, exist_ok=True)
            index.create_in(self.path, SCHEMA)

    def clear(self) -> None:
        """Remove every document (the index is rebuilt after this)."""
        shutil.rmtree(self.path, ignore_errors=True)
        self._close()
        self.ensure()

    def apply(self, documents: list[dict], removed: list[int]) -> None:
        """Write changed documents and remove deleted ones, in one commit."""
        self.ensure()
        ix = index.open_dir(self.path)
        writer = ix.writer(timeout=60)
        try:
            for record_id in removed:
                writer.delete_by_term("id", str(record_id))
            for doc in documents:
                writer.update_document(**doc)
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def _searcher_for(self, generation: int | None):
        with self._lock:
            if self._searcher is None or generation != self._generation:
                self._close()
                self.ensure()
                self._searcher = index.open_dir(self.path).searcher()
                self._generation = generation
            return self._searcher

    def _close(self):
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None

    def search(self, principal: Principal, text: str, *, kind: str | None = None,
               page: int = 1, page_size: int = 20, generation: int | None = None
               ) -> tuple[int, list[Hit]]:
        """Return the total and one page of the records matching text that principal may see."""
        searcher = self._searcher_for(generation)
        parser = qparser.MultifieldParser(SEARCH_FIELDS, SCHEMA, group=qparser.OrGroup.factory(0.9))
        parsed = parser.parse(text) if text.strip() else query.Every()
        filters = [f for f in (search_filter(principal),
                               query.Term("kind", kind) if kind else None) if f is not None]
        allowed = query.And(filters) if filters else None
        results = searcher.search_page(parsed, page, pagelen=page_size, filter=allowed)
        results.results.fragmenter.charlimit = None
        hits = [Hit(int(r["id"]), r["kind"], r["slug"], r["uri"], r["title"],
                    r.highlights("description") or r["description"][:200],
                    r.get("title_en", "")) for r in results]
        return results.total, hits

    def all_documents(self) -> dict[str, dict]:
        """Return every stored document by id (for checks and tests)."""
        self.ensure()
        with index.open_dir(self.path).searcher() as searcher:
            return {doc["id"]: doc for doc in searcher.all_stored_fields()}

    def ping(self) -> int:
        """Return the number of documents, proving the index answers."""
        self.ensure()
        with index.open_dir(self.path).searcher() as searcher:
            return searcher.doc_count()
