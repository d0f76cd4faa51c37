"""The records: the catalogue service that writes them, their queries, identity and publication."""

from atlas.records.service import PATH_OF_KIND, Catalogue, RecordInput, Upserted

__all__ = ["Catalogue", "PATH_OF_KIND", "RecordInput", "Upserted"]
