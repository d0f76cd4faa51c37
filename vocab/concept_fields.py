"""A concept (or scheme) as flat named fields, and back: the one mapping behind forms and CSV.

Each field names one predicate and, for texts, one language; a field holds one value or a list.
Reading gives every field's current values; writing gives the curator's edits (predicate →
all its new values) for the predicates whose fields changed, keeping the values in languages
no field covers (a German label survives an edit of the Dutch one).
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from vocab.description import term_to_json
from vocab.editorial import ENDED, STATUSES, read_status, status_iri
from vocab.namespaces import ADMS

LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class FieldSpec:
    """One editable field: its name, predicate, value type, language and whether it repeats."""

    name: str
    predicate: URIRef
    type: str  # text | literal | iri | iri_or_text | status
    lang: str | None = None
    many: bool = False


def _per_language(stem: str, predicate: URIRef, many: bool = False) -> list[FieldSpec]:
    return [FieldSpec(f"{stem}_{lang}", predicate, "text", lang, many) for lang in LANGUAGES]


CONCEPT_FIELDS: tuple[FieldSpec, ...] = (
    *_per_language("pref_label", SKOS.prefLabel),
    *_per_language("alt_labels", SKOS.altLabel, many=True),
    *_per_language("hidden_labels", SKOS.hiddenLabel, many=True),
    *_per_language("definition", SKOS.definition),
    *_per_language("scope_note", SKOS.scopeNote),
    *_per_language("example", SKOS.example),
    FieldSpec("notation", SKOS.notation, "literal"),
    FieldSpec("source", DCTERMS.source, "iri_or_text"),
    FieldSpec("broader", SKOS.broader, "iri", many=True),
    FieldSpec("related", SKOS.related, "iri", many=True),
    FieldSpec("exact_match", SKOS.exactMatch, "iri", many=True),
    FieldSpec("close_match", SKOS.closeMatch, "iri", many=True),
    FieldSpec("editorial_status", ADMS.status, "status"),
    FieldSpec("replaced_by", DCTERMS.isReplacedBy, "iri", many=True),
    FieldSpec("valid", DCTERMS.valid, "literal"),
)

SCHEME_FIELDS: tuple[FieldSpec, ...] = (
    *_per_language("title", DCTERMS.title),
    *_per_language("description", DCTERMS.description),
    FieldSpec("publisher", DCTERMS.publisher, "iri"),
    FieldSpec("version", OWL.versionInfo, "literal"),
)

# Fields whose values name other concepts (forms and CSV accept a label or notation there).
CONCEPT_REFERENCES = ("broader", "related", "replaced_by")


def read_values(graph: Graph, subject: URIRef, specs=CONCEPT_FIELDS) -> dict:
    """Return each field's current value: a string, or a sorted list for repeating fields."""
    out: dict = {}
    for spec in specs:
        if spec.type == "status":
            out[spec.name] = read_status(graph, subject)
            continue
        values = [str(o) for o in graph.objects(subject, spec.predicate) if _fits(spec, o)]
        if spec.many:
            out[spec.name] = sorted(set(values))
        else:
            out[spec.name] = min(values) if values else ""
    return out


def edits_for(graph: Graph, subject: URIRef, wanted: dict, specs=CONCEPT_FIELDS) -> dict:
    """Return the predicate edits that give subject the wanted field values.

    Only fields present in `wanted` are considered and only changed predicates are returned;
    each edit lists every value the predicate keeps (values outside the fields stay).
    """
    current = read_values(graph, subject, specs)
    by_predicate: dict[URIRef, list[FieldSpec]] = {}
    for spec in specs:
        if spec.name in wanted and _normalised(spec, wanted[spec.name]) != _normalised(
                spec, current[spec.name]):
            by_predicate.setdefault(spec.predicate, []).append(spec)
    edits: dict[str, list[dict]] = {}
    for predicate, changed in by_predicate.items():
        kept = [o for o in graph.objects(subject, predicate)
                if not any(_fits(spec, o) for spec in changed)]
        values = [term_to_json(o) for o in kept]
        for spec in changed:
            values += [term_to_json(term) for term in _terms(spec, wanted[spec.name])]
        edits[str(predicate)] = values
        for spec in changed:
            if spec.type == "status":
                edits.update(_deprecation(graph, subject, wanted[spec.name]))
    return edits


def build(subject: URIRef, values: dict, specs=CONCEPT_FIELDS) -> Graph:
    """Return a new description of subject holding the given field values."""
    graph = Graph()
    for spec in specs:
        for term in _terms(spec, values.get(spec.name, [] if spec.many else "")):
            graph.add((subject, spec.predicate, term))
    if values.get("editorial_status") in ENDED:
        graph.add((subject, OWL.deprecated, Literal(True)))
    return graph


def check(values: dict, specs=CONCEPT_FIELDS) -> dict[str, list[str]]:
    """Return problems with field values, by field name (empty when all are acceptable)."""
    errors: dict[str, list[str]] = {}
    for spec in specs:
        raw = values.get(spec.name)
        if raw in (None, "", []):
            continue
        items = raw if isinstance(raw, list) else [raw]
        if spec.type == "status" and raw not in STATUSES:
            errors[spec.name] = [f"one of {', '.join(STATUSES)}"]
        elif spec.type == "iri" and any(not _is_web_iri(i) for i in items):
            errors[spec.name] = ["web addresses (http:// or https://) only"]
        elif any(len(str(i)) > 5000 for i in items):
            errors[spec.name] = ["at most 5,000 characters"]
        elif any("\x00" in str(i) for i in items):  # PostgreSQL cannot store one in text
            errors[spec.name] = ["no NUL characters"]
    return errors


def _deprecation(graph: Graph, subject: URIRef, status: str) -> dict:
    # NL-SBB and Skosmos read owl:deprecated: keep it in step with the ending statuses.
    ended = status in ENDED
    stated = any(str(o).lower() in ("true", "1") for o in graph.objects(subject, OWL.deprecated))
    if ended == stated:
        return {}
    return {str(OWL.deprecated): [term_to_json(Literal(True))] if ended else []}


def _fits(spec: FieldSpec, term) -> bool:
    """Tell whether an RDF value belongs to this field (its language, its kind)."""
    if spec.type == "text":
        if not isinstance(term, Literal):
            return False
        lang = (term.language or "").lower().split("-")[0]
        # Untagged texts are taken as Dutch, the catalogue's first language.
        return lang == spec.lang or (not lang and spec.lang == "nl")
    if spec.type == "iri":
        return isinstance(term, URIRef)
    if spec.type == "iri_or_text":
        return isinstance(term, URIRef | Literal)
    return True


def _terms(spec: FieldSpec, raw) -> list:
    items = raw if isinstance(raw, list) else [raw]
    items = [str(i).strip() for i in items if str(i).strip()]
    if spec.type == "text":
        return [Literal(i, lang=spec.lang) for i in items]
    if spec.type == "iri":
        return [URIRef(i) for i in items]
    if spec.type == "status":
        return [status_iri(i) for i in items]
    if spec.type == "iri_or_text":
        return [URIRef(i) if _is_web_iri(i) else Literal(i) for i in items]
    return [Literal(i) for i in items]


def _normalised(spec: FieldSpec, raw) -> tuple:
    items = raw if isinstance(raw, list) else [raw]
    return tuple(sorted({" ".join(str(i).split()) for i in items if str(i).strip()}))


def _is_web_iri(text: str) -> bool:
    text = str(text)
    return text.startswith(("http://", "https://")) and " " not in text.strip()

