"""A page's reads come in a bounded number of database sessions and statements.

Counted on the demo content, on the second request of a page (the first fills per-process
caches). One unit of work, so one session; the ceilings only come down. No GET writes, not
even the first view of a concept page by a curator (its scheme's check ran when it changed).
"""

from __future__ import annotations

import threading
from collections import Counter
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlmodel import select

from atlas.models import Concept, Dataset, Record, User

# page -> (role, sessions, statements) on the second request
BUDGETS = {
    "dataset": (None, 1, 8),
    "dataset-curator": ("curator", 1, 9),
    "concept": (None, 1, 8),
    "concept-curator": ("curator", 1, 16),
    "search": (None, 1, 4),
    "search-curator": ("curator", 1, 5),
}
WRITES = ("INSERT", "UPDATE", "DELETE")


@contextmanager
def counted():
    """Count the sessions opened and statements run by this thread while the block runs."""
    me = threading.get_ident()
    seen = {"sessions": 0, "statements": Counter()}

    def on_statement(conn, cursor, statement, parameters, context, executemany):
        if threading.get_ident() == me:
            seen["statements"][statement.lstrip().split(None, 1)[0].upper()] += 1

    def on_session(session, transaction, connection):
        if threading.get_ident() == me:
            seen["sessions"] += 1

    event.listen(Engine, "before_cursor_execute", on_statement)
    event.listen(Session, "after_begin", on_session)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", on_statement)
        event.remove(Session, "after_begin", on_session)


@pytest.fixture(scope="module")
def paths(demo_app):
    store = demo_app.extensions["atlas"].store
    with store.read() as session:
        public = (Record.status == "published", Record.access == "public")
        dataset = session.exec(select(Record.slug).join(Dataset, Dataset.id == Record.id)
                               .where(*public).order_by(Record.id)).first()
        concept = session.exec(select(Record.slug).join(Concept, Concept.id == Record.id)
                               .where(*public, Concept.editorial_status != "",
                                      Concept.scheme_id.is_not(None))
                               .order_by(Record.id)).first()
    return {"dataset": f"/datasets/{dataset}", "concept": f"/definitions/{concept}",
            "search": "/search?q=grondwater"}


@pytest.fixture(scope="module")
def clients(demo_app):
    curator = demo_app.test_client()
    with demo_app.extensions["atlas"].store.write() as session:  # its own account: demo_app is shared
        user = User(email="budget-curator@utrecht.test", role="curator")
        session.add(user)
        session.flush()
        user_id = user.id
    with curator.session_transaction() as cookie:
        cookie["user_id"] = user_id
        cookie["session_version"] = 0
    return {None: demo_app.test_client(), "curator": curator}


@pytest.mark.parametrize("page", sorted(BUDGETS))
def test_a_page_reads_within_its_budget(demo_app, clients, paths, page):
    role, sessions, statements = BUDGETS[page]
    client = clients[role]
    path = paths[page.split("-")[0]]
    with counted() as first:
        assert client.get(path).status_code == 200  # the first request fills the caches
    assert not any(first["statements"][w] for w in WRITES), f"{path} wrote: {first['statements']}"
    with counted() as seen:
        response = client.get(path)
    assert response.status_code == 200
    total = sum(seen["statements"].values())
    assert seen["sessions"] <= sessions, f"{path}: {seen['sessions']} sessions"
    assert total <= statements, f"{path}: {total} statements {dict(seen['statements'])}"
    assert not any(seen["statements"][w] for w in WRITES), f"{path} wrote: {seen['statements']}"
