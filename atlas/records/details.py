"""The kind-specific rows of a record (dataset, concept, indicator…) and their distributions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import delete, insert
from sqlmodel import Session, SQLModel, select

from atlas.models import (
    Concept,
    ConceptLabel,
    ConceptScheme,
    DataService,
    Dataset,
    Distribution,
    Indicator,
    Kind,
    Organisation,
    Record,
)
from atlas.text import fold

DETAIL_TABLES: dict[str, type[SQLModel]] = {
    Kind.dataset: Dataset,
    Kind.dataservice: DataService,
    Kind.conceptscheme: ConceptScheme,
    Kind.concept: Concept,
    Kind.indicator: Indicator,
    Kind.organisation: Organisation,
}


@dataclass
class Detail:
    """A record's kind-specific row, with a dataset's distributions."""

    row: SQLModel | None
    distributions: list[Distribution] = field(default_factory=list)


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


def write_detail(session: Session, record: Record, fields: dict, extra: dict,
                 is_new: bool = False, pending: PendingRows | None = None) -> None:
    """Write the kind-specific row (and distributions, a concept's labels) from typed fields.

    With `pending`, a new record's rows are queued there instead of written at once.
    """
    table = DETAIL_TABLES[record.kind]
    values = dict(fields["detail"])
    own = pending if is_new and pending is not None else PendingRows()
    if record.kind == Kind.concept:
        values["scheme_id"] = extra.get("scheme_id")
        if not is_new:
            session.exec(delete(ConceptLabel).where(ConceptLabel.concept_id == record.id))
        for row in label_rows(record.id, fields.get("labels", [])):
            own.add(ConceptLabel, row)
    row = None if is_new else session.get(table, record.id)
    if row is None:
        own.add(table, {"id": record.id, **values})
    else:
        for name, value in values.items():
            setattr(row, name, value)
        session.add(row)
    if record.kind == Kind.dataset:
        if not is_new:
            session.exec(delete(Distribution).where(Distribution.dataset_id == record.id))
        for dist in fields.get("distributions", []):
            own.add(Distribution, {"dataset_id": record.id, **dist})
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
    """Return the kind-specific row of a record, with distributions for a dataset."""
    row = session.get(DETAIL_TABLES[record.kind], record.id)
    distributions = []
    if record.kind == Kind.dataset:
        distributions = list(session.exec(select(Distribution)
                                          .where(Distribution.dataset_id == record.id)
                                          .order_by(Distribution.id)))
    return Detail(row, distributions)
