"""`/catalog`: the DCAT-AP catalogue feed of what the caller may see, paged the Hydra way."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from atlas.models import Kind
from atlas.publication import published_graph
from atlas.services import services
from atlas.web.negotiation import rdf_response, wanted_format
from atlas.web.pages import _positive_int
from atlas.web.principal import current_principal, personalised
from vocab.namespaces import DCAT, HYDRA, bind_prefixes

bp = Blueprint("feed", __name__)


@bp.get("/catalog", defaults={"suffix": None})
@bp.get("/catalog.<any(ttl, jsonld, rdf, nt):suffix>")
def catalog(suffix: str | None):
    """Answer one page of the catalogue: its datasets and services with their distributions."""
    format_name = {"ttl": "turtle", "jsonld": "jsonld", "rdf": "rdfxml", "nt": "ntriples",
                   None: None}[suffix] or wanted_format()
    if format_name == "html":
        format_name = "turtle"
    page = _positive_int("page", 1)
    page_size = _positive_int("page_size", 100, maximum=1000)
    svc = services()
    principal = current_principal()
    base = svc.catalogue.base_uri
    total = svc.catalogue.count(principal, kind="anydataset")
    records = svc.catalogue.list(principal, kind="anydataset", offset=(page - 1) * page_size,
                                 limit=page_size)
    graph = bind_prefixes(Graph())
    catalog_node = URIRef(f"{base}/catalog")
    graph.add((catalog_node, RDF.type, DCAT.Catalog))
    graph.add((catalog_node, DCTERMS.title, Literal("Atlas — Provincie Utrecht", lang="nl")))
    graph.add((catalog_node, DCTERMS.title, Literal("Atlas — Province of Utrecht", lang="en")))
    graph.add((catalog_node, DCTERMS.description, Literal(
        "Catalogus van datasets, begrippen en indicatoren van de provincie Utrecht en haar "
        "partners.", lang="nl")))
    graph.add((catalog_node, FOAF.homepage, URIRef(f"{base}/")))
    for found in records:
        predicate = DCAT.service if found.kind == Kind.dataservice else DCAT.dataset
        graph.add((catalog_node, predicate, URIRef(found.uri)))
        graph += published_graph(found)
    _hydra(graph, base, page, page_size, total)
    return personalised(rdf_response(graph, format_name))


def _hydra(graph: Graph, base: str, page: int, page_size: int, total: int) -> None:
    last = max(1, -(-total // page_size))

    def page_iri(number: int) -> URIRef:
        return URIRef(f"{base}/catalog?{urlencode({'page': number, 'page_size': page_size})}")

    view = page_iri(page)
    collection = URIRef(f"{base}/catalog")
    graph.add((collection, HYDRA.totalItems, Literal(total, datatype=XSD.integer)))
    graph.add((collection, HYDRA.view, view))
    graph.add((view, RDF.type, HYDRA.PartialCollectionView))
    graph.add((view, RDF.type, HYDRA.PagedCollection))
    graph.add((view, HYDRA.first, page_iri(1)))
    graph.add((view, HYDRA.last, page_iri(last)))
    graph.add((view, HYDRA.firstPage, page_iri(1)))
    graph.add((view, HYDRA.lastPage, page_iri(last)))
    graph.add((view, HYDRA.totalItems, Literal(total, datatype=XSD.integer)))
    graph.add((view, HYDRA.itemsPerPage, Literal(page_size, datatype=XSD.integer)))
    if page > 1:
        graph.add((view, HYDRA.previous, page_iri(page - 1)))
        graph.add((view, HYDRA.previousPage, page_iri(page - 1)))
    if page < last:
        graph.add((view, HYDRA.next, page_iri(page + 1)))
        graph.add((view, HYDRA.nextPage, page_iri(page + 1)))
