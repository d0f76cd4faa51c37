"""The dry run of a concept CSV import: say per row what importing the file would change.

A row with a uri changes that concept of the scheme, a row without one adds a concept;
references name concepts by web address, label or notation, also of rows new in the same file.
The file is read by `csv_read`; nothing is stored here: `csv_apply.apply` stores a plan.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from rdflib import URIRef
from sqlmodel import select

from atlas.access import Action, Principal, require
from atlas.definitions import csv_read, curation, lookup
from atlas.definitions.csv_read import (
    CHANGED,
    ERROR,
    NEW,
    OUTCOMES,
    SEPARATOR,
    SPECS,
    UNCHANGED,
    Change,
    Problem,
    RowPlan,
)
from atlas.errors import NotFound
from atlas.models import Concept, Kind, Record
from atlas.records import Catalogue
from atlas.records.publication import effective_graph
from atlas.text import fold
from vocab import concept_fields
from vocab.concept_fields import CONCEPT_REFERENCES
from vocab.editorial import STATUSES


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
    _, records = lookup.concept_rows(catalogue.store, principal, scheme=scheme,
                                     limit=10 * csv_read.MAX_ROWS)
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
                    and by_key.get(fold(name)) == {uri}:
                names[uri] = name
                break
    return names


def _name_index(members: dict[str, tuple[Record, Concept]]) -> dict[str, set[str]]:
    """Return the concepts by every name that may find them: labels and notation, folded.

    The names are folded as the stored label keys are (`ConceptLabel.key`).
    """
    by_key: dict[str, set[str]] = {}
    for uri, (_, concept) in members.items():
        texts = [concept.pref_label, concept.pref_label_en, concept.notation,
                 *(label.get("value", "") for label in concept.alt_labels or [])]
        for key in {fold(t) for t in texts}:
            by_key.setdefault(key, set()).add(uri)
    return by_key


def shown(spec, value, names: dict[str, str]) -> str:
    """Return a field's value as cell text (references by name where one is unambiguous)."""
    items = value if isinstance(value, list) else [value]
    if spec.name in CONCEPT_REFERENCES:
        items = [names.get(item, item) for item in items]
    return SEPARATOR.join(str(item) for item in items if str(item))


def plan(catalogue: Catalogue, principal: Principal, scheme: Record, content: str | bytes, *,
         seen_versions: dict[str, int] | None = None) -> Plan:
    """Read a CSV file of concepts and say per row what importing it would change.

    Nothing is stored. `seen_versions` (from an earlier dry run's `Plan.versions()`) makes the
    plan expect the concepts as they were then, so `apply` reports later changes as conflicts.
    Raises FileRefused when the file as a whole cannot be read.
    """
    require(principal, Action.edit, scheme)
    text, warnings = csv_read.decode(content)
    columns, rows, more = csv_read.read_rows(text)
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


def _identify(catalogue: Catalogue, principal: Principal, rows: list[RowPlan],
              members: dict, seen: dict[str, int]) -> None:
    """Match each row to its concept (uri) or check it can be a new one (labels)."""
    first_row: dict[str, int] = {}
    labels = {(lang, fold(text)): uri for uri, (_, concept) in members.items()
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
            key = (lang, fold(row.given.get(f"pref_label_{lang}", "")))
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
                    new_names.setdefault(fold(row.given[name]), set()).add(row.row)
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
                    hits = index.get(fold(item), set())
                    found[item] = list(hits) if len(hits) == 1 else [
                        r.uri for r in curation.find_concepts(catalogue, principal, item, scheme)]
                stored, new = found[item], new_names.get(fold(item), set()) - {row.row}
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
