"""Atlas's settings: each declared once with its default and a line of help, read from ATLAS_*."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

# The repository (or installed tree) root: templates, static files and translations live here.
ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    """One configuration setting: its environment name, default and help."""

    name: str
    default: str
    help: str
    kind: type = str


SETTINGS: tuple[Setting, ...] = (
    Setting("ATLAS_INSTANCE_PATH", "./instance",
            "Folder holding the SQLite database, the search index and the RDF store."),
    Setting("ATLAS_DATABASE_URL", "",
            "SQLAlchemy URL of the store; empty means SQLite at INSTANCE_PATH/atlas.db."),
    Setting("ATLAS_BASE_URI", "http://127.0.0.1:8000",
            "Base for the URIs Atlas mints for its own records (no trailing slash)."),
    Setting("ATLAS_SECRET_KEY", "",
            "Key that signs session cookies; empty makes a random key kept in the instance folder."),
    Setting("ATLAS_SPARQL_TIMEOUT", "10",
            "Seconds a SPARQL query may run before it is stopped.", float),
    Setting("ATLAS_HARVEST_ALLOW_PRIVATE", "0",
            "Allow harvesting from loopback and private addresses for every source (1/0).", bool),
    Setting("ATLAS_HARVEST_TIMEOUT", "30",
            "Seconds a harvest fetch may take in total before it is abandoned.", float),
    Setting("ATLAS_HARVEST_MAX_BYTES", "104857600",
            "Largest response body a harvest fetch accepts, after decompression (and largest "
            "local file `atlas harvest FILE` reads).", int),
    Setting("ATLAS_DEFAULT_LANGUAGE", "nl",
            "Language of the pages when the visitor states no preference (nl or en)."),
    Setting("ATLAS_CATALOG_PUBLISHER", "provincie-utrecht",
            "Id of the organisation record that publishes the catalogue feed."),
    Setting("ATLAS_CATALOG_CONTACT_EMAIL", "opendata@provincie-utrecht.nl",
            "E-mail address of the catalogue's contact point in the feed."),
    Setting("ATLAS_TRUSTED_HOSTS", "",
            "Host names this server answers to, comma-separated (.example.nl: its subdomains "
            "too); empty means the host of ATLAS_BASE_URI, localhost and 127.0.0.1."),
    Setting("ATLAS_TRUSTED_PROXIES", "0",
            "Number of reverse proxies in front whose X-Forwarded-For, -Proto, -Host and -Port "
            "headers are believed; 0 ignores those headers.", int),
    Setting("ATLAS_WORKERS", "2",
            "Web worker processes of `atlas serve` (each runs ATLAS_THREADS threads).", int),
    Setting("ATLAS_THREADS", "8",
            "Threads per web worker of `atlas serve`: requests served at once per worker.", int),
    Setting("ATLAS_REQUEST_TIMEOUT", "30",
            "Seconds a client may take to send its whole request before it is disconnected.",
            float),
    Setting("ATLAS_MAX_CONTENT_LENGTH", "16777216",
            "Largest request body accepted, in bytes (larger ones are answered 413).", int),
)

_TRUE = {"1", "true", "yes", "on"}


def _convert(setting: Setting, raw: str):
    if setting.kind is bool:
        return raw.strip().lower() in _TRUE
    return setting.kind(raw)


def load(environ: dict[str, str] | None = None, overrides: dict | None = None) -> dict:
    """Return the settings as a dict keyed by name without the ATLAS_ prefix."""
    environ = os.environ if environ is None else environ
    overrides = overrides or {}
    values = {}
    for setting in SETTINGS:
        key = setting.name.removeprefix("ATLAS_")
        if key in overrides:
            values[key] = overrides[key]
            continue
        raw = environ.get(setting.name, setting.default)
        try:
            values[key] = _convert(setting, raw)
        except ValueError as exc:
            raise SystemExit(f"{setting.name}={raw!r} is not valid: {exc}") from None
    instance = Path(values["INSTANCE_PATH"]).resolve()
    values["INSTANCE_PATH"] = str(instance)
    if not values["DATABASE_URL"]:
        values["DATABASE_URL"] = f"sqlite:///{instance / 'atlas.db'}"
    values["BASE_URI"] = values["BASE_URI"].rstrip("/")
    if values["TRUSTED_PROXIES"] < 0:
        raise SystemExit(f"ATLAS_TRUSTED_PROXIES={values['TRUSTED_PROXIES']} is not valid: "
                         "give the number of proxies in front, 0 or more")
    return values
