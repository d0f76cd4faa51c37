"""Turning a search request into a whoosh query, and its results into hits, facets, suggestions."""

from __future__ import annotations

from whoosh import highlight, query, sorting

from atlas.access import Principal
from atlas.search import (
    FIELD_OF_FACET,
    PLAIN,
    TEXT_FIELDS,
    Hit,
    SearchQuery,
    SearchResult,
    allowed,
    facet_names,
    normalise,
)

PREFIX_MIN, FUZZY_MIN = 3, 5
START, END = "\x02", "\x03"  # marks around matched words in snippets; pages turn them into <mark>


class _Marks(highlight.Formatter):
    """Marks matched words with control characters, so no HTML is made from indexed text."""

    between = " … "

    def format_token(self, text, token, replace=False):
        """Return the matched word between the two marks."""
        return START + highlight.get_text(text, token, replace) + END


MARKS = _Marks()
FIELD_LABELS = {"title": "title", "title_en": "title", "labels": "label",
                "description": "description"}


def run(searcher, principal: Principal, request: SearchQuery) -> SearchResult:
    """Search for what the principal may see; AND over the words first, then OR if nothing."""
    visible = allowed(principal, request.kind)
    words = [token.text for token in PLAIN(request.text)]
    synonyms = _synonyms(searcher, visible, request.text)
    wanted = _facet_filter(request.filters)
    if request.modified_since is not None:
        since = query.NumericRange("modified", request.modified_since, None)
        wanted = query.And([wanted, since]) if wanted is not None else since
    total, hits, facets = 0, [], {}
    for join in (query.And, query.Or):
        main = _main_query(words, synonyms, request.text, join)
        combined = query.And([q for q in (main, wanted) if q is not None]) \
            if wanted is not None else main
        total, hits, facets = _search(searcher, principal, combined, visible, request)
        if total or len(words) < 2:
            break
    for hit in hits:
        hit.matched_via = _matched_via(hit, words, synonyms)
    suggestion = _suggestion(searcher, visible, words) if total < 3 and words else None
    return SearchResult(total, hits, facets, suggestion)


def _main_query(words: list[str], synonyms: list[dict], text: str, join):
    if not words:
        return query.Every()
    per_word = [query.Or(_word_clauses(word)) for word in words]
    found = join(per_word)
    if synonyms:
        expansions = [query.Term("concepts", s["slug"], boost=2.0) for s in synonyms]
        expansions += [query.Term("id", s["id"], boost=3.0) for s in synonyms]
        found = query.Or([found, *expansions])
    # Exact titles and phrases first: optional clauses that only add to the score.
    boosts = [query.Term("title_exact", normalise(text), boost=20.0)]
    if len(words) > 1:
        boosts.append(query.Phrase("title", _analysed("title", " ".join(words)), boost=5.0))
    return query.AndMaybe(found, query.Or(boosts))


def _word_clauses(word: str) -> list:
    clauses = []
    for name in TEXT_FIELDS:
        for term in _analysed(name, word):
            clauses.append(query.Term(name, term))
            if len(term) >= FUZZY_MIN and name != "description":
                clauses.append(query.FuzzyTerm(name, term, boost=0.3, maxdist=1,
                                               prefixlength=2))
        if len(word) >= PREFIX_MIN and name != "description":
            clauses.append(query.Prefix(name, word, boost=0.6))
    return clauses


def _analysed(name: str, text: str) -> list[str]:
    return [token.text for token in TEXT_FIELDS[name](text)]


def _synonyms(searcher, visible, text: str) -> list[dict]:
    """Return the visible concepts having the query as an alternative or hidden label."""
    label = normalise(text)
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


def _search(searcher, principal: Principal, combined, visible, request: SearchQuery):
    names = facet_names(principal)
    groupedby = {name: sorting.FieldFacet(FIELD_OF_FACET.get(name, name), allow_overlap=True)
                 for name in names}
    sortedby, reverse = None, False
    if request.sort == "modified":
        sortedby, reverse = "modified", True
    elif request.sort == "title":
        sortedby = "title_sort"
    limit = request.page * request.page_size
    results = searcher.search(combined, filter=visible, limit=limit, groupedby=groupedby,
                              maptype=sorting.Count, sortedby=sortedby, reverse=reverse,
                              terms=True)
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
    facets = {}
    for name in names:
        counts = results.groups(name)
        facets[name] = sorted(({"value": value, "count": count} for value, count in counts.items()
                               if value not in (None, "")),
                              key=lambda item: (-item["count"], str(item["value"])))
    return len(results), hits, facets


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
