"""The `atlas` command line: `main` and the instance commands; each command group has its module."""

from __future__ import annotations

import os
import sys
import time

import click
from flask import current_app
from flask.cli import FlaskGroup, ScriptInfo

from atlas import create_app
from atlas.access import SYSTEM
from atlas.cli import accounts, definitions, harvest, records
from atlas.demo.load import load as load_demo
from atlas.harvest.runs import mark_interrupted
from atlas.services import services
from atlas.serving.command import gunicorn_args


class UnitGroup(FlaskGroup):
    """The `atlas` group: each command runs in one read unit of work (its writes commit as made)."""

    def invoke(self, ctx: click.Context):
        if not ctx._protected_args and not ctx.args:
            return super().invoke(ctx)
        app = ctx.ensure_object(ScriptInfo).load_app()
        with app.app_context(), services().store.unit():
            return super().invoke(ctx)


@click.group(cls=UnitGroup, create_app=lambda: create_app(), add_default_commands=False)
def main():
    """Atlas: the Province of Utrecht's catalogue of datasets, definitions and indicators."""


@main.command("init")
def init_command():
    """Create or upgrade the instance (database migrations, search index, RDF store)."""
    svc = services()
    before = svc.store.current_revision()
    svc.store.upgrade()
    index_renewed = svc.index.ensure()
    svc.rdf.ensure()
    after = svc.store.current_revision()
    state = "created" if before is None else ("upgraded" if before != after else "up to date")
    click.echo(f"instance {current_app.config['INSTANCE_PATH']}: {state} (schema {after})")
    if index_renewed and not svc.catalogue.is_empty():
        # The search index was missing or built by an older Atlas: never serve stale keys.
        click.echo(f"search index rebuilt: reindexed {svc.projector.rebuild()} records")
    if state == "upgraded":
        # The new schema may hold more of each record's RDF in its rows: read them again.
        refreshed = svc.catalogue.refresh_rows(principal=SYSTEM)
        click.echo(f"records re-read from their RDF: {refreshed}")


@main.command("demo")
@click.option("--if-empty", is_flag=True, help="Load only when the catalogue holds no records.")
def demo_command(if_empty: bool):
    """Load the demo content."""
    svc = services()
    if if_empty and not svc.catalogue.is_empty():
        click.echo("the catalogue holds records already; demo content not loaded")
        return
    started = time.perf_counter()
    counts = load_demo(svc.catalogue)
    svc.projector.kick(wait=True)
    svc.projector.compact()
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    click.echo(f"demo content loaded: {summary} in {time.perf_counter() - started:.1f}s")


@main.command("reindex")
def reindex_command():
    """Rebuild the search index and the RDF store from the database."""
    started = time.perf_counter()
    count = services().projector.rebuild()
    click.echo(f"reindexed {count} records in {time.perf_counter() - started:.1f}s")
    definitions.check_definitions_after()


@main.command("serve")
@click.option("--workers", type=int, default=None,
              help="Gunicorn worker processes (default: ATLAS_WORKERS).")
def serve_command(workers: int | None):
    """Serve Atlas with gunicorn on 127.0.0.1 at PORT (default 8000)."""
    port = os.environ.get("PORT", "8000")
    for line in mark_interrupted(services().store, current_app.config["INSTANCE_PATH"]):
        click.echo(line, err=True)
    args = gunicorn_args(current_app.config, port, workers)
    click.echo(f"serving Atlas on http://127.0.0.1:{port}")
    os.execvp(sys.executable, [sys.executable, "-m", "gunicorn", *args])


main.add_command(harvest.harvest_command)
main.add_command(harvest.sources_group)
main.add_command(definitions.check_definitions_command)
main.add_command(definitions.concepts_group)
main.add_command(records.export_command)
main.add_command(records.import_command)
main.add_command(accounts.users_group)
