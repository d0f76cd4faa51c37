"""CSV import and export of a scheme's concepts: one row a concept, its fields as columns.

Export writes UTF-8 with a byte-order mark and `;` between cells, which Excel in a Dutch
locale opens by a double click and LibreOffice detects. Import first makes a `Plan` (the dry
run, `csv_plan`: per row new, changed with old → new, unchanged or error; nothing
stored), then `apply` stores it through `curation`, reporting a concept changed since the
dry run as a conflict.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from atlas.access import Action, Principal, require
from atlas.csv_cells import safe_cell
from atlas.definitions import curation
from atlas.definitions.csv_plan import (
    Plan,
    counts,
    creation_order,
    reference_names,
    scheme_members,
    shown,
)
from atlas.definitions.csv_read import (
    CHANGED,
    COLUMNS,
    CONFLICT,
    DELIMITER,
    ERROR,
    NEW,
    UNCHANGED,
    Problem,
    RowPlan,
)
from atlas.errors import AtlasError, Conflict
from atlas.models import Kind, Record, Status
from atlas.records import Catalogue
from vocab.concept_fields import CONCEPT_FIELDS


@dataclass(frozen=True)
class Outcome:
    """What applying a row did."""

    row: int
    outcome: str
    label: str
    uri: str = ""
    message: str = ""
    slug: str = ""


@dataclass
class Summary:
    """What `apply` stored, per row."""

    outcomes: list[Outcome]

    def counts(self) -> dict[str, int]:
        """Return how many rows have each outcome."""
        return counts(outcome.outcome for outcome in self.outcomes)


# --- export -----------------------------------------------------------------------------------

def export(catalogue: Catalogue, principal: Principal, scheme: Record) -> str:
    """Return the scheme's concepts that the principal may see as CSV text (with a BOM)."""
    members = scheme_members(catalogue, principal, scheme)
    names = reference_names(members)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER)  # rows end in \r\n, as spreadsheets write
    writer.writerow(COLUMNS)
    for record, _ in members.values():
        values = curation.fields_of(record)
        writer.writerow([safe_cell(record.uri), *(
            safe_cell(shown(spec, values[spec.name], names)) for spec in CONCEPT_FIELDS)])
    return "\ufeff" + out.getvalue()


# --- applying ---------------------------------------------------------------------------------

def apply(catalogue: Catalogue, principal: Principal, scheme: Record, plan: Plan, *,
          status: str = Status.draft) -> Summary:
    """Store what a plan says: new concepts (with `status`) and changes; skip rows in error.

    A concept changed since the plan was made is a conflict and is left as it is; one row
    that fails never stops the others. Projections run once, at the end.
    """
    require(principal, Action.edit, scheme)
    done: dict[int, Outcome] = {}
    with catalogue.batch():
        created = _create(catalogue, principal, scheme, plan, status, done)
        for row in plan.rows:
            if row.outcome == CHANGED:
                values, missing = _with_new(row, created)
                if values is None:
                    done[row.row] = _failed(row, ERROR, "depends", str(missing))
                else:
                    _store(catalogue, principal, row, values, done, uri=row.uri,
                           outcome=CHANGED, version=row.version)
            elif row.outcome in (UNCHANGED, ERROR):
                done[row.row] = Outcome(row.row, row.outcome, row.label, row.uri,
                                        "; ".join(f"{p.field}: {p.message}"
                                                  for p in row.problems), row.slug)
            elif row.row not in done:  # a new row left out of the creation order
                done[row.row] = _failed(row, ERROR, "cycle")
    return Summary([done[row.row] for row in plan.rows])


def _create(catalogue: Catalogue, principal: Principal, scheme: Record, plan: Plan,
            status: str, done: dict[int, Outcome]) -> dict[int, str]:
    """Store the plan's new concepts in bulk; return the IRIs of those stored, by row.

    Every new concept's IRI is minted first, so rows can name each other in any order; a row
    whose broader row fails fails too, one whose related row fails is stored without that link.
    """
    order = creation_order(plan.rows)
    taken: set[str] = set()
    slugs = {row.row: curation.free_slug(catalogue, row.label, taken) for row in order}
    uris = {number: catalogue.mint_uri(Kind.concept, slug) for number, slug in slugs.items()}
    failed: set[int] = set()

    def prepared(row: RowPlan):
        values, missing = _with_new(row, {n: u for n, u in uris.items() if n not in failed})
        if values is None:
            raise _Depends(missing)
        return curation.concept_input(catalogue, principal, scheme, values,
                                      slug=slugs[row.row], status=status)

    items = {}
    for row in order:  # broader rows first: a failed one is known before its narrower rows
        try:
            items[row.row] = prepared(row)
        except _Depends as missing:
            done[row.row] = _failed(row, ERROR, "depends", str(missing.row))
            failed.add(row.row)
        except AtlasError as exc:
            done[row.row] = Outcome(row.row, ERROR, row.label, message=_said(exc))
            failed.add(row.row)
    dropped = {}
    for row in order:  # a related or replacing row that failed later in the order
        lost = [n for refs in row.new_refs.values() for n in refs if n in failed]
        if row.row in items and lost:
            items[row.row] = prepared(row)
            dropped[row.row] = [name for name, refs in row.new_refs.items()
                                if set(refs) & set(lost)]
    stored = _store_new(catalogue, principal, [items[row.row] for row in order
                                               if row.row in items])
    created = {}
    for row in order:
        if row.row not in items:
            continue
        uri = items[row.row].uri
        if stored.get(uri) == "":
            created[row.row] = uri
            message = (f"stored, but not its {', '.join(dropped[row.row])}"
                       if row.row in dropped else "")
            done[row.row] = Outcome(row.row, NEW, row.label, uri, message, slugs[row.row])
        else:
            done[row.row] = Outcome(row.row, ERROR, row.label, message=stored.get(uri, ""))
    return created


