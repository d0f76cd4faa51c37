"""The DCAT-AP catalogue feed: one page of what a caller may see, described the Hydra way.

A page is built from the stored records a page at a time (never the whole catalogue in
memory). Its validators (ETag, Last-Modified) come from the visible records' count and newest
change, so a conditional request is answered without building the page.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from atlas.access import Principal, visible_access_levels
from atlas.models import Kind
from atlas.records import KINDS, Catalogue
from atlas.records.publication import dcat_ap_graph
from vocab.authorities import themes
from vocab.dcat import RANGE_TYPES, add_range_types
from vocab.literal_hygiene import clean_text
from vocab.namespaces import DCAT, EU_LANGUAGE, EU_LICENCE, HYDRA, PREFIXES, VCARD

THEME_TAXONOMY = URIRef("http://publications.europa.eu/resource/authority/data-theme")


@dataclass
class FeedState:
    """What a page's validators are made of: how many records, and the newest change."""

    total: int
    last_modified: datetime | None
    etag: str


def state(catalogue: Catalogue, principal: Principal, *, page: int, page_size: int,
          modified_since: datetime | None, format_name: str, total: int | None = None,
          selection: str = "") -> FeedState:
    """Return the validators of one feed page (cheap: two queries, no page built).

    `total` is given when a search chose the records; `selection` names that search.
    """
    if total is None:
        total = catalogue.count(principal, kind=KINDS.where("in_feed"), modified_since=modified_since)
    newest = catalogue.last_change(principal, kind=KINDS.where("in_feed"))
    key = "|".join(str(part) for part in (
        visible_access_levels(principal), page, page_size, modified_since, total,
        newest.isoformat() if newest else "", format_name, catalogue.base_uri, selection))
    return FeedState(total, newest, hashlib.sha256(key.encode()).hexdigest()[:32])


def build_page(catalogue: Catalogue, principal: Principal, settings: dict, *, page: int,
               page_size: int, modified_since: datetime | None, total: int,
               page_url, records: list | None = None) -> list[ox.Triple]:
    """Return the triples of one page: the catalogue, its datasets and services, Hydra paging.

    `page_url(number)` gives the URL of another page of the same listing. Records published
    as stored are not parsed one by one: their N-Triples are read in one go by Oxigraph.
    """
    catalog = URIRef(f"{catalogue.base_uri}/catalog")
    frame = Graph()
    describe_catalog(frame, catalog, catalogue.base_uri, settings)
    if records is None:
        records = catalogue.list(principal, kind=KINDS.where("in_feed"), offset=(page - 1) * page_size,
                                 limit=page_size, modified_since=modified_since)
    defaults = catalogue.source_defaults(records)
    texts = []
    for record in records:
        predicate = DCAT.service if record.kind == Kind.dataservice else DCAT.dataset
        frame.add((catalog, predicate, URIRef(record.uri)))
        if record.edits or defaults.get(record.source_id):
            graph = dcat_ap_graph(record, defaults=defaults.get(record.source_id))
            texts.append(graph.serialize(format="nt"))
        else:
            texts.append(record.source_rdf)
    _hydra(frame, catalog, page, page_size, total, page_url)
    texts.append(frame.serialize(format="nt"))
    # Records stored before harvests cleaned their text may hold characters XML cannot carry;
    # stored N-Triples hold them raw, so one pass over the page's text removes them all.
    triples = list(ox.parse(clean_text("".join(texts)), format=ox.RdfFormat.N_TRIPLES))
    triples += _enrichment(triples)
    agents = {t.object.value for t in triples
              if t.predicate in _AGENT_PREDICATES and isinstance(t.object, ox.NamedNode)}
    for organisation in catalogue.find(principal, uris=agents, kind=Kind.organisation):
        node = ox.NamedNode(organisation.uri)
        triples.append(ox.Triple(node, _FOAF_NAME,
                                 ox.Literal(clean_text(organisation.title), language="nl")))
        if organisation.title_en:
            triples.append(ox.Triple(node, _FOAF_NAME,
                                     ox.Literal(clean_text(organisation.title_en), language="en")))
    return list(dict.fromkeys(triples))  # records may state the same thing twice


_RANGES = {ox.NamedNode(str(p)): ox.NamedNode(str(c)) for p, c in RANGE_TYPES.items()}
_AGENT_PREDICATES = {ox.NamedNode(str(DCTERMS.publisher)), ox.NamedNode(str(DCTERMS.creator))}
_FOAF_NAME = ox.NamedNode(str(FOAF.name))
_RDF_TYPE = ox.NamedNode(str(RDF.type))


