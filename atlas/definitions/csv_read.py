"""Reading a concept CSV file: its limits and columns, a RowPlan per row, the problems found."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from atlas.csv_cells import read_cell
from atlas.errors import InvalidInput
from vocab.concept_fields import CONCEPT_FIELDS

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


def decode(content: str | bytes) -> tuple[str, list[Problem]]:
    """Return the file as text, with a warning when read as Windows-1252; FileRefused if too big."""
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


def read_rows(text: str) -> tuple[list[str], list[RowPlan], list[Problem]]:
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
