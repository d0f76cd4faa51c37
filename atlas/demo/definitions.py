"""The province's concept scheme of definitions (begrippenkader, NL-SBB style) and a small scheme of
policy programmes, as SKOS records."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from vocab.editorial import status_iri
from vocab.namespaces import ADMS, DCTERMS, SKOS

from .begrippen_leefomgeving import CONCEPTS as _LEEFOMGEVING
from .begrippen_samenleving import CONCEPTS as _SAMENLEVING
from .organisations import org_uri
from .sources import Concept

SCHEME_SLUG = "begrippenkader-provincie-utrecht"
PROGRAMME_SCHEME_SLUG = "beleidsprogrammas-provincie-utrecht"

CONCEPTS: list[Concept] = _LEEFOMGEVING + _SAMENLEVING
BY_SLUG: dict[str, Concept] = {c.slug: c for c in CONCEPTS}


@dataclass(frozen=True)
class Programme:
    """A policy programme of the province, a concept in the programme scheme."""

    slug: str
    nl: str
    en: str
    definition: str
    related: tuple[str, ...]


PROGRAMMES: list[Programme] = [
    Programme("programma-energietransitie", "Programma Energietransitie",
              "Energy Transition Programme",
              "Provinciaal programma voor de opwekking van hernieuwbare energie, energiebesparing "
              "en de warmtetransitie, in samenwerking met de RES-regio's.",
              ("energietransitie", "hernieuwbare-energie", "co2-uitstoot")),
    Programme("programma-wonen-en-werken", "Programma Wonen en Werken",
              "Housing and Work Programme",
              "Programma dat sturing geeft aan de woningbouwopgave en de ontwikkeling van "
              "werklocaties in de provincie.", ("wonen", "bedrijventerrein", "werkgelegenheid")),
    Programme("programma-mobiliteit", "Mobiliteitsprogramma", "Mobility Programme",
              "Uitwerking van de mobiliteitsvisie: veilig, schoon en bereikbaar verkeer met nadruk "
              "op fiets en openbaar vervoer.", ("mobiliteit", "fiets", "openbaar-vervoer")),
    Programme("programma-natuur-en-landelijk-gebied", "Programma Natuur en Landelijk Gebied",
              "Nature and Rural Area Programme",
              "Programma voor de realisatie van het Natuurnetwerk Nederland, stikstofreductie en "
              "een vitaal landelijk gebied.", ("natuurnetwerk-nederland", "stikstofdepositie")),
    Programme("programma-gezonde-leefomgeving", "Programma Gezonde Leefomgeving",
              "Healthy Living Environment Programme",
              "Programma voor schone lucht, minder geluidhinder en een leefomgeving die gezond "
              "gedrag stimuleert.", ("gezonde-leefomgeving", "luchtkwaliteit", "geluidhinder")),
    Programme("programma-klimaatadaptatie", "Programma Klimaatadaptatie",
              "Climate Adaptation Programme",
              "Programma om de provincie in 2050 klimaatbestendig en waterrobuust in te richten.",
              ("klimaatadaptatie", "hittestress", "wateroverlast")),
    Programme("programma-cultuur-en-erfgoed", "Programma Cultuur en Erfgoed",
              "Culture and Heritage Programme",
              "Programma voor het behoud en de beleving van cultureel erfgoed en een bereikbaar "
              "cultuuraanbod.", ("cultureel-erfgoed", "hollandse-waterlinies")),
    Programme("programma-economie", "Programma Economie", "Economy Programme",
              "Programma voor een toekomstbestendige regionale economie, vitale "
              "bedrijventerreinen en levendige winkelgebieden.", ("economie", "detailhandel")),
]

PROGRAMME_LABEL: dict[str, str] = {p.slug: p.nl for p in PROGRAMMES}


def concept_uri(base_uri: str, slug: str) -> URIRef:
    """Return the IRI of a definition (concept or concept scheme)."""
    return URIRef(f"{base_uri}/definitions/{slug}")


def is_public_concept(slug: str) -> bool:
    """Tell whether a concept of the main scheme is published (not in bewerking)."""
    return BY_SLUG[slug].status == "published"


def _check() -> None:
    for c in CONCEPTS:
        if c.broader is not None and c.broader not in BY_SLUG:
            raise ValueError(f"{c.slug}: unknown broader {c.broader}")
        for other in c.related:
            if other not in BY_SLUG:
                raise ValueError(f"{c.slug}: unknown related {other}")
    if len(BY_SLUG) != len(CONCEPTS):
        raise ValueError("duplicate concept slugs")


_check()


def _children(slug: str) -> list[Concept]:
    return [c for c in CONCEPTS if c.broader == slug]


def notations() -> dict[str, str]:
    """Return a hierarchical notation per concept slug, e.g. 'PU.05.02.01'."""
    result: dict[str, str] = {}

    def visit(concept: Concept, code: str) -> None:
        result[concept.slug] = code
        for i, child in enumerate(_children(concept.slug), start=1):
            visit(child, f"{code}.{i:02d}")

    for i, top in enumerate((c for c in CONCEPTS if c.broader is None), start=1):
        visit(top, f"PU.{i:02d}")
    return result


def ordered_concepts() -> list[Concept]:
    """Return the concepts top-down (every concept after its broader one)."""
    order: list[Concept] = []

    def visit(concept: Concept) -> None:
        order.append(concept)
        for child in _children(concept.slug):
            visit(child)

    for top in (c for c in CONCEPTS if c.broader is None):
        visit(top)
    return order


def _source(g: Graph, s: URIRef, source: str, key: str) -> None:
    if source.startswith("http"):
        g.add((s, DCTERMS.source, URIRef(source)))
    elif source:
        node = BNode(f"source-{key}")
        g.add((s, DCTERMS.source, node))
        g.add((node, DCTERMS.bibliographicCitation, Literal(source, lang="nl")))


def scheme_graph(base_uri: str) -> Graph:
    """Return the skos:ConceptScheme record of the province's begrippenkader."""
    g = Graph()
    s = concept_uri(base_uri, SCHEME_SLUG)
    g.add((s, RDF.type, SKOS.ConceptScheme))
    for prop in (DCTERMS.title, RDFS.label):
        g.add((s, prop, Literal("Begrippenkader provincie Utrecht", lang="nl")))
        g.add((s, prop, Literal("Province of Utrecht glossary", lang="en")))
    g.add((s, DCTERMS.description, Literal(
        "Eenduidige definities van de begrippen die de provincie Utrecht gebruikt in haar beleid, "
        "datasets en indicatoren voor de fysieke leefomgeving en de samenleving, opgesteld volgens "
        "de Nederlandse standaard voor het beschrijven van begrippen (NL-SBB).", lang="nl")))
    g.add((s, DCTERMS.description, Literal(
        "Unambiguous definitions of the terms used by the Province of Utrecht in its policies, "
        "datasets and indicators.", lang="en")))
    g.add((s, DCTERMS.publisher, org_uri(base_uri, "provincie-utrecht")))
    g.add((s, DCTERMS.creator, org_uri(base_uri, "provincie-utrecht")))
    g.add((s, DCTERMS.created, Literal("2021-03-10", datatype=XSD.date)))
    g.add((s, DCTERMS.modified, Literal("2025-11-17", datatype=XSD.date)))
    g.add((s, OWL.versionInfo, Literal("2025.2")))
    g.add((s, DCTERMS.language, URIRef("http://publications.europa.eu/resource/authority/language/NLD")))
    for concept in CONCEPTS:
        if concept.broader is None and concept.status == "published":
            g.add((s, SKOS.hasTopConcept, concept_uri(base_uri, concept.slug)))
    return g


