"""SKOS with the NL-SBB profile: concept schemes and concepts (begrippen)."""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import DCTERMS, RDFS, SKOS

from vocab import terms


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
        "links": [],
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
        },
        "scheme": schemes[0] if schemes else "",
        "links": [("in_scheme", uri) for uri in schemes]
        + [("broader", uri) for uri in terms.iris(graph, subject, SKOS.broader)]
        + [("related", uri) for uri in terms.iris(graph, subject, SKOS.related)],
    }
