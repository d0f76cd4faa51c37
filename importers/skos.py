"""The SKOS importer (kind "skos"): the concept schemes and concepts (begrippen) of an RDF document.

One record per concept scheme (kind "conceptscheme") and per concept (kind "concept"); schemes
first, then concepts, each group by IRI. Which nodes are concepts is decided by
`vocab.skos_integrity.concepts`: typed `skos:Concept` (or a subclass the document declares), or
used as one (`skos:inScheme` + `skos:prefLabel`, like the W3C DQV dimensions typed
`dqv:Dimension`). Those untyped ones are imported with `rdf:type skos:Concept` added: the only
triple the importer ever adds, so that the record reads as the concept it is used as.

- A concept's record is its concise bounded description (its blank nodes, such as a
  `dct:source` citation, included, and the description of a cited document that has an IRI);
  other concepts and schemes are referred to, never copied.
- A scheme's record is its description (with the publisher or contact point it owns, as DCAT
  records do) plus the descriptions of the `skos:Collection`s that group its concepts: a
  collection is no record of its own. A collection belongs to the schemes of its members
  (through nested collections too); one with no member in a scheme goes with every scheme of
  the document, and in a document without schemes it is reported as not imported.
- Membership is kept as the source wrote it: a concept that is only `skos:topConceptOf` a scheme,
  or only named by the scheme's `skos:hasTopConcept`, gets no `skos:inScheme` added. The second
  still belongs to the scheme: the scheme's record holds the `hasTopConcept` triple, and the
  catalogue makes it a `top_concept` link from the scheme (kept through edits, exports and
  re-imports, since it is read from the stored RDF like every link).
- Blank-node schemes and concepts get deterministic IRIs (`importers.dcat_rdf.blank_node_iri`,
  from `dct:identifier` or the description), replaced in every record that refers to them.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterator

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from importers.dcat_rdf import blank_node_iri
from importers.messages import clip, short_message
from importers.rdf_parse import parse
from importers.records import Batch, ImportedRecord, PageMemory, Reader, SourceError
from vocab.description import describe
from vocab.skos_integrity import concepts, memberships, schemes, untyped_concepts

COLLECTIONS = (SKOS.Collection, SKOS.OrderedCollection)


def records(graph: Graph) -> Iterator[ImportedRecord]:
    """Yield the scheme records, then the concept records, of graph; a bad one carries its error."""
    graph = _name_blank_records(graph)
    scheme_nodes = schemes(graph)
    concept_nodes = concepts(graph) - scheme_nodes
    untyped = untyped_concepts(graph)
    record_nodes = scheme_nodes | concept_nodes
    grouped, lost = _collections(graph, scheme_nodes, memberships(graph, concept_nodes))
    for scheme in sorted(scheme_nodes, key=str):
        try:
            description = describe(graph, scheme, exclude=record_nodes)
            for collection in sorted(grouped.get(scheme, ()), key=str):
                for triple in describe(graph, collection, owned=(), exclude=record_nodes):
                    description.add(triple)
            yield ImportedRecord("conceptscheme", str(scheme), description, local_key=str(scheme))
        except Exception as exc:  # one bad record never stops the others
            yield ImportedRecord("conceptscheme", str(scheme), error=short_message(exc))
    for concept in sorted(concept_nodes, key=str):
        try:
            # Broader, narrower and related concepts are records of their own; the documents
            # a definition cites (dct:source, often an IRI with a title) belong to it.
            description = describe(graph, concept, owned=(DCTERMS.source,),
                                   exclude=record_nodes)
            if concept in untyped:
                description.add((concept, RDF.type, SKOS.Concept))
            yield ImportedRecord("concept", str(concept), description, local_key=str(concept))
        except Exception as exc:  # one bad record never stops the others
            yield ImportedRecord("concept", str(concept), error=short_message(exc))
    for collection in sorted(lost, key=str):
        yield ImportedRecord("collection", str(collection),
                             error="a skos:Collection in a document without a concept scheme "
                                   "is not imported (it has no scheme to be kept with)")


def _collections(graph: Graph, scheme_nodes: set, member: dict) -> tuple[dict, list]:
    """Return scheme → its collections, and the collections that have no scheme to go with."""
    collections = {node for cls in COLLECTIONS for node in graph.subjects(RDF.type, cls)}
    grouped: dict = defaultdict(set)
    lost = []
    for collection in collections:
        found = set(graph.objects(collection, SKOS.inScheme)) & scheme_nodes
        seen, todo = {collection}, [collection]
        while todo:
            for item in _members(graph, todo.pop()):
                if item in member:
                    found |= member[item] & scheme_nodes
                elif item in collections and item not in seen:
                    seen.add(item)
                    todo.append(item)
        for scheme in found or scheme_nodes:
            grouped[scheme].add(collection)
        if not (found or scheme_nodes):
            lost.append(collection)
    return grouped, lost


def _members(graph: Graph, collection) -> set:
    items = set(graph.objects(collection, SKOS.member))
    for head in graph.objects(collection, SKOS.memberList):
        try:
            items.update(graph.items(head))
        except ValueError:  # a list whose rdf:rest runs in a circle: its members so far count
            continue
    return items


def _name_blank_records(graph: Graph) -> Graph:
    """Return graph with each blank-node scheme or concept replaced by its deterministic IRI."""
    nodes = {n for n in schemes(graph) | concepts(graph) if isinstance(n, BNode)}
    if not nodes:
        return graph
    # Stand-ins first, so a description stops at other records; the hash then sees one
    # constant in their place, since blank node labels are arbitrary.
    stand_in = {node: URIRef(f"urn:atlas:stand-in:{node}") for node in nodes}
    work = _replaced(graph, stand_in)
    constant = {iri: URIRef("urn:atlas:bnode") for iri in stand_in.values()}
    names = {}
    for node, iri in stand_in.items():
        basis = _replaced(describe(work, iri, owned=()), constant)
        names[iri] = URIRef(blank_node_iri(graph, node, basis))
    return _replaced(work, names)


def _replaced(graph: Graph, mapping: dict) -> Graph:
    out = Graph()
    for s, p, o in graph:
        out.add((mapping.get(s, s), p, mapping.get(o, o)))
    for prefix, name in graph.namespaces():
        out.bind(prefix, name, override=False)
    return out


def batches(location: str, reader: Reader, memory: PageMemory | None = None,
            since: str | None = None) -> Iterator[Batch]:
    """Yield the one batch of a SKOS document: its records, or the page as remembered.

    A 304 answer means nothing changed; bytes as they were last time are not parsed again.
    A document holding no scheme or concept is a SourceError, so it cannot empty the catalogue.
    (`since` is for sources that can be asked for changes only; a document cannot.)
    """
    fetched = reader.get(location, first=True)
    if fetched.status == 304:
        yield Batch(fetched.url, not_modified=True)
        return
    digest = hashlib.sha256(fetched.body).hexdigest()
    remembered = memory.recall(fetched.url, digest) if memory else None
    if remembered is not None:
        yield Batch(fetched.url, digest, remembered=remembered)
        return
    graph = parse(fetched.body, fetched.content_type, name=fetched.url, base=fetched.url)
    found = list(records(graph))
    if not found:
        types = sorted({clip(t, 100) for t in graph.objects(None, RDF.type)})[:5]
        raise SourceError("no SKOS concept scheme or concept found (types in the document: "
                          + (", ".join(types) or "none") + ")")
    yield Batch(fetched.url, digest, records=found)

