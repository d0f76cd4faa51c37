"""The application's services, built once per app from its settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from flask import Flask, current_app

from atlas.db import Store
from atlas.definitions import follower
from atlas.rdfstore.projector import Projector
from atlas.rdfstore.store import RdfStore
from atlas.records import Catalogue
from atlas.search.index import SearchIndex


@dataclass
class Services:
    """The store, the catalogue service and the two projections of one Atlas instance."""

    store: Store
    catalogue: Catalogue
    index: SearchIndex
    rdf: RdfStore
    projector: Projector

    @classmethod
    def build(cls, config: dict) -> Services:
        """Build the services for an instance folder and database URL."""
        instance = Path(config["INSTANCE_PATH"])
        store = Store(config["DATABASE_URL"])
        index = SearchIndex(instance / "search")
        rdf = RdfStore(instance / "rdf")
        projector = Projector(store, index, rdf, instance / "projector.lock")
        catalogue = Catalogue(store, config["BASE_URI"], on_commit=projector.kick)
        catalogue.after_work.append(partial(follower.follow, store))  # checks follow writes
        return cls(store, catalogue, index, rdf, projector)


def init_app(app: Flask) -> None:
    """Attach the services to the app."""
    app.extensions["atlas"] = Services.build(app.config)


def services() -> Services:
    """Return the current app's services."""
    return current_app.extensions["atlas"]
