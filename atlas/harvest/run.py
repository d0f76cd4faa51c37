"""Harvest runs: read a source page by page, hand its records to the catalogue, count everything.

A run never stops for one bad record: each is reported and the rest go on. Records are committed
page by page, so a run that is killed leaves a consistent store and the next run completes it.
Records the source no longer offers are withdrawn at the end of a complete run, unless more than
half of the source's records would go at once (then nothing is withdrawn and the run says so).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete
from sqlmodel import select

from atlas.access import SYSTEM, Action, Principal, require
from atlas.db import Store
from atlas.errors import InvalidInput, SourceUnreadable
from atlas.harvest import runs as harvest_runs
from atlas.models import HarvestPage, HarvestRun, Record, Source, Status, utcnow
from atlas.records import Catalogue, RecordInput
from importers.fetch import Fetched, fetch
from importers.messages import clip, short_message
from importers.records import Batch, RememberedPage, SourceError
from importers.registry import KINDS, batches_of
from vocab.literal_hygiene import clean_graph, clean_iri

HARVESTER = SYSTEM.named(harvest_runs.HARVEST_ACTOR)  # who a run writes as, whoever started it


@dataclass
class Summary:
    """What a harvest run did."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    failed: int = 0
    errors: list[dict] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    pages: int = 0
    messages: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Return the summary in the contract's JSON shape."""
        return {"new": self.new, "updated": self.updated, "unchanged": self.unchanged,
                "withdrawn": self.withdrawn, "failed": self.failed, "errors": self.errors,
                "warnings": self.warnings}


class SourceReader:
    """Reads a source's pages: the local file named on the command line, or safe fetching."""

    def __init__(self, config: dict, source: Source, local_file: Path | None = None):
        self.config = config
        self.source = source
        self.local_file = local_file
        self.validators: tuple[str, str] | None = None

    def get(self, url: str, *, first: bool = False) -> Fetched:
        """Return the page at url (a conditional request for the first page of a source)."""
        if self.local_file is not None and url == self.source.url:
            return Fetched(self.local_file.as_uri(), 200, "", self._read_local(), "", "")
        allow_private = self.source.allow_private or self.config["HARVEST_ALLOW_PRIVATE"]
        fetched = fetch(url, allow_private=allow_private,
                        etag=self.source.etag if first else "",
                        last_modified=self.source.last_modified if first else "",
                        total_timeout=self.config["HARVEST_TIMEOUT"],
                        max_bytes=self.config["HARVEST_MAX_BYTES"])
        if first:
            self.validators = (fetched.etag, fetched.last_modified)
        return fetched

    def _read_local(self) -> bytes:
        """Read the local file under the same size cap as a fetch."""
        limit = self.config["HARVEST_MAX_BYTES"]
        try:
            with self.local_file.open("rb") as file:
                body = file.read(limit + 1)
        except OSError as exc:
            raise SourceError(f"cannot read {self.local_file.name}: "
                              f"{exc.strerror or type(exc).__name__}") from None
        if len(body) > limit:
            raise SourceError(f"{self.local_file.name} is larger than the limit of {limit} bytes")
        return body


class StoredPages:
    """The pages of a source as last harvested, from the store."""

    def __init__(self, store: Store, source_id: int):
        with store.read() as session:
            rows = session.exec(select(HarvestPage).where(HarvestPage.source_id == source_id))
            self.pages = {row.url: row for row in rows}
            # A page holding a record withdrawn since must be read again to bring it back.
            self.vanished = set(session.exec(select(Record.uri).where(
                Record.source_id == source_id, Record.vanished)))

    def recall(self, url: str, digest: str | None) -> RememberedPage | None:
        """Return the page as last harvested when its digest is unchanged (None: any digest)."""
        row = self.pages.get(url)
        if row is None or (digest is not None and row.digest != digest):
            return None
        if self.vanished.intersection(row.uris):
            return None
        return RememberedPage(row.next_url, list(row.uris), list(row.errors))


def resolve_source(store: Store, *, location: str | None, name: str | None, kind: str,
                   access: str) -> tuple[Source, Path | None]:
    """Return the source to harvest (registered, or one kept for an ad-hoc location) and the
    local file when the location is one."""
    with store.write() as session:
        if name:
            source = session.exec(select(Source).where(Source.name == name)).first()
            if source is None:
                raise SourceUnreadable(f"no source named {name!r} (see `atlas sources list`)")
            if not source.url.startswith(("http://", "https://")):
                raise SourceUnreadable(f"source {name!r} is a local file: harvest it again "
                                       "with `atlas harvest FILE` on the command line")
            return source, None
        if kind not in KINDS:
            raise InvalidInput(f"unknown kind {kind!r}")
        local = None
        if not location.startswith(("http://", "https://")):
            local = Path(location).resolve()
            if not local.is_file():
                raise SourceUnreadable(f"{location}: no such file")
            location = str(local)
        source = session.exec(select(Source).where(Source.url == location)).first()
        if source is None:
            # An ad-hoc location is remembered as a source, so a re-run knows what it delivered.
            # A local file is named by its file name: its path may say more than it should.
            wanted = local.name if local is not None else location
            source = Source(name=_free_name(session, wanted), url=location, kind=kind,
                            access=access, schedule="manual")
            session.add(source)
            session.flush()
        return source, local