def concept_graph(base_uri: str, concept: Concept, notation: str) -> Graph:
    """Return the skos:Concept record of one begrip."""
    g = Graph()
    s = concept_uri(base_uri, concept.slug)
    scheme = concept_uri(base_uri, SCHEME_SLUG)
    g.add((s, RDF.type, SKOS.Concept))
    g.add((s, SKOS.inScheme, scheme))
    g.add((s, SKOS.prefLabel, Literal(concept.nl, lang="nl")))
    g.add((s, SKOS.prefLabel, Literal(concept.en, lang="en")))
    for label in concept.alt:
        g.add((s, SKOS.altLabel, Literal(label, lang="nl")))
    for label in concept.hidden:
        g.add((s, SKOS.hiddenLabel, Literal(label, lang="nl")))
    g.add((s, SKOS.definition, Literal(concept.definition, lang="nl")))
    if concept.scope:
        g.add((s, SKOS.scopeNote, Literal(concept.scope, lang="nl")))
    g.add((s, SKOS.notation, Literal(notation)))
    _source(g, s, concept.source, concept.slug)
    if concept.broader is None:
        g.add((s, SKOS.topConceptOf, scheme))
    else:
        g.add((s, SKOS.broader, concept_uri(base_uri, concept.broader)))
    if concept.status == "published":
        # A published concept lists only published narrower ones, so drafts stay unreferenced.
        for child in _children(concept.slug):
            if child.status == "published":
                g.add((s, SKOS.narrower, concept_uri(base_uri, child.slug)))
    for other in concept.related:
        if concept.status != "published" or BY_SLUG[other].status == "published":
            g.add((s, SKOS.related, concept_uri(base_uri, other)))
    # Published begrippen are settled (vastgesteld); the drafts are still being written.
    g.add((s, ADMS.status, status_iri("vastgesteld" if concept.status == "published"
                                      else "in-bewerking")))
    for target in concept.close:
        g.add((s, SKOS.closeMatch, URIRef(target)))
    for target in concept.exact:
        g.add((s, SKOS.exactMatch, URIRef(target)))
    return g


