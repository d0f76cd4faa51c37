"""The one text normaliser: slugs, label keys, sort keys and search keys agree."""

import pytest

from atlas.records.details import label_rows
from atlas.text import fold, slug_of


@pytest.mark.parametrize(("text", "key"), [
    ("Straße", "strasse"),
    ("Café  Noir", "cafe noir"),
    ("ÉÉN", "een"),
    ("  Grondwater\tpeil ", "grondwater peil"),
    ("ﬁets", "fiets"),  # a ligature decomposes (NFKD)
    ("", ""),
])
def test_fold_drops_accents_and_case(text, key):
    assert fold(text) == key


def test_stored_label_keys_are_the_fold():
    # Labels are looked up, sorted and indexed by fold itself; the stored keys must be the same.
    for text in ("Straße", "Œuvre", "Ĳsselmeer", "a  B"):
        [row] = label_rows(1, [{"label": text, "lang": "nl", "role": "pref"}])
        assert row["key"] == fold(text)


@pytest.mark.parametrize(("text", "slug"), [
    ("Straße 1", "strasse-1"),
    ("Luchtkwaliteit (NO₂) — jaargemiddelde", "luchtkwaliteit-no2-jaargemiddelde"),
    ("---", ""),
    ("Café Noir!", "cafe-noir"),
])
def test_slugs_are_made_from_the_fold(text, slug):
    assert slug_of(text) == slug
