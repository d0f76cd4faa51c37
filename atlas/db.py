"""The store's engine and its units of work: SQLite (WAL, busy timeout) or PostgreSQL.

A unit of work is one session: a request, a command, a harvest page. `store.read()` and
`store.write()` are the one way a service gets a session: they join the current unit or open
their own. A write unit takes SQLite's write lock at its first write, not at its first read.
A write in a read unit (a GET, a command) is its own short transaction. After-commit actions
(the projector's kick, the integrity follower) run once per unit, after it commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

MIGRATIONS = Path(__file__).parent / "migrations"


@dataclass(eq=False)
class Unit:
    """One unit of work: its session, whether it writes, and what runs after it commits."""

    store: Store
    session: Session
    write: bool
    writing: bool = False  # holds the write engine's transaction (SQLite: the write lock)
    after_commit: dict[str, Callable[[set[int]], None]] = field(default_factory=dict)
    touched: set[int] = field(default_factory=set)

    def begin_writing(self) -> None:
        """Move the session to the write engine at the unit's first write."""
        if self.writing:
            return
        if self.session.in_transaction():
            self.session.commit()  # ends the read transaction: nothing of it is pending
            self.session.expire_all()  # rows read before may have changed before the lock
        self.session.bind = self.store._write_engine
        self.writing = True

    def commit(self) -> None:
        """Commit what the unit wrote (a read unit's transaction ends when it is closed)."""
        if self.write:
            self.session.commit()

    def run_after_commit(self) -> None:
        """Run the after-commit actions once, outside the unit (they open their own)."""
        actions, self.after_commit = self.after_commit, {}
        touched, self.touched = set(self.touched), set()
        for action in actions.values():
            action(touched)

    def rollback(self) -> None:
        """Undo what the unit wrote and forget its after-commit actions."""
        self.session.rollback()
        self.after_commit.clear()
        self.touched.clear()

    def refresh(self) -> None:
        """End a read unit's transaction so its next read sees what was committed since."""
        self.session.rollback()
        self.session.expire_all()


_current: ContextVar[Unit | None] = ContextVar("atlas_unit", default=None)


class Store:
    """The relational store: one engine and its units of work."""

    def __init__(self, url: str):
        self.url = url
        self.is_sqlite = url.startswith("sqlite")
        if self.is_sqlite:
            path = url.removeprefix("sqlite:///")
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            self.engine = create_engine(url, connect_args={"timeout": 30})
            _tune_sqlite(self.engine)
        else:
            self.engine = create_engine(url, pool_pre_ping=True)
        # Writers take SQLite's write lock when they begin, so two writers queue on the busy
        # timeout instead of failing later with "database is locked" on lock upgrade.
        self._write_engine = self.engine.execution_options(sqlite_begin="IMMEDIATE")

    @contextmanager
    def unit(self, *, write: bool = False, own: bool = False) -> Iterator[Unit]:
        """Open the unit of work of a request, a command or a harvest page, or join the open one.

        A write unit joins an open write unit; anything else opens its own (with `own`, always).
        """
        current = _current.get()
        if current is not None and not own and (current.write or not write):
            yield current
            return
        unit = Unit(self, Session(self.engine, expire_on_commit=False), write)
        token = _current.set(unit)
        try:
            yield unit
            unit.commit()
        except BaseException:
            unit.rollback()
            raise
        finally:
            unit.session.close()
            _current.reset(token)
        if current is not None and write and not current.writing:
            current.refresh()  # the outer unit's read snapshot predates this commit
        unit.run_after_commit()

    def current_unit(self) -> Unit | None:
        """Return the unit of work open in this context, if any."""
        return _current.get()

    @contextmanager
    def read(self, *, own: bool = False) -> Iterator[Session]:
        """Yield the current unit's session for reading, or one of its own; nothing is committed."""
        with self.unit(own=own) as unit:
            yield unit.session

    @contextmanager
    def write(self, *, own: bool = False) -> Iterator[Session]:
        """Yield a session to write with: the current write unit's, or its own transaction.

        Inside a write unit the block is a savepoint (a failed block undoes only itself) and
        its changes are committed with the unit; otherwise with the block.
        """
        current = _current.get()
        joined = current is not None and current.write and not own
        with self.unit(write=True, own=own) as unit:
            unit.begin_writing()
            if not joined:
                yield unit.session
                return
            with unit.session.begin_nested():
                yield unit.session

    def after_commit(self, name: str, action: Callable[[set[int]], None],
                     touched: Iterable[int] = ()) -> None:
        """Run action(touched record ids) once when the current write unit commits (now if none)."""
        unit = _current.get()
        if unit is None or not unit.write:
            action(set(touched))
            return
        unit.touched.update(touched)
        unit.after_commit.setdefault(name, action)

    def upgrade(self) -> None:
        """Create or upgrade the schema to the newest migration."""
        from alembic import command

        command.upgrade(alembic_config(self), "head")

    def current_revision(self) -> str | None:
        """Return the schema's migration revision, or None for an empty database."""
        from alembic.migration import MigrationContext

        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


def alembic_config(store: Store):
    """Return an Alembic configuration that migrates the given store."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = store.engine
    return config


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy, not pysqlite, decide when transactions begin (see _on_begin).
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")
