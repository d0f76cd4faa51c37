"""Languages: Dutch by default, English by ?lang=en, a remembered choice or Accept-Language.

Also checks the message catalogues: every message extracted into translations/messages.pot
has an English translation, and the committed .mo matches the .po it was compiled from.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"
POT = TRANSLATIONS / "messages.pot"
EN_PO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po"
EN_MO = TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.mo"


def _lang(html: str) -> str:
    match = re.search(r'<html lang="([^"]+)"', html)
    assert match, "no lang attribute on <html>"
    return match.group(1)


def _page(client, path: str, **headers) -> str:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_dutch_by_default(client):
    html = _page(client, "/")
    assert _lang(html) == "nl"
    assert "Wat de catalogus bevat" in html
    assert "Naar de inhoud" in html
    assert "What the catalogue holds" not in html


def test_english_by_query_parameter(client):
    html = _page(client, "/?lang=en")
    assert _lang(html) == "en"
    assert "What the catalogue holds" in html
    assert "Skip to content" in html
    assert "Wat de catalogus bevat" not in html


def test_unknown_language_falls_back_to_dutch(client):
    html = _page(client, "/?lang=fr")
    assert _lang(html) == "nl"


@pytest.mark.parametrize(("header", "lang", "text"), [
    ("en", "en", "What the catalogue holds"),
    ("en-GB,en;q=0.9", "en", "What the catalogue holds"),
    ("nl", "nl", "Wat de catalogus bevat"),
    ("nl-NL,nl;q=0.9,en;q=0.5", "nl", "Wat de catalogus bevat"),
    ("fr", "nl", "Wat de catalogus bevat"),
])
def test_accept_language(client, header, lang, text):
    html = _page(client, "/", **{"Accept-Language": header})
    assert _lang(html) == lang
    assert text in html


def test_query_parameter_beats_accept_language(client):
    html = _page(client, "/?lang=nl", **{"Accept-Language": "en"})
    assert _lang(html) == "nl"


def test_choice_is_remembered(client):
    _page(client, "/?lang=en")
    html = _page(client, "/search?q=water")
    assert _lang(html) == "en"
    assert "Search datasets, concepts and indicators" in html
    # ... also over the browser's Accept-Language, until the visitor switches back.
    assert _lang(_page(client, "/", **{"Accept-Language": "nl"})) == "en"
    _page(client, "/?lang=nl")
    assert _lang(_page(client, "/")) == "nl"


def test_language_switch_keeps_path_and_query(client):
    html = _page(client, "/search?q=water")
    assert 'href="/search?q=water&amp;lang=en"' in html
    assert 'hreflang="en" lang="en">English</a>' in html
    html = _page(client, "/search?q=water&lang=en")
    assert 'href="/search?q=water&amp;lang=nl"' in html
    assert 'hreflang="nl" lang="nl">Nederlands</a>' in html


def test_record_title_in_the_page_language(client, add_dataset):
    add_dataset("grondwater", "Grondwaterstanden")
    dutch = _page(client, "/datasets/grondwater")
    assert "<h1><bdi>Grondwaterstanden</bdi></h1>" in dutch
    english = _page(client, "/datasets/grondwater?lang=en")
    assert _lang(english) == "en"
    assert "<h1><bdi>Grondwaterstanden (en)</bdi></h1>" in english
    assert "Distributions" in english
    # The Dutch description is marked as Dutch on the English page.
    assert '<p class="lead" lang="nl">Beschrijving van Grondwaterstanden.</p>' in english


def test_plurals(client, add_dataset):
    assert "<strong>0</strong> datasets" in _page(client, "/")
    add_dataset("een", "Eerste")
    assert "<strong>1</strong> dataset</a>" in _page(client, "/")
    assert "<strong>1</strong> dataset</a>" in _page(client, "/?lang=en")
    assert "1 resultaat" in _page(client, "/search?lang=nl")
    assert "1 result<" in _page(client, "/search?lang=en")
    add_dataset("twee", "Tweede")
    assert "2 resultaten" in _page(client, "/search?lang=nl")
    assert "2 results" in _page(client, "/search?lang=en")
    english = _page(client, "/?lang=en")
    assert "<strong>2</strong> datasets</a>" in english
    assert "<strong>0</strong> concepts</a>" in english


@pytest.mark.parametrize(("lang", "heading", "text"), [
    ("nl", "Niet gevonden", "Deze pagina bestaat niet"),
    ("en", "Not found", "This page does not exist"),
])
def test_not_found_page_in_chosen_language(client, lang, heading, text):
    response = client.get(f"/datasets/bestaat-niet?lang={lang}",
                          headers={"Accept": "text/html"})
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert _lang(html) == lang
    assert f"<h1>{heading}</h1>" in html
    assert text in html


def test_not_found_page_by_accept_language(client):
    response = client.get("/nergens", headers={"Accept": "text/html", "Accept-Language": "en"})
    assert response.status_code == 404
    assert "<h1>Not found</h1>" in response.get_data(as_text=True)


def _messages(catalog) -> dict:
    # Plural messages: read_po gives tuples, read_mo lists; compare them as tuples.
    def key(value):
        return tuple(value) if isinstance(value, list | tuple) else value

    return {key(message.id): key(message.string) for message in catalog if message.id}


def test_every_message_has_an_english_translation():
    with POT.open("rb") as f:
        template = read_po(f)
    with EN_PO.open("rb") as f:
        english = read_po(f, locale="en")
    assert len(_messages(template)) > 50
    assert not english.fuzzy, "the English catalogue is marked fuzzy: pybabel compile skips it"
    translated = {message.id: message for message in english if message.id}
    for message in template:
        if not message.id:
            continue
        found = translated.get(message.id)
        assert found is not None, f"{message.id!r} is missing from {EN_PO.name}; run pybabel update"
        assert "fuzzy" not in found.flags, f"{message.id!r} is fuzzy"
        strings = found.string if isinstance(found.string, tuple) else (found.string,)
        assert all(s.strip() for s in strings), f"{message.id!r} has no English translation"
    obsolete = set(translated) - {m.id for m in template if m.id}
    assert not obsolete, f"messages no longer used: {obsolete}"


def test_compiled_catalogue_matches_po():
    with EN_PO.open("rb") as f:
        po = _messages(read_po(f, locale="en"))
    with EN_MO.open("rb") as f:
        mo = _messages(read_mo(f))
    assert mo == po, "messages.mo is out of date: run pybabel compile -d translations"


def test_search_results_show_english_titles_under_english(client, add_dataset):
    add_dataset("wegen", "Provinciale wegen")
    body = client.get("/search?q=wegen&lang=en").data.decode()
    assert "Provinciale wegen (en)" in body
    body = client.get("/search?q=wegen&lang=nl").data.decode()
    assert "Provinciale wegen (en)" not in body


def test_default_language_setting_applies_without_a_preference(tmp_path):
    from tests.conftest import make_app
    app = make_app(tmp_path, None)
    app.config["DEFAULT_LANGUAGE"] = "en"
    body = app.test_client().get("/").data.decode()
    assert '<html lang="en">' in body
    app.extensions["atlas"].store.dispose()
