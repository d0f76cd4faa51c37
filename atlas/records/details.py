"""The kind-specific rows of a record (its detail row and children), written and read by its KindSpec."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import delete, insert
from sqlmodel import Session, SQLModel, select

from atlas.models import Record
from atlas.records.kinds import KINDS
from atlas.text import fold


@dataclass
class Detail:
    """A record's kind-specific row, with the children it reads back (a dataset's distributions)."""

    row: SQLModel | None
    children: list[SQLModel] = field(default_factory=list)


class PendingRows:
    """New rows of a batch of records, inserted together when the batch's records have ids.

    A bulk import writes some 100,000 rows (detail rows, links, labels, revisions, outbox);
    as ORM objects their construction and flush took most of the import, one Core insert
    per table takes a fraction of it.
    """

    def __init__(self):
        self.rows: dict[type[SQLModel], list[dict]] = defaultdict(list)

    def add(self, table: type[SQLModel], row: dict) -> None:
        """Queue one row of table."""
        self.rows[table].append(row)

    def write(self, session: Session) -> None:
        """Insert the queued rows, table by table in the order first queued; then forget them."""
        connection = session.connection()
        for table, rows in self.rows.items():
            by_columns: dict[tuple, list[dict]] = defaultdict(list)
            for row in rows:  # one statement per set of columns given
                by_columns[tuple(sorted(row))].append(row)
            for group in by_columns.values():
                connection.execute(insert(table.__table__), group)
        self.rows.clear()


def write_detail(session: Session, record: Record, fields: dict, id_of: Callable,
                 is_new: bool = False, pending: PendingRows | None = None) -> None:
    """Write the kind's detail row and children from typed fields; id_of(uri, kind) finds others.

    With `pending`, a new record's rows are queued there instead of written at once.
    """
    spec = KINDS.get(record.kind)
    values = dict(fields["detail"])
    if spec.detail_extra is not None:
        values |= spec.detail_extra(fields, id_of)
    own = pending if is_new and pending is not None else PendingRows()
    row = None if is_new else session.get(spec.detail, record.id)
    if row is None:
        own.add(spec.detail, {"id": record.id, **values})
    else:
        for name, value in values.items():
            setattr(row, name, value)
        session.add(row)
    children = spec.children
    if children is not None:
        if not is_new:
            session.exec(delete(children.table)
                         .where(getattr(children.table, children.key) == record.id))
        for child in children.rows(record.id, fields):
            own.add(children.table, child)
    if own is not pending:
        own.write(session)


def label_rows(concept_id: int, labels: list[dict]) -> list[dict]:
    """Return a concept's ConceptLabel rows from {"label", "lang", "role"} dicts (no repeats)."""
    rows, seen = [], set()
    for item in labels:
        text = " ".join(item["label"].split())[:1000]
        key = fold(text)[:1000]  # the label key: labels match when their folds are equal
        if key and (key, item["lang"], item["role"]) not in seen:
            seen.add((key, item["lang"], item["role"]))
            rows.append({"concept_id": concept_id, "key": key, "label": text,
                         "lang": item["lang"][:20], "role": item["role"]})
    return rows


def load_detail(session: Session, record: Record) -> Detail:
    """Return the kind-specific row of a record, with the children it reads back."""
    spec = KINDS.get(record.kind)
    row = session.get(spec.detail, record.id)
    children = spec.children
    if children is None or not children.loaded:
        return Detail(row)
    table = children.table
    return Detail(row, list(session.exec(select(table)
                                         .where(getattr(table, children.key) == record.id)
                                         .order_by(getattr(table, children.order_by)))))
