"""How an NL-SBB profile result is named (a stable code) and said (in Dutch, from the profile).

A SPARQL constraint brings its own Dutch `sh:message`. A core constraint (sh:minCount,
sh:datatype, …) has none, so the Dutch sentence is made from the property shape's Dutch
`sh:name`, with pySHACL's English message in parentheses, as Atlas's own checks word theirs.
Results meaning what an Atlas check means get that check's code, so the two can be merged.
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SH

from atlas.publish.quality import ShapeResult, nlsbb_shapes

SKOS = "http://www.w3.org/2004/02/skos/core#"
# (property, component) → the code of the Atlas check that finds the same problem.
SAME_AS_ATLAS = {(f"{SKOS}prefLabel", "MinCount"): "missing-pref-label",
                 (f"{SKOS}prefLabel", "UniqueLang"): "pref-labels-one-language",
                 (f"{SKOS}prefLabel", "Datatype"): "no-language",
                 (f"{SKOS}definition", "MinCount"): "missing-definition"}
SPARQL_CODES = {"OrphanConcept": "orphan", "TopConceptHavingBroader": "top-concept-with-broader",
                "UnambiguousNotations": "duplicate-notation",
                "UniquePreflabelWithinConceptScheme": "duplicate-pref-label"}
NODE_KINDS = {"IRI": "een IRI", "Literal": "een tekst", "BlankNodeOrIRI": "een IRI of blank node",
              "BlankNode": "een blank node"}


def code(result: ShapeResult) -> str:
    """Return the stable code of a result, e.g. "missing-definition" or "class-in-scheme"."""
    if result.component == "SPARQL":
        name = _local(result.source)
        return SPARQL_CODES.get(name, _kebab(name))
    same = SAME_AS_ATLAS.get((result.path, result.component))
    return same or f"{_kebab(result.component)}-{_kebab(_local(result.path))}"


def message(result: ShapeResult) -> str:
    """Return the result in Dutch (from the profile), with pySHACL's English where it has some."""
    texts = dict(result.messages)
    if result.component == "SPARQL":
        return texts.get("nl") or texts.get("") or next(iter(texts.values()), "")
    shapes = nlsbb_shapes()
    shape = URIRef(result.source)
    name = _dutch(shapes, shape, RDFS.label) or _dutch(shapes, shape, SH.name) \
        or _local(result.path)
    named = f"{name} ({_qname(URIRef(result.path))})" if result.path else name
    value = _shown(result.value)
    said = {
        "MinCount": f"{named} ontbreekt",
        "UniqueLang": f"meer dan één {named} in dezelfde taal",
        "Datatype": f"{name} {value} heeft niet het gegevenstype "
                    f"{_qname(shapes.value(shape, SH.datatype))}",
        "NodeKind": f"{name} {value} is niet "
                    f"{NODE_KINDS.get(_local(shapes.value(shape, SH.nodeKind)), 'van de juiste soort')}",
        "Class": f"{name} {value} is geen {_qname(shapes.value(shape, SH['class']))}",
        "Disjoint": f"{name} {value} staat ook als {_others(shapes, shape)}",
        "Node": f"{name} {value} voldoet niet aan het profiel voor "
                f"{_dutch(shapes, shapes.value(shape, SH.node), RDFS.label) or 'deze waarde'}",
        "Or": f"{name} {value} heeft geen van de toegestane vormen",
    }.get(result.component, f"{name} {value} voldoet niet aan het profiel")
    english = texts.get("en") or texts.get("")
    text = said[:1].upper() + said[1:]
    return f"{text} ({english})" if english else text


def _dutch(graph, subject, predicate) -> str:
    if subject is None:
        return ""
    values = list(graph.objects(subject, predicate))
    for value in values:
        if isinstance(value, Literal) and value.language == "nl":
            return str(value)
    return ""


def _others(shapes, shape) -> str:
    return ", ".join(sorted(_qname(p) for p in shapes.objects(shape, SH.disjoint)))


def _qname(iri) -> str:
    if iri is None:
        return "?"
    try:
        return nlsbb_shapes().namespace_manager.normalizeUri(iri)
    except Exception:  # an IRI with no usable prefix is shown whole
        return str(iri)


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Literal):
        return f'"{value}"' + (f"@{value.language}" if value.language else "")
    return str(value) if isinstance(value, URIRef) else "(blank node)"


def _local(iri) -> str:
    text = str(iri or "")
    return text[max(text.rfind("#"), text.rfind("/")) + 1:]


def _kebab(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name).lower()
