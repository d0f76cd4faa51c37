"""Languages: Dutch first, English by `?lang=en` or the Accept-Language header."""

from __future__ import annotations

from flask import Flask, current_app, request, session
from flask_babel import Babel

from atlas.settings import ROOT

LANGUAGES = ("nl", "en")


def select_locale() -> str:
    """Pick the page language: ?lang=, the remembered choice, Accept-Language, then the default."""
    wanted = request.args.get("lang")
    if wanted in LANGUAGES:
        session["lang"] = wanted
        return wanted
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    default = current_app.config.get("DEFAULT_LANGUAGE", "nl")
    if default not in LANGUAGES:
        default = "nl"
    return request.accept_languages.best_match(LANGUAGES, default=default) or default


def init_app(app: Flask) -> None:
    """Attach Flask-Babel with Atlas's translations."""
    app.config["BABEL_DEFAULT_LOCALE"] = "nl"
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Europe/Amsterdam"  # times shown as the province lives them
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "translations")
    Babel(app, locale_selector=select_locale)
