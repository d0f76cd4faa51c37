"""The web channels: one blueprint per audience, one error path."""

from __future__ import annotations

from flask import Flask
from werkzeug.routing import BaseConverter, ValidationError

from atlas.records import KINDS


class SegmentConverter(BaseConverter):
    """A path segment under which some record kind's pages are found ("datasets").

    Asked at match time, so a kind registered after the app was made is routed too.
    """

    def to_python(self, value: str) -> str:
        if not KINDS.under(value):
            raise ValidationError()
        return value


def register_blueprints(app: Flask) -> None:
    """Register every blueprint and the shared error handlers."""
    app.url_map.converters["segment"] = SegmentConverter
    from atlas.web import (
        admin,
        api,
        api_definitions,
        auth,
        ckan,
        concept_csv,
        curate,
        definitions,
        errors,
        feed,
        health,
        integrity,
        openapi,
        pages,
        presentation,
        principal,
        security_headers,
        unicode_input,
    )

    app.register_blueprint(pages.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(api_definitions.bp)
    app.register_blueprint(openapi.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(feed.bp)
    app.register_blueprint(health.bp)
    app.register_blueprint(ckan.bp)
    app.register_blueprint(definitions.bp)
    app.register_blueprint(integrity.bp)
    app.register_blueprint(concept_csv.bp)
    app.register_blueprint(curate.bp)
    app.before_request(unicode_input.refuse_lone_surrogates)
    errors.init_app(app)
    presentation.init_app(app)
    security_headers.init_app(app)
    app.add_template_global(auth.csrf_token)
    app.add_template_global(principal.current_principal)
    app.add_template_global(principal.may)
