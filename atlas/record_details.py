"""The kind-specific rows of a record (dataset, concept, indicator…) and their distributions."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete
from sqlmodel import Session, SQLModel, select

from atlas.models import (
    Concept,
    ConceptScheme,
    DataService,
    Dataset,
    Distribution,
    Indicator,
    Kind,
    Organisation,
    Record,
)

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


def write_detail(session: Session, record: Record, fields: dict, extra: dict,
                 is_new: bool = False) -> None:
    """Write the kind-specific row (and distributions) of a record from its typed fields."""
    table = DETAIL_TABLES[record.kind]
    row = (None if is_new else session.get(table, record.id)) or table(id=record.id)
    values = dict(fields["detail"])
    if record.kind == Kind.concept:
        values["scheme_id"] = extra.get("scheme_id")
    for name, value in values.items():
        setattr(row, name, value)
    session.add(row)
    if record.kind == Kind.dataset:
        if not is_new:
            session.exec(delete(Distribution).where(Distribution.dataset_id == record.id))
        for dist in fields.get("distributions", []):
            session.add(Distribution(dataset_id=record.id, **dist))


def load_detail(session: Session, record: Record) -> Detail:
    """Return the kind-specific row of a record, with distributions for a dataset."""
    row = session.get(DETAIL_TABLES[record.kind], record.id)
    distributions = []
    if record.kind == Kind.dataset:
        distributions = list(session.exec(select(Distribution)
                                          .where(Distribution.dataset_id == record.id)
                                          .order_by(Distribution.id)))
    return Detail(row, distributions)