def programme_scheme_graph(base_uri: str) -> Graph:
    """Return the skos:ConceptScheme record of the policy programmes."""
    g = Graph()
    s = concept_uri(base_uri, PROGRAMME_SCHEME_SLUG)
    g.add((s, RDF.type, SKOS.ConceptScheme))
    for prop in (DCTERMS.title, RDFS.label):
        g.add((s, prop, Literal("Beleidsprogramma's provincie Utrecht", lang="nl")))
        g.add((s, prop, Literal("Province of Utrecht policy programmes", lang="en")))
    g.add((s, DCTERMS.description, Literal(
        "De beleidsprogramma's van de provincie Utrecht waaraan indicatoren en datasets worden "
        "gekoppeld.", lang="nl")))
    g.add((s, DCTERMS.publisher, org_uri(base_uri, "provincie-utrecht")))
    g.add((s, DCTERMS.created, Literal("2023-06-01", datatype=XSD.date)))
    for programme in PROGRAMMES:
        g.add((s, SKOS.hasTopConcept, concept_uri(base_uri, programme.slug)))
    return g


def programme_graph(base_uri: str, programme: Programme, index: int) -> Graph:
    """Return the skos:Concept record of one policy programme."""
    g = Graph()
    s = concept_uri(base_uri, programme.slug)
    scheme = concept_uri(base_uri, PROGRAMME_SCHEME_SLUG)
    g.add((s, RDF.type, SKOS.Concept))
    g.add((s, SKOS.inScheme, scheme))
    g.add((s, SKOS.topConceptOf, scheme))
    g.add((s, SKOS.prefLabel, Literal(programme.nl, lang="nl")))
    g.add((s, SKOS.prefLabel, Literal(programme.en, lang="en")))
    g.add((s, SKOS.definition, Literal(programme.definition, lang="nl")))
    g.add((s, SKOS.notation, Literal(f"BP.{index:02d}")))
    for slug in programme.related:
        g.add((s, SKOS.related, concept_uri(base_uri, slug)))
    return g


def definition_graphs(base_uri: str) -> Iterator[tuple[str, str, Graph, str]]:
    """Yield (kind, slug, graph, status) for the schemes, then their concepts top-down."""
    yield "conceptscheme", SCHEME_SLUG, scheme_graph(base_uri), "published"
    yield "conceptscheme", PROGRAMME_SCHEME_SLUG, programme_scheme_graph(base_uri), "published"
    codes = notations()
    for concept in ordered_concepts():
        graph = concept_graph(base_uri, concept, codes[concept.slug])
        yield "concept", concept.slug, graph, concept.status
    for i, programme in enumerate(PROGRAMMES, start=1):
        yield "concept", programme.slug, programme_graph(base_uri, programme, i), "published"
