"""Demo indicators as RDF records, and their observations: generated municipal series with a fixed
seed, plus the real KNMI tropical-day counts for Cabauw."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from vocab.namespaces import ATLAS, DCAT, DCTERMS, EU_FREQUENCY, EU_THEME, PROV

from .datasets import dataset_uri
from .definitions import PROGRAMME_LABEL, concept_uri
from .indicator_specs import SPECS, Spec
from .knmi import AREA_CODE, STATION_LABEL, yearly_series
from .municipalities import MUNICIPALITIES, PROFILE, PROVINCE_CODE, PROVINCE_LABEL
from .organisations import org_uri

PERIODS = tuple(range(2019, 2025))
SUPPRESSED = {"GM0339"}  # Renswoude: too few survey respondents
KNMI_SLUG = "tropische-dagen-cabauw"
KNMI_DAILY_DATA = "https://www.knmi.nl/nederland-nu/klimatologie/daggegevens"


@dataclass(frozen=True)
class Point:
    """One generated value (None when suppressed) with its note."""

    period: str
    code: str
    label: str
    value: float | None
    note: str = ""


def indicator_uri(base_uri: str, slug: str) -> URIRef:
    """Return the IRI of an indicator record."""
    return URIRef(f"{base_uri}/indicators/{slug}")


def _base_graph(base_uri: str, slug: str, title: str, title_en: str, description: str,
                unit: str, method: str, level: str) -> tuple[Graph, URIRef]:
    g = Graph()
    s = indicator_uri(base_uri, slug)
    g.add((s, RDF.type, ATLAS.Indicator))
    g.add((s, DCTERMS.identifier, Literal(str(s))))
    g.add((s, DCTERMS.title, Literal(title, lang="nl")))
    g.add((s, DCTERMS.title, Literal(title_en, lang="en")))
    g.add((s, DCTERMS.description, Literal(description, lang="nl")))
    g.add((s, ATLAS.unit, Literal(unit)))
    g.add((s, ATLAS.method, Literal(method, lang="nl")))
    g.add((s, ATLAS.spatialLevel, Literal(level)))
    g.add((s, DCTERMS.accrualPeriodicity, EU_FREQUENCY.ANNUAL))
    return g, s


def spec_graph(base_uri: str, spec: Spec) -> Graph:
    """Return the atlas:Indicator record of one generated indicator."""
    g, s = _base_graph(base_uri, spec.slug, spec.title, spec.title_en, spec.description,
                       spec.unit, spec.method, spec.level)
    g.add((s, ATLAS.measures, concept_uri(base_uri, spec.concept)))
    for dataset in spec.datasets:
        g.add((s, PROV.wasDerivedFrom, dataset_uri(base_uri, dataset)))
    g.add((s, ATLAS.programme, Literal(PROGRAMME_LABEL[spec.programme], lang="nl")))
    g.add((s, DCTERMS.isPartOf, concept_uri(base_uri, spec.programme)))
    if spec.target is not None:
        g.add((s, ATLAS.targetValue, Literal(str(spec.target), datatype=XSD.decimal)))
    if spec.target_year is not None:
        g.add((s, ATLAS.targetYear, Literal(str(spec.target_year), datatype=XSD.gYear)))
    g.add((s, ATLAS.desiredDirection, Literal(spec.direction)))
    g.add((s, DCTERMS.publisher, org_uri(base_uri, "provincie-utrecht")))
    g.add((s, ATLAS.owner, org_uri(base_uri, spec.owner)))
    for theme in spec.themes:
        g.add((s, DCAT.theme, EU_THEME[theme]))
    return g


def knmi_graph(base_uri: str) -> Graph:
    """Return the indicator record of the tropical days at KNMI station Cabauw (Lopik)."""
    g, s = _base_graph(
        base_uri, KNMI_SLUG, "Aantal tropische dagen per jaar in Cabauw (Lopik)",
        "Number of tropical days per year at Cabauw (Lopik)",
        "Het aantal dagen per jaar waarop de maximumtemperatuur op het KNMI-weerstation Cabauw "
        "(station 348, gemeente Lopik) 30,0 °C of hoger was. Bron: KNMI.", "dagen",
        "Telling per kalenderjaar van de dagen met een etmaalmaximumtemperatuur TX ≥ 300 (in "
        "0,1 °C) in de daggegevens van station 348; alleen volledige kalenderjaren. Dagen zonder "
        "TX-waarde tellen niet mee en worden in de toelichting genoemd.", "station")
    g.add((s, ATLAS.measures, concept_uri(base_uri, "tropische-dag")))
    g.add((s, PROV.wasDerivedFrom, dataset_uri(base_uri, "weerstation-cabauw-dagwaarden")))
    g.add((s, DCTERMS.source, URIRef(KNMI_DAILY_DATA)))
    g.add((s, DCTERMS.rightsHolder, org_uri(base_uri, "knmi")))
    g.add((s, ATLAS.programme, Literal(PROGRAMME_LABEL["programma-klimaatadaptatie"], lang="nl")))
    g.add((s, DCTERMS.isPartOf, concept_uri(base_uri, "programma-klimaatadaptatie")))
    g.add((s, ATLAS.desiredDirection, Literal("down")))
    g.add((s, DCTERMS.publisher, org_uri(base_uri, "provincie-utrecht")))
    g.add((s, ATLAS.owner, org_uri(base_uri, "provincie-utrecht")))
    g.add((s, DCAT.theme, EU_THEME.ENVI))
    return g


def indicator_records(base_uri: str) -> Iterator[tuple[str, Graph, str, str]]:
    """Yield (slug, graph, status, access) for every demo indicator."""
    for spec in SPECS:
        yield spec.slug, spec_graph(base_uri, spec), "published", spec.access
    yield KNMI_SLUG, knmi_graph(base_uri), "published", "public"


def _round(value: float, decimals: int) -> float:
    return float(round(value, decimals))


def series(spec: Spec) -> list[Point]:
    """Return the generated observations of one indicator (fixed seed per indicator)."""
    rng = random.Random(f"atlas-demo:{spec.slug}")
    points: list[Point] = []
    totals: dict[int, list[float]] = {year: [0.0, 0.0] for year in PERIODS}  # sum, weight
    for code, name in MUNICIPALITIES:
        population, urbanity = PROFILE[code]
        offset = rng.gauss(0, spec.noise * 1.5)
        for year in PERIODS:
            value = (spec.rural + (spec.urban - spec.rural) * urbanity + offset
                     + spec.trend * (year - PERIODS[0]) + spec.shocks.get(year, 0.0)
                     + rng.gauss(0, spec.noise))
            value = min(max(value, spec.low), spec.high)
            if spec.per_1000:
                value *= population
            value = _round(value, spec.decimals)
            if spec.per_1000:
                totals[year][0] += value
                totals[year][1] = 1.0
            else:
                totals[year][0] += value * population
                totals[year][1] += population
            if spec.level != "gemeente":
                continue
            if spec.survey and code in SUPPRESSED:
                note = ("Te weinig respondenten voor een betrouwbare schatting; "
                        "waarde niet gepubliceerd.")
                points.append(Point(str(year), code, name, None, note))
            else:
                points.append(Point(str(year), code, name, value))
    for year in PERIODS:
        total, weight = totals[year]
        note = "Som van de gemeenten." if spec.per_1000 else "Naar inwonertal gewogen gemiddelde."
        points.append(Point(str(year), PROVINCE_CODE, PROVINCE_LABEL,
                            _round(total / weight, spec.decimals), note))
    return points


def observation_points(base_uri: str) -> Iterator[tuple[str, Point]]:
    """Yield (indicator IRI, point) for every observation of every demo indicator."""
    for spec in SPECS:
        uri = str(indicator_uri(base_uri, spec.slug))
        for point in series(spec):
            yield uri, point
    uri = str(indicator_uri(base_uri, KNMI_SLUG))
    for period, count, note in yearly_series():
        yield uri, Point(period, AREA_CODE, STATION_LABEL, float(count), note)
