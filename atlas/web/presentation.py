"""Template helpers: record titles in the page's language, record URLs, labels for kinds and themes."""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Flask, g, request
from flask_babel import format_decimal, get_locale, lazy_gettext
from markupsafe import Markup, escape

from atlas.catalogue import PATH_OF_KIND
from atlas.web import history_labels
from vocab.authorities import themes

# Dutch theme labels by code (see vocab.authorities.themes for both languages).
THEME_LABELS = {code: labels[0] for code, labels in themes.THEMES.items()}

PAGE_SIZE = 20  # search results per page (the search view asks the index for 20)

KIND_LABELS = {
    "dataset": lazy_gettext("Dataset"), "dataservice": lazy_gettext("Dataservice"),
    "conceptscheme": lazy_gettext("Begrippenkader"), "concept": lazy_gettext("Begrip"),
    "indicator": lazy_gettext("Indicator"), "organisation": lazy_gettext("Organisatie"),
}
STATUS_LABELS = {
    "draft": lazy_gettext("conceptversie"), "review": lazy_gettext("ter beoordeling"),
    "published": lazy_gettext("gepubliceerd"), "withdrawn": lazy_gettext("ingetrokken"),
}
ACCESS_LABELS = {
    "public": lazy_gettext("openbaar"), "internal": lazy_gettext("intern"),
    "restricted": lazy_gettext("beperkt"),
}


def page_lang() -> str:
    """Return the page's language code (nl or en), worked out once per request."""
    # A scheme's page asks a few thousand times (once per tree node and index line).
    if "page_lang" not in g:
        g.page_lang = str(get_locale() or "nl")
    return g.page_lang


def marked(snippet: str) -> Markup:
    """Return a snippet as safe HTML: the text escaped, matched words in <mark>."""
    from atlas.search_query import END, START

    return Markup(str(escape(snippet or "")).replace(START, "<mark>").replace(END, "</mark>"))


def facet_label(name: str, value: str, records: dict | None = None) -> str:
    """Return a readable label for a facet value (kind, theme, or a record's title)."""
    if name == "type":
        return str(KIND_LABELS.get(value, value))
    if name == "theme":
        return themes.label(value, page_lang())
    if records and value in records:
        return title_of(records[value])
    return value


def title_of(record) -> str:
    """Return the record's title in the page's language, falling back to Dutch."""
    title_en = getattr(record, "title_en", "")
    if page_lang() == "en" and title_en:
        return title_en
    return record.title


def title_lang(record) -> str:
    """Return the language of the title that `title_of` shows (for a `lang` attribute)."""
    return "en" if page_lang() == "en" and getattr(record, "title_en", "") else "nl"


def record_url(kind: str, slug: str) -> str:
    """Return the page URL of a record."""
    # Built by hand: url_for costs ~20 µs, and a scheme's page links a thousand concepts.
    return f"{request.script_root}/{PATH_OF_KIND[kind]}/{quote(slug, safe='')}"


def lang_switch_url(lang: str) -> str:
    """Return the current page's URL (path and query kept) in another language."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [lang]
    return request.path + "?" + _query(args)


def page_url(page: int) -> str:
    """Return the current search's URL for another page of results."""
    args = {k: v for k, v in request.args.to_dict(flat=False).items() if k not in ("page", "lang")}
    if page > 1:
        args["page"] = [str(page)]
    query = _query(args)
    return request.path + ("?" + query if query else "")


def filter_url(name: str, value: str | None = None, add: bool = False) -> str:
    """Return the current search's URL with one filter value added or removed (None: all)."""
    args = {k: list(v) for k, v in request.args.to_dict(flat=False).items()
            if k not in ("page", "lang")}
    values = args.get(name, [])
    if add and value not in values:
        values.append(value)
    elif not add:
        values = [v for v in values if value is not None and v != value]
    args[name] = values
    query = _query({k: v for k, v in args.items() if v})
    return request.path + ("?" + query if query else "")


def page_count(total: int, page_size: int = PAGE_SIZE) -> int:
    """Return how many pages of results there are (at least one)."""
    return max(1, -(-int(total) // page_size))


def _query(args: dict[str, list[str]]) -> str:
    return urlencode([(k, v) for k, values in args.items() for v in values])


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
    app.add_template_filter(title_lang)
    app.add_template_filter(last_segment)
    app.add_template_filter(number)
    app.add_template_filter(marked)
    app.add_template_global(record_url)
    app.add_template_global(get_locale)
    app.add_template_global(facet_label)
    app.add_template_global(filter_url)
    app.add_template_global(page_lang)
    app.add_template_global(lang_switch_url)
    app.add_template_global(page_url)
    app.add_template_global(page_count)
    app.add_template_global(PAGE_SIZE, "page_size")
    app.add_template_global(lambda kind: KIND_LABELS.get(kind, kind), "kind_label")
    app.add_template_global(lambda iri: themes.label(iri, page_lang()), "theme_label")
    app.add_template_global(lambda value: STATUS_LABELS.get(value, value), "status_label")
    app.add_template_global(lambda value: ACCESS_LABELS.get(value, value), "access_label")
    app.add_template_global(history_labels.editorial_label)
    app.add_template_global(history_labels.action_label)
    app.add_template_global(history_labels.property_label)
    app.add_template_filter(history_labels.datetime_short)
