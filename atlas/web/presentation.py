"""Template helpers: record titles in the page's language, record URLs, labels for kinds and themes."""

from __future__ import annotations

from flask import Flask, url_for
from flask_babel import format_decimal, get_locale, lazy_gettext

from atlas.catalogue import PATH_OF_KIND

KIND_LABELS = {
    "dataset": lazy_gettext("Dataset"), "dataservice": lazy_gettext("Dataservice"),
    "conceptscheme": lazy_gettext("Begrippenkader"), "concept": lazy_gettext("Begrip"),
    "indicator": lazy_gettext("Indicator"), "organisation": lazy_gettext("Organisatie"),
}
THEME_LABELS = {
    "AGRI": lazy_gettext("Landbouw, visserij, bosbouw en voeding"),
    "ECON": lazy_gettext("Economie en financiën"),
    "EDUC": lazy_gettext("Onderwijs, cultuur en sport"), "ENER": lazy_gettext("Energie"),
    "ENVI": lazy_gettext("Milieu"), "GOVE": lazy_gettext("Overheid en publieke sector"),
    "HEAL": lazy_gettext("Gezondheid"), "INTR": lazy_gettext("Internationale vraagstukken"),
    "JUST": lazy_gettext("Justitie, rechtsstelsel en openbare veiligheid"),
    "REGI": lazy_gettext("Regio's en steden"), "SOCI": lazy_gettext("Bevolking en samenleving"),
    "TECH": lazy_gettext("Wetenschap en technologie"), "TRAN": lazy_gettext("Vervoer"),
    "OP_DATPRO": lazy_gettext("Voorlopige gegevens"),
}


def title_of(record) -> str:
    """Return the record's title in the page's language, falling back to Dutch."""
    if str(get_locale()) == "en" and record.title_en:
        return record.title_en
    return record.title


def record_url(kind: str, slug: str) -> str:
    """Return the page URL of a record."""
    return url_for("pages.record", section=PATH_OF_KIND[kind], name=slug)


def last_segment(iri: str) -> str:
    """Return the last segment of an IRI (CSV from …/file-type/CSV)."""
    return (iri or "").rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def number(value) -> str:
    """Format a number for the page's language; empty for a missing value."""
    if value is None:
        return "–"
    return format_decimal(value, format="#,##0.##")


def init_app(app: Flask) -> None:
    """Register the helpers with Jinja."""
    app.add_template_filter(title_of)
    app.add_template_filter(last_segment)
    app.add_template_filter(number)
    app.add_template_global(record_url)
    app.add_template_global(get_locale)
    app.add_template_global(lambda kind: KIND_LABELS.get(kind, kind), "kind_label")
    app.add_template_global(lambda iri: THEME_LABELS.get(last_segment(iri), last_segment(iri)),
                            "theme_label")
