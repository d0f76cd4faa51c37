"""The search index's documents, made from the store in bulk (one query per table per batch)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC

from sqlmodel import Session, select

from atlas.models import Link, Record, Source
from atlas.records.kinds import KINDS, DocumentContext, KindSpec
from atlas.text import fold


def documents(session: Session, records: list[Record]) -> list[dict]:
    """Return the index documents of these records."""
    ids = [r.id for r in records]
    by_kind = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record.id)
    specs = {kind: KINDS.get(kind) for kind in by_kind}
    details, children = {}, defaultdict(list)
    for kind, kind_ids in by_kind.items():
        spec = specs[kind]
        if spec.search_fields is None:
            continue  # its documents are the generic ones: no need for its rows
        table = spec.detail
        details |= {d.id: d for d in session.exec(select(table).where(table.id.in_(kind_ids)))}
        if spec.children is not None and spec.children.loaded:
            column = getattr(spec.children.table, spec.children.key)
            for child in session.exec(select(spec.children.table).where(column.in_(kind_ids))
                                      .order_by(getattr(spec.children.table,
                                                        spec.children.order_by))):
                children[getattr(child, spec.children.key)].append(child)
    concept_links = [s.concept_link.relation for s in KINDS.all() if s.concept_link]
    linked = defaultdict(set)
    for subject_id, slug in session.exec(
            select(Link.subject_id, Record.slug).join(Record, Record.id == Link.object_id)
            .where(Link.subject_id.in_(ids), Link.relation.in_(concept_links))):
        linked[subject_id].add(slug)
    tops = dict(session.exec(select(Link.object_id, Link.subject_id).where(
        Link.object_id.in_(list(details)), Link.relation == "top_concept")).all())
    ctx = DocumentContext(tops=tops)
    refs = {r.publisher_id for r in records}
    for record in records:
        spec, row = specs[record.kind], details.get(record.id)
        if spec.search_refs is not None and row is not None:
            refs.update(spec.search_refs(row, ctx))
    refs.discard(None)
    ctx.slugs.update(session.exec(select(Record.id, Record.slug).where(
        Record.id.in_(list(refs)))).all() if refs else {})
    sources = dict(session.exec(select(Source.id, Source.name).where(Source.id.in_(
        [r.source_id for r in records if r.source_id]))).all())
    return [_document(r, specs[r.kind], details.get(r.id), children[r.id], linked[r.id], ctx,
                      sources) for r in records]


def _document(record: Record, spec: KindSpec, row, children: list, linked: set[str],
              ctx: DocumentContext, sources: dict) -> dict:
    own = spec.search_fields(record, row, children, ctx) if spec.search_fields else {}
    labels = own.pop("labels", [])
    modified = record.modified if record.modified.tzinfo else record.modified.replace(tzinfo=UTC)
    text_labels = " | ".join(x for x in labels if x)
    return {
        "id": str(record.id), "kind": record.kind, "slug": record.slug, "uri": record.uri,
        "status": record.status, "access": record.access,
        "title": record.title, "title_en": record.title_en,
        "title_exact": fold(record.title), "title_sort": fold(record.title)[:100],
        "labels": text_labels, "description": record.description,
        "words": f"{record.title} {record.title_en} {text_labels}",
        "altlabels": "", "concepts": ",".join(sorted(linked)), "theme": "",
        "publisher": ctx.slugs.get(record.publisher_id, ""),
        "source": sources.get(record.source_id, ""),
        "format": "", "licence": "", "keyword": "", "scheme": "",
        "modified": int(modified.timestamp()),
        **own,
    }
