"""Registered harvest sources: adding, listing, removing, and which are due."""

from __future__ import annotations

from datetime import UTC, timedelta

from sqlmodel import select

from atlas.access import Action, Principal, require
from atlas.db import Store
from atlas.errors import Conflict, InvalidInput, NotFound
from atlas.models import HarvestRun, Source, utcnow
from importers.registry import KINDS
from vocab.namespaces import PREFIXES

INTERVALS = {"hourly": timedelta(hours=1), "daily": timedelta(days=1),
             "weekly": timedelta(weeks=1)}


def add_source(store: Store, *, name: str, url: str, kind: str = "dcat", access: str = "public",
               schedule: str = "daily", allow_private: bool = False,
               defaults: dict | None = None, principal: Principal) -> Source:
    """Register a source; InvalidInput names what to fix, Conflict when the name is taken."""
    require(principal, Action.manage_sources)
    errors = {}
    if not name.strip():
        errors["name"] = ["give the source a name"]
    if not url.startswith(("http://", "https://")):
        errors["url"] = ["a source is an http(s) URL; harvest a local file with `atlas harvest FILE`"]
    if kind not in KINDS:
        errors["kind"] = [f"one of {', '.join(sorted(KINDS))}"]
    if schedule not in (*INTERVALS, "manual"):
        errors["schedule"] = ["hourly, daily, weekly or manual"]
    if errors:
        raise InvalidInput("; ".join(f"{k}: {v[0]}" for k, v in errors.items()), errors)
    with store.write() as session:
        if session.exec(select(Source).where(Source.name == name)).first():
            raise Conflict(f"a source named {name!r} exists already", {"name": ["taken"]})
        source = Source(name=name.strip(), url=url, kind=kind, access=access, schedule=schedule,
                        allow_private=allow_private, defaults=defaults or {})
        session.add(source)
    return source


def list_sources(store: Store) -> list[dict]:
    """Return every registered source with its last run."""
    with store.read() as session:
        out = []
        for source in session.exec(select(Source).where(Source.schedule != "removed")
                                   .order_by(Source.name)):
            last = session.exec(select(HarvestRun).where(HarvestRun.source_id == source.id)
                                .order_by(HarvestRun.id.desc())).first()
            out.append({**source.model_dump(include={"name", "url", "kind", "access",
                                                     "schedule", "allow_private"}),
                        "last_run": last.model_dump(include={"started", "state", "new",
                                                             "updated", "unchanged", "withdrawn",
                                                             "failed", "message"})
                        if last else None})
        return out


def remove_source(store: Store, name: str, *, principal: Principal) -> None:
    """Unregister a source; its records stay (they keep their history and provenance)."""
    require(principal, Action.manage_sources)
    with store.write() as session:
        source = session.exec(select(Source).where(Source.name == name)).first()
        if source is None:
            raise NotFound(f"no source named {name!r}")
        source.schedule = "removed"
        source.name = f"{source.name} (removed {utcnow():%Y-%m-%d %H:%M})"[:200]
        session.add(source)


def due_sources(store: Store) -> list[str]:
    """Return the names of the sources whose schedule has come round since their last run."""
    now = utcnow()
    with store.read() as session:
        due = []
        for source in session.exec(select(Source).where(Source.schedule.in_(list(INTERVALS)))
                                   .order_by(Source.name)):
            last = session.exec(select(HarvestRun.started).where(
                HarvestRun.source_id == source.id).order_by(HarvestRun.id.desc())).first()
            if last is None or now - _aware(last) >= INTERVALS[source.schedule]:
                due.append(source.name)
        return due


def _aware(moment):
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def list_runs(store: Store, name: str, limit: int = 20) -> list[HarvestRun]:
    """Return a source's most recent runs, newest first."""
    with store.read() as session:
        source = session.exec(select(Source).where(Source.name == name)).first()
        if source is None:
            raise NotFound(f"no source named {name!r}")
        return list(session.exec(select(HarvestRun).where(HarvestRun.source_id == source.id)
                                 .order_by(HarvestRun.id.desc()).limit(limit)))


def parse_default(text: str) -> tuple[str, dict]:
    """Read `prefix:name=value` (or a full predicate IRI) into a predicate and a value dict."""
    predicate, equals, value = text.partition("=")
    if not equals or not predicate or not value:
        raise InvalidInput(f"{text!r}: write a default as PROPERTY=VALUE, "
                           "e.g. dct:accessRights=http://publications.europa.eu/resource/"
                           "authority/access-right/PUBLIC", {"default": ["not PROPERTY=VALUE"]})
    prefix, colon, local = predicate.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        predicate = str(PREFIXES[prefix]) + local
    if not predicate.startswith(("http://", "https://")):
        raise InvalidInput(f"{predicate!r} is not a known prefix or an IRI",
                           {"default": ["unknown property"]})
    kind = "uri" if value.startswith(("http://", "https://", "mailto:")) else "literal"
    return predicate, {"type": kind, "value": value}
