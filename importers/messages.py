"""Short, safe messages for read and parse errors: what failed, where, and a bounded excerpt.

Parser exceptions (rdflib, pyoxigraph, json, expat) often embed much of their input, and a file
given to `atlas harvest` may be a secret (`/etc/shadow`). Their messages reach the store, the
admin pages and the command line, so every such exception goes through `short_message`.
"""

from __future__ import annotations

import ast
import json
import re
from xml.sax import SAXParseException

EXCERPT = 80  # characters of the offending line shown at most
REASON = 120  # characters of the parser's own reason kept at most
# rdflib's N-Triples/N-Quads parsers quote the whole offending line.
INVALID_LINE = re.compile(r"^Invalid line(?: \((?P<why>.*?)\))?:\s*(?P<line>.*)$", re.DOTALL)


def short_message(exc: BaseException, text: str | bytes | None = None) -> str:
    """Return why exc happened, its line and column if known, and ≤ 80 escaped characters of
    that line of text; never more of the input than that."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    reason, line, column = _located(exc, text)
    message = clip(reason, REASON) or type(exc).__name__
    if line is None:
        return message
    message += f" (line {line}" + (f", column {column}" if column else "") + ")"
    excerpt = _excerpt(text, line, column)
    return message + (f': "{excerpt}"' if excerpt else "")


def clip(value: object, limit: int = REASON) -> str:
    """Return value on one line, control characters escaped, cut to limit characters."""
    flat = escape(" ".join(str(value).split()))
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def escape(text: str) -> str:
    """Return text with control and other unprintable characters written as escapes."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in text)


def _located(exc: BaseException, text: str | None) -> tuple[str, int | None, int | None]:
    """Return the parser's reason without quoted input, and the 1-based line and column."""
    if hasattr(exc, "_why") and hasattr(exc, "lines"):  # rdflib's Turtle/TriG BadSyntax
        column = None
        chunk, index = getattr(exc, "_str", None), getattr(exc, "_i", None)
        if isinstance(chunk, bytes | str) and isinstance(index, int):
            before = chunk[:index]
            newline = b"\n" if isinstance(before, bytes) else "\n"
            column = index - (before.rfind(newline) + 1) + 1
        return str(exc._why), int(exc.lines) + 1, column
    if isinstance(exc, json.JSONDecodeError):
        return exc.msg, exc.lineno, exc.colno
    if isinstance(exc, SAXParseException):
        return exc.getMessage(), exc.getLineNumber(), (exc.getColumnNumber() or 0) + 1
    if isinstance(exc, SyntaxError) and exc.lineno:  # pyoxigraph, expat
        reason = str(exc.msg or exc)
        reason = reason.split(": ", 1)[1] if reason.startswith("Parser error") else reason
        return reason, exc.lineno, exc.offset
    found = INVALID_LINE.match(str(exc))
    if found:
        return (f"invalid line ({found['why']})" if found["why"] else "invalid line",
                _line_number(text, found["line"]), None)
    return str(exc).strip().splitlines()[0] if str(exc).strip() else "", None, None


def _line_number(text: str | None, quoted: str) -> int | None:
    """Return the number of the line of text that a parser quoted, or None."""
    if not text:
        return None
    wanted = quoted.strip()
    if len(wanted) > 1 and wanted[0] == wanted[-1] and wanted[0] in "'\"":
        try:  # the N-Quads parser quotes the line as Python writes a string
            wanted = ast.literal_eval(wanted)
        except (ValueError, SyntaxError):
            wanted = wanted[1:-1]
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == wanted.strip():
            return number
    return None


def _excerpt(text: str | None, line: int, column: int | None) -> str:
    """Return at most EXCERPT characters of the line, around the column when it is long."""
    if not text:
        return ""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ""
    row = lines[line - 1]
    if len(row) <= EXCERPT:
        return escape(row)
    start = max(0, min((column or 1) - 1 - EXCERPT // 2, len(row) - EXCERPT))
    piece = row[start:start + EXCERPT - 2]
    return ("…" if start else "") + escape(piece) + ("…" if start + len(piece) < len(row) else "")


__all__ = ["short_message", "clip", "escape"]
