"""Sources cited by the demo definitions: laws on wetten.overheid.nl and bibliographic citations."""

from __future__ import annotations

from dataclasses import dataclass

WETTEN = "https://wetten.overheid.nl/"

OMGEVINGSWET = WETTEN + "BWBR0037885"
BKL = WETTEN + "BWBR0041313"  # Besluit kwaliteit leefomgeving
BAL = WETTEN + "BWBR0041330"  # Besluit activiteiten leefomgeving
BBL = WETTEN + "BWBR0041297"  # Besluit bouwwerken leefomgeving
OMGEVINGSBESLUIT = WETTEN + "BWBR0041278"
WATERWET = WETTEN + "BWBR0025458"
WET_MILIEUBEHEER = WETTEN + "BWBR0003245"
WET_NATUURBESCHERMING = WETTEN + "BWBR0037552"
WET_BODEMBESCHERMING = WETTEN + "BWBR0003994"
ERFGOEDWET = WETTEN + "BWBR0037521"
WONINGWET = WETTEN + "BWBR0005181"
KLIMAATWET = WETTEN + "BWBR0042394"
WEGENVERKEERSWET = WETTEN + "BWBR0006622"
WET_PERSONENVERVOER = WETTEN + "BWBR0011470"
WET_PUBLIEKE_GEZONDHEID = WETTEN + "BWBR0024705"

# Citations of sources without a stable IRI (a blank node with dct:bibliographicCitation).
KNMI_BEGRIPPEN = "KNMI, Klimatologische begrippen en definities (knmi.nl, Kennis en datacentrum)"
CBS_BEGRIPPEN = "CBS, Begrippen bij de statistieken van het Centraal Bureau voor de Statistiek"
OMGEVINGSVISIE = "Provincie Utrecht, Omgevingsvisie provincie Utrecht (vastgesteld 10 maart 2021)"
NATUURBEHEERPLAN = "Provincie Utrecht, Natuurbeheerplan provincie Utrecht"
KRW = ("Richtlijn 2000/60/EG tot vaststelling van een kader voor communautaire maatregelen "
       "betreffende het waterbeleid (Kaderrichtlijn Water)")
HABITATRICHTLIJN = ("Richtlijn 92/43/EEG inzake de instandhouding van de natuurlijke habitats "
                    "en de wilde flora en fauna")
LUCHTRICHTLIJN = "Richtlijn 2008/50/EG betreffende de luchtkwaliteit en schonere lucht voor Europa"
WHO_LUCHT = "World Health Organization, WHO global air quality guidelines (2021)"
KLIMAATAKKOORD = "Klimaatakkoord (28 juni 2019)"
GEZONDHEIDSMONITOR = "GGD'en, CBS en RIVM, Gezondheidsmonitor Volwassenen en Ouderen"
WONINGBOUWMONITOR = "Provincie Utrecht, Monitor woningbouw provincie Utrecht"
MOBILITEITSPROGRAMMA = "Provincie Utrecht, Mobiliteitsprogramma 2019-2023"
NEN3610 = "NEN 3610:2022 Basismodel geo-informatie"
AWB_SUBSIDIE = "Algemene wet bestuursrecht, artikel 4:21"
ARCHIEFWET = "Archiefwet 1995, artikel 1"
WHOI = "Wet hergebruik van overheidsinformatie; Richtlijn (EU) 2019/1024 inzake open data"
ODIN = "CBS, Onderweg in Nederland (ODiN), onderzoeksbeschrijving"


@dataclass(frozen=True)
class Concept:
    """One begrip: labels, definition, place in the hierarchy, source and mappings."""

    slug: str
    nl: str
    en: str
    broader: str | None
    definition: str
    alt: tuple[str, ...] = ()
    hidden: tuple[str, ...] = ()
    scope: str = ""
    source: str = ""
    related: tuple[str, ...] = ()
    close: tuple[str, ...] = ()
    exact: tuple[str, ...] = ()
    status: str = "published"
