"""`atlas export` and `atlas import`: the whole catalogue as one RDF dataset file."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import with_appcontext

from atlas.access import SYSTEM
from atlas.cli.context import fail
from atlas.errors import AtlasError
from atlas.records.transfer import export, import_
from atlas.services import services


@click.command("export")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def export_command(file: Path):
    """Write the whole catalogue as one RDF dataset file (.trig or .nq)."""
    try:
        done = export(services().catalogue, file)
    except AtlasError as exc:
        fail(exc.message)
    click.echo(f"exported {done.records} records, {done.sources} sources and {done.accounts} "
               f"accounts (without passwords) to {file}")


@click.command("import")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def import_command(file: Path):
    """Read a catalogue export (.trig or .nq) into this instance."""
    if not file.exists():
        fail(f"{file}: no such file")
    svc = services()
    try:
        done = import_(svc.catalogue, file, principal=SYSTEM)
    except AtlasError as exc:
        fail(exc.message)
    svc.projector.kick(wait=True)
    svc.projector.compact()
    click.echo(f"imported {done.records} records, {done.sources} new sources and "
               f"{done.accounts} new accounts from {file}")
    if done.accounts:
        click.echo("imported accounts have no password: give each one with "
                   "`atlas users set-password EMAIL`", err=True)
