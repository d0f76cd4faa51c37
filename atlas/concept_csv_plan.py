"""The dry run of a concept CSV import: read the file, and say per row what would change.

The columns are `uri` and the fields of `vocab.concept_fields.CONCEPT_FIELDS`. A row with a
uri changes that concept of the scheme, a row without one adds a concept; references name
concepts by web address, label or notation, also of rows new in the same file. Nothing is
stored here: `atlas.concept_csv.apply` stores a plan.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from rdflib import URIRef
from sqlmodel import select

from atlas import curation, definitions
from atlas.access import Principal
from atlas.csv_cells import read_cell
from atlas.errors import Forbidden, InvalidInput, NotFound
from atlas.models import Concept, Kind, Record, Role
from atlas.records import Catalogue
from atlas.records.publication import effective_graph
from vocab import concept_fields
from vocab.concept_fields import CONCEPT_FIELDS, CONCEPT_REFERENCES
from vocab.editorial import STATUSES

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
DELIMITER = ";"
SEPARATOR = " | "  # between the values of a repeating field; read back on "|"
SPECS = {spec.name: spec for spec in CONCEPT_FIELDS}
COLUMNS = ("uri", *SPECS)
NEW, CHANGED, UNCHANGED, ERROR, CONFLICT = "new", "changed", "unchanged", "error", "conflict"
OUTCOMES = (NEW, CHANGED, UNCHANGED, ERROR, CONFLICT)

# What a problem code means (the pages say it in Dutch or English by the same code).
MESSAGES = {
    "too_big": f"the file is larger than {MAX_BYTES // 1024 // 1024} MB; split it",
    "too_many_rows": f"the file has more than {MAX_ROWS:,} rows; split it",
    "not_text": "the file is not text in UTF-8 or Windows-1252; save it as CSV (UTF-8)",
    "not_csv": "the file is not readable as CSV: {detail}",
    "no_columns": "the first row names no known column; expected uri, pref_label_nl, …",
    "duplicate_column": "the column {detail} appears twice",
    "unknown_column": "the column {detail} is not known and was left out",
    "windows_1252": "the file is not UTF-8 and was read as Windows-1252",
    "status": "not an editorial status; use one of {detail}",
    "web_address": "use web addresses (http:// or https://)",
    "too_long": "at most 5,000 characters",
    "unknown": "no concept {detail!r} in this scheme or file",
    "ambiguous": "{detail!r} names several concepts; give the uri instead",
    "not_found": "no concept has this uri; leave uri empty to add a new concept",
    "other_scheme": "this concept belongs to another scheme",
    "not_concept": "this uri is not a concept",
    "label": "give a preferred label in Dutch or English",
    "duplicate_uri": "this uri is on row {detail} as well",
    "duplicate_label": "a concept with this label exists already ({detail}); "
                       "put its uri in the uri column to change it",
    "duplicate_new_label": "row {detail} adds a concept with this label as well",
    "cycle": "the broader concepts new in this file form a cycle",
    "depends": "names the concept of row {detail}, which is not stored",
    "conflict": "changed by someone else since the dry run; export again and retry",
}


@dataclass(frozen=True)
class Problem:
    """Something wrong with a file or with one field of a row: a code and the value concerned."""

    field: str
    code: str
    detail: str = ""

    @property
    def message(self) -> str:
        """Return the problem in words (English; pages translate the code)."""
        return MESSAGES[self.code].format(detail=self.detail)


class FileRefused(InvalidInput):
    """The file as a whole cannot be imported (too big, not CSV, no known columns)."""

    def __init__(self, code: str, detail: str = ""):
        self.problem = Problem("", code, detail)
        super().__init__(self.problem.message, {"file": [self.problem.message]})


@dataclass(frozen=True)
class Change:
    """One field of a row that would change, as the file shows values."""

    field: str
    old: str
    new: str


@dataclass
class RowPlan:
    """What importing one row would do."""

    row: int  # the row number a spreadsheet shows (the header is row 1)
    label: str
    uri: str = ""
    slug: str = ""  # of the concept the row names, for a link to its page
    version: int | None = None
    outcome: str = UNCHANGED
    given: dict = field(default_factory=dict)  # the present columns' values, as written
    values: dict = field(default_factory=dict)  # the same, references resolved to IRIs
    new_refs: dict = field(default_factory=dict)  # reference field → rows of new concepts
    changes: list[Change] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class Plan:
    """A dry run of an import: per row what would happen. Nothing is stored."""

    scheme_uri: str
    columns: list[str]
    rows: list[RowPlan]
    warnings: list[Problem]

    def counts(self) -> dict[str, int]:
        """Return how many rows have each outcome."""
        return counts(row.outcome for row in self.rows)

    def versions(self) -> dict[str, int]:
        """Return the version of each named concept as the dry run saw it."""
        return {row.uri: row.version for row in self.rows if row.version is not None}


def scheme_members(catalogue: Catalogue, principal: Principal,
                   scheme: Record) -> dict[str, tuple[Record, Concept]]:
    """Return the scheme's concepts the principal may see, by URI, in label order."""
    _, records = definitions.concept_rows(catalogue.store, principal, scheme=scheme,
                                          limit=10 * MAX_ROWS)
    rows: dict[int, Concept] = {}
    with catalogue.store.read() as session:
        for start in range(0, len(records), 500):
            ids = [record.id for record in records[start:start + 500]]
            rows.update((c.id, c) for c in session.exec(select(Concept).where(
                Concept.id.in_(ids))))
    return {record.uri: (record, rows[record.id]) for record in records}


