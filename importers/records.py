"""The plain record every importer yields, and the one error every importer raises."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

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


@dataclass
class RememberedPage:
    """What a page held when it was last harvested (its records need not be read again)."""

    next_url: str
    uris: list[str]
    errors: list[dict]


@dataclass
class Batch:
    """A unit of a harvest: the records of one page (or a remembered page, unread)."""

    url: str
    digest: str = ""
    records: list[ImportedRecord] = field(default_factory=list)
    remembered: RememberedPage | None = None
    next_url: str = ""
    note: str = ""
    not_modified: bool = False


class Reader(Protocol):
    """How an importer reads its source: safe fetching, set up by whoever runs the harvest."""

    def get(self, url: str, *, first: bool = False):
        """Return a Fetched (importers.fetch) for url; `first` allows a conditional request."""


class PageMemory(Protocol):
    """What the harvest remembers of a source's pages from earlier runs."""

    def recall(self, url: str, digest: str | None) -> RememberedPage | None:
        """Return the page as last harvested if its digest is the same (None: any), else None."""
