"""Reading whole-number parameters (page, page_size, limit, offset, version …) into bounded ints.

One reader for every channel, so `page=1e400`, `page=²`, `page=10**30` or a 200,000-digit
number is a 400 that names the parameter, never an `OverflowError` deep in SQL or whoosh.
"""

from __future__ import annotations

import re

from flask import request

from atlas.errors import InvalidInput

# ASCII digits only: str.isdigit() also takes "²" and "١", which int() then refuses or reads.
WHOLE = re.compile(r"[+-]?[0-9]{1,18}")
LARGEST = 2**31 - 1  # what every SQL backend takes as a bound, whatever the caller sends


def whole_number(raw: object, name: str, default: int | None, *, minimum: int = 1,
                 maximum: int = LARGEST, messages: tuple[str, str, str] | None = None,
                 clamp: bool = False) -> int | None:
    """Return raw as an int from minimum to maximum (default when empty); InvalidInput if not.

    `messages` replaces the per-field messages (not a number, too small, too big), so the
    CKAN API can keep CKAN's wording. With `clamp`, a number above maximum (of any length)
    is taken as maximum: a page past the last one shows the last one.
    """
    not_number, too_small, too_big = messages or ("not a whole number", "out of range",
                                                  "out of range")
    if raw is None or (isinstance(raw, str) and raw.strip() == ""):
        return default
    if isinstance(raw, bool) or not isinstance(raw, (int, str)):
        raise InvalidInput(f"{name} must be a whole number", {name: [not_number]})
    text = str(raw).strip()
    if clamp and text.isascii() and text.isdigit() and len(text) > 18:
        return maximum
    if not WHOLE.fullmatch(text):
        raise InvalidInput(f"{name} must be a whole number", {name: [not_number]})
    value = int(text)
    if value < minimum:
        raise InvalidInput(f"{name} must be at least {minimum}", {name: [too_small]})
    if value > maximum and clamp:
        return maximum
    if value > maximum:
        raise InvalidInput(f"{name} must be at most {maximum}", {name: [too_big]})
    return value


def query_number(name: str, default: int, *, minimum: int = 1, maximum: int = LARGEST,
                 clamp: bool = False) -> int:
    """Return the query parameter `name` as a bounded int (default when absent); 400 if not."""
    return whole_number(request.args.get(name), name, default, minimum=minimum,
                        maximum=maximum, clamp=clamp)


def form_number(name: str, *, minimum: int = 0, maximum: int = LARGEST) -> int | None:
    """Return the form field `name` as a bounded int, None when absent or empty; 400 if not."""
    return whole_number(request.form.get(name), name, None, minimum=minimum, maximum=maximum)
