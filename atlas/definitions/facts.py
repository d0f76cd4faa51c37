"""What a concept's or scheme's own RDF says beyond the typed columns: notes, sources, matches."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection as RdfList
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SDO, SKOS

from atlas.models import Record
from atlas.records.publication import effective_graph
from atlas.text import fold

ADMS_STATUS = URIRef("http://www.w3.org/ns/adms#status")
MATCHES = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
_LANG_ORDER = ("nl", "", "en")


@dataclass(frozen=True)
class Text:
    """A literal to show: its text and language tag ("" when untagged)."""

    value: str
    lang: str


@dataclass(frozen=True)
class Source:
    """Where a definition comes from: a web address, a citation, or both."""

    url: str
    citation: str


@dataclass
class ConceptFacts:
    """The parts of a concept's RDF the page shows and the typed columns do not hold."""

    pref_labels: list[Text]
    definitions: list[Text]
    scope_notes: list[Text]
    examples: list[Text]
    notes: list[Text]
    notations: list[str]
    sources: list[Source]
    status: list[str]
    valid: list[str]
    deprecated: bool
    replaced_by: list[str]
    matches: dict[str, list[str]]


def concept_facts(record: Record, lang: str = "nl") -> ConceptFacts:
    """Read labels, notes, sources, status, validity, replacement and matches from the RDF."""
    graph = effective_graph(record)
    subject = URIRef(record.uri)

    def texts(predicate) -> list[Text]:
        return _texts(graph, subject, predicate, lang)

    deprecated = any(str(o).strip().lower() in ("true", "1")
                     for o in graph.objects(subject, OWL.deprecated))
    return ConceptFacts(
        pref_labels=texts(SKOS.prefLabel), definitions=texts(SKOS.definition),
        scope_notes=texts(SKOS.scopeNote), examples=texts(SKOS.example), notes=texts(SKOS.note),
        notations=sorted({str(o) for o in graph.objects(subject, SKOS.notation)}),
        sources=[_source(graph, o) for o in graph.objects(subject, DCTERMS.source)],
        status=sorted({_name(o) for o in graph.objects(subject, ADMS_STATUS)}),
        valid=sorted({str(o) for o in graph.objects(subject, DCTERMS.valid)}),
        deprecated=deprecated,
        replaced_by=_web_iris(graph.objects(subject, DCTERMS.isReplacedBy)),
        matches={name: found for name in MATCHES
                 if (found := _web_iris(graph.objects(subject, SKOS[name])))})


def collections(scheme: Record) -> list[tuple[str, list[str]]]:
    """Return the skos:Collections described in a scheme's RDF: (label, member IRIs), by label."""
    graph = effective_graph(scheme)
    found = []
    kinds = (SKOS.Collection, SKOS.OrderedCollection)
    for node in {n for kind in kinds for n in graph.subjects(RDF.type, kind)}:
        names = _texts(graph, node, SKOS.prefLabel, "nl") or _texts(graph, node, RDFS.label, "nl")
        members = _web_iris(graph.objects(node, SKOS.member))
        for items in graph.objects(node, SKOS.memberList):
            members += [m for m in _web_iris(RdfList(graph, items)) if m not in members]
        found.append((names[0].value if names else _name(node), members))
    return sorted(found, key=lambda c: fold(c[0]))


def _texts(graph: Graph, subject, predicate, lang: str) -> list[Text]:
    """Return the literals of predicate, the page's language first, then Dutch, untagged, English."""
    order = (lang, *_LANG_ORDER)
    values = {Text(str(o).strip(), o.language or "") for o in graph.objects(subject, predicate)
              if isinstance(o, Literal) and str(o).strip()}
    return sorted(values, key=lambda t: (order.index(t.lang) if t.lang in order else len(order),
                                         t.lang, t.value))


def _source(graph: Graph, value) -> Source:
    """Return a dct:source as a link, a citation (a blank node's bibliographicCitation) or both."""
    if isinstance(value, URIRef | Literal):
        url = _web(str(value))
        return Source(url, "" if url else str(value))
    citation = next((str(o) for p in (DCTERMS.bibliographicCitation, DCTERMS.title, RDFS.label)
                     for o in graph.objects(value, p)), "")
    url = next((u for p in (FOAF.page, SDO.url, RDFS.seeAlso)
                for u in _web_iris(graph.objects(value, p))), "")
    return Source(url, citation)


def _web(text: str) -> str:
    """Return text when it is an http(s) address safe to link to, else empty."""
    return text.strip() if text.strip().lower().startswith(("http://", "https://")) else ""


def _web_iris(values) -> list[str]:
    """Return the http(s) IRIs among values, sorted (never a javascript: or file: link)."""
    return sorted({_web(str(v)) for v in values if isinstance(v, URIRef | Literal) and _web(str(v))})


def _name(term) -> str:
    """Return a readable name for a term: a literal's text, an IRI's last segment."""
    text = str(term).strip()
    if isinstance(term, Literal):
        return text
    return text.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or text