def reference_names(members: dict[str, tuple[Record, Concept]]) -> dict[str, str]:
    """Return, by IRI, the notation or Dutch label that names one concept only, for references.

    A name is used only when `curation.find_concepts` would find no other concept of the
    scheme by it (its label keys, Dutch preferred label and notation all counted), so an
    exported file resolves to the same concepts when it is read back.
    """
    by_key = _name_index(members)
    names = {}
    for uri, (_, concept) in members.items():
        for name in (concept.notation, concept.pref_label):
            name = (name or "").strip()
            if name and "|" not in name and not name.startswith(("http://", "https://")) \
                    and by_key.get(_key(name)) == {uri}:
                names[uri] = name
                break
    return names


def _name_index(members: dict[str, tuple[Record, Concept]]) -> dict[str, set[str]]:
    """Return the concepts by every name that may find them: labels and notation, folded."""
    by_key: dict[str, set[str]] = {}
    for uri, (_, concept) in members.items():
        texts = [concept.pref_label, concept.pref_label_en, concept.notation,
                 *(label.get("value", "") for label in concept.alt_labels or [])]
        for key in {_key(t) for t in texts}:
            by_key.setdefault(key, set()).add(uri)
    return by_key


def shown(spec, value, names: dict[str, str]) -> str:
    """Return a field's value as cell text (references by name where one is unambiguous)."""
    items = value if isinstance(value, list) else [value]
    if spec.name in CONCEPT_REFERENCES:
        items = [names.get(item, item) for item in items]
    return SEPARATOR.join(str(item) for item in items if str(item))


_key = definitions.label_key  # the names' keys are the stored label keys (ConceptLabel.key)


def plan(catalogue: Catalogue, principal: Principal, scheme: Record, content: str | bytes, *,
         seen_versions: dict[str, int] | None = None) -> Plan:
    """Read a CSV file of concepts and say per row what importing it would change.

    Nothing is stored. `seen_versions` (from an earlier dry run's `Plan.versions()`) makes the
    plan expect the concepts as they were then, so `apply` reports later changes as conflicts.
    Raises FileRefused when the file as a whole cannot be read.
    """
    if not principal.has_role(Role.curator):
        raise Forbidden("curators only")
    text, warnings = _text(content)
    columns, rows, more = _read(text)
    members = scheme_members(catalogue, principal, scheme)
    seen = seen_versions or {}
    _identify(catalogue, principal, rows, members, seen)
    _resolve(catalogue, principal, scheme, rows, _name_index(members))
    for row in rows:
        for name in concept_fields.check(row.values):
            spec = SPECS[name]
            code = {"status": "status", "iri": "web_address"}.get(spec.type, "too_long")
            row.problems.append(Problem(name, code, ", ".join(STATUSES) if code == "status"
                                        else ""))
    _mark_cycles(rows)
    _mark_dependents(rows)
    names = reference_names(members)
    for row in rows:
        _compare(row, members, names)
    return Plan(scheme.uri, columns, rows, warnings + more)


