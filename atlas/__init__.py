"""Atlas: the Province of Utrecht's catalogue of datasets, definitions and indicators."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask


def create_app(test_config: dict | None = None) -> Flask:
    """Create the Atlas web application from ATLAS_* settings (and test overrides)."""
    from atlas import services, settings
    from atlas.settings import ROOT
    from atlas.web import hosts, i18n, register_blueprints, session_cookie

    app = Flask(__name__, template_folder=str(ROOT / "templates"),
                static_folder=str(ROOT / "static"), instance_path=None)
    config = settings.load(overrides=test_config)
    app.config.update({f"{k}": v for k, v in config.items()})
    app.config.update(test_config or {})
    Path(app.config["INSTANCE_PATH"]).mkdir(parents=True, exist_ok=True)
    app.config["SECRET_KEY"] = app.config.get("SECRET_KEY") or _instance_secret(
        Path(app.config["INSTANCE_PATH"]))
    app.config.setdefault("JSON_SORT_KEYS", False)
    services.init_app(app)
    i18n.init_app(app)
    hosts.init_app(app)  # trusted Host names and proxies
    session_cookie.init_app(app)
    register_blueprints(app)
    app.before_request(_refuse_oversized_body)
    return app


def _refuse_oversized_body() -> None:
    # Flask only refuses a body over MAX_CONTENT_LENGTH when a view reads it; refuse it up
    # front on every path, so the answer does not depend on which view was asked.
    from flask import current_app, request
    from flask_babel import gettext
    from werkzeug.exceptions import RequestEntityTooLarge

    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge(description=gettext(
            "Het verzoek is groter dan %(mb)d MB; stuur minder gegevens tegelijk.",
            mb=max(1, limit // (1024 * 1024))))


def _instance_secret(instance: Path) -> str:
    # A key kept in the instance folder, so sessions survive restarts and all workers agree.
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        os.chmod(path, 0o600)
    return path.read_text().strip()
