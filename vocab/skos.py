"""SKOS with the NL-SBB profile: concept schemes and concepts (begrippen)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from vocab import terms
from vocab.editorial import read_status, status_iri
from vocab.namespaces import ADMS


def read_scheme(graph: Graph, subject) -> dict:
    """Return the typed fields of a concept scheme."""
    title = (terms.text(graph, subject, DCTERMS.title) or terms.text(graph, subject, RDFS.label)
             or terms.text(graph, subject, SKOS.prefLabel))
    title_en = (terms.text_exact(graph, subject, DCTERMS.title, "en")
                or terms.text_exact(graph, subject, RDFS.label, "en")
                or terms.text_exact(graph, subject, SKOS.prefLabel, "en"))
    return {
        "title": title,
        "title_en": title_en,
        "description": terms.text(graph, subject, DCTERMS.description)
        or terms.text(graph, subject, SKOS.definition),
        "publisher": terms.iri(graph, subject, DCTERMS.publisher),
        "detail": {"version_info": terms.value(graph, subject, DCTERMS.hasVersion)[:200]},
        # Held by the scheme: a concept named only here has no inScheme of its own.
        "links": [("top_concept", uri) for uri in terms.iris(graph, subject, SKOS.hasTopConcept)],
    }


def read_concept(graph: Graph, subject) -> dict:
    """Return the typed fields of a concept."""
    pref = terms.text(graph, subject, SKOS.prefLabel, "nl")
    pref_en = terms.text_exact(graph, subject, SKOS.prefLabel, "en")
    schemes = terms.iris(graph, subject, SKOS.inScheme) or terms.iris(graph, subject, SKOS.topConceptOf)
    source = terms.iri(graph, subject, DCTERMS.source) or terms.text(graph, subject, DCTERMS.source)
    return {
        "title": pref,
        "title_en": pref_en,
        "description": terms.text(graph, subject, SKOS.definition, "nl"),
        "publisher": "",
        "detail": {
            "pref_label": pref[:1000],
            "pref_label_en": pref_en[:1000],
            "alt_labels": terms.texts(graph, subject, SKOS.altLabel),
            "hidden_labels": terms.texts(graph, subject, SKOS.hiddenLabel),
            "definition": terms.text(graph, subject, SKOS.definition, "nl"),
            "notation": terms.value(graph, subject, SKOS.notation)[:200],
            "source": source[:2000],
            "editorial_status": read_status(graph, subject),
        },
        "scheme": schemes[0] if schemes else "",
        "links": [("in_scheme", uri) for uri in schemes]
        + [("broader", uri) for uri in terms.iris(graph, subject, SKOS.broader)]
        + [("narrower", uri) for uri in terms.iris(graph, subject, SKOS.narrower)]
        + [("related", uri) for uri in terms.iris(graph, subject, SKOS.related)],
    }


LABEL_ROLES = (("pref", SKOS.prefLabel), ("alt", SKOS.altLabel), ("hidden", SKOS.hiddenLabel))


def concept_labels(graph: Graph, subject) -> list[dict]:
    """Return every preferred, alternative and hidden label as {"label", "lang", "role"} dicts."""
    return [{"label": str(value), "lang": value.language or "", "role": role}
            for role, predicate in LABEL_ROLES for value in graph.objects(subject, predicate)
            if isinstance(value, Literal) and str(value).strip()]


def concept_graph(uri: str, fields: dict) -> Graph:
    """Return the SKOS description of a concept from typed fields (the reverse of read_concept)."""
    graph = Graph()
    subject = URIRef(uri)
    detail = fields.get("detail", {})
    graph.add((subject, RDF.type, SKOS.Concept))
    if detail.get("pref_label"):
        graph.add((subject, SKOS.prefLabel, Literal(detail["pref_label"], lang="nl")))
    if detail.get("pref_label_en"):
        graph.add((subject, SKOS.prefLabel, Literal(detail["pref_label_en"], lang="en")))
    for key, predicate in (("alt_labels", SKOS.altLabel), ("hidden_labels", SKOS.hiddenLabel)):
        for label in detail.get(key, []):
            graph.add((subject, predicate, Literal(label["value"], lang=label.get("lang") or None)))
    if detail.get("definition"):
        graph.add((subject, SKOS.definition, Literal(detail["definition"], lang="nl")))
    if detail.get("notation"):
        graph.add((subject, SKOS.notation, Literal(detail["notation"])))
    if detail.get("source"):
        source = detail["source"]
        graph.add((subject, DCTERMS.source,
                   URIRef(source) if source.startswith(("http://", "https://")) else Literal(source)))
    if detail.get("editorial_status"):
        graph.add((subject, ADMS.status, status_iri(detail["editorial_status"])))
    predicates = {"in_scheme": SKOS.inScheme, "broader": SKOS.broader,
                  "narrower": SKOS.narrower, "related": SKOS.related}
    for relation, target in fields.get("links", []):
        graph.add((subject, predicates[relation], URIRef(target)))
    return graph


def scheme_graph(uri: str, fields: dict) -> Graph:
    """Return the SKOS description of a concept scheme from typed fields."""
    graph = Graph()
    subject = URIRef(uri)
    graph.add((subject, RDF.type, SKOS.ConceptScheme))
    terms.add_common(graph, subject, fields)
    if fields.get("detail", {}).get("version_info"):
        graph.add((subject, DCTERMS.hasVersion, Literal(fields["detail"]["version_info"])))
    return graph
