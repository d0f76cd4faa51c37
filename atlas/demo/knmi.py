"""Tropical days at KNMI station 348 Cabauw (Lopik): a parser for KNMI daily data, and its result.

The table is committed so that the demo needs neither the KNMI file nor a network at run time.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

STATION = "348"
STATION_LABEL = "Lopik (Cabauw)"
AREA_CODE = "GM0331"
TROPICAL_THRESHOLD = 300  # TX is given in 0.1 °C, so 300 means 30.0 °C


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def tropical_days(path: str | Path) -> dict[int, tuple[int, int]]:
    """Parse a KNMI etmgeg file; per complete year return (days TX >= 30.0 °C, days with TX)."""
    text = Path(path).read_text(encoding="latin-1")
    tx_index: int | None = None
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    dates_seen: dict[int, set[str]] = defaultdict(set)
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("# STN,YYYYMMDD"):
            header = [cell.strip() for cell in line.lstrip("#").split(",")]
            tx_index = header.index("TX")
            continue
        if tx_index is None or not line or not line[0].isdigit():
            continue
        cells = [cell.strip() for cell in line.split(",")]
        if len(cells) <= tx_index or len(cells[1]) != 8:
            continue
        year = int(cells[1][:4])
        dates_seen[year].add(cells[1][4:])
        tx = cells[tx_index]
        if tx:
            counts[year][1] += 1
            if int(tx) >= TROPICAL_THRESHOLD:
                counts[year][0] += 1
    if tx_index is None:
        raise ValueError(f"{path}: no '# STN,YYYYMMDD,...' header line with a TX column")
    result = {}
    for year, (tropical, measured) in sorted(counts.items()):
        if len(dates_seen[year]) == (366 if _is_leap(year) else 365):
            result[year] = (tropical, measured)
    return result


def days_in_year(year: int) -> int:
    """Return the number of days in a calendar year."""
    return 366 if _is_leap(year) else 365


# Derived with tropical_days() from KNMI's daily series for station 348 (etmgeg_348.txt):
# year -> days with TX >= 30.0 °C. Bron: KNMI.
TROPICAL_DAYS: dict[int, int] = {
    1987: 0, 1988: 0, 1989: 1, 1990: 2, 1991: 2, 1992: 0, 1993: 0, 1994: 4,
    1995: 9, 1996: 1, 1997: 5, 1998: 2, 1999: 2, 2000: 2, 2001: 3, 2002: 4,
    2003: 6, 2004: 3, 2005: 4, 2006: 7, 2007: 1, 2008: 0, 2009: 3, 2010: 3,
    2011: 2, 2012: 2, 2013: 7, 2014: 2, 2015: 4, 2016: 6, 2017: 2, 2018: 9,
    2019: 11, 2020: 10, 2021: 2, 2022: 8, 2023: 5, 2024: 1, 2025: 6,
}

# Days of a year without a TX value (only years where any were missing).
TX_DAYS_MISSING: dict[int, int] = {1987: 214, 1988: 3}


def yearly_series() -> list[tuple[str, int, str]]:
    """Return (period, tropical days, Dutch note) per year of the committed table."""
    series = []
    for year, count in TROPICAL_DAYS.items():
        missing = TX_DAYS_MISSING.get(year, 0)
        note = ""
        if missing:
            note = (
                f"Voor {missing} van de {days_in_year(year)} dagen ontbreekt een "
                "maximumtemperatuur (TX); het aantal is daardoor mogelijk te laag. Bron: KNMI."
            )
        series.append((str(year), count, note))
    return series
