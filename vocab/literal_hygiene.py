"""Text rules for harvested RDF: characters XML cannot carry, and how long a literal may be.

Pure rules over rdflib terms, used where records enter the catalogue from a harvest and again
where RDF or HTML is served (records stored before these rules must still give good output).
"""

from __future__ import annotations

import re

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDFS, SKOS

from vocab.namespaces import DCAT, SCHEMA, VCARD

# C0 controls but TAB, LF and CR; the non-characters U+FFFE/U+FFFF; lone surrogates. None of
# them may appear in XML 1.0, and none means anything in a title or a web address.
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

# What an IRI may not hold raw (RFC 3987 and the N-Triples grammar): spaces, controls, delimiters.
_NOT_IN_IRI = re.compile('[\x00-\x20<>"{}|^`\\\\]')

# Names and labels: shown in headings, listings, facets and breadcrumbs, and indexed whole.
NAME_CAP = 1_000
# Any other literal (descriptions, definitions, notes) is kept whole in the stored RDF up to this.
TEXT_CAP = 20_000
NAME_PREDICATES = frozenset({
    DCTERMS.title, DCTERMS.alternative, DCTERMS.identifier, RDFS.label, SKOS.prefLabel,
    SKOS.altLabel, SKOS.hiddenLabel, SKOS.notation, FOAF.name, VCARD.fn,
    VCARD["organization-name"], SCHEMA.name, DCAT.keyword,
})


def clean_text(text: str) -> str:
    """Return text without the characters XML cannot carry."""
    return ILLEGAL.sub("", text) if ILLEGAL.search(text) else text


def cap_for(predicate) -> int:
    """Return how many characters a literal of predicate may hold."""
    return NAME_CAP if predicate in NAME_PREDICATES else TEXT_CAP


def excerpt(text: str, limit: int) -> str:
    """Return text cut to at most limit characters, an ellipsis marking a cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + "…"


def clean_term(term, predicate=None, notes: list[str] | None = None):
    """Return term without illegal characters (and a literal capped for predicate).

    What was changed is appended to notes in words, for the harvest run's warnings.
    """
    if isinstance(term, BNode):
        return term
    text = str(term)
    if isinstance(term, URIRef):
        cleaned = clean_iri(text, notes)
        return URIRef(cleaned) if cleaned != text else term
    cleaned = clean_text(text)
    if cleaned != text and notes is not None:
        notes.append(f"removed {len(text) - len(cleaned)} control or non-XML characters"
                     f" from {_name(predicate)}")
    if predicate is not None and len(cleaned) > cap_for(predicate):
        if notes is not None:
            notes.append(f"{_name(predicate)} cut to {cap_for(predicate):,} characters"
                         f" (it had {len(cleaned):,})")
        cleaned = excerpt(cleaned, cap_for(predicate))
    if cleaned == text:
        return term
    return Literal(cleaned, lang=term.language, datatype=term.datatype)


def clean_graph(graph: Graph, notes: list[str] | None = None, cap: bool = True) -> Graph:
    """Return graph with every term cleaned (graph itself when nothing needed it)."""
    changed: list[tuple] = []
    for s, p, o in graph:
        triple = (clean_term(s, None, notes), clean_term(p, None, notes),
                  clean_term(o, p if cap else None, notes))
        if triple != (s, p, o):
            changed.append(((s, p, o), triple))
    if not changed:
        return graph
    result = Graph()
    for prefix, namespace in graph.namespaces():
        result.bind(prefix, namespace, override=True, replace=True)
    old = {triple for triple, _ in changed}
    for triple in graph:
        if triple not in old:
            result.add(triple)
    for _, triple in changed:
        result.add(triple)
    return result


def clean_iri(text: str, notes: list[str] | None = None) -> str:
    """Return an IRI that RDF can hold: non-XML characters dropped, the space around it trimmed
    (as browsers do), and spaces, controls and delimiters inside it percent-encoded."""
    if not _NOT_IN_IRI.search(text) and clean_text(text) is text:
        return text
    cleaned = clean_text(text).strip(" \t\n\r")
    cleaned = _NOT_IN_IRI.sub(lambda m: f"%{ord(m.group()):02X}", cleaned)
    if cleaned != text and notes is not None:
        notes.append(f"an IRI held characters an IRI cannot; now {cleaned[:200]!r}")
    return cleaned


def _name(predicate) -> str:
    """Return a short name for a predicate (dct:title, skos:prefLabel) for a warning."""
    text = str(predicate)
    for prefix, namespace in (("dct", DCTERMS), ("skos", SKOS), ("rdfs", RDFS), ("foaf", FOAF),
                              ("dcat", DCAT), ("vcard", VCARD), ("schema", SCHEMA)):
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)):]}"
    return f"<{text}>"