def _text(content: str | bytes) -> tuple[str, list[Problem]]:
    if isinstance(content, str):
        if len(content) > MAX_BYTES and len(content.encode("utf-8")) > MAX_BYTES:
            raise FileRefused("too_big")
        return content, []
    if len(content) > MAX_BYTES:
        raise FileRefused("too_big")
    try:
        return content.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        if b"\x00" in content:  # UTF-16 ("Unicode text") or not text at all
            raise FileRefused("not_text") from None
        # Excel's plain "CSV" (not "CSV UTF-8") writes the Windows code page.
        return content.decode("cp1252", errors="replace"), [Problem("", "windows_1252")]


def _read(text: str) -> tuple[list[str], list[RowPlan], list[Problem]]:
    """Return the known columns, a RowPlan per non-empty row, and warnings about columns."""
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    # Header names hold no delimiters, so the one the first line uses most is the file's.
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    warnings: list[Problem] = []
    try:
        header = next(reader, [])
        columns: dict[int, str] = {}
        for index, raw in enumerate(header):
            name = read_cell(raw).strip().lower()
            if name in columns.values():
                raise FileRefused("duplicate_column", name)
            if name in COLUMNS:
                columns[index] = name
            elif name:
                warnings.append(Problem("", "unknown_column", raw.strip()))
        if not columns:
            raise FileRefused("no_columns")
        rows = []
        for number, cells in enumerate(reader, start=2):
            if number > MAX_ROWS + 1:
                raise FileRefused("too_many_rows")
            if any(cell.strip() for cell in cells):
                rows.append(_row(number, cells, columns))
    except csv.Error as exc:
        raise FileRefused("not_csv", str(exc)) from None
    return list(columns.values()), rows, warnings


def _row(number: int, cells: list[str], columns: dict[int, str]) -> RowPlan:
    uri, given = "", {}
    for index, name in columns.items():
        raw = read_cell(cells[index]).strip() if index < len(cells) else ""
        if name == "uri":
            uri = raw
        elif SPECS[name].many:
            given[name] = [part.strip() for part in raw.split("|") if part.strip()]
        else:
            given[name] = raw
    label = given.get("pref_label_nl") or given.get("pref_label_en") or uri
    return RowPlan(number, label, uri=uri, given=given, values=dict(given))


def _identify(catalogue: Catalogue, principal: Principal, rows: list[RowPlan],
              members: dict, seen: dict[str, int]) -> None:
    """Match each row to its concept (uri) or check it can be a new one (labels)."""
    first_row: dict[str, int] = {}
    labels = {(lang, _key(text)): uri for uri, (_, concept) in members.items()
              for lang, text in (("nl", concept.pref_label), ("en", concept.pref_label_en))
              if text}
    new_labels: dict[tuple[str, str], int] = {}
    for row in rows:
        if row.uri:
            if row.uri in first_row:
                row.problems.append(Problem("uri", "duplicate_uri", str(first_row[row.uri])))
                continue
            first_row[row.uri] = row.row
            if row.uri not in members:
                row.problems.append(Problem("uri", _why_not_member(catalogue, principal,
                                                                   row.uri)))
                continue
            row.version = seen.get(row.uri, members[row.uri][0].version)
            row.slug = members[row.uri][0].slug
            continue
        if not (row.given.get("pref_label_nl") or row.given.get("pref_label_en")):
            row.problems.append(Problem("pref_label_nl", "label"))
        for lang in ("nl", "en"):
            key = (lang, _key(row.given.get(f"pref_label_{lang}", "")))
            if not key[1]:
                continue
            if key in labels:
                row.problems.append(Problem(f"pref_label_{lang}", "duplicate_label",
                                            labels[key]))
            elif key in new_labels:
                row.problems.append(Problem(f"pref_label_{lang}", "duplicate_new_label",
                                            str(new_labels[key])))
            else:
                new_labels[key] = row.row


def _why_not_member(catalogue: Catalogue, principal: Principal, uri: str) -> str:
    try:
        record = catalogue.get(principal, uri=uri)
    except NotFound:
        return "not_found"
    return "other_scheme" if record.kind == Kind.concept else "not_concept"


