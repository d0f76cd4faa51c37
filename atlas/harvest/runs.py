"""Which harvest runs are alive: a run holds a lock while it works; a dead one is marked.

A harvest process that is killed (SIGKILL, a reboot, the OOM killer) cannot record its end, so
its run would stay `running` for ever. Each run therefore holds an exclusive `flock` on
`INSTANCE/runs/<id>.lock` while it works: the kernel releases it when the process ends, however
it ends. The next run (and `atlas serve` at start) tries each `running` run's lock: a lock it
can take belongs to a process that is gone, so the run is marked `interrupted`, with the counts
of what it had committed. A run that is really running in another process keeps its lock and is
left alone. A run started on another host (a shared PostgreSQL store, each host with its own
instance folder) is judged only on the host that started it.
"""

from __future__ import annotations

import fcntl
import os
import socket
from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from atlas.db import Store
from atlas.models import HarvestRun, Record, Revision, utcnow

_OWNER = "running in process {pid} on {host}"
HARVEST_ACTOR = "atlas harvest"  # who harvest runs write revisions as (atlas.harvest.run.ACTOR)


class RunLock:
    """The lock a run holds while it works; released by `release` or by the process ending."""

    def __init__(self, instance: str | Path, run_id: int):
        self.path = _lock_path(instance, run_id)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._fd: int | None = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._fd, fcntl.LOCK_EX)  # a new run's file: nobody else holds it

    def release(self) -> None:
        """Let go of the lock and remove its file."""
        if self._fd is None:
            return
        self.path.unlink(missing_ok=True)
        os.close(self._fd)
        self._fd = None


def owner_note() -> str:
    """Return what a running run says about where it runs (kept in its message)."""
    return _OWNER.format(pid=os.getpid(), host=socket.gethostname())


def start(store: Store, instance: str | Path, run: HarvestRun) -> RunLock:
    """Store a new run as running in this process and take its lock."""
    run.message = owner_note()
    with store.write() as session:
        session.add(run)
        session.flush()
        # The lock is taken before the commit makes the run visible, so no other process
        # can see it `running` without its lock held.
        lock = RunLock(instance, run.id)
    return lock


def checkpoint(store: Store, run: HarvestRun, summary) -> None:
    """Record the counts so far, so a run that dies still tells what it had done."""
    with store.write() as session:
        row = session.get(HarvestRun, run.id)
        for key in ("new", "updated", "unchanged", "failed"):
            setattr(row, key, getattr(summary, key))
        row.errors = summary.errors[:1000]
        session.add(row)


def mark_interrupted(store: Store, instance: str | Path) -> list[str]:
    """Mark the runs whose process is gone as interrupted; return a line for each."""
    host = socket.gethostname()
    with store.read() as session:
        running = list(session.exec(select(HarvestRun).where(HarvestRun.state == "running")))
    lines = []
    for run in running:
        if not run.message.endswith(f" on {host}") and run.message.startswith("running in"):
            continue  # another host's run: only that host can see its lock
        path = _lock_path(instance, run.id)
        if not _lock_is_free(path):
            continue
        lines.append(_interrupt(store, run.id))
        path.unlink(missing_ok=True)
    return lines


def _interrupt(store: Store, run_id: int) -> str:
    with store.write() as session:
        row = session.get(HarvestRun, run_id)
        if row is None or row.state != "running":
            return f"run {run_id}: already ended"
        # What the run committed, from the revisions it wrote: its last checkpoint may lag a
        # page behind the records it stored before it died.
        after = session.exec(select(func.min(HarvestRun.started)).where(
            HarvestRun.source_id == row.source_id, HarvestRun.id > row.id)).one()
        window = [Record.source_id == row.source_id, Revision.actor == HARVEST_ACTOR,
                  Revision.at >= row.started]
        if after is not None:  # a later run of the source has begun: what follows is its own
            window.append(Revision.at < after)
        counted = select(func.count(func.distinct(Revision.record_id))).join(
            Record, Record.id == Revision.record_id).where(*window)
        new = session.exec(counted.where(Revision.action == "create")).one()
        updated = session.exec(counted.where(Revision.action == "update")).one()
        row.new, row.updated = new, updated
        owner = row.message.removeprefix("running in ") if row.message.startswith(
            "running in ") else "its process"
        row.state, row.finished = "interrupted", utcnow()
        row.message = (f"the run was interrupted ({owner} is gone) after committing {row.new} new and {row.updated} updated "
                       "records; nothing was withdrawn, and the next run completes it")
        session.add(row)
        return f"harvest run {run_id} marked interrupted: {row.message}"


def _lock_is_free(path: Path) -> bool:
    """Tell whether no process holds the lock (a missing file: the run's process is gone)."""
    try:
        fd = os.open(path, os.O_RDWR)
    except FileNotFoundError:
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(fd)
    return True


def _lock_path(instance: str | Path, run_id: int) -> Path:
    return Path(instance) / "runs" / f"{run_id}.lock"
