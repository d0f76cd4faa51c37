"""The records: the kinds, the catalogue service that writes them, their queries, identity and publication."""

from atlas.records import builtin  # noqa: F401  (registers the built-in kinds)
from atlas.records.kinds import KINDS, KindSpec
from atlas.records.service import Catalogue
from atlas.records.upsert import RecordInput, Upserted

__all__ = ["KINDS", "Catalogue", "KindSpec", "RecordInput", "Upserted"]
