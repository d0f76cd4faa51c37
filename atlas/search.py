"""Full-text search (whoosh): Dutch- and English-aware, synonym-aware, faceted, access-aware.

The index is a projection of the store, written only by the projector and rebuildable with
`atlas reindex`. A query matches each word by its stem, as the start of a longer word
("fiets" finds "fietsparkeren") and, for longer words, with one typo; exact titles and phrases
rank first. A query that is an alternative or hidden label of a concept also finds the concept's
preferred label and whatever is linked to that concept, and the hit says so (`matched_via`).
"""

from __future__ import annotations

import logging
import shutil
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index, query
from whoosh.analysis import CharsetFilter, LanguageAnalyzer, LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

from atlas.access import Principal, search_filter, visible_access_levels

log = logging.getLogger(__name__)

DUTCH = LanguageAnalyzer("nl") | CharsetFilter(accent_map)
ENGLISH = LanguageAnalyzer("en") | CharsetFilter(accent_map)
PLAIN = RegexTokenizer() | LowercaseFilter() | CharsetFilter(accent_map)

SCHEMA = Schema(
    id=ID(stored=True, unique=True), kind=ID(stored=True), slug=STORED, uri=STORED,
    status=ID(stored=True), access=ID(stored=True),
    title=TEXT(analyzer=DUTCH, stored=True, field_boost=4.0),
    title_en=TEXT(analyzer=ENGLISH, stored=True, field_boost=3.0),
    title_exact=ID, title_sort=ID(sortable=True),
    labels=TEXT(analyzer=DUTCH, stored=True, field_boost=2.0),
    description=TEXT(analyzer=DUTCH, stored=True),
    words=TEXT(analyzer=PLAIN),  # unstemmed words of titles and labels: typo suggestions
    altlabels=KEYWORD(commas=True, stored=True),  # a concept's alternative and hidden labels
    concepts=KEYWORD(commas=True, stored=True),  # concepts a record is linked to (their slugs)
    theme=KEYWORD(commas=True, stored=True), publisher=ID(stored=True),
    source=ID(stored=True), format=KEYWORD(commas=True, stored=True),
    licence=KEYWORD(commas=True, stored=True), keyword=KEYWORD(commas=True, stored=True),
    scheme=ID(stored=True), modified=NUMERIC(stored=True, sortable=True),
)
TEXT_FIELDS = {"title": DUTCH, "title_en": ENGLISH, "labels": DUTCH, "description": DUTCH}
FACETS = ("type", "theme", "publisher", "source", "format", "licence", "keyword", "scheme",
          "access", "status")
FIELD_OF_FACET = {"type": "kind"}
SORTS = ("relevance", "modified", "title")
# What the documents' keys mean beyond the schema's field names: bump it when the documents
# change what a field holds (2: title_exact, title_sort and altlabels are `atlas.text.fold`),
# so that an index built by an older Atlas is rebuilt instead of answering with stale keys.
DOCUMENTS_VERSION = 2
VERSION_FILE = "documents-version"  # beside whoosh's files, which whoosh never cleans up


@dataclass
class SearchQuery:
    """What a caller asks: words, a kind, facet filters, a sort and a page."""

    text: str = ""
    kind: str | None = None
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20
    modified_since: int | None = None  # a POSIX timestamp: only records changed since then


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
    matched_via: str = ""


@dataclass
class SearchResult:
    """The hits of one page, the total, the facet counts and a spelling suggestion."""

    total: int
    hits: list[Hit]
    facets: dict[str, list[dict]]
    suggestion: str | None = None
    words_too_common: bool = False  # the query had words, but only ones search leaves out


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
        from atlas.search_query import run

        return run(self._searcher_for(generation), principal, request)

    def ping(self) -> int:
        """Return the number of documents, proving the index answers."""
        self.ensure()
        with index.open_dir(self.path).searcher() as searcher:
            return searcher.doc_count()


def allowed(principal: Principal, kind: str | None = None):
    """Return the whoosh filter of what a principal may see (and of a kind)."""
    parts = [f for f in (search_filter(principal),
                         query.Term("kind", kind) if kind else None) if f is not None]
    return query.And(parts) if parts else None


def facet_names(principal: Principal) -> tuple[str, ...]:
    """Return the facets a principal is shown: access for staff, status for curators."""
    levels = visible_access_levels(principal)
    hidden = set()
    if levels is not None and len(levels) < 2:
        hidden.add("access")
    if levels is not None:
        hidden.add("status")
    return tuple(f for f in FACETS if f not in hidden)

