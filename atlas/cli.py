"""The `atlas` command line: set up, load, harvest, reindex, export, import, accounts, serve."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup

from atlas import create_app
from atlas.errors import AtlasError
from importers.registry import KINDS


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
    svc.projector.compact()
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    click.echo(f"demo content loaded: {summary} in {time.perf_counter() - started:.1f}s")


@main.command("harvest")
@click.argument("location", required=False)
@click.option("--kind", type=click.Choice(sorted(KINDS)), default="dcat", show_default=True,
              help="What the location serves (for a location, not a registered source).")
@click.option("--source", "source_name", help="Harvest a registered source by name.")
@click.option("--due", is_flag=True, help="Harvest every registered source whose time has come.")
@click.option("--access", "access_level", type=click.Choice(["public", "internal"]),
              default="public", show_default=True, help="Access level of new records.")
@click.option("--force", is_flag=True,
              help="Read every page again and withdraw vanished records even past the guard.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as one JSON object.")
def harvest_command(location, kind, source_name, due, access_level, force, as_json):
    """Harvest once and print a summary (new, updated, unchanged, withdrawn, failed)."""
    from atlas.harvest import harvest
    from atlas.sources import due_sources

    svc = _svc()
    if sum(bool(x) for x in (location, source_name, due)) != 1:
        _fail("give one of: a LOCATION (URL or file), --source NAME, or --due")
    targets = [(None, name) for name in due_sources(svc.store)] if due else \
        [(location, source_name)]
    for where, name in targets:
        progress = None if as_json or not sys.stderr.isatty() else _progress
        try:
            summary = harvest(svc.store, svc.catalogue, current_app.config, location=where,
                              source_name=name, kind=kind, access=access_level, force=force,
                              progress=progress)
        except AtlasError as exc:
            if progress:
                click.echo("", err=True)
            _fail(exc.message)
        except Exception as exc:  # a harvest never ends in a traceback; the store is consistent
            _fail(f"the harvest stopped on an unexpected error: {type(exc).__name__}: {exc}")
        if progress:
            click.echo("", err=True)
        svc.projector.kick(wait=True)
        svc.projector.compact()
        if as_json:
            click.echo(json.dumps(summary.as_dict()))
            continue
        label = f"{name}: " if due else ""
        click.echo(f"{label}{summary.new} new, {summary.updated} updated, "
                   f"{summary.unchanged} unchanged, {summary.withdrawn} withdrawn, "
                   f"{summary.failed} failed ({summary.pages} pages)")
        for message in summary.messages:
            click.echo(f"  {message}")
        for error in summary.errors[:50]:
            click.echo(f"  {error['record']}: {error['message']}")
        if len(summary.errors) > 50:
            click.echo(f"  … and {len(summary.errors) - 50} more (see the source's page)")


def _progress(pages: int, records: int) -> None:
    click.echo(f"\r  {pages} pages · {records} records", err=True, nl=False)


@main.group("sources")
def sources_group():
    """Manage registered harvest sources."""


@sources_group.command("add")
@click.argument("name")
@click.argument("url")
@click.option("--kind", type=click.Choice(sorted(KINDS)), default="dcat", show_default=True)
@click.option("--access", "access_level", type=click.Choice(["public", "internal"]),
              default="public", show_default=True)
@click.option("--schedule", type=click.Choice(["hourly", "daily", "weekly", "manual"]),
              default="daily", show_default=True)
@click.option("--allow-private", is_flag=True,
              help="Allow this source on a private or loopback address (an internal system).")
@click.option("--default", "defaults", multiple=True, metavar="PROPERTY=VALUE",
              help="A value published for this source's records that lack the property "
                   "(e.g. dct:accessRights=http://…/access-right/PUBLIC); repeatable.")
def sources_add(name, url, kind, access_level, schedule, allow_private, defaults):
    """Register a source to harvest."""
    from atlas.sources import add_source, parse_default

    try:
        parsed: dict = {}
        for text in defaults:
            predicate, value = parse_default(text)
            parsed.setdefault(predicate, []).append(value)
        source = add_source(_svc().store, name=name, url=url, kind=kind, access=access_level,
                            schedule=schedule, allow_private=allow_private, defaults=parsed)
    except AtlasError as exc:
        _fail(exc.message)
    click.echo(f"source {source.name} added ({source.kind}, {source.schedule})")


@sources_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the sources as JSON.")
def sources_list(as_json):
    """List the registered sources and their last runs."""
    from atlas.sources import list_sources

    rows = list_sources(_svc().store)
    if as_json:
        click.echo(json.dumps(rows, default=str))
        return
    if not rows:
        click.echo("no sources registered (atlas sources add NAME URL)")
    for row in rows:
        last = row["last_run"]
        state = (f"last run {last['started']:%Y-%m-%d %H:%M} {last['state']}: {last['new']} new,"
                 f" {last['updated']} updated, {last['failed']} failed") if last else "never run"
        click.echo(f"{row['name']}  {row['kind']}  {row['schedule']}  {row['url']}  ({state})")


@sources_group.command("remove")
@click.argument("name")
def sources_remove(name):
    """Unregister a source (its records stay, with their history)."""
    from atlas.sources import remove_source

    try:
        remove_source(_svc().store, name)
    except AtlasError as exc:
        _fail(exc.message)
    click.echo(f"source {name} removed; its records stay in the catalogue")


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
    svc.projector.compact()
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
