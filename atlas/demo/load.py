"""Loading the demo content of this package into the catalogue, through the catalogue service."""

from __future__ import annotations

from collections import defaultdict
from itertools import islice

from atlas import demo
from atlas.access import SYSTEM
from atlas.models import Kind
from atlas.records import Catalogue, RecordInput

LOADER = SYSTEM.named("atlas demo")  # who the history says loaded the demo


def load(catalogue: Catalogue, batch: int = 100) -> dict[str, int]:
    """Store every demo record and observation; return counts by kind."""
    with catalogue.batch():
        return _load(catalogue, batch)


def _load(catalogue: Catalogue, batch: int) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    items = (RecordInput(kind=r.kind, uri=r.uri, graph=r.graph, status=r.status,
                         access=r.access, slug=r.slug) for r in demo.records(catalogue.base_uri))
    while chunk := list(islice(items, batch)):
        catalogue.upsert_many(chunk, principal=LOADER)
        for item in chunk:
            counts[item.kind] += 1
    by_indicator: dict[str, list[dict]] = defaultdict(list)
    for obs in demo.observations(catalogue.base_uri):
        by_indicator[obs.indicator_uri].append({
            "period": obs.period, "area_code": obs.area_code, "area_label": obs.area_label,
            "value": obs.value, "note": obs.note})
    for uri, rows in by_indicator.items():
        record = catalogue.get_any(uri=uri, kind=Kind.indicator)
        counts["observation"] += catalogue.replace_observations(record.id, rows, principal=LOADER)
    return dict(counts)
