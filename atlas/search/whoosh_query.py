"""Turning a search request into a whoosh query, and its results into hits, facets, suggestions."""

from __future__ import annotations

from whoosh import highlight, query

from atlas.access import Principal, visible_access_levels
from atlas.models import Status
from atlas.search.query import END, START, Hit, SearchQuery, SearchResult, facet_names
from atlas.search.schema import FIELD_OF_FACET, PLAIN, TEXT_FIELDS
from atlas.text import fold

PREFIX_MIN, FUZZY_MIN = 3, 5


def allowed(principal: Principal, kind: str | None = None):
    """Return the whoosh filter of what a principal may see (and of a kind)."""
    parts = [f for f in (search_filter(principal),
                         query.Term("kind", kind) if kind else None) if f is not None]
    return query.And(parts) if parts else None


class _Marks(highlight.Formatter):
    """Marks matched words with control characters, so no HTML is made from indexed text."""

    between = " … "

    def format_token(self, text, token, replace=False):
        """Return the matched word between the two marks."""
        return START + highlight.get_text(text, token, replace) + END


MARKS = _Marks()
FIELD_LABELS = {"title": "title", "title_en": "title", "labels": "label",
                "description": "description"}


class _Cache:
    """What every search on one index generation reuses: filter sets and facet postings."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.filters: dict = {}
        self.values: dict[str, dict[str, set[int]]] = {}

    def visible(self, principal: Principal, kind: str | None) -> set[int]:
        """Return the document numbers a principal may see (of a kind), computed once."""
        key = (visible_access_levels(principal), kind)
        if key not in self.filters:
            wanted = allowed(principal, kind)
            self.filters[key] = set(self.searcher.docs_for_query(wanted)) if wanted is not None \
                else set(self.searcher.reader().all_doc_ids())
        return self.filters[key]

    def facet(self, name: str) -> dict[str, set[int]]:
        """Return, for each value of a facet, the documents having it (read once per index)."""
        if name not in self.values:
            fieldname = FIELD_OF_FACET.get(name, name)
            table: dict[str, set[int]] = {}
            for docnum, stored in self.searcher.reader().iter_docs():
                raw = stored.get(fieldname) or ""
                for value in (raw.split(",") if "," in raw else [raw]):
                    if value:
                        table.setdefault(value, set()).add(docnum)
            self.values[name] = table
        return self.values[name]


def _cache(searcher) -> _Cache:
    cache = getattr(searcher, "_atlas_cache", None)
    if cache is None:
        cache = searcher._atlas_cache = _Cache(searcher)
    return cache


def run(searcher, principal: Principal, request: SearchQuery) -> SearchResult:
    """Search for what the principal may see: all words, then with typos, then any word.

    A word matches by its stem, as the start of a longer word ("fiets" finds "fietsparkeren")
    and, for longer words, with one typo; exact titles and phrases rank first. A query that is
    an alternative or hidden label of a concept also finds the concept and whatever is linked
    to it, and the hit says so (`matched_via`).
    """
    cache = _cache(searcher)
    visible = cache.visible(principal, request.kind)
    # Stop words of either language and one-letter words ("de", "of", "x") are left out; a
    # query of only such words finds nothing rather than everything, and says why.
    words = [token.text for token in PLAIN(request.text) if _searchable(token.text)]
    synonyms = _synonyms(searcher, visible, request.text)
    if not words and not synonyms and request.text.strip():
        empty = {name: [] for name in facet_names(principal)}
        return SearchResult(0, [], empty, None, words_too_common=True)
    wanted = _facet_filter(request.filters)
    if request.modified_since is not None:
        since = query.NumericRange("modified", request.modified_since, None)
        wanted = query.And([wanted, since]) if wanted is not None else since
    total, hits, facets = 0, [], {}
    # Typo matching costs most (every near term of the dictionary): only when needed.
    for join, fuzzy in ((query.And, False), (query.And, True), (query.Or, True)):
        if join is query.Or and len(words) < 2:
            break
        main = _main_query(words, synonyms, request.text, join, fuzzy)
        combined = query.And([q for q in (main, wanted) if q is not None]) \
            if wanted is not None else main
        total, hits, facets = _search(searcher, cache, principal, combined, visible, request)
        if total or not words:
            break
    for hit in hits:
        hit.matched_via = _matched_via(hit, words, synonyms)
    suggestion = _suggestion(searcher, visible, words) if total < 3 and words else None
    return SearchResult(total, hits, facets, suggestion)


def _main_query(words: list[str], synonyms: list[dict], text: str, join, fuzzy: bool = True):
    if not words and not synonyms:
        return query.Every()
    found = [join([query.Or(_word_clauses(word, fuzzy)) for word in words])] if words else []
    if synonyms:
        expansions = [query.Term("concepts", s["slug"], boost=2.0) for s in synonyms]
        expansions += [query.Term("id", s["id"], boost=3.0) for s in synonyms]
        found = [query.Or([*found, *expansions])]
    # Exact titles and phrases first: optional clauses that only add to the score.
    boosts = [query.Term("title_exact", fold(text), boost=20.0)]
    phrase = _analysed("title", " ".join(words))
    if len(phrase) > 1:  # whoosh cannot run a phrase of no words (make_binary_tree([]))
        boosts.append(query.Phrase("title", phrase, boost=5.0))
    return query.AndMaybe(found[0], query.Or(boosts))


def _searchable(word: str) -> bool:
    """Tell whether a word is kept by both the Dutch and the English analysis."""
    return all(_analysed(name, word) for name in ("title", "title_en"))


def _word_clauses(word: str, fuzzy: bool = True) -> list:
    clauses = []
    for name in TEXT_FIELDS:
        for term in _analysed(name, word):
            clauses.append(query.Term(name, term))
            if fuzzy and len(term) >= FUZZY_MIN and name != "description":
                clauses.append(query.FuzzyTerm(name, term, boost=0.3, maxdist=1,
                                               prefixlength=2))
        if len(word) >= PREFIX_MIN and name != "description":
            clauses.append(query.Prefix(name, word, boost=0.6))
    return clauses


def _analysed(name: str, text: str) -> list[str]:
    return [token.text for token in TEXT_FIELDS[name](text)]


def _synonyms(searcher, visible, text: str) -> list[dict]:
    """Return the visible concepts having the query as an alternative or hidden label."""
    label = fold(text)
    if not label:
        return []
    found = searcher.search(query.Term("altlabels", label), filter=visible, limit=5)
    return [{"id": hit["id"], "slug": hit["slug"], "label": hit["title"], "alt": text.strip()}
            for hit in found]


def _facet_filter(filters: dict[str, list[str]]):
    groups = []
    for name, values in filters.items():
        values = [v for v in values if v]
        if values:
            fieldname = FIELD_OF_FACET.get(name, name)
            groups.append(query.Or([query.Term(fieldname, v) for v in values]))
    return query.And(groups) if groups else None


def _search(searcher, cache: _Cache, principal: Principal, combined, visible: set[int],
            request: SearchQuery):
    sortedby, reverse = None, False
    if request.sort == "modified":
        sortedby, reverse = "modified", True
    elif request.sort == "title":
        sortedby = "title_sort"
    limit = request.page * request.page_size
    results = searcher.search(combined, filter=visible, limit=limit, sortedby=sortedby,
                              reverse=reverse, terms=True)
    results.fragmenter.charlimit = None
    results.formatter = MARKS
    start = (request.page - 1) * request.page_size
    hits = []
    for found in results[start:limit]:
        hit = Hit(int(found["id"]), found["kind"], found["slug"], found["uri"], found["title"],
                  found.highlights("description") or found["description"][:220],
                  found.get("title_en", ""))
        hit.matched = {field for field, _ in (found.matched_terms() or [])}
        hit.concepts = set(filter(None, (found.get("concepts") or "").split(",")))
        hits.append(hit)
    matched = visible & set(searcher.docs_for_query(combined)) \
        if not isinstance(combined, query.Every) else visible
    facets = {name: _counts(cache.facet(name), matched) for name in facet_names(principal)}
    return len(matched), hits, facets


def _counts(table: dict[str, set[int]], matched: set[int]) -> list[dict]:
    """Count the matched documents per facet value (set intersections run in C)."""
    counts = []
    for value, docs in table.items():
        count = len(docs & matched) if len(docs) < len(matched) else len(matched & docs)
        if count:
            counts.append({"value": value, "count": count})
    return sorted(counts, key=lambda item: (-item["count"], item["value"]))


def _matched_via(hit: Hit, words: list[str], synonyms: list[dict]) -> str:
    matched = getattr(hit, "matched", set())
    for synonym in synonyms:
        if synonym["slug"] in hit.concepts or str(hit.id) == synonym["id"]:
            if not matched & set(FIELD_LABELS):
                return f"synoniem: {synonym['alt']} → {synonym['label']}"
    for name in ("title_exact", "title", "title_en", "labels", "description"):
        if name in matched:
            return FIELD_LABELS.get(name, "title")
    return "concept" if "concepts" in matched else ""


def _suggestion(searcher, visible, words: list[str]) -> str | None:
    """Return a corrected query built from the index's own words, if it finds something."""
    corrector = searcher.corrector("words")
    corrected = []
    for word in words:
        options = corrector.suggest(word, limit=1, maxdist=2)
        corrected.append(options[0] if options else word)
    if corrected == words:
        return None
    # Only suggest what the caller would find: words of hidden records are never offered.
    check = query.And([query.Or(_word_clauses(word)) for word in corrected])
    if not searcher.search(check, filter=visible, limit=1):
        return None
    return " ".join(corrected)


def search_filter(principal: Principal):
    """Return a whoosh query selecting what the principal may see, or None for everything."""
    levels = visible_access_levels(principal)
    if levels is None:
        return None
    return query.And([query.Term("status", Status.published),
                      query.Or([query.Term("access", level) for level in levels])])
