"""The one text normaliser: keys for comparing, sorting, slugs and search."""

import re
import unicodedata


def fold(text: str) -> str:
    """Return text for comparing and sorting: NFKD, accents dropped, case folded (ß → ss), spaces collapsed."""
    text = text or ""
    if text.isascii():  # most labels: nothing to fold (a scheme page sorts 20,000 of them)
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.casefold().split())


def slug_of(text: str) -> str:
    """Return a URL-safe lower-case slug of text ("Straße 1" → "strasse-1")."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


def N_(message: str) -> str:
    """Mark message for translation where it is defined; the web layer translates it when shown."""
    return message
