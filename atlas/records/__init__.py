"""The records: the catalogue service that writes them, their queries, identity and publication."""

from atlas.records.identity import PATH_OF_KIND
from atlas.records.service import Catalogue
from atlas.records.upsert import RecordInput, Upserted

__all__ = ["Catalogue", "PATH_OF_KIND", "RecordInput", "Upserted"]