def _enrichment(triples: list[ox.Triple]) -> list[ox.Triple]:
    """Return the DCAT-AP range classes and EU theme labels for what the triples refer to.

    The same statements as `vocab.dcat.add_range_types` and `vocab.authorities.themes.describe`
    (which the Linked Data pages use), made without building an rdflib graph.
    """
    wanted = Graph()
    for triple in triples:
        rdf_class = _RANGES.get(triple.predicate)
        if rdf_class is not None and not isinstance(triple.object, ox.Literal):
            # themes.describe below sees the EU themes among these typed values
            wanted.add((_term(triple.object), RDF.type, URIRef(rdf_class.value)))
    themes.describe(wanted)
    return list(ox.parse(wanted.serialize(format="nt"), format=ox.RdfFormat.N_TRIPLES))


def _term(node):
    return BNode(node.value) if isinstance(node, ox.BlankNode) else URIRef(node.value)


def serialise(triples: list[ox.Triple], format_name: str) -> bytes:
    """Serialise a page with Oxigraph (many times faster than rdflib's Turtle writer)."""
    fmt = {"turtle": ox.RdfFormat.TURTLE, "jsonld": ox.RdfFormat.JSON_LD,
           "rdfxml": ox.RdfFormat.RDF_XML, "ntriples": ox.RdfFormat.N_TRIPLES}[format_name]
    prefixes = {name: str(ns) for name, ns in PREFIXES.items()} \
        if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD) else None
    return ox.serialize(triples, format=fmt, prefixes=prefixes)


def describe_catalog(graph: Graph, catalog: URIRef, base: str, settings: dict) -> None:
    """Add the description of Atlas's catalogue itself (DCAT-AP-NL: one contact point)."""
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal("Atlas — Provincie Utrecht", lang="nl")))
    graph.add((catalog, DCTERMS.title, Literal("Atlas — Province of Utrecht", lang="en")))
    graph.add((catalog, DCTERMS.description, Literal(
        "Catalogus van datasets, begrippen en indicatoren van de provincie Utrecht en haar "
        "partners.", lang="nl")))
    graph.add((catalog, DCTERMS.description, Literal(
        "Catalogue of datasets, definitions and indicators of the Province of Utrecht and its "
        "partners.", lang="en")))
    graph.add((catalog, FOAF.homepage, URIRef(f"{base}/")))
    graph.add((catalog, DCTERMS.publisher,
               URIRef(f"{base}/organisations/{settings['CATALOG_PUBLISHER']}")))
    graph.add((catalog, DCTERMS.license, EU_LICENCE.CC0))
    graph.add((catalog, DCTERMS.language, EU_LANGUAGE.NLD))
    graph.add((catalog, DCAT.themeTaxonomy, THEME_TAXONOMY))
    contact = URIRef(f"{catalog}#contactpunt")  # one node, the same on every page
    graph.add((catalog, DCAT.contactPoint, contact))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal("Datadesk, Provincie Utrecht", lang="nl")))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings['CATALOG_CONTACT_EMAIL']}")))
    add_range_types(graph)


def _hydra(graph: Graph, collection: URIRef, page: int, page_size: int, total: int,
           page_url) -> None:
    last = max(1, -(-total // page_size))
    view = URIRef(page_url(page))
    graph.add((collection, HYDRA.totalItems, Literal(total, datatype=XSD.integer)))
    graph.add((collection, HYDRA.view, view))
    # Both the current terms and the older PagedCollection ones, as harvesters know either.
    graph.add((view, RDF.type, HYDRA.PartialCollectionView))
    graph.add((view, RDF.type, HYDRA.PagedCollection))
    for first_term, last_term in ((HYDRA.first, HYDRA.last), (HYDRA.firstPage, HYDRA.lastPage)):
        graph.add((view, first_term, URIRef(page_url(1))))
        graph.add((view, last_term, URIRef(page_url(last))))
    graph.add((view, HYDRA.totalItems, Literal(total, datatype=XSD.integer)))
    graph.add((view, HYDRA.itemsPerPage, Literal(page_size, datatype=XSD.integer)))
    if page > 1:
        graph.add((view, HYDRA.previous, URIRef(page_url(page - 1))))
        graph.add((view, HYDRA.previousPage, URIRef(page_url(page - 1))))
    if page < last:
        graph.add((view, HYDRA.next, URIRef(page_url(page + 1))))
        graph.add((view, HYDRA.nextPage, URIRef(page_url(page + 1))))


def page_url_maker(base: str, suffix: str | None, page_size: int, modified_since: str | None,
                   selection: list[tuple[str, str]] = ()):
    """Return a function giving the URL of page N of this listing (same format and filters)."""
    path = f"{base}/catalog" + (f".{suffix}" if suffix else "")

    def page_url(number: int) -> str:
        query = [("page", number), ("page_size", page_size), *selection]
        if modified_since:
            query.append(("modified_since", modified_since))
        return f"{path}?{urlencode(query)}"
    return page_url
