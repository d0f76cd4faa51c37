"""The record kinds as Atlas knows them: one registered `KindSpec` per kind, read by every table."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from rdflib import URIRef
from sqlmodel import SQLModel

from atlas.errors import InvalidInput
from vocab import kinds as vocab_kinds
from vocab.kinds import RdfKind


@dataclass(frozen=True)
class Children:
    """Rows a kind keeps beside its detail row (a dataset's distributions, a concept's labels)."""

    table: type[SQLModel]
    key: str  # the column naming the record: "dataset_id", "concept_id"
    rows: Callable[[int, dict], list[dict]]  # the rows to write, from the record id and fields
    order_by: str = "id"
    loaded: bool = True  # read back with the detail row (a concept's labels are for lookup only)


class ConceptLink(NamedTuple):
    """How curators link a record of a kind to the concepts it is about."""

    relation: str  # the link's relation in the store ("subject")
    predicate: URIRef  # and in RDF (dcterms:subject)


@dataclass(frozen=True)
class DocumentContext:
    """What a kind's search fields may look up beside its own rows, loaded for a whole batch."""

    tops: dict[int, int] = field(default_factory=dict)  # concept id -> scheme naming it top
    slugs: dict[int, str] = field(default_factory=dict)  # record id -> slug, for references


@dataclass(frozen=True)
class KindSpec:
    """Everything Atlas needs to know about one record kind, in one place."""

    rdf: RdfKind  # its types, reader, builder and import order (vocab.kinds)
    detail: type[SQLModel]  # its detail table, keyed by the record's id
    segment: str  # the path segment of its pages and minted URIs: "datasets"
    label: str  # a Dutch msgid marked with N_; the web layer translates it
    also_under: tuple[str, ...] = ()  # further segments its pages are found under
    template: str = ""  # its page template; record_<name>.html when empty
    children: Children | None = None
    # Detail columns that depend on other records: (record fields, id_of(uri, kind)) -> columns.
    detail_extra: Callable[[dict, Callable], dict] | None = None
    # Search fields of its own: (record, detail row, children, context) -> document fields.
    search_fields: Callable | None = None
    # The record ids whose slugs its search fields read: (detail row, context) -> ids.
    search_refs: Callable[[SQLModel, DocumentContext], Iterable[int]] | None = None
    hidden_incoming: tuple[str, ...] = ()  # incoming relations its page does not list
    concept_link: ConceptLink | None = None  # curators link it to concepts
    observations: bool = False  # it has observations (page, RDF, projector, transfer)
    quality_checked: bool = False  # curators see its SHACL findings on its page
    in_feed: bool = False  # listed in the DCAT catalogue feed
    on_home: bool = False  # counted on the home page

    @property
    def name(self) -> str:
        """Return the kind's name ("dataset")."""
        return self.rdf.name

    @property
    def page_template(self) -> str:
        """Return the template of the kind's page."""
        return self.template or f"record_{self.name}.html"


class Kinds:
    """The registry of record kinds; the built-ins are registered like any other (builtin.py)."""

    def __init__(self):
        self._specs: dict[str, KindSpec] = {}
        self._own_rdf: set[str] = set()  # RDF halves registered here, removed with their kind

    def register(self, spec: KindSpec) -> KindSpec:
        """Add a kind, and its RDF half unless registered already; ValueError on a duplicate."""
        if spec.name in self._specs:
            raise ValueError(f"record kind {spec.name!r} is registered already")
        if spec.name not in vocab_kinds.names():
            vocab_kinds.register(spec.rdf)
            self._own_rdf.add(spec.name)
        self._specs[spec.name] = spec
        return spec

    def unregister(self, name: str) -> None:
        """Remove a kind, and its RDF half if registered with it (tests of a kind of their own)."""
        self._specs.pop(name, None)
        if name in self._own_rdf:
            self._own_rdf.discard(name)
            vocab_kinds.unregister(name)

    @contextmanager
    def registered(self, spec: KindSpec) -> Iterator[KindSpec]:
        """Register spec for the duration of a with block (tests)."""
        self.register(spec)
        try:
            yield spec
        finally:
            self.unregister(spec.name)

    def get(self, name: str) -> KindSpec:
        """Return the kind of this name; InvalidInput when there is none."""
        try:
            return self._specs[name]
        except KeyError:
            raise InvalidInput(f"unknown record kind {name!r}", {"kind": ["unknown kind"]}) from None

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    def names(self) -> tuple[str, ...]:
        """Return the names of the registered kinds, in the order they were registered."""
        return tuple(self._specs)

    def all(self) -> tuple[KindSpec, ...]:
        """Return the registered kinds, in the order they were registered."""
        return tuple(self._specs.values())

    def under(self, segment: str) -> tuple[str, ...]:
        """Return the kinds whose pages are found under a path segment (none when unknown)."""
        return tuple(s.name for s in self._specs.values()
                     if segment == s.segment or segment in s.also_under)

    def segments(self) -> tuple[str, ...]:
        """Return every path segment a kind's pages are found under."""
        return tuple(dict.fromkeys(seg for s in self._specs.values()
                                   for seg in (s.segment, *s.also_under)))

    def where(self, flag: str) -> tuple[str, ...]:
        """Return the names of the kinds with a flag set ("in_feed", "on_home", …)."""
        return tuple(s.name for s in self._specs.values() if getattr(s, flag))


KINDS = Kinds()
