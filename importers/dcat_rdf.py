"""The DCAT importer: datasets, series, services, concepts… found in an RDF document.

Identity: a record is its subject IRI. A record whose subject is a blank node gets a
deterministic IRI: `urn:atlas:bnode:` + a hash of its `dct:identifier` when it has one, else of
its canonical description; the blank node is replaced by that IRI in the stored description.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from urllib.parse import urldefrag

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import DCTERMS

from importers.hydra import next_page
from importers.messages import short_message
from importers.rdf_parse import parse
from importers.records import Batch, ImportedRecord, PageMemory, Reader
from importers.schema_org import add_dcat
from vocab.description import describe, skolemize_subject, to_ntriples
from vocab.kinds import import_order, kind_of, kinds_of

DCAT_KINDS = ("dataset", "dataservice")


def records(graph: Graph, kinds: tuple[str, ...] = DCAT_KINDS) -> Iterator[ImportedRecord]:
    """Yield each record of the given kinds in graph, in a stable order; a bad one carries its error.

    Other nodes (publishers, themes, contact points) stay inside the records that refer to them.
    schema.org datasets get DCAT triples added to graph (in place) and are records too.
    """
    add_dcat(graph)
    # kinds_of: a scheme also typed dcat:Dataset is harvested too, as the scheme it is
    subjects = {s for s in graph.subjects() if kinds_of(graph, s) & set(kinds)}
    record_iris = {s for s in subjects if isinstance(s, URIRef)}
    for subject in sorted(subjects, key=_order_in(graph)):
        kind = kind_of(graph, subject)
        try:
            description = describe(graph, subject, exclude=record_iris)
            if isinstance(subject, BNode):
                iri = URIRef(blank_node_iri(graph, subject, description))
                description = skolemize_subject(description, subject, iri)
                yield ImportedRecord(kind, str(iri), description, local_key=str(iri))
            else:
                yield ImportedRecord(kind, str(subject), description, local_key=str(subject))
        except Exception as exc:  # one bad record never stops the others
            yield ImportedRecord(kind or "unknown", str(subject), error=short_message(exc))


def blank_node_iri(graph: Graph, subject: BNode, description: Graph) -> str:
    """Return the deterministic IRI given to a record whose subject is a blank node."""
    identifier = graph.value(subject, DCTERMS.identifier)
    basis = f"id:{identifier}" if identifier else to_ntriples(description)
    return "urn:atlas:bnode:" + hashlib.sha256(basis.encode("utf-8")).hexdigest()[:32]


def _order_in(graph: Graph):
    # Records others refer to come first, so references resolve as records arrive.
    order = import_order()

    def key(node) -> tuple:
        return (order.index(kind_of(graph, node)), isinstance(node, BNode), str(node))
    return key


def batches(location: str, reader: Reader, memory: PageMemory | None = None,
            since: str | None = None, max_pages: int = 1000) -> Iterator[Batch]:
    """Yield the records of each page of a (Hydra-paged) DCAT source, following `next` links.

    A page whose bytes are as they were last time is not parsed: its remembered records and
    next link are used. A cycle or the page cap ends paging with a note. (`since` is for
    sources that can be asked for changes only; a DCAT page cannot.)
    """
    seen: set[str] = set()
    url = location
    first = True
    while url:
        fetched = reader.get(url, first=first)
        seen.update({urldefrag(url)[0], urldefrag(fetched.url)[0]})
        first = False
        if fetched.status == 304:
            # Only this page is known unchanged; later pages may not be.
            remembered = memory.recall(fetched.url, None) if memory else None
            if remembered is None:
                fetched = reader.get(url)
        if fetched.status == 304:
            digest = ""
        else:
            digest = hashlib.sha256(fetched.body).hexdigest()
            remembered = memory.recall(fetched.url, digest) if memory else None
        if remembered is not None:
            batch = Batch(fetched.url, digest, remembered=remembered,
                          next_url=remembered.next_url)
        else:
            graph = parse(fetched.body, fetched.content_type, name=fetched.url, base=fetched.url)
            batch = Batch(fetched.url, digest, records=list(records(graph)),
                          next_url=next_page(graph, fetched.url) or "")
        following = batch.next_url
        if following and urldefrag(following)[0] in seen:
            batch.note = f"paging stopped: {following} was read before (a cycle)"
            following = ""
        elif following and len(seen) >= max_pages * 2:
            batch.note = f"paging stopped after {max_pages} pages (the page cap)"
            following = ""
        yield batch
        url = following
