"""Readable differences between two descriptions of one subject, for a record's history."""

from __future__ import annotations

from rdflib import RDF, BNode, Graph, Literal, URIRef

MAX_SHOWN = 50  # values listed per property and side; the rest is counted


def changes(before: Graph, after: Graph, subject: URIRef) -> list[dict]:
    """Return what changed per property: [{"property", "removed", "added"}], by property.

    Values are shown as text: a literal with its language ("fiets @nl"), an IRI as itself, a
    blank node as the texts it holds ("[Van Dale · https://…]"). JSON-able, for Revision.diff.
    """
    old, new = _values(before, subject), _values(after, subject)
    out = []
    for predicate in sorted(old.keys() | new.keys()):
        removed = sorted(old.get(predicate, set()) - new.get(predicate, set()))
        added = sorted(new.get(predicate, set()) - old.get(predicate, set()))
        if removed or added:
            out.append({"property": predicate, "removed": _capped(removed),
                        "added": _capped(added)})
    return out


def _values(graph: Graph, subject: URIRef) -> dict[str, set[str]]:
    table: dict[str, set[str]] = {}
    for _, predicate, value in graph.triples((subject, None, None)):
        table.setdefault(str(predicate), set()).add(show(graph, value))
    return table


def show(graph: Graph, value, depth: int = 0) -> str:
    """Return a value as one line of text (a blank node by the values it holds)."""
    if isinstance(value, Literal):
        text = " ".join(str(value).split())
        return f"{text} @{value.language}" if value.language else text
    if isinstance(value, BNode):
        if depth > 2:
            return "[…]"
        parts = sorted(show(graph, o, depth + 1) for _, p, o in graph.triples((value, None, None))
                       if p != RDF.type)
        return "[" + " · ".join(parts) + "]"
    return str(value)


def _capped(values: list[str]) -> list[str]:
    if len(values) <= MAX_SHOWN:
        return values
    return values[:MAX_SHOWN] + [f"… (+{len(values) - MAX_SHOWN})"]
