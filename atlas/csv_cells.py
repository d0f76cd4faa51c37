"""Cells of CSV files that people open in spreadsheets: neutralising formulas, and undoing that."""

from __future__ import annotations

# A cell starting with one of these is a formula (or DDE call) to Excel and LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Return a value as cell text that a spreadsheet shows as text, never runs as a formula."""
    text = str(value or "")
    return "'" + text if text[:1] in FORMULA_STARTS else text


def read_cell(text: str) -> str:
    """Return the value a `safe_cell` wrote (drop the apostrophe put before a formula start)."""
    if text[:1] == "'" and text[1:2] in FORMULA_STARTS and text[1:2]:
        return text[1:]
    return text
