"""The `atlas` command line: set up, load, harvest, reindex, export, import, accounts, serve."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup

from atlas import create_app
from atlas.errors import AtlasError


def _svc():
    return current_app.extensions["atlas"]


def _fail(message: str) -> None:
    click.echo(f"atlas: {message}", err=True)
    sys.exit(1)


@click.group(cls=FlaskGroup, create_app=lambda: create_app(), add_default_commands=False)
def main():
    """Atlas: the Province of Utrecht's catalogue of datasets, definitions and indicators."""


@main.command("init")
def init_command():
    """Create or upgrade the instance (database migrations, search index, RDF store)."""
    svc = _svc()
    before = svc.store.current_revision()
    svc.store.upgrade()
    svc.index.ensure()
    svc.rdf.ensure()
    after = svc.store.current_revision()
    state = "created" if before is None else ("upgraded" if before != after else "up to date")
    click.echo(f"instance {current_app.config['INSTANCE_PATH']}: {state} (schema {after})")


@main.command("demo")
@click.option("--if-empty", is_flag=True, help="Load only when the catalogue holds no records.")
def demo_command(if_empty: bool):
    """Load the demo content."""
    from atlas import demo_content

    svc = _svc()
    if if_empty and not svc.catalogue.is_empty():
        click.echo("the catalogue holds records already; demo content not loaded")
        return
    started = time.perf_counter()
    counts = demo_content.load(svc.catalogue)
    svc.projector.kick(wait=True)
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    click.echo(f"demo content loaded: {summary} in {time.perf_counter() - started:.1f}s")


@main.command("harvest")
@click.argument("location")
@click.option("--kind", type=click.Choice(["dcat"]), default="dcat", show_default=True)
@click.option("--access", "access_level", type=click.Choice(["public", "internal"]),
              default="public", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
def harvest_command(location: str, kind: str, access_level: str, as_json: bool):
    """Harvest once from a file and print a summary (new, updated, unchanged, withdrawn, failed)."""
    from atlas.harvest import harvest_file

    svc = _svc()
    path = Path(location)
    if not path.exists():
        _fail(f"{location}: no such file (harvesting URLs comes with registered sources)")
    try:
        summary = harvest_file(svc.store, svc.catalogue, path, access=access_level)
    except AtlasError as exc:
        _fail(exc.message)
    svc.projector.kick(wait=True)
    if as_json:
        click.echo(json.dumps(summary.as_dict()))
        return
    click.echo(f"{summary.new} new, {summary.updated} updated, {summary.unchanged} unchanged, "
               f"{summary.withdrawn} withdrawn, {summary.failed} failed")
    for error in summary.errors:
        click.echo(f"  failed: {error['record']}: {error['message']}")


@main.command("reindex")
def reindex_command():
    """Rebuild the search index and the RDF store from the database."""
    started = time.perf_counter()
    count = _svc().projector.rebuild()
    click.echo(f"reindexed {count} records in {time.perf_counter() - started:.1f}s")


@main.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def export_command(file: Path):
    """Write the whole catalogue as one RDF dataset file (.trig or .nq)."""
    from atlas.transfer import export

    try:
        count = export(_svc().catalogue, file)
    except AtlasError as exc:
        _fail(exc.message)
    click.echo(f"exported {count} records to {file}")


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def import_command(file: Path):
    """Read a catalogue export (.trig or .nq) into this instance."""
    from atlas.transfer import import_

    if not file.exists():
        _fail(f"{file}: no such file")
    svc = _svc()
    try:
        count = import_(svc.catalogue, file)
    except AtlasError as exc:
        _fail(exc.message)
    svc.projector.kick(wait=True)
    click.echo(f"imported {count} records from {file}")


@main.group("users")
def users_group():
    """Manage accounts."""


@users_group.command("add")
@click.argument("email")
@click.option("--role", type=click.Choice(["viewer", "curator", "admin"]), required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              default="", help="Password (asked for when not given).")
def users_add(email: str, role: str, password: str):
    """Create an account with a role."""
    from atlas.accounts import add_user

    try:
        user = add_user(_svc().store, email, role, password)
    except AtlasError as exc:
        _fail(exc.message)
    click.echo(f"account {user.email} created with role {user.role}")


@main.command("serve")
@click.option("--workers", default=2, show_default=True, help="Gunicorn worker processes.")
def serve_command(workers: int):
    """Serve Atlas with gunicorn on 127.0.0.1 at PORT (default 8000)."""
    port = os.environ.get("PORT", "8000")
    root = Path(__file__).resolve().parent.parent
    args = ["gunicorn", "--chdir", str(root), "--bind", f"127.0.0.1:{port}",
            "--workers", str(workers), "--access-logfile", "-", "wsgi:app"]
    click.echo(f"serving Atlas on http://127.0.0.1:{port}")
    os.execvp(sys.executable, [sys.executable, "-m", *args])


def peak_memory_mb() -> float:
    """Return this process's peak resident memory in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
