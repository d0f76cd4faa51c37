"""The row type of the dataset tables: one topic, published by one or more organisations."""

from __future__ import annotations

from dataclasses import dataclass

EU_THEMES = ("AGRI", "ECON", "EDUC", "ENER", "ENVI", "GOVE", "HEAL", "INTR", "JUST", "REGI",
             "SOCI", "TECH", "TRAN")


@dataclass(frozen=True)
class Topic:
    """A dataset topic. Texts may use {place}, {place_en}, {area} and {publisher}."""

    key: str
    title: str
    title_en: str
    description: str
    themes: tuple[str, ...]
    keywords: tuple[str, ...]
    subjects: tuple[str, ...]
    frequency: str
    profile: str
    publishers: tuple[str, ...] = ("provincie-utrecht",)
    description_en: str = ""
    creator: str = ""  # organisation slug when it differs from the publisher
    spatial: str = ""  # CBS municipality code when narrower than the publisher's area
    licence: str | None = "CC0"
    status: str = "published"
    access: str = "public"

    def __post_init__(self) -> None:
        unknown = set(self.themes) - set(EU_THEMES)
        if unknown or not self.themes:
            raise ValueError(f"{self.key}: bad themes {sorted(unknown)}")
