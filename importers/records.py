"""The plain record every importer yields, and the one error every importer raises."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph


class SourceError(Exception):
    """The source cannot be read as a whole (its bytes, its syntax); per-record trouble is not."""


@dataclass
class ImportedRecord:
    """One record found in a source: kind, identity, RDF, or the reason it cannot be used."""

    kind: str
    uri: str
    graph: Graph = field(default_factory=Graph)
    local_key: str = ""
    error: str = ""
