"""The web channels: one blueprint per audience, one error path."""

from __future__ import annotations

from contextlib import ExitStack

from flask import Flask, Response, g, request
from werkzeug.routing import BaseConverter, ValidationError

from atlas.records import KINDS
from atlas.services import services
from atlas.web import (
    auth,
    errors,
    health,
    presentation,
    principal,
    record_parts,
    security_headers,
    unicode_input,
)
from atlas.web.admin import sources as admin_sources
from atlas.web.api import definitions as api_definitions
from atlas.web.api import openapi
from atlas.web.api import search as api_search
from atlas.web.curation import concept_csv, forms, integrity
from atlas.web.partners import ckan, feed
from atlas.web.public import definitions, pages


class SegmentConverter(BaseConverter):
    """A path segment under which some record kind's pages are found ("datasets").

    Asked at match time, so a kind registered after the app was made is routed too.
    """

    def to_python(self, value: str) -> str:
        if not KINDS.under(value):
            raise ValidationError()
        return value


SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def register_blueprints(app: Flask) -> None:
    """Register every blueprint and the shared error handlers."""
    app.url_map.converters["segment"] = SegmentConverter
    app.register_blueprint(pages.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(api_search.bp)
    app.register_blueprint(api_definitions.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(admin_sources.bp)
    app.register_blueprint(feed.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(ckan.bp)
    app.register_blueprint(definitions.bp)
    app.register_blueprint(integrity.bp)
    app.register_blueprint(concept_csv.bp)
    app.register_blueprint(forms.bp)
    record_parts.init_app(app, [forms.page_context, integrity.record_findings])
    app.before_request(open_unit)
    app.after_request(end_unit)
    app.teardown_request(close_unit)
    app.before_request(unicode_input.refuse_lone_surrogates)
    errors.init_app(app)
    presentation.init_app(app)
    security_headers.init_app(app)
    app.add_template_global(auth.csrf_token)
    app.add_template_global(principal.current_principal)
    app.add_template_global(principal.may)


def open_unit() -> None:
    """Open the request's unit of work: one session; a POST may write (locking at its first write)."""
    g.atlas_unit = ExitStack()
    g.atlas_unit.enter_context(services().store.unit(write=request.method not in SAFE_METHODS))


def end_unit(response: Response) -> Response:
    """Commit what the request wrote when it succeeded (below 400), undo it otherwise."""
    # Here, not at teardown: a failed commit must still become the response's 500.
    # A handled AtlasError reaches teardown without an exception, hence the status.
    unit = services().store.current_unit() if "atlas_unit" in g else None
    if unit is not None and response.status_code < 400:
        unit.commit()
    elif unit is not None:
        unit.rollback()
    return response


def close_unit(error: BaseException | None) -> None:
    """Close the request's unit; its after-commit actions (projector, follower) run now."""
    stack = g.pop("atlas_unit", None)
    if stack is not None:
        stack.__exit__(type(error) if error else None, error, error.__traceback__ if error else None)