class _Depends(Exception):
    """A new row names, as broader, a new row that is not stored."""

    def __init__(self, row):
        super().__init__(str(row))
        self.row = row


CHUNK = 500  # new concepts stored per transaction


def _store_new(catalogue: Catalogue, principal: Principal, items: list) -> dict[str, str]:
    """Store new concepts in chunks; return per IRI "" when stored, else why it was not."""
    outcome: dict[str, str] = {}
    for start in range(0, len(items), CHUNK):
        chunk = items[start:start + CHUNK]
        try:
            catalogue.upsert_many(chunk, principal=principal)
            outcome.update({item.uri: "" for item in chunk})
            continue
        except AtlasError:
            pass  # one bad item spoils its chunk's transaction: store them one by one
        for item in chunk:
            try:
                catalogue.upsert(item, principal=principal)
                outcome[item.uri] = ""
            except AtlasError as exc:
                outcome[item.uri] = _said(exc)
    return outcome


def _with_new(row: RowPlan, created: dict[int, str]):
    """Return the row's values with new rows' IRIs, and whether all were there.

    When a broader row (or, for a changed row, any named row) was not created, return
    (None, that row's number).
    """
    values, complete = dict(row.values), True
    for name, refs in row.new_refs.items():
        missing = [n for n in refs if n not in created]
        if missing and (name == "broader" or row.uri):
            return None, missing[0]
        complete = complete and not missing
        values[name] = values.get(name, []) + [created[n] for n in refs if n in created]
    return values, complete


def _store(catalogue: Catalogue, principal: Principal, row: RowPlan, values: dict,
           done: dict[int, Outcome], *, uri: str, outcome: str,
           version: int | None = None) -> None:
    try:
        record = catalogue.get_any(uri=uri)
        curation.update(catalogue, principal, record, values, expected_version=version)
    except Conflict:
        done[row.row] = _failed(row, CONFLICT, "conflict")
    except AtlasError as exc:
        message = _said(exc)
        if outcome == NEW:  # the concept exists; only its links to later rows are missing
            message = f"stored, but not its {', '.join(values)}: {message}"
        done[row.row] = Outcome(row.row, outcome if outcome == NEW else ERROR, row.label,
                                uri, message)
    else:
        done.setdefault(row.row, Outcome(row.row, outcome, row.label, uri, slug=row.slug))


def report_lines(plan: Plan, summary: Summary | None = None) -> list[str]:
    """Return a line per row that is not unchanged: its outcome and changes or problems."""
    lines = []
    if summary is not None:
        for o in summary.outcomes:
            if o.outcome != UNCHANGED:
                extra = f" {o.uri}" if o.uri else ""
                lines.append(f"row {o.row}: {o.outcome} {o.label}{extra}"
                             + (f": {o.message}" if o.message else ""))
        return lines
    for row in plan.rows:
        if row.outcome == UNCHANGED:
            continue
        lines.append(f"row {row.row}: {row.outcome} {row.label}")
        lines += [f"  {p.field or 'file'}: {p.message}" for p in row.problems]
        lines += [f"  {c.field}: {c.old!r} → {c.new!r}" if c.old else f"  {c.field}: {c.new!r}"
                  for c in row.changes]
    return lines


def _failed(row: RowPlan, outcome: str, code: str, detail: str = "") -> Outcome:
    return Outcome(row.row, outcome, row.label, row.uri, Problem("", code, detail).message)


def _said(exc: AtlasError) -> str:
    details = "; ".join(f"{name}: {', '.join(map(str, messages))}"
                        for name, messages in (exc.errors or {}).items())
    return f"{exc.message} ({details})" if details else exc.message
