"""The search index's documents, made from the store in bulk (one query per table per batch)."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC

from sqlmodel import Session, select

from atlas.models import Concept, Dataset, Distribution, Link, Record, Source
from atlas.text import fold

CONCEPT_LINKS = ("subject", "measures")


def documents(session: Session, records: list[Record]) -> list[dict]:
    """Return the index documents of these records."""
    ids = [r.id for r in records]
    concepts = {c.id: c for c in session.exec(select(Concept).where(Concept.id.in_(ids)))}
    datasets = {d.id: d for d in session.exec(select(Dataset).where(Dataset.id.in_(ids)))}
    distributions = defaultdict(list)
    for dist in session.exec(select(Distribution).where(Distribution.dataset_id.in_(ids))):
        distributions[dist.dataset_id].append(dist)
    linked = defaultdict(set)
    for subject_id, slug in session.exec(
            select(Link.subject_id, Record.slug).join(Record, Record.id == Link.object_id)
            .where(Link.subject_id.in_(ids), Link.relation.in_(CONCEPT_LINKS))):
        linked[subject_id].add(slug)
    # A concept named only by its scheme's skos:hasTopConcept belongs to that scheme too.
    tops = dict(session.exec(select(Link.object_id, Link.subject_id).where(
        Link.object_id.in_(list(concepts)), Link.relation == "top_concept")).all())
    scheme_of = {i: c.scheme_id or tops.get(i) for i, c in concepts.items()}
    refs = {r.publisher_id for r in records} | set(scheme_of.values())
    slugs = dict(session.exec(select(Record.id, Record.slug).where(Record.id.in_(
        [i for i in refs if i]))).all()) if any(refs) else {}
    sources = dict(session.exec(select(Source.id, Source.name).where(Source.id.in_(
        [r.source_id for r in records if r.source_id]))).all())
    return [_document(r, concepts.get(r.id), scheme_of.get(r.id), datasets.get(r.id),
                      distributions[r.id], linked[r.id], slugs, sources) for r in records]


def _document(record: Record, concept: Concept | None, scheme_id: int | None,
              dataset: Dataset | None, dists: list[Distribution], linked: set[str],
              slugs: dict, sources: dict) -> dict:
    labels: list[str] = []
    altlabels: list[str] = []
    themes: list[str] = []
    keywords: list[str] = []
    if concept is not None:
        alternatives = [x["value"] for x in concept.alt_labels + concept.hidden_labels]
        labels = [*alternatives, concept.pref_label_en]
        altlabels = [fold(x) for x in alternatives]
    if dataset is not None:
        keywords = list(dataset.keywords)
        labels = keywords
        themes = [t.rstrip("/").rsplit("/", 1)[-1] for t in dataset.themes]
    formats = {_last(d.format) for d in dists if d.format}
    licences = {_last(d.license) for d in dists if d.license}
    if dataset is not None and dataset.license:
        licences.add(_last(dataset.license))
    modified = record.modified if record.modified.tzinfo else record.modified.replace(tzinfo=UTC)
    text_labels = " | ".join(x for x in labels if x)
    return {
        "id": str(record.id), "kind": record.kind, "slug": record.slug, "uri": record.uri,
        "status": record.status, "access": record.access,
        "title": record.title, "title_en": record.title_en,
        "title_exact": fold(record.title), "title_sort": fold(record.title)[:100],
        "labels": text_labels, "description": record.description,
        "words": f"{record.title} {record.title_en} {text_labels}",
        "altlabels": ",".join(sorted(set(altlabels))), "concepts": ",".join(sorted(linked)),
        "theme": ",".join(sorted(set(themes))),
        "publisher": slugs.get(record.publisher_id, ""),
        "source": sources.get(record.source_id, ""),
        "format": ",".join(sorted(formats)), "licence": ",".join(sorted(licences)),
        "keyword": ",".join(sorted({k.replace(",", " ") for k in keywords})),
        "scheme": slugs.get(scheme_id, "") if scheme_id else "",
        "modified": int(modified.timestamp()),
    }


def _last(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]