def _free_name(session, wanted: str) -> str:
    """Return wanted (cut to fit) if no source has that name, else it with a number added."""
    base = " ".join(wanted.split())[:190] or "source"
    name, number = base, 1
    while session.exec(select(Source.id).where(Source.name == name)).first() is not None:
        number += 1
        name = f"{base} ({number})"
    return name


def harvest(store: Store, catalogue: Catalogue, config: dict, *, principal: Principal,
            location: str | None = None, source_name: str | None = None, kind: str = "dcat",
            access: str = "public", force: bool = False,
            progress: Callable[[int, int], None] | None = None) -> Summary:
    """Harvest once; SourceUnreadable when the source itself cannot be read (nothing changed).

    Asks `harvest` of principal; the run's changes are recorded as the harvester's.
    """
    require(principal, Action.harvest)
    source, local = resolve_source(store, location=location, name=source_name, kind=kind,
                                   access=access)
    instance = config["INSTANCE_PATH"]
    harvest_runs.mark_interrupted(store, instance)
    run = HarvestRun(source_id=source.id, location=source.url)
    lock = harvest_runs.start(store, instance, run)
    summary = Summary()
    try:
        # The integrity follower checks what the run changed once, when it ends.
        with catalogue.batch(project_each=True):
            return _run(store, catalogue, config, source, local, run, summary, force, progress)
    except Exception as exc:
        if run.state == "running":
            _finish(store, run, summary, "failed",
                    f"the run stopped on an unexpected error: {type(exc).__name__}: {exc}")
        raise
    except BaseException:  # Ctrl-C or a stop signal turned into an exception
        if run.state == "running":
            _finish(store, run, summary, "interrupted", "the run was stopped")
        raise
    finally:
        # Only after the run's end is stored: a free lock on a `running` run means it died.
        lock.release()


def _run(store: Store, catalogue: Catalogue, config: dict, source: Source, local: Path | None,
         run: HarvestRun, summary: Summary, force: bool,
         progress: Callable[[int, int], None] | None) -> Summary:
    reader = SourceReader(config, source, local)
    since = None if force or source.kind != "ckan" else _last_success(store, source.id)
    memory = None if force else StoredPages(store, source.id)
    seen: set[str] = set()
    complete, not_modified = True, False
    try:
        # Each page is projected as it is stored (the catalogue kicks the projector), so a
        # long run never piles up work for the end.
        for batch in batches_of(source.kind)(source.url, reader, memory, since=since):
            summary.pages += 1
            if batch.not_modified:
                not_modified = True
                summary.messages.append("the source answered 304: nothing changed")
                break
            _take(store, catalogue, source, batch, summary, seen)
            harvest_runs.checkpoint(store, run, summary)
            if batch.note:
                summary.messages.append(batch.note)
            if progress:
                progress(summary.pages, summary.new + summary.updated + summary.unchanged
                         + summary.failed)
    except SourceError as exc:
        # Importers word their errors with short excerpts; the cap is for any that do not.
        reason = clip(exc, 1000)
        if summary.pages == 0:
            _finish(store, run, summary, "failed", reason)
            raise SourceUnreadable(reason) from None
        complete = False
        summary.errors.append({"record": source.url, "message": f"paging stopped: {reason}"})
        summary.messages.append(f"the run is incomplete: {reason}; nothing was withdrawn")
    if not_modified:
        summary.unchanged = _owned_count(store, source.id)
    elif complete and since is None:
        _withdraw_vanished(store, catalogue, source, seen, summary, force)
        _forget_pages_not_seen(store, source.id, run.started)
    if reader.validators is not None and complete:
        with store.write() as session:
            stored = session.get(Source, source.id)
            stored.etag, stored.last_modified = reader.validators
            session.add(stored)
    _finish(store, run, summary, "finished" if complete else "incomplete",
            "; ".join(summary.messages))
    return summary


def _take(store: Store, catalogue: Catalogue, source: Source, batch: Batch, summary: Summary,
          seen: set[str]) -> None:
    """Store one batch's records and remember the page, in one unit of work."""
    with store.unit(write=True, own=True):
        _store_page(store, catalogue, source, batch, summary, seen)


