"""`atlas harvest` and `atlas sources`: harvesting once, and the registered sources."""

from __future__ import annotations

import json
import sys

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from atlas.access import SYSTEM
from atlas.cli.context import fail
from atlas.cli.definitions import check_definitions_after
from atlas.errors import AtlasError
from atlas.harvest.run import harvest
from atlas.harvest.sources import (
    add_source,
    due_sources,
    list_sources,
    parse_default,
    remove_source,
)
from atlas.services import services
from importers.messages import short_message
from importers.registry import KINDS


@click.command("harvest")
@with_appcontext
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
    svc = services()
    if sum(bool(x) for x in (location, source_name, due)) != 1:
        fail("give one of: a LOCATION (URL or file), --source NAME, or --due")
    # The checks are reported here; the follower, when the block ends, finds them done.
    with svc.catalogue.batch(project_each=True):
        targets = [(None, name) for name in due_sources(svc.store)] if due else \
            [(location, source_name)]
        for where, name in targets:
            progress = None if as_json or not sys.stderr.isatty() else _progress
            try:
                summary = harvest(svc.store, svc.catalogue, current_app.config, principal=SYSTEM,
                                  location=where, source_name=name, kind=kind, access=access_level, force=force,
                                  progress=progress)
            except AtlasError as exc:
                if progress:
                    click.echo("", err=True)
                fail(exc.message)
            except Exception as exc:  # a harvest never ends in a traceback; the store is consistent
                fail("the harvest stopped on an unexpected error: "
                     f"{type(exc).__name__}: {short_message(exc)}")
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
            for warning in summary.warnings[:50]:
                click.echo(f"  warning: {warning['record']}: {warning['message']}")
            if len(summary.warnings) > 50:
                click.echo(f"  … and {len(summary.warnings) - 50} more warnings (see the source's page)")
        check_definitions_after()


def _progress(pages: int, records: int) -> None:
    click.echo(f"\r  {pages} pages · {records} records", err=True, nl=False)


@click.group("sources", cls=AppGroup)
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
    try:
        parsed: dict = {}
        for text in defaults:
            predicate, value = parse_default(text)
            parsed.setdefault(predicate, []).append(value)
        source = add_source(services().store, name=name, url=url, kind=kind, access=access_level,
                            schedule=schedule, allow_private=allow_private, defaults=parsed,
                            principal=SYSTEM)
    except AtlasError as exc:
        fail(exc.message)
    click.echo(f"source {source.name} added ({source.kind}, {source.schedule})")


@sources_group.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the sources as JSON.")
def sources_list(as_json):
    """List the registered sources and their last runs."""
    rows = list_sources(services().store)
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
    try:
        remove_source(services().store, name, principal=SYSTEM)
    except AtlasError as exc:
        fail(exc.message)
    click.echo(f"source {name} removed; its records stay in the catalogue")
