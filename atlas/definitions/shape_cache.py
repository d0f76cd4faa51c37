"""Shaped concept schemes kept between requests until the store changes.

Loading the ids and edges of a scheme of 20,000 concepts takes 50–150 ms, while it changes
rarely. A shape is kept under a stamp of the whole store (the
number of records, the sum of their versions, the newest change): every write through the
catalogue adds a record or moves a version, so a changed store never serves an old shape.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import func, select
from sqlmodel import Session

from atlas.models import Record

T = TypeVar("T")


def store_stamp(session: Session) -> tuple:
    """Return what changes whenever any record does (one scan of the record table)."""
    return tuple(session.connection().execute(
        select(func.count(Record.id), func.sum(Record.version), func.max(Record.modified))).one())


class ShapeCache:
    """A few shapes by key, the least recently used dropped first (they are large)."""

    def __init__(self, size: int = 4):
        self.size = size
        self._items: OrderedDict[tuple, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple, make: Callable[[], T]) -> T:
        """Return the shape kept under key, or make and keep it."""
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()  # outside the lock: two threads may both make it, both get a right one
        with self._lock:
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value