def _resolve(catalogue: Catalogue, principal: Principal, scheme: Record, rows: list[RowPlan],
             index: dict[str, set[str]]) -> None:
    """Replace names in reference fields by IRIs: of stored concepts, or of new rows (by row).

    A name that the scheme's name index gives one concept for is that concept; any other is
    asked of `curation.find_concepts` (a query per name: too slow for 20,000 rows alone).
    """
    new_names: dict[str, set[int]] = {}
    for row in rows:
        if not row.uri:
            for name in ("pref_label_nl", "pref_label_en", "notation"):
                if row.given.get(name):
                    new_names.setdefault(_key(row.given[name]), set()).add(row.row)
    found: dict[str, list[str]] = {}
    for row in rows:
        for name in CONCEPT_REFERENCES:
            if name not in row.given:
                continue
            resolved, refs = [], []
            for item in row.given[name]:
                if item.startswith(("http://", "https://")):
                    resolved.append(item)
                    continue
                if item not in found:
                    hits = index.get(_key(item), set())
                    found[item] = list(hits) if len(hits) == 1 else [
                        r.uri for r in curation.find_concepts(catalogue, principal, item, scheme)]
                stored, new = found[item], new_names.get(_key(item), set()) - {row.row}
                if len(stored) + len(new) > 1:
                    row.problems.append(Problem(name, "ambiguous", item))
                elif stored:
                    resolved.append(stored[0])
                elif new:
                    refs.append(next(iter(new)))
                else:
                    row.problems.append(Problem(name, "unknown", item))
            row.values[name] = resolved
            if refs:
                row.new_refs[name] = refs


def creation_order(rows: list[RowPlan]) -> list[RowPlan]:
    """Return the new rows without problems, each after the new rows it names as broader."""
    new = {row.row: row for row in rows if not row.uri and not row.problems}
    waiting = {number: set(row.new_refs.get("broader", [])) & set(new)
               for number, row in new.items()}
    narrower: dict[int, list[int]] = {}
    for number, parents in waiting.items():
        for parent in parents:
            narrower.setdefault(parent, []).append(number)
    ready = [number for number, parents in waiting.items() if not parents]
    order = []
    while ready:  # Kahn's algorithm: what is left at the end is on or under a cycle
        number = ready.pop()
        order.append(new[number])
        for child in narrower.get(number, []):
            waiting[child].discard(number)
            if not waiting[child]:
                ready.append(child)
    return order


def _mark_cycles(rows: list[RowPlan]) -> None:
    """Give a problem to the new rows whose broader rows (new in the file) form a cycle."""
    ordered = {row.row for row in creation_order(rows)}
    left = {row.row: row for row in rows if not row.uri and not row.problems
            and row.row not in ordered}
    while True:  # drop rows below a cycle (nothing left names them): they only depend on one
        named = {n for row in left.values() for n in row.new_refs.get("broader", [])}
        if named >= set(left):
            break
        left = {n: row for n, row in left.items() if n in named}
    for row in left.values():
        row.problems.append(Problem("broader", "cycle"))


def _mark_dependents(rows: list[RowPlan]) -> None:
    """Give a problem to each row naming a new row that has problems (until none is left)."""
    by_number = {row.row: row for row in rows}
    changed = True
    while changed:
        changed = False
        for row in rows:
            if row.problems:
                continue
            for name, refs in row.new_refs.items():
                failed = [n for n in refs if by_number[n].problems]
                if failed:
                    row.problems.append(Problem(name, "depends", str(failed[0])))
                    changed = True
                    break


def _compare(row: RowPlan, members: dict, names: dict[str, str]) -> None:
    """Set the row's outcome and, for new and changed rows, its changes (old → new)."""
    if row.problems:
        row.outcome = ERROR
        return
    if not row.uri:
        row.outcome = NEW
        row.changes = [Change(name, "", _written(value)) for name, value in row.given.items()
                       if value]
        return
    record = members[row.uri][0]
    graph, subject = effective_graph(record), URIRef(record.uri)
    current = concept_fields.read_values(graph, subject)
    merged = current | row.values
    if not (merged.get("pref_label_nl") or merged.get("pref_label_en")):
        row.problems.append(Problem("pref_label_nl", "label"))
        row.outcome = ERROR
        return
    for name, wanted in row.values.items():
        spec = SPECS[name]
        if row.new_refs.get(name) or concept_fields.edits_for(graph, subject, {name: wanted},
                                                              (spec,)):
            row.changes.append(Change(name, shown(spec, current[name], names),
                                      _written(row.given[name])))
    row.outcome = CHANGED if row.changes else UNCHANGED


def _written(value) -> str:
    return SEPARATOR.join(value) if isinstance(value, list) else value


def counts(outcomes) -> dict[str, int]:
    """Return how many of the outcomes are of each kind (every kind named, 0 when absent)."""
    counted = Counter(outcomes)
    return {outcome: counted.get(outcome, 0) for outcome in OUTCOMES}
