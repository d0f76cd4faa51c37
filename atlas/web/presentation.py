"""Template helpers: record titles in the page's language, record URLs, outward links, labels."""

from __future__ import annotations

import re
from urllib.parse import quote, urlencode

from flask import Flask, g, request
from flask_babel import format_decimal, get_locale, gettext, lazy_gettext
from markupsafe import Markup, escape

from atlas.records import KINDS
from atlas.search.query import END, START
from atlas.web import history_labels
from vocab.authorities import themes
from vocab.literal_hygiene import NAME_CAP, clean_text, excerpt

# Dutch theme labels by code (see vocab.authorities.themes for both languages).
THEME_LABELS = {code: labels[0] for code, labels in themes.THEMES.items()}

PAGE_SIZE = 20  # search results per page (the search view asks the index for 20)
DESCRIPTION_SHOWN = 4_000  # characters of a description a record page shows (docs/data-model.md)

STATUS_LABELS = {
    "draft": lazy_gettext("conceptversie"), "review": lazy_gettext("ter beoordeling"),
    "published": lazy_gettext("gepubliceerd"), "withdrawn": lazy_gettext("ingetrokken"),
}
ACCESS_LABELS = {
    "public": lazy_gettext("openbaar"), "internal": lazy_gettext("intern"),
    "restricted": lazy_gettext("beperkt"),
}


def kind_label(kind: str) -> str:
    """Return the label of a record kind in the page's language (the kind itself if unknown)."""
    return gettext(KINDS.get(kind).label) if kind in KINDS else kind


def page_lang() -> str:
    """Return the page's language code (nl or en), worked out once per request."""
    # A scheme's page asks a few thousand times (once per tree node and index line).
    if "page_lang" not in g:
        g.page_lang = str(get_locale() or "nl")
    return g.page_lang


def marked(snippet: str) -> Markup:
    """Return a snippet as safe HTML: the text escaped, matched words in <mark>."""
    return Markup(str(escape(snippet or "")).replace(START, "<mark>").replace(END, "</mark>"))


def facet_label(name: str, value: str, records: dict | None = None) -> str:
    """Return a readable label for a facet value (kind, theme, or a record's title)."""
    if name == "type":
        return kind_label(value)
    if name == "theme":
        return themes.label(value, page_lang())
    if records and value in records:
        return title_of(records[value])
    return value


def title_of(record) -> str:
    """Return the record's title in the page's language, falling back to Dutch (capped)."""
    title_en = getattr(record, "title_en", "")
    title = title_en if page_lang() == "en" and title_en else record.title
    # Records stored before names were capped at harvest may hold a title of any length.
    return excerpt(title or "", NAME_CAP)


def isolated(text) -> Markup:
    """Return user-supplied text in <bdi>, so its direction cannot reorder the text around it."""
    return Markup("<bdi>%s</bdi>") % (text if text is not None else "")


def isolated_text(text) -> str:
    """Return user-supplied text between Unicode isolates, for places that hold no markup.

    A page title and a sentence made by gettext cannot hold <bdi>; FSI … PDI does the same.
    """
    return f"\u2068{text}\u2069" if text else ""


def shortened(text, limit: int = DESCRIPTION_SHOWN) -> str:
    """Return at most limit characters of a long text (a description) for a page."""
    return excerpt(str(text or ""), limit)


# The schemes an outward link may have: anything else (javascript:, data:, vbscript:, file:)
# is shown as text. Browsers drop tabs and newlines inside a URL and C0 and spaces around it,
# so the scheme is read the way they read it.
OUTWARD_SCHEMES = frozenset({"http", "https", "mailto"})
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_IGNORED_IN_URL = re.compile("[\t\n\r]")


def outward_href(value) -> str:
    """Return value as a link target when it is an http(s) or mailto address, else empty."""
    text = _IGNORED_IN_URL.sub("", str(value or "")).strip("".join(map(chr, range(33))))
    found = _SCHEME.match(text)
    if found is None or found.group(1).lower() not in OUTWARD_SCHEMES:
        return ""
    return clean_text(text)


def outward_link(value, text=None, css_class: str = "") -> Markup:
    """Return a link to a harvested address, or the address as text when it may not be linked.

    Every template links outward through this one helper (the project's rule: http(s) and
    mailto only). text defaults to the address; plain text is isolated in <bdi>.
    """
    label = text if isinstance(text, Markup) else isolated(value if text is None else text)
    href = outward_href(value)
    if not href:
        return Markup('<span class="iri">%s</span>') % label
    attributes = Markup(' class="%s"') % css_class if css_class else ""
    return Markup('<a href="%s"%s>%s</a>') % (href, attributes, label)


def title_lang(record) -> str:
    """Return the language of the title that `title_of` shows (for a `lang` attribute)."""
    return "en" if page_lang() == "en" and getattr(record, "title_en", "") else "nl"


def record_url(kind: str, slug: str) -> str:
    """Return the page URL of a record."""
    # Built by hand: url_for costs ~20 µs, and a scheme's page links a thousand concepts.
    return f"{request.script_root}/{KINDS.get(kind).segment}/{quote(slug, safe='')}"


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


def _printable(value):
    """Return a value for output without the characters HTML and XML may not carry."""
    # Records stored before harvests cleaned their text may hold NUL and other C0 controls.
    if isinstance(value, str) and value:
        cleaned = clean_text(value)
        if cleaned is not value:
            return Markup(cleaned) if isinstance(value, Markup) else cleaned
    return value


def init_app(app: Flask) -> None:
    """Register the helpers with Jinja."""
    app.add_template_filter(title_of)
    app.add_template_filter(title_lang)
    app.add_template_filter(last_segment)
    app.add_template_filter(number)
    app.add_template_filter(marked)
    app.add_template_filter(isolated, "bdi")
    app.add_template_filter(isolated_text)
    app.add_template_filter(shortened)
    app.add_template_global(outward_link)
    app.jinja_env.finalize = _printable
    app.add_template_global(record_url)
    app.add_template_global(get_locale)
    app.add_template_global(facet_label)
    app.add_template_global(filter_url)
    app.add_template_global(page_lang)
    app.add_template_global(lang_switch_url)
    app.add_template_global(page_url)
    app.add_template_global(page_count)
    app.add_template_global(PAGE_SIZE, "page_size")
    app.add_template_global(kind_label)
    app.add_template_global(lambda iri: themes.label(iri, page_lang()), "theme_label")
    app.add_template_global(lambda value: STATUS_LABELS.get(value, value), "status_label")
    app.add_template_global(lambda value: ACCESS_LABELS.get(value, value), "access_label")
    app.add_template_global(history_labels.editorial_label)
    app.add_template_global(history_labels.action_label)
    app.add_template_global(history_labels.property_label)
    app.add_template_filter(history_labels.datetime_short)
