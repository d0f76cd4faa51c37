"""What a record page shows beside the record, contributed by the audiences that own it.

The public record view asks `context` for the parts; curation adds its forms' context and the
integrity findings by registering providers when the blueprints are registered, so the public
pages never import the curation pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from flask import Flask, current_app

from atlas.access import Principal
from atlas.models import Record

# (record, principal, related records by relation, detail) -> template context
Provider = Callable[[Record, Principal, dict, object], dict]
KEY = "atlas.record_parts"


def init_app(app: Flask, providers: Iterable[Provider]) -> None:
    """Register the providers whose parts every record page adds."""
    app.extensions[KEY] = tuple(providers)


def context(record: Record, principal: Principal, related: dict, detail) -> dict:
    """Return the template context the registered providers add to a record page."""
    out: dict = {}
    for provider in current_app.extensions.get(KEY, ()):
        out |= provider(record, principal, related, detail)
    return out
