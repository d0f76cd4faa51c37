"""Harvest runs: read a source, hand its records to the catalogue, count and keep every error."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from atlas.catalogue import Catalogue, RecordInput
from atlas.db import Store
from atlas.errors import SourceUnreadable
from atlas.models import HarvestRun, Status, utcnow
from importers import dcat_rdf
from importers.rdf_parse import parse
from importers.records import SourceError


@dataclass
class Summary:
    """What a harvest run did."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    failed: int = 0
    errors: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Return the summary in the contract's JSON shape."""
        return {"new": self.new, "updated": self.updated, "unchanged": self.unchanged,
                "withdrawn": self.withdrawn, "failed": self.failed, "errors": self.errors}


def harvest_file(store: Store, catalogue: Catalogue, path: Path, *, access: str = "public",
                 status: str = Status.published, actor: str = "atlas harvest",
                 batch: int = 100, progress=None) -> Summary:
    """Harvest the records of one local RDF file; SourceUnreadable when the file is unusable."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceUnreadable(f"cannot read {path}: {exc.strerror}") from None
    try:
        graph = parse(data, name=path.name, base=path.resolve().as_uri())
    except SourceError as exc:
        raise SourceUnreadable(f"{path.name}: {exc}") from None
    run = HarvestRun(location=str(path))
    with store.write() as session:
        session.add(run)
    summary = Summary()
    pending: list[RecordInput] = []

    def flush():
        if not pending:
            return
        try:
            results = catalogue.upsert_many(pending, actor=actor)
        except Exception:
            # One bad record must not sink its batch: retry one by one to find it.
            results = []
            for item in pending:
                try:
                    results.append(catalogue.upsert(item, actor=actor))
                except Exception as exc:
                    summary.failed += 1
                    summary.errors.append({"record": item.uri, "message": str(exc)})
        for result in results:
            setattr(summary, result.outcome, getattr(summary, result.outcome) + 1)
        pending.clear()

    with catalogue.batch():
        for found in dcat_rdf.records(graph):
            if found.error:
                summary.failed += 1
                summary.errors.append({"record": found.uri, "message": found.error})
                continue
            pending.append(RecordInput(kind=found.kind, uri=found.uri, graph=found.graph,
                                       status=status, access=access, local_key=found.local_key))
            if progress:
                progress(1)
            if len(pending) >= batch:
                flush()
        flush()
    with store.write() as session:
        run = session.get(HarvestRun, run.id)
        run.finished = utcnow()
        run.state = "finished"
        for key in ("new", "updated", "unchanged", "withdrawn", "failed"):
            setattr(run, key, getattr(summary, key))
        run.errors = summary.errors
        session.add(run)
    return summary
