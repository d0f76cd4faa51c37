"""The one text normaliser: slugs, label keys, sort keys and search keys agree."""

import pytest

from atlas.definitions.hierarchy import label_key, sort_key
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


def test_label_and_sort_keys_are_the_fold():
    for text in ("Straße", "Œuvre", "Ĳsselmeer", "a  B"):
        assert sort_key(text) == label_key(text) == fold(text)


@pytest.mark.parametrize(("text", "slug"), [
    ("Straße 1", "strasse-1"),
    ("Luchtkwaliteit (NO₂) — jaargemiddelde", "luchtkwaliteit-no2-jaargemiddelde"),
    ("---", ""),
    ("Café Noir!", "cafe-noir"),
])
def test_slugs_are_made_from_the_fold(text, slug):
    assert slug_of(text) == slug
