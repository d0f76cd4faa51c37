"""The EU data themes (Publications Office authority table), with Dutch and English labels."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from vocab.namespaces import EU_THEME

SCHEME = URIRef("http://publications.europa.eu/resource/authority/data-theme")

# code: (Dutch label, English label)
THEMES: dict[str, tuple[str, str]] = {
    "AGRI": ("Landbouw, visserij, bosbouw en voeding", "Agriculture, fisheries, forestry and food"),
    "ECON": ("Economie en financiën", "Economy and finance"),
    "EDUC": ("Onderwijs, cultuur en sport", "Education, culture and sport"),
    "ENER": ("Energie", "Energy"),
    "ENVI": ("Milieu", "Environment"),
    "GOVE": ("Overheid en publieke sector", "Government and public sector"),
    "HEAL": ("Gezondheid", "Health"),
    "INTR": ("Internationale vraagstukken", "International issues"),
    "JUST": ("Justitie, rechtsstelsel en openbare veiligheid",
             "Justice, legal system and public safety"),
    "REGI": ("Regio's en steden", "Regions and cities"),
    "SOCI": ("Bevolking en samenleving", "Population and society"),
    "TECH": ("Wetenschap en technologie", "Science and technology"),
    "TRAN": ("Vervoer", "Transport"),
    "OP_DATPRO": ("Voorlopige gegevens", "Provisional data"),
}


def label(iri: str, lang: str = "nl") -> str:
    """Return the label of a theme IRI in a language (the code when it is not a known theme)."""
    code = str(iri).rstrip("/").rsplit("/", 1)[-1]
    labels = THEMES.get(code)
    if labels is None:
        return code
    return labels[1] if lang == "en" else labels[0]


def describe(graph: Graph) -> Graph:
    """Add labels for every EU theme used in graph, and the title of the theme scheme (in place)."""
    nodes = set(graph.subjects()) | set(graph.objects())
    used = {n for n in nodes if isinstance(n, URIRef) and str(n).startswith(str(EU_THEME))}
    for theme in used:
        code = str(theme).rsplit("/", 1)[-1]
        if code not in THEMES:
            continue
        nl, en = THEMES[code]
        graph.add((theme, SKOS.prefLabel, Literal(nl, lang="nl")))
        graph.add((theme, SKOS.prefLabel, Literal(en, lang="en")))
        graph.add((theme, SKOS.inScheme, SCHEME))
    if SCHEME in nodes:
        graph.add((SCHEME, RDF.type, SKOS.ConceptScheme))
        graph.add((SCHEME, DCTERMS.title, Literal("Data theme", lang="en")))
        graph.add((SCHEME, DCTERMS.title, Literal("Datathema", lang="nl")))
    return graph
