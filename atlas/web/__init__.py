"""The web channels: one blueprint per audience, one error path."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    """Register every blueprint and the shared error handlers."""
    from atlas.web import errors, feed, health, pages, presentation

    app.register_blueprint(pages.bp)
    app.register_blueprint(feed.bp)
    app.register_blueprint(health.bp)
    errors.init_app(app)
    presentation.init_app(app)
