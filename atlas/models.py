"""The relational store's tables: the source of truth for every Atlas record and its state."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Return the current time, aware, in UTC."""
    return datetime.now(UTC)


class Kind(StrEnum):
    """The names of the built-in record kinds; each kind is described by its KindSpec (atlas.records)."""

    dataset = "dataset"
    dataservice = "dataservice"
    conceptscheme = "conceptscheme"
    concept = "concept"
    indicator = "indicator"
    organisation = "organisation"


class Status(StrEnum):
    """The curation workflow: draft, in review, published, withdrawn."""

    draft = "draft"
    review = "review"
    published = "published"
    withdrawn = "withdrawn"


class Access(StrEnum):
    """Who may see a record: everyone, signed-in staff, or named curators only."""

    public = "public"
    internal = "internal"
    restricted = "restricted"


class Role(StrEnum):
    """Account roles, each including the rights of the one before."""

    viewer = "viewer"
    curator = "curator"
    admin = "admin"


class Record(SQLModel, table=True):
    """Every catalogue record: identity, state, and the RDF it came from with the curator's edits."""

    __table_args__ = (Index("ix_record_kind_status_access", "kind", "status", "access"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True, max_length=20)
    slug: str = Field(unique=True, max_length=200)
    uri: str = Field(unique=True, max_length=2000)
    title: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    title_en: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    description: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    status: str = Field(default=Status.draft, max_length=20)
    access: str = Field(default=Access.public, max_length=20)
    publisher_id: int | None = Field(default=None, foreign_key="record.id", index=True)
    # The source whose harvests own the RDF below (None: made in Atlas or imported).
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True)
    # Withdrawn by a harvest because the source no longer has it (revived when it returns).
    vanished: bool = False
    # The RDF the record came from (its concise bounded description) as canonical N-Triples.
    source_rdf: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    # The curator's layer: {predicate IRI: [value dicts]} replacing the harvested values.
    edits: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict))
    # Predicates whose harvested value changed under a curated edit.
    conflicts: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    content_hash: str = Field(default="", max_length=64)
    created: datetime = Field(default_factory=utcnow)
    modified: datetime = Field(default_factory=utcnow, index=True)
    version: int = Field(default=1)


class Dataset(SQLModel, table=True):
    """A dcat:Dataset (or dcat:DatasetSeries): the typed columns the pages and filters use."""

    id: int = Field(foreign_key="record.id", primary_key=True)
    identifier: str = Field(default="", max_length=2000)
    is_series: bool = False
    themes: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    keywords: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    landing_page: str = Field(default="", max_length=2000)
    issued: str = Field(default="", max_length=40)
    modified_at: str = Field(default="", max_length=40)
    frequency: str = Field(default="", max_length=500)
    spatial: str = Field(default="", max_length=2000)
    license: str = Field(default="", max_length=2000)


class Distribution(SQLModel, table=True):
    """A dcat:Distribution of a dataset."""

    id: int | None = Field(default=None, primary_key=True)
    dataset_id: int = Field(foreign_key="record.id", index=True)
    uri: str = Field(default="", max_length=2000)
    title: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    access_url: str = Field(default="", max_length=2000)
    download_url: str = Field(default="", max_length=2000)
    media_type: str = Field(default="", max_length=500)
    format: str = Field(default="", max_length=500)
    license: str = Field(default="", max_length=2000)
    byte_size: int | None = None


class DataService(SQLModel, table=True):
    """A dcat:DataService."""

    id: int = Field(foreign_key="record.id", primary_key=True)
    endpoint_url: str = Field(default="", max_length=2000)
    endpoint_description: str = Field(default="", max_length=2000)


class ConceptScheme(SQLModel, table=True):
    """A skos:ConceptScheme: a set of definitions (begrippenkader)."""

    id: int = Field(foreign_key="record.id", primary_key=True)
    version_info: str = Field(default="", max_length=200)


class Concept(SQLModel, table=True):
    """A skos:Concept (begrip) per NL-SBB."""

    id: int = Field(foreign_key="record.id", primary_key=True)
    scheme_id: int | None = Field(default=None, foreign_key="record.id", index=True)
    pref_label: str = Field(default="", max_length=1000)
    pref_label_en: str = Field(default="", max_length=1000)
    alt_labels: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    hidden_labels: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    definition: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    notation: str = Field(default="", max_length=200)
    source: str = Field(default="", max_length=2000)
    # One of vocab.editorial.STATUSES ("" when the source states none).
    editorial_status: str = Field(default="", max_length=40, index=True)


class ConceptLabel(SQLModel, table=True):
    """A concept's label (preferred, alternative or hidden) in a form for exact lookup."""

    __table_args__ = (Index("ix_conceptlabel_key", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    concept_id: int = Field(foreign_key="record.id", index=True)
    key: str = Field(max_length=1000)  # lower case, accents and spacing folded
    label: str = Field(max_length=1000)
    lang: str = Field(default="", max_length=20)
    role: str = Field(max_length=10)  # pref | alt | hidden


class IntegrityFinding(SQLModel, table=True):
    """One integrity problem found in a concept scheme (rebuilt by the integrity check)."""

    id: int | None = Field(default=None, primary_key=True)
    scheme_id: int | None = Field(default=None, foreign_key="record.id", index=True)
    concept_id: int | None = Field(default=None, foreign_key="record.id", index=True)
    focus: str = Field(max_length=2000)  # the IRI the finding is about
    code: str = Field(max_length=60)
    severity: str = Field(default="warning", max_length=20)  # violation | warning | info
    origin: str = Field(default="atlas", max_length=20)  # atlas | nl-sbb (the SHACL profile)
    message: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class IntegrityCheck(SQLModel, table=True):
    """When a scheme's findings were last worked out, and from which state of the scheme."""

    scheme_id: int = Field(foreign_key="record.id", primary_key=True)
    stamp: str = Field(default="", max_length=200)  # changes whenever a member changes
    checked: datetime = Field(default_factory=utcnow)
    concepts: int = 0


class Indicator(SQLModel, table=True):
    """A measurable indicator: what is measured, how, from what, and towards which target."""

    id: int = Field(foreign_key="record.id", primary_key=True)
    unit: str = Field(default="", max_length=200)
    method: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))
    periodicity: str = Field(default="", max_length=500)
    spatial_level: str = Field(default="", max_length=100)
    programme: str = Field(default="", max_length=500)
    target_value: float | None = None
    target_year: int | None = None
    direction: str = Field(default="", max_length=20)
    owner: str = Field(default="", max_length=500)


