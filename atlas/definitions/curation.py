"""Curating definitions: create and edit concepts and schemes, editorial status, links to data.

Forms and the CSV import speak in flat fields (`vocab.concept_fields`); this module turns them
into records and curated edits through the catalogue service, so every change is a Revision
with a readable difference. References to other concepts may be given as a web address, a
label or a notation of a concept in the same scheme.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from rdflib import URIRef
from rdflib.namespace import RDF, SKOS
from sqlalchemy import func, or_
from sqlmodel import select

from atlas import access
from atlas.access import Action, Principal, require
from atlas.definitions.hierarchy import members_of
from atlas.errors import InvalidInput, NotFound
from atlas.models import Concept, ConceptLabel, Kind, Link, Record, Status
from atlas.records import KINDS, Catalogue, RecordInput
from atlas.records.publication import effective_graph
from atlas.text import fold, slug_of
from vocab import concept_fields
from vocab.concept_fields import CONCEPT_FIELDS, CONCEPT_REFERENCES, SCHEME_FIELDS
from vocab.editorial import read_status, status_of_iri
from vocab.namespaces import ADMS


@dataclass(frozen=True)
class StatusChange:
    """One step in a concept's editorial history: the status, who set it, and when."""

    status: str
    actor: str
    at: datetime


def fields_of(record: Record) -> dict:
    """Return the editable field values of a concept or scheme record."""
    specs = SCHEME_FIELDS if record.kind == Kind.conceptscheme else CONCEPT_FIELDS
    return concept_fields.read_values(effective_graph(record), URIRef(record.uri), specs)


def create_concept(catalogue: Catalogue, principal: Principal, scheme: Record, values: dict,
                   *, status: str = Status.draft, access_level: str | None = None) -> Record:
    """Create a concept in a scheme from field values; it starts as a draft unless told."""
    label = values.get("pref_label_nl") or values.get("pref_label_en") or ""
    item = concept_input(catalogue, principal, scheme, values, slug=free_slug(catalogue, label),
                         status=status, access_level=access_level)
    catalogue.upsert(item, principal=principal)
    return catalogue.get_any(uri=item.uri)


def concept_input(catalogue: Catalogue, principal: Principal, scheme: Record, values: dict, *,
                  slug: str, status: str = Status.draft,
                  access_level: str | None = None) -> RecordInput:
    """Check field values and return a new concept of the scheme, ready to store (not stored)."""
    require(principal, Action.create, scheme)  # before the fields: a refusal tells nothing
    values = resolve_references(catalogue, principal, scheme, values)
    _check(values, CONCEPT_FIELDS, required=("pref_label_nl", "pref_label_en"))
    uri = catalogue.mint_uri(Kind.concept, slug)
    subject = URIRef(uri)
    graph = concept_fields.build(subject, values)
    graph.add((subject, RDF.type, SKOS.Concept))
    graph.add((subject, SKOS.inScheme, URIRef(scheme.uri)))
    if not values.get("broader"):
        graph.add((subject, SKOS.topConceptOf, URIRef(scheme.uri)))
    return RecordInput(kind=Kind.concept, uri=uri, graph=graph, status=status,
                       access=access_level or scheme.access, slug=slug)


def create_scheme(catalogue: Catalogue, principal: Principal, values: dict, *,
                  status: str = Status.draft, access_level: str = "public") -> Record:
    """Create a concept scheme from field values."""
    require(principal, Action.create)
    _check(values, SCHEME_FIELDS, required=("title_nl", "title_en"))
    slug = free_slug(catalogue, values.get("title_nl") or values.get("title_en"))
    uri = catalogue.mint_uri(Kind.conceptscheme, slug)
    graph = concept_fields.build(URIRef(uri), values, SCHEME_FIELDS)
    graph.add((URIRef(uri), RDF.type, SKOS.ConceptScheme))
    catalogue.upsert(RecordInput(kind=Kind.conceptscheme, uri=uri, graph=graph, status=status,
                                 access=access_level, slug=slug), principal=principal)
    return catalogue.get_any(uri=uri)


