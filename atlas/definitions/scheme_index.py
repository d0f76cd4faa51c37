"""A concept scheme's A–Z index, read from the normalised label keys (`ConceptLabel`).

An index line is a visible member's preferred label in the page's language, or one of its
alternative labels in that language or untagged. The letters are counted by one GROUP BY and a
letter's lines come from one ordered, limited query, so a scheme of 20,000 concepts is never
sorted in Python. A preferred label with no key of its own (a concept without skos:prefLabel is
titled by its slug) is keyed here; there are seldom more than a few.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Text as SqlText
from sqlalchemy import and_, case, false, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased

from atlas import access
from atlas.access import Principal
from atlas.db import Store
from atlas.definitions.hierarchy import Entry, members_of
from atlas.definitions.shape_cache import ShapeCache, store_stamp
from atlas.models import Concept, ConceptLabel, Kind, Record
from atlas.text import fold

AZ_PAGE_LIMIT = 500  # index entries shown at once before the index goes one letter at a time


@dataclass(frozen=True)
class IndexEntry:
    """One line of the A–Z index: a label and the concept it names (an alternative label or not)."""

    label: str
    lang: str
    entry: Entry
    is_alt: bool


@dataclass
class AlphabeticalIndex:
    """The index of one scheme for one caller and language: its letters, and lines on demand."""

    store: Store
    principal: Principal
    scheme_id: int
    lang: str
    letters: list[tuple[str, int]]  # (letter, number of lines), in index order
    _firsts: dict[str, list[str]]  # letter -> first characters of keys filed under it
    _unkeyed: list[tuple[str, bool, int, IndexEntry]]  # lines keyed in Python

    @property
    def total(self) -> int:
        """Return the number of lines in the whole index."""
        return sum(n for _, n in self.letters)

    def lines(self, letter: str | None = None, offset: int = 0,
              limit: int | None = None) -> list[tuple[str, list[IndexEntry]]]:
        """Return the index's lines by letter: all letters, or one letter's from offset on."""
        firsts = None if letter is None else self._firsts.get(letter, [])
        lines = _lines_query(self.principal, self.scheme_id, self.lang, firsts)
        statement = select(lines).order_by(lines.c.key, lines.c.is_alt, lines.c.concept_id)
        unkeyed = self._unkeyed
        if letter is not None:
            unkeyed = [u for u in unkeyed if letter_of_key(u[0]) == letter]
        if limit is not None:
            # Lines keyed in Python are merged in, so with any of them read from the start.
            statement = statement.limit(limit + offset if unkeyed else limit)
            statement = statement.offset(0 if unkeyed else offset)
        with self.store.read() as session:
            rows = session.connection().execute(statement).all()
        keyed = [(key, bool(is_alt), concept_id,
                  IndexEntry(label, lang, Entry(concept_id, uri, slug, title, title_en),
                             bool(is_alt)))
                 for key, is_alt, concept_id, label, lang, uri, slug, title, title_en in rows]
        if unkeyed:
            keyed = sorted(keyed + unkeyed, key=lambda line: line[:3])
            keyed = keyed[offset:offset + limit] if limit is not None else keyed[offset:]
        grouped: dict[str, list[IndexEntry]] = {}
        for key, _, _, line in keyed:
            grouped.setdefault(letter_of_key(key), []).append(line)
        return sorted(grouped.items(), key=lambda item: letter_order(item[0]))


def alphabetical(store: Store, principal: Principal, scheme_id: int, lang: str = "nl",
                 concepts: int | None = None, stamp: tuple | None = None) -> AlphabeticalIndex:
    """Return the A–Z index of a scheme: its letters counted (one query), lines on demand.

    `concepts` is the number of visible members when known: fewer preferred lines than that
    means some have no stored key, and only then are they read (one more query). The counted
    letters are kept until the store changes (they cost a scan of the scheme's labels); pass
    the `stamp` of the store when known (a Hierarchy's), to save scanning for it again.
    """
    if stamp is None:
        with store.read() as session:
            stamp = store_stamp(session)
    key = ("az", store.url, scheme_id, access.visible_access_levels(principal), lang, concepts,
           stamp)
    return _LETTERS.get(key, lambda: _count_letters(store, principal, scheme_id, lang,
                                                    concepts))


_LETTERS = ShapeCache()


def _count_letters(store: Store, principal: Principal, scheme_id: int, lang: str,
                   concepts: int | None) -> AlphabeticalIndex:
    lines = _lines_query(principal, scheme_id, lang)
    first = func.substr(lines.c.key, 1, 1)
    counts: dict[str, int] = {}
    firsts: dict[str, list[str]] = {}
    preferred = 0
    with store.read() as session:
        connection = session.connection()
        for char, is_alt, count in connection.execute(
                select(first, lines.c.is_alt, func.count()).group_by(first, lines.c.is_alt)):
            letter = letter_of_key(char)
            counts[letter] = counts.get(letter, 0) + count
            if char not in firsts.setdefault(letter, []):
                firsts[letter].append(char)
            preferred += 0 if is_alt else count
        unkeyed_rows = []
        if concepts is None or preferred < concepts:
            unkeyed_rows = connection.execute(
                select(_lines_query(principal, scheme_id, lang, unkeyed=True))).all()
    unkeyed = []
    for _, is_alt, concept_id, label, lang_, uri, slug, title, title_en in unkeyed_rows:
        key = fold(label)
        unkeyed.append((key, bool(is_alt), concept_id,
                        IndexEntry(label, lang_, Entry(concept_id, uri, slug, title, title_en),
                                   bool(is_alt))))
        counts[letter_of_key(key)] = counts.get(letter_of_key(key), 0) + 1
    letters = sorted(counts.items(), key=lambda item: letter_order(item[0]))
    return AlphabeticalIndex(store, principal, scheme_id, lang, letters, firsts, unkeyed)


def _lines_query(principal: Principal, scheme_id: int, lang: str,
                 firsts: list[str] | None = None, unkeyed: bool = False):
    """Return the index lines as a subquery: key, is_alt, concept, label, lang, the concept.

    Lines are read from the label keys (whose index also serves a letter: `firsts`, the first
    characters filed under it). With `unkeyed`, the preferred lines no stored key matches
    instead, with an empty key.
    """
    shown = Record.title
    label_lang = literal("nl", SqlText)
    if lang == "en":
        shown = case((Record.title_en != "", Record.title_en), else_=Record.title)
        label_lang = case((Record.title_en != "", literal("en", SqlText)), else_=label_lang)
    visible_members = (Record.kind == Kind.concept, members_of(scheme_id),
                       access.record_filter(principal))
    concept = (Record.id, Record.uri, Record.slug, Record.title, Record.title_en)
    if unkeyed:
        keyed = select(ConceptLabel.id).where(ConceptLabel.concept_id == Record.id,
                                              ConceptLabel.role == "pref",
                                              ConceptLabel.label == shown)
        return (select(literal("", SqlText).label("key"), literal(0).label("is_alt"),
                       concept[0].label("concept_id"), shown.label("label"),
                       label_lang.label("lang"), *concept[1:])
                .join(Concept, Concept.id == Record.id)
                .where(*visible_members, ~keyed.exists()).subquery("lines"))
    in_letter = ()
    if firsts is not None:
        in_letter = (or_(*(and_(ConceptLabel.key >= c, ConceptLabel.key < c + "\U0010ffff")
                           for c in firsts)),) if firsts else (false(),)
    twin = aliased(ConceptLabel)
    # The shown label's key; a label preferred in two languages is one line (its first row).
    preferred = (select(ConceptLabel.key.label("key"), literal(0).label("is_alt"),
                        concept[0].label("concept_id"), shown.label("label"),
                        label_lang.label("lang"), *concept[1:])
                 .select_from(ConceptLabel)
                 .join(Record, Record.id == ConceptLabel.concept_id)
                 .join(Concept, Concept.id == Record.id)
                 .where(ConceptLabel.role == "pref", ConceptLabel.label == shown, *in_letter,
                        *visible_members,
                        ~select(twin.id).where(twin.concept_id == ConceptLabel.concept_id,
                                               twin.role == "pref", twin.label == shown,
                                               twin.id < ConceptLabel.id).exists()))
    alternative = (select(ConceptLabel.key, literal(1), *concept[:1], ConceptLabel.label,
                          ConceptLabel.lang, *concept[1:])
                   .select_from(ConceptLabel)
                   .join(Record, Record.id == ConceptLabel.concept_id)
                   .join(Concept, Concept.id == Record.id)
                   .where(ConceptLabel.role == "alt", ConceptLabel.lang.in_((lang, "")),
                          *in_letter, *visible_members))
    return union_all(preferred, alternative).subquery("lines")


def letter_order(letter: str) -> tuple:
    """Return the sort key of an index letter: A–Z first, then 0–9, then #."""
    return (len(letter) > 1 or letter == "#", letter)


def letter_of(text: str) -> str:
    """Return the index letter of a label: A–Z, "0–9" for digits, "#" for anything else."""
    return letter_of_key(fold(text))


def letter_of_key(key: str) -> str:
    """Return the index letter of a label's key (see `letter_of`)."""
    first = key[:1].upper()
    if "A" <= first <= "Z":
        return first
    return "0–9" if first.isdigit() else "#"