class Observation(SQLModel, table=True):
    """One observed value of an indicator for a period and an area."""

    __table_args__ = (UniqueConstraint("indicator_id", "period", "area_code"),)

    id: int | None = Field(default=None, primary_key=True)
    indicator_id: int = Field(foreign_key="record.id", index=True)
    period: str = Field(max_length=40)
    area_code: str = Field(max_length=40)
    area_label: str = Field(default="", max_length=200)
    value: float | None = None
    note: str = Field(default="", max_length=1000)


class Organisation(SQLModel, table=True):
    """A publisher or partner organisation (foaf:Organization)."""

    id: int = Field(foreign_key="record.id", primary_key=True)
    homepage: str = Field(default="", max_length=2000)
    org_type: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=500)


class Link(SQLModel, table=True):
    """A typed relation from a record to another (dataset→concept, indicator→dataset, …).

    The target is kept by URI, and by id once a record with that URI exists, so a reference
    to a record that arrives later resolves when it does.
    """

    __table_args__ = (UniqueConstraint("subject_id", "relation", "object_uri"),)

    id: int | None = Field(default=None, primary_key=True)
    subject_id: int = Field(foreign_key="record.id", index=True)
    relation: str = Field(max_length=40)
    object_uri: str = Field(max_length=2000, index=True)
    object_id: int | None = Field(default=None, foreign_key="record.id", index=True)


class Source(SQLModel, table=True):
    """A harvest source and its settings."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=200)
    url: str = Field(max_length=2000)
    kind: str = Field(default="dcat", max_length=40)
    access: str = Field(default=Access.public, max_length=20)
    allow_private: bool = False
    schedule: str = Field(default="daily", max_length=20)
    etag: str = Field(default="", max_length=500)
    last_modified: str = Field(default="", max_length=100)
    defaults: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict))
    created: datetime = Field(default_factory=utcnow)


class RecordSource(SQLModel, table=True):
    """Provenance: which source delivered a record, under which local key, and when last seen."""

    record_id: int = Field(foreign_key="record.id", primary_key=True)
    source_id: int = Field(foreign_key="source.id", primary_key=True)
    local_key: str = Field(default="", max_length=2000)
    last_seen: datetime = Field(default_factory=utcnow)


class HarvestPage(SQLModel, table=True):
    """What a source's page held when last harvested, so an unchanged page is not parsed again."""

    source_id: int = Field(foreign_key="source.id", primary_key=True)
    url: str = Field(primary_key=True, max_length=2000)
    digest: str = Field(max_length=64)
    next_url: str = Field(default="", max_length=2000)
    uris: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    errors: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    seen: datetime = Field(default_factory=utcnow)


class HarvestRun(SQLModel, table=True):
    """One run of a harvest: its counts and per-record errors."""

    id: int | None = Field(default=None, primary_key=True)
    source_id: int | None = Field(default=None, foreign_key="source.id", index=True)
    location: str = Field(default="", max_length=2000)
    started: datetime = Field(default_factory=utcnow)
    finished: datetime | None = None
    state: str = Field(default="running", max_length=20)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    failed: int = 0
    errors: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False, default=list))
    # What was repaired on the way in (control characters removed, literals capped), per record.
    warnings: list = Field(default_factory=list,
                           sa_column=Column(JSON, nullable=False, default=list))
    message: str = Field(default="", sa_column=Column(Text, nullable=False, default=""))


class User(SQLModel, table=True):
    """An account and its role."""

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True, max_length=320)
    name: str = Field(default="", max_length=200)
    role: str = Field(default=Role.viewer, max_length=20)
    password_hash: str = Field(default="", max_length=500)
    # Raised on sign-out (and password change): session cookies carrying an older one are void.
    session_version: int = 0
    created: datetime = Field(default_factory=utcnow)


class SignInThrottle(SQLModel, table=True):
    """Failed sign-ins counted per key (an account, a client address) to slow guessing down."""

    key: str = Field(primary_key=True, max_length=400)
    failures: int = 0
    window_started: datetime = Field(default_factory=utcnow)
    blocked_until: datetime | None = None


class Revision(SQLModel, table=True):
    """Who changed which record, when, how, and the difference."""

    id: int | None = Field(default=None, primary_key=True)
    record_id: int = Field(foreign_key="record.id", index=True)
    actor: str = Field(default="", max_length=320)
    at: datetime = Field(default_factory=utcnow)
    action: str = Field(max_length=40)
    diff: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False, default=dict))


class Outbox(SQLModel, table=True):
    """A change waiting for the projector: written in the same transaction as the change."""

    id: int | None = Field(default=None, primary_key=True)
    record_id: int = Field(index=True)
    created: datetime = Field(default_factory=utcnow)


class ProjectionState(SQLModel, table=True):
    """How far the projections have applied the outbox, and their generation."""

    name: str = Field(primary_key=True, max_length=40)
    last_outbox_id: int = 0
    generation: int = 0
