"""Languages: Dutch first, English by `?lang=en` or the Accept-Language header."""

from __future__ import annotations

from flask import Flask, request, session
from flask_babel import Babel

from atlas import ROOT

LANGUAGES = ("nl", "en")


def select_locale() -> str:
    """Pick the page language: ?lang=, then the remembered choice, then Accept-Language, then nl."""
    wanted = request.args.get("lang")
    if wanted in LANGUAGES:
        session["lang"] = wanted
        return wanted
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    return request.accept_languages.best_match(LANGUAGES, default="nl") or "nl"


def init_app(app: Flask) -> None:
    """Attach Flask-Babel with Atlas's translations."""
    app.config["BABEL_DEFAULT_LOCALE"] = "nl"
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(ROOT / "translations")
    Babel(app, locale_selector=select_locale)