def update(catalogue: Catalogue, principal: Principal, record: Record, values: dict, *,
           expected_version: int | None = None) -> Record:
    """Give a concept or scheme the field values (only fields present are touched)."""
    require(principal, Action.edit, record)
    specs = SCHEME_FIELDS if record.kind == Kind.conceptscheme else CONCEPT_FIELDS
    if record.kind == Kind.concept:
        values = resolve_references(catalogue, principal, scheme_of(catalogue, record), values)
    _check(values, specs)
    labels = ("title_nl", "title_en") if record.kind == Kind.conceptscheme else (
        "pref_label_nl", "pref_label_en")
    graph = effective_graph(record)
    current = concept_fields.read_values(graph, URIRef(record.uri), specs) | values
    if not any(current.get(name) for name in labels):
        raise InvalidInput("give a preferred label in Dutch or English",
                           {labels[0]: ["required (in Dutch or English)"]})
    edits = concept_fields.edits_for(graph, URIRef(record.uri), values, specs)
    if not edits:
        return record
    return catalogue.edit(record.id, edits, principal=principal,
                          expected_version=expected_version)


def set_editorial_status(catalogue: Catalogue, principal: Principal, record: Record,
                         status: str, *, expected_version: int | None = None,
                         replaced_by: list[str] | None = None) -> Record:
    """Move a concept to an editorial status (in bewerking … vervallen); who and when are kept."""
    values = {"editorial_status": status}
    if replaced_by is not None:
        values["replaced_by"] = replaced_by
    if status == "vervangen" and not (replaced_by or fields_of(record)["replaced_by"]):
        raise InvalidInput("say which concept replaces this one",
                           {"replaced_by": ["required when the status is vervangen"]})
    return update(catalogue, principal, record, values, expected_version=expected_version)


def status_history(catalogue: Catalogue, record: Record) -> list[StatusChange]:
    """Return the editorial statuses a concept went through, newest first, with who and when."""
    steps: list[StatusChange] = []
    revisions = catalogue.revisions(record)
    first_before = None  # the status the oldest recorded change replaced
    for revision in revisions:
        for change in revision.diff.get("changes", []):
            if change["property"] != str(ADMS.status):
                continue
            if change["added"]:
                steps.append(StatusChange(status_of_iri(change["added"][0]), revision.actor,
                                          revision.at))
            first_before = change["removed"][0] if change["removed"] else None
    # The status the record was created (or harvested) with belongs to its first revision.
    initial = (status_of_iri(first_before) if first_before else
               "" if steps else read_status(effective_graph(record), URIRef(record.uri)))
    if initial and revisions:
        steps.append(StatusChange(initial, revisions[-1].actor, revisions[-1].at))
    return steps


def scheme_of(catalogue: Catalogue, concept: Record) -> Record | None:
    """Return the (first) scheme a concept is in, whatever its state."""
    with catalogue.store.read() as session:
        scheme_id = session.exec(select(Link.object_id).where(
            Link.subject_id == concept.id, Link.relation == "in_scheme",
            Link.object_id.is_not(None)).order_by(Link.object_id)).first()
        if scheme_id is None:  # named only by its scheme's skos:hasTopConcept
            scheme_id = session.exec(select(Link.subject_id).where(
                Link.object_id == concept.id, Link.relation == "top_concept")
                .order_by(Link.subject_id)).first()
        return session.get(Record, scheme_id) if scheme_id else None


def resolve_references(catalogue: Catalogue, principal: Principal, scheme: Record | None,
                       values: dict) -> dict:
    """Return values with labels and notations in reference fields replaced by concept IRIs."""
    values = dict(values)
    errors: dict[str, list[str]] = {}
    for name in CONCEPT_REFERENCES:
        if name not in values:
            continue
        items = values[name] if isinstance(values[name], list) else [values[name]]
        resolved = []
        for item in (str(i).strip() for i in items):
            if not item:
                continue
            if item.startswith(("http://", "https://")):
                resolved.append(item)
                continue
            found = find_concepts(catalogue, principal, item, scheme)
            if len(found) == 1:
                resolved.append(found[0].uri)
            elif found:
                errors.setdefault(name, []).append(
                    f"{item!r} names {len(found)} concepts; give its web address")
            else:
                errors.setdefault(name, []).append(f"no concept {item!r} in this scheme")
        values[name] = resolved
    if errors:
        raise InvalidInput("some related concepts were not found", errors)
    return values


