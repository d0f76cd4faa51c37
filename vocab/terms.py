"""Reading typed values out of RDF: language-aware text, IRIs and plain values."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

PREFERRED_LANGUAGES = ("nl", "", "en")


def text(graph: Graph, subject, predicate, lang: str = "nl") -> str:
    """Return one literal of predicate in lang, falling back to untagged, Dutch, English, any."""
    values = [o for o in graph.objects(subject, predicate) if isinstance(o, Literal)]
    if not values:
        return ""
    order = (lang, *PREFERRED_LANGUAGES)
    for wanted in order:
        for value in sorted(values):
            if (value.language or "") == wanted:
                return str(value).strip()
    return str(sorted(values)[0]).strip()


def text_exact(graph: Graph, subject, predicate, lang: str) -> str:
    """Return one literal of predicate tagged exactly lang, or empty."""
    for value in sorted(graph.objects(subject, predicate)):
        if isinstance(value, Literal) and (value.language or "") == lang:
            return str(value).strip()
    return ""


def texts(graph: Graph, subject, predicate) -> list[dict]:
    """Return every literal of predicate as {"value", "lang"} dicts, sorted."""
    return [{"value": str(o), "lang": o.language or ""}
            for o in sorted(graph.objects(subject, predicate)) if isinstance(o, Literal)]


def iri(graph: Graph, subject, predicate) -> str:
    """Return one IRI value of predicate, accepting IRIs written as literals."""
    for value in sorted(graph.objects(subject, predicate)):
        if isinstance(value, URIRef):
            return str(value)
        if isinstance(value, Literal) and str(value).startswith(("http://", "https://", "mailto:")):
            return str(value).strip()
    return ""


def iris(graph: Graph, subject, predicate) -> list[str]:
    """Return every IRI value of predicate (literals holding IRIs included), sorted."""
    found = set()
    for value in graph.objects(subject, predicate):
        if isinstance(value, URIRef):
            found.add(str(value))
        elif isinstance(value, Literal) and str(value).startswith(("http://", "https://")):
            found.add(str(value).strip())
    return sorted(found)


def value(graph: Graph, subject, predicate) -> str:
    """Return one value of predicate as text, whatever its kind."""
    for found in sorted(graph.objects(subject, predicate)):
        return str(found).strip()
    return ""


def number(graph: Graph, subject, predicate) -> float | None:
    """Return one numeric value of predicate, or None when absent or not a number."""
    raw = value(graph, subject, predicate)
    try:
        return float(raw) if raw else None
    except ValueError:
        return None


def add_common(graph: Graph, subject: URIRef, fields: dict, name=DCTERMS.title) -> None:
    """Add a record's title (Dutch and English), Dutch description and publisher from fields."""
    if fields.get("title"):
        graph.add((subject, name, Literal(fields["title"], lang="nl")))
    if fields.get("title_en"):
        graph.add((subject, name, Literal(fields["title_en"], lang="en")))
    if fields.get("description"):
        graph.add((subject, DCTERMS.description, Literal(fields["description"], lang="nl")))
    if fields.get("publisher"):
        graph.add((subject, DCTERMS.publisher, URIRef(fields["publisher"])))
