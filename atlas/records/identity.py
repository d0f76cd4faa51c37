"""A record's identity in Atlas: the slug it is found by and the URI a local record is given."""

from __future__ import annotations

import hashlib

from rdflib import Graph, URIRef
from sqlmodel import Session, select

from atlas.errors import Conflict
from atlas.models import Record
from atlas.records.kinds import KINDS
from atlas.text import slug_of
from vocab import records as vocab_records


def free_slug(session: Session, wanted: str | None, uri: str, graph: Graph,
              title: str | None = None) -> str:
    """Return the slug a new record gets: the wanted one (Conflict when taken), else its title's.

    A slug made from the title ends in a hash of the URI, so two records of one title differ.
    """
    if wanted:
        if session.exec(select(Record.id).where(Record.slug == wanted)).first():
            raise Conflict(f"the id {wanted!r} is taken", {"slug": ["taken"]})
        return wanted
    if title is None:
        title = vocab_records.read_title(graph, URIRef(uri))
    base = slug_of(title)[:60] or "record"
    return f"{base}-{hashlib.sha1(uri.encode()).hexdigest()[:8]}"


def mint_uri(base_uri: str, kind: str, slug: str) -> str:
    """Return the URI Atlas gives a local record of this kind."""
    return f"{base_uri}/{KINDS.get(kind).segment}/{slug}"