def find_concepts(catalogue: Catalogue, principal: Principal, text: str,
                  scheme: Record | None) -> list[Record]:
    """Return the visible concepts (of the scheme, when given) with this label or notation."""
    labelled = Record.id.in_(select(ConceptLabel.concept_id).where(
        ConceptLabel.key == fold(text), ConceptLabel.role != "hidden"))
    statement = (select(Record).join(Concept, Concept.id == Record.id)
                 .where(Record.kind == Kind.concept, access.record_filter(principal),
                        or_(labelled, Concept.notation == text.strip())))
    if scheme is not None:
        statement = statement.where(members_of(scheme.id))
    with catalogue.store.read() as session:
        return list(session.exec(statement.limit(20)))


def find_record(catalogue: Catalogue, principal: Principal, text: str,
                kinds: tuple[str, ...]) -> Record:
    """Return the visible record of these kinds named by a page address, URI, id or exact title."""
    text = text.strip()
    if not text:
        raise InvalidInput("name a record", {"target": ["required"]})
    slug = text.rstrip("/").rsplit("/", 1)[-1].split("?")[0]
    for key in ({"uri": text}, {"slug": slug}):
        try:
            found = catalogue.get(principal, **key)
        except NotFound:
            continue
        if found.kind in kinds:
            return found
    statement = select(Record).where(access.record_filter(principal), Record.kind.in_(kinds),
                                     func.lower(Record.title) == text.lower())
    with catalogue.store.read() as session:
        matches = list(session.exec(statement.limit(2)))
    if len(matches) == 1:
        return matches[0]
    reason = "several records have this title; give its address" if matches else "not found"
    raise InvalidInput(f"no single record {text!r}", {"target": [reason]})


def link_concept(catalogue: Catalogue, principal: Principal, subject: Record,
                 concept: Record) -> Record:
    """Say that a dataset is about, or an indicator measures, a concept."""
    require(principal, Action.edit, subject)
    predicate = _link_predicate(subject, concept)
    return catalogue.link(subject.id, str(predicate), concept.uri, principal=principal)


def unlink_concept(catalogue: Catalogue, principal: Principal, subject: Record,
                   concept: Record) -> Record:
    """Remove the link between a dataset or indicator and a concept."""
    require(principal, Action.edit, subject)
    predicate = _link_predicate(subject, concept)
    return catalogue.unlink(subject.id, str(predicate), concept.uri, principal=principal)


def _link_predicate(subject: Record, concept: Record) -> URIRef:
    link = KINDS.get(subject.kind).concept_link
    if link is None or concept.kind != Kind.concept:
        raise InvalidInput("only datasets and indicators link to concepts",
                           {"target": ["a dataset, an indicator or a concept"]})
    return link.predicate


def _check(values: dict, specs, required: tuple[str, ...] = ()) -> None:
    errors = concept_fields.check(values, specs)
    if required and not any(str(values.get(name) or "").strip() for name in required):
        errors[required[0]] = ["required (in Dutch or English)"]
    if errors:
        raise InvalidInput("some fields need attention", errors)


def free_slug(catalogue: Catalogue, label: str, taken: set[str] | None = None) -> str:
    """Return a free page address for a new record: its label and a short hash.

    Stable to share, never one of the fixed paths; `taken` holds slugs a batch has handed out.
    """
    base = slug_of(label)[:60] or "begrip"
    taken = taken if taken is not None else set()
    with catalogue.store.read() as session:
        for attempt in range(100):
            digest = hashlib.sha1(f"{label}:{attempt}".encode()).hexdigest()[:6]
            slug = f"{base}-{digest}"
            if slug not in taken and session.exec(
                    select(Record.id).where(Record.slug == slug)).first() is None:
                taken.add(slug)
                return slug
    raise InvalidInput("could not make a free page address", {"slug": ["taken"]})
