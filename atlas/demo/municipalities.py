"""The 26 municipalities of the province of Utrecht (CBS codes, situation 2024) and area helpers."""

from __future__ import annotations

from rdflib import URIRef

PROVINCE_CODE = "PV26"
PROVINCE_LABEL = "Provincie Utrecht"
PROVINCE_SPATIAL = URIRef("http://standaarden.overheid.nl/owms/terms/Utrecht_(provincie)")
NETHERLANDS_SPATIAL = URIRef("http://standaarden.overheid.nl/owms/terms/Nederland")

# (CBS code, name), alphabetical by name as in CBS's Gebieden in Nederland 2024.
MUNICIPALITIES: list[tuple[str, str]] = [
    ("GM0307", "Amersfoort"),
    ("GM0308", "Baarn"),
    ("GM0310", "De Bilt"),
    ("GM0312", "Bunnik"),
    ("GM0313", "Bunschoten"),
    ("GM0317", "Eemnes"),
    ("GM0321", "Houten"),
    ("GM0353", "IJsselstein"),
    ("GM0327", "Leusden"),
    ("GM0331", "Lopik"),
    ("GM0335", "Montfoort"),
    ("GM0356", "Nieuwegein"),
    ("GM0589", "Oudewater"),
    ("GM0339", "Renswoude"),
    ("GM0340", "Rhenen"),
    ("GM0736", "De Ronde Venen"),
    ("GM0342", "Soest"),
    ("GM1904", "Stichtse Vecht"),
    ("GM0344", "Utrecht"),
    ("GM1581", "Utrechtse Heuvelrug"),
    ("GM0345", "Veenendaal"),
    ("GM1961", "Vijfheerenlanden"),
    ("GM0352", "Wijk bij Duurstede"),
    ("GM0632", "Woerden"),
    ("GM0351", "Woudenberg"),
    ("GM0355", "Zeist"),
]
assert len(MUNICIPALITIES) == 26 and len({code for code, _ in MUNICIPALITIES}) == 26

# Rounded population (thousands) and an urbanity score between 0 (rural) and 1 (city centre).
# Indicative figures that only shape the generated demo observations.
PROFILE: dict[str, tuple[float, float]] = {
    "GM0307": (161.0, 0.80), "GM0308": (25.0, 0.40), "GM0310": (44.0, 0.45),
    "GM0312": (15.7, 0.25), "GM0313": (22.0, 0.30), "GM0317": (9.5, 0.20),
    "GM0321": (51.0, 0.55), "GM0353": (34.0, 0.55), "GM0327": (31.0, 0.35),
    "GM0331": (14.7, 0.10), "GM0335": (14.0, 0.15), "GM0356": (66.0, 0.75),
    "GM0589": (10.4, 0.15), "GM0339": (5.9, 0.05), "GM0340": (20.0, 0.25),
    "GM0736": (45.0, 0.25), "GM0342": (47.0, 0.45), "GM1904": (66.0, 0.35),
    "GM0344": (374.0, 1.00), "GM1581": (50.0, 0.25), "GM0345": (68.0, 0.65),
    "GM1961": (58.0, 0.30), "GM0352": (24.0, 0.30), "GM0632": (53.0, 0.45),
    "GM0351": (14.0, 0.15), "GM0355": (66.0, 0.60),
}


def municipality_name(code: str) -> str:
    """Return the name of a municipality by its CBS code."""
    return dict(MUNICIPALITIES)[code]


def tooi_uri(code: str) -> URIRef:
    """Return the TOOI IRI of a municipality (e.g. .../gemeente/gm0344) from its CBS code."""
    return URIRef(f"https://identifier.overheid.nl/tooi/id/gemeente/{code.lower()}")