def _store_page(store: Store, catalogue: Catalogue, source: Source, batch: Batch,
                summary: Summary, seen: set[str]) -> None:
    """Store one batch's records, count their outcomes, and remember the page."""
    if batch.remembered is not None:
        seen.update(batch.remembered.uris)
        summary.unchanged += len(batch.remembered.uris)
        summary.failed += len(batch.remembered.errors)
        summary.errors.extend(batch.remembered.errors)
        return
    errors = [{"record": r.uri, "message": r.error} for r in batch.records if r.error]
    items = [_cleaned(r, source, summary) for r in batch.records if not r.error]
    try:
        results = catalogue.upsert_many(items, principal=HARVESTER, source_id=source.id)
    except Exception:
        # One bad record must not sink its page: store them one by one to find it (each
        # attempt is a savepoint of the page's unit, so a failed one undoes only itself).
        results = []
        for item in items:
            try:
                results.append(catalogue.upsert(item, principal=HARVESTER, source_id=source.id))
            except Exception as exc:
                errors.append({"record": item.uri, "message": short_message(exc)})
                results.append(None)
    stored: list[str] = []
    for item, result in zip(items, results, strict=True):
        if result is None:
            continue
        stored.append(item.uri)
        if result.outcome == "held":
            summary.unchanged += 1
            summary.errors.append({"record": item.uri, "message":
                                   "kept as it is: another source or a curator holds this record"})
        else:
            setattr(summary, result.outcome, getattr(summary, result.outcome) + 1)
    summary.failed += len(errors)
    summary.errors.extend(errors)
    seen.update(stored)
    if batch.digest:
        with store.write() as session:
            row = session.get(HarvestPage, (source.id, batch.url)) or HarvestPage(
                source_id=source.id, url=batch.url, digest=batch.digest)
            row.digest, row.next_url, row.uris, row.errors = (
                batch.digest, batch.next_url, stored, errors)
            row.seen = utcnow()
            session.add(row)


def _cleaned(record, source: Source, summary: Summary) -> RecordInput:
    """Return a harvested record as input, its RDF cleaned and capped (a warning when it was)."""
    notes: list[str] = []
    graph = clean_graph(record.graph, notes)
    if notes:
        summary.warnings.append({"record": clean_iri(record.uri),
                                 "message": "; ".join(sorted(set(notes)))})
    return RecordInput(kind=record.kind, uri=clean_iri(record.uri), graph=graph,
                       status=Status.published, access=source.access, local_key=record.local_key)


def _withdraw_vanished(store: Store, catalogue: Catalogue, source: Source, seen: set[str],
                       summary: Summary, force: bool) -> None:
    with store.read() as session:
        owned = list(session.exec(select(Record.id, Record.uri).where(
            Record.source_id == source.id, Record.status != Status.withdrawn)))
    gone = [record_id for record_id, uri in owned if uri not in seen]
    if not gone:
        return
    if len(gone) * 2 > len(owned) and not force:
        summary.messages.append(
            f"{len(gone)} of the source's {len(owned)} records are gone from it: more than half, "
            "so none was withdrawn (check the source; `--force` withdraws them)")
        return
    summary.withdrawn = catalogue.withdraw_vanished(gone, principal=HARVESTER)


def _forget_pages_not_seen(store: Store, source_id: int, since) -> None:
    # A page the source no longer links to must not be remembered when it comes back later.
    with store.write() as session:
        session.exec(delete(HarvestPage).where(HarvestPage.source_id == source_id,
                                               HarvestPage.seen < since))


def _owned_count(store: Store, source_id: int) -> int:
    with store.read() as session:
        return len(list(session.exec(select(Record.id).where(
            Record.source_id == source_id, Record.status != Status.withdrawn))))


def _last_success(store: Store, source_id: int) -> str | None:
    with store.read() as session:
        run = session.exec(select(HarvestRun).where(
            HarvestRun.source_id == source_id, HarvestRun.state == "finished")
            .order_by(HarvestRun.id.desc())).first()
    return run.started.isoformat() if run else None


def _finish(store: Store, run: HarvestRun, summary: Summary, state: str, message: str) -> None:
    with store.write() as session:
        row = session.get(HarvestRun, run.id)
        row.finished, row.state, row.message = utcnow(), state, message
        run.state = state
        for key in ("new", "updated", "unchanged", "withdrawn", "failed"):
            setattr(row, key, getattr(summary, key))
        row.errors = summary.errors[:1000]
        row.warnings = summary.warnings[:1000]
        session.add(row)
