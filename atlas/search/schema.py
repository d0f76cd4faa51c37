"""What the whoosh index holds: its fields, their analysis, and the version of their keys."""

from __future__ import annotations

from whoosh.analysis import CharsetFilter, LanguageAnalyzer, LowercaseFilter, RegexTokenizer
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.support.charset import accent_map

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
FIELD_OF_FACET = {"type": "kind"}
# What the documents' keys mean beyond the schema's field names: bump it when the documents
# change what a field holds (2: title_exact, title_sort and altlabels are `atlas.text.fold`),
# so that an index built by an older Atlas is rebuilt instead of answering with stale keys.
DOCUMENTS_VERSION = 2
