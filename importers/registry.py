"""The source kinds Atlas can harvest, by name; each is one module with a `batches` function.

`batches(location, reader, memory)` yields `Batch`es of `ImportedRecord`s. Modules are imported
when first used, and built-in kinds are registered exactly as a new one would be.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

KINDS: dict[str, str] = {
    "dcat": "importers.dcat_rdf",
    "ckan": "importers.ckan_harvest",
    "skos": "importers.skos",
}


def batches_of(kind: str) -> Callable:
    """Return the `batches` function of a source kind; ValueError for an unknown kind."""
    try:
        module = KINDS[kind]
    except KeyError:
        raise ValueError(f"unknown source kind {kind!r}; known: {', '.join(sorted(KINDS))}") \
            from None
    return importlib.import_module(module).batches
