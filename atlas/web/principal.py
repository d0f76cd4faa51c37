"""Who is asking, for the web channels: the signed-in account in the session, or anonymous."""

from __future__ import annotations

from flask import g, session

from atlas import access
from atlas.access import Action, Principal
from atlas.accounts.service import principal_of
from atlas.models import Record
from atlas.services import services


def current_principal() -> Principal:
    """Return the principal of this request (looked up once per request)."""
    if "principal" not in g:
        g.principal = principal_of(services().store, session.get("user_id"),
                                   session.get("session_version"))
    return g.principal


def may(action: str, record: Record | None = None) -> bool:
    """Tell whether this request's principal may do action (on record): for views and pages."""
    return access.may(current_principal(), Action(action), record)


def personalised(response):
    """Mark a response that depends on who asks, so no shared cache keeps it."""
    response.headers["Cache-Control"] = "private, no-cache"
    response.vary.add("Cookie")
    response.vary.add("Accept-Language")
    return response
