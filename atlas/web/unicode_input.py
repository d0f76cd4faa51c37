"""Refusing request text that no store can hold: lone surrogates in JSON bodies.

Query strings and forms cannot carry one (werkzeug decodes them as UTF-8 and leaves undecodable
escapes as they are), but JSON can spell one as `"\\ud800"`; such a string makes SQLite,
PostgreSQL, whoosh and every encoder raise `UnicodeEncodeError` far from the request. Checked
once, before any view, so every channel answers the same 400 (409 in CKAN's API).
"""

from __future__ import annotations

import re

from flask import request

from atlas.errors import InvalidInput

LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def refuse_lone_surrogates() -> None:
    """Refuse a JSON body holding a lone surrogate, or nested too deep to read."""
    if not request.is_json:
        return
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # json.loads of "[[[[…": not a ValueError, so not silenced
        raise InvalidInput("the JSON body is nested too deep",
                           {"body": ["nested too deep"]}) from None
    pending = [body]
    while pending:  # a loop, not recursion: the body may nest as deep as json.loads allowed
        value = pending.pop()
        if isinstance(value, dict):
            pending.extend(value.keys())
            pending.extend(value.values())
        elif isinstance(value, list):
            pending.extend(value)
        elif isinstance(value, str) and LONE_SURROGATE.search(value):
            raise InvalidInput("the request holds text that is not valid Unicode "
                               "(a lone surrogate such as \\ud800)",
                               {"body": ["lone surrogate"]})

