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

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from atlas.access import Principal, visible_access_levels
from atlas.catalogue import Catalogue
from atlas.models import Kind
from atlas.publication import dcat_ap_graph
from vocab.authorities import themes
from vocab.dcat import add_range_types
from vocab.namespaces import DCAT, EU_LANGUAGE, EU_LICENCE, HYDRA, VCARD, bind_prefixes

THEME_TAXONOMY = URIRef("http://publications.europa.eu/resource/authority/data-theme")


@dataclass
class FeedState:
    """What a page's validators are made of: how many records, and the newest change."""

    total: int
    last_modified: datetime | None
    etag: str


def state(catalogue: Catalogue, principal: Principal, *, page: int, page_size: int,
          modified_since: datetime | None, format_name: str) -> FeedState:
    """Return the validators of one feed page (cheap: two queries, no page built)."""
    total = catalogue.count(principal, kind="anydataset", modified_since=modified_since)
    newest = catalogue.last_change(principal, kind="anydataset")
    key = "|".join(str(part) for part in (
        visible_access_levels(principal), page, page_size, modified_since, total,
        newest.isoformat() if newest else "", format_name, catalogue.base_uri))
    return FeedState(total, newest, hashlib.sha256(key.encode()).hexdigest()[:32])


def build_page(catalogue: Catalogue, principal: Principal, settings: dict, *, page: int,
               page_size: int, modified_since: datetime | None, total: int,
               page_url) -> Graph:
    """Return the graph of one page: the catalogue, its datasets and services, Hydra paging.

    `page_url(number)` gives the URL of another page of the same listing.
    """
    graph = bind_prefixes(Graph())
    catalog = URIRef(f"{catalogue.base_uri}/catalog")
    describe_catalog(graph, catalog, catalogue.base_uri, settings)
    records = catalogue.list(principal, kind="anydataset", offset=(page - 1) * page_size,
                             limit=page_size, modified_since=modified_since)
    defaults = catalogue.source_defaults(records)
    for record in records:
        predicate = DCAT.service if record.kind == Kind.dataservice else DCAT.dataset
        graph.add((catalog, predicate, URIRef(record.uri)))
        graph += dcat_ap_graph(record, defaults=defaults.get(record.source_id))
    _name_agents(graph, catalogue, principal)
    themes.describe(graph)
    _hydra(graph, catalog, page, page_size, total, page_url)
    return graph


def _name_agents(graph: Graph, catalogue: Catalogue, principal: Principal) -> None:
    """Give publishers and creators that are Atlas organisations their names (DCAT-AP asks)."""
    agents = {str(o) for p in (DCTERMS.publisher, DCTERMS.creator)
              for o in graph.objects(None, p) if isinstance(o, URIRef)}
    for organisation in catalogue.find(principal, uris=agents, kind=Kind.organisation):
        node = URIRef(organisation.uri)
        graph.add((node, FOAF.name, Literal(organisation.title, lang="nl")))
        if organisation.title_en:
            graph.add((node, FOAF.name, Literal(organisation.title_en, lang="en")))


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


def page_url_maker(base: str, suffix: str | None, page_size: int, modified_since: str | None):
    """Return a function giving the URL of page N of this listing (same format and filters)."""
    path = f"{base}/catalog" + (f".{suffix}" if suffix else "")

    def page_url(number: int) -> str:
        query = {"page": number, "page_size": page_size}
        if modified_since:
            query["modified_since"] = modified_since
        return f"{path}?{urlencode(query)}"
    return page_url
