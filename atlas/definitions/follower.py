"""The integrity follower: checks the schemes a unit of work changed, once it has committed."""

from __future__ import annotations

from sqlmodel import select

from atlas.access import SYSTEM
from atlas.db import Store
from atlas.definitions import integrity
from atlas.models import Concept, IntegrityCheck, Kind, Link, Record

CHUNK = 500  # record ids per IN (…) query


def follow(store: Store, touched: set[int], *, limit: int | None = None) -> list:
    """Check the schemes the records touched belong to, when stale and at most `limit` concepts."""
    limit = integrity.INLINE_LIMIT if limit is None else limit  # read now: tests lower it
    done = []
    with store.unit(own=True):  # its own session: the unit that wrote has ended
        for scheme_id in schemes_of_records(store, touched):
            text, size = integrity.stamp(store, scheme_id)
            with store.read() as session:
                last = session.get(IntegrityCheck, scheme_id)
            if (last is None or last.stamp != text) and size <= limit:
                done.append(integrity.check_scheme(store, scheme_id, principal=SYSTEM))
    return done


def schemes_of_records(store: Store, record_ids: set[int]) -> list[int]:
    """Return the ids of the schemes among these records and those their concepts are in."""
    ids, found = sorted(record_ids), set()
    with store.read() as session:
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start:start + CHUNK]
            found.update(session.exec(select(Record.id).where(
                Record.id.in_(chunk), Record.kind == Kind.conceptscheme)))
            found.update(session.exec(select(Link.object_id).where(
                Link.subject_id.in_(chunk), Link.relation == "in_scheme",
                Link.object_id.is_not(None))))
            found.update(session.exec(select(Concept.scheme_id).where(
                Concept.id.in_(chunk), Concept.scheme_id.is_not(None))))
    return sorted(found)
