"""The data desk's pages for harvest sources: each source, its last runs, and "run now"."""

from __future__ import annotations

import threading

from flask import Blueprint, current_app, make_response, redirect, render_template, url_for
from flask_babel import gettext, lazy_gettext
from werkzeug.routing import PathConverter

from atlas.access import Action, require
from atlas.errors import InvalidInput, NotFound
from atlas.harvest.run import harvest
from atlas.harvest.sources import list_runs, list_sources
from atlas.services import services
from atlas.web.auth import check_csrf
from atlas.web.errors import forbidden_as_not_found
from atlas.web.principal import current_principal, personalised

bp = Blueprint("admin", __name__, url_prefix="/admin")
forbidden_as_not_found(bp)


class SourceName(PathConverter):
    """A source's name in a URL: any text, slashes included, even a leading one.

    Sources harvested from a local file by earlier versions are named by its whole path.
    """

    regex = ".+?"
    part_isolating = False  # werkzeug would guess otherwise from a regex without "/"


# Before the routes below are recorded, so their rules find the converter.
bp.record_once(lambda state: state.app.url_map.converters.setdefault("source", SourceName))
_running: set[str] = set()
# How a run ended, as the data desk reads it (`HarvestRun.state`).
RUN_STATES = {"running": lazy_gettext("bezig"), "finished": lazy_gettext("afgerond"),
              "incomplete": lazy_gettext("onvolledig"), "failed": lazy_gettext("mislukt"),
              "interrupted": lazy_gettext("afgebroken")}
_lock = threading.Lock()


def require_admin() -> None:
    """Refuse anyone who may not manage sources (answered as 404: no hint the page exists)."""
    require(current_principal(), Action.manage_sources)


@bp.get("/sources")
def sources():
    """List the registered sources with their last run."""
    require_admin()
    rows = list_sources(services().store)
    return personalised(make_response(render_template("admin_sources.html", sources=rows,
                                                      running=set(_running),
                                                      run_states=RUN_STATES)))


@bp.get("/sources/<source:name>", merge_slashes=False)
def source(name: str):
    """Show one source and its recent runs with their errors."""
    require_admin()
    found = next((row for row in list_sources(services().store) if row["name"] == name), None)
    if found is None:
        raise NotFound(f"no source named {name}")
    runs = list_runs(services().store, name, limit=20)
    return personalised(make_response(render_template(
        "admin_source.html", source=found, runs=runs, running=name in _running,
        run_states=RUN_STATES)))


@bp.post("/sources/<source:name>/run", merge_slashes=False)
def run_now(name: str):
    """Start a harvest of the source in the background and go back to its page."""
    require_admin()
    check_csrf()
    found = next((row for row in list_sources(services().store) if row["name"] == name), None)
    if found is None:
        raise NotFound(f"no source named {name}")
    if not found["url"].startswith(("http://", "https://")):
        # Reading local files is for whoever runs the instance, never for a web request.
        raise InvalidInput(gettext("Een lokaal bestand wordt alleen vanaf de opdrachtregel geoogst."))
    with _lock:
        if name not in _running:
            _running.add(name)
            app = current_app._get_current_object()
            threading.Thread(target=_harvest, args=(app, name, current_principal()), daemon=True,
                             name=f"harvest {name}").start()
    return redirect(url_for("admin.source", name=name))


def _harvest(app, name: str, principal) -> None:
    try:
        with app.app_context():
            svc = app.extensions["atlas"]
            harvest(svc.store, svc.catalogue, app.config, principal=principal, source_name=name)
    except Exception:  # the run is recorded as failed; the page shows it
        app.logger.exception("harvest of %s failed", name)
    finally:
        with _lock:
            _running.discard(name)
