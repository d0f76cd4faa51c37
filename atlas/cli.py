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
from atlas.access import Principal
from atlas.errors import AtlasError
from atlas.models import Role
from importers.messages import short_message
from importers.registry import KINDS


def _svc():
    return current_app.extensions["atlas"]


def _admin(actor: str = "cli") -> Principal:
    # The command line is run by whoever runs the instance: it sees and may change everything.
    return Principal(user_id=0, email=actor, role=Role.admin)


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
    if state == "upgraded":
        # The new schema may hold more of each record's RDF in its rows: read them again.
        click.echo(f"records re-read from their RDF: {svc.catalogue.refresh_rows()}")


@main.command("demo")
@click.option("--if-empty", is_flag=True, help="Load only when the catalogue holds no records.")
def demo_command(if_empty: bool):
    """Load the demo content."""
    from atlas.demo import load as demo_content

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
    from atlas.harvest.run import harvest
    from atlas.harvest.sources import due_sources

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
            _fail("the harvest stopped on an unexpected error: "
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
    _check_definitions_after()


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
    from atlas.harvest.sources import add_source, parse_default

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
    from atlas.harvest.sources import list_sources

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
    from atlas.harvest.sources import remove_source

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
    _check_definitions_after()


@main.command("check-definitions")
@click.argument("scheme", required=False)
@click.option("--stale", is_flag=True, help="Only the schemes changed since their last check.")
def check_definitions_command(scheme, stale):
    """Work out the integrity findings of one scheme (its id), or of every scheme."""
    from atlas import integrity

    done = 0
    for slug, size, found, seconds in integrity.check_stale(
            _svc().store, limit=None, slug=scheme, force=scheme is not None or not stale,
            unschemed=scheme is None):
        done += 1
        click.echo(f"{slug or '(concepts in no scheme)'}: {size} concepts, {found} findings "
                   f"in {seconds:.1f}s")
    if scheme is not None and not done:
        _fail(f"{scheme}: no such concept scheme")


def _check_definitions_after() -> None:
    """Check the concept schemes a harvest or reindex changed (big ones are left for later)."""
    from atlas import integrity

    for slug, size, found, seconds in integrity.check_stale(_svc().store):
        name = slug or "(concepts in no scheme)"
        if seconds is None:
            click.echo(f"definitions: {name} ({size} concepts) changed; its findings are "
                       f"worked out by `atlas check-definitions {slug}`", err=True)
        else:
            click.echo(f"definitions: {name}: {found} findings ({seconds:.1f}s)", err=True)


@main.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def export_command(file: Path):
    """Write the whole catalogue as one RDF dataset file (.trig or .nq)."""
    from atlas.transfer import export

    try:
        done = export(_svc().catalogue, file)
    except AtlasError as exc:
        _fail(exc.message)
    click.echo(f"exported {done.records} records, {done.sources} sources and {done.accounts} "
               f"accounts (without passwords) to {file}")


@main.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def import_command(file: Path):
    """Read a catalogue export (.trig or .nq) into this instance."""
    from atlas.transfer import import_

    if not file.exists():
        _fail(f"{file}: no such file")
    svc = _svc()
    try:
        done = import_(svc.catalogue, file)
    except AtlasError as exc:
        _fail(exc.message)
    svc.projector.kick(wait=True)
    svc.projector.compact()
    click.echo(f"imported {done.records} records, {done.sources} new sources and "
               f"{done.accounts} new accounts from {file}")
    if done.accounts:
        click.echo("imported accounts have no password: give each one with "
                   "`atlas users set-password EMAIL`", err=True)


@main.group("concepts")
def concepts_group():
    """Export and import a scheme's concepts as CSV (one row a concept)."""


@concepts_group.command("export")
@click.argument("scheme")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
def concepts_export(scheme: str, file: Path | None):
    """Write the concepts of the scheme with this id as CSV (to stdout without FILE)."""
    from atlas import concept_csv

    svc = _svc()
    try:
        found = svc.catalogue.get(_admin(), slug=scheme, kind="conceptscheme")
        text = concept_csv.export(svc.catalogue, _admin(), found)
    except AtlasError as exc:
        _fail(f"{scheme}: {exc.message}")
    if file is None:
        click.echo(text, nl=False)
    else:
        file.write_text(text, encoding="utf-8", newline="")
        click.echo(f"the concepts of {scheme} exported to {file}", err=True)


@concepts_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--scheme", required=True, help="The id (slug) of the scheme to import into.")
@click.option("--dry-run", is_flag=True, help="Only report per row what would change.")
@click.option("--status", type=click.Choice(["draft", "published"]), default="draft",
              show_default=True, help="Status of the concepts the file adds.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as one JSON object.")
@click.option("--actor", default="cli", show_default=True,
              help="Who the changes are recorded as (an e-mail address).")
def concepts_import(file: Path, scheme: str, dry_run: bool, status: str, as_json: bool,
                    actor: str):
    """Import concepts from CSV: per row new, changed, unchanged or error, then a summary."""
    from dataclasses import asdict

    from atlas import concept_csv

    svc = _svc()
    who = _admin(actor)
    if not file.is_file():
        _fail(f"{file}: no such file")
    try:
        found = svc.catalogue.get(who, slug=scheme, kind="conceptscheme")
        plan = concept_csv.plan(svc.catalogue, who, found, file.read_bytes())
        summary = None if dry_run else concept_csv.apply(svc.catalogue, who, found, plan,
                                                         status=status)
    except AtlasError as exc:
        _fail(f"{file}: {exc.message}")
    if summary is not None:
        svc.projector.kick(wait=True)
    counts = (summary or plan).counts()
    if as_json:
        rows = [asdict(o) for o in summary.outcomes] if summary else [
            {"row": r.row, "outcome": r.outcome, "label": r.label, "uri": r.uri,
             "changes": [asdict(c) for c in r.changes],
             "problems": [{"field": p.field, "message": p.message} for p in r.problems]}
            for r in plan.rows]
        click.echo(json.dumps({"dry_run": dry_run, "counts": counts, "rows": rows,
                               "warnings": [w.message for w in plan.warnings]}))
        return
    for warning in plan.warnings:
        click.echo(f"warning: {warning.message}")
    for line in concept_csv.report_lines(plan, summary):
        click.echo(line)
    conflicts = f", {counts['conflict']} conflicts" if counts["conflict"] else ""
    click.echo(f"{counts['new']} new, {counts['changed']} changed, {counts['unchanged']} "
               f"unchanged, {counts['error']} errors{conflicts}"
               + (" (dry run: nothing stored)" if dry_run else ""))


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
    from atlas.accounts.service import add_user

    try:
        user = add_user(_svc().store, email, role, password)
    except AtlasError as exc:
        _fail(exc.message)
    click.echo(f"account {user.email} created with role {user.role}")


@users_group.command("list")
def users_list():
    """List the accounts with their roles."""
    from atlas.accounts.service import users

    for user in users(_svc().store):
        state = "" if user.password_hash else "  (cannot sign in: no password)"
        click.echo(f"{user.email}\t{user.role}{state}")


@users_group.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice(["viewer", "curator", "admin"]))
def users_set_role(email: str, role: str):
    """Give an account another role (its sessions end: it signs in again)."""
    from atlas.accounts.service import set_role

    try:
        user = set_role(_svc().store, email, role)
    except AtlasError as exc:
        _fail(exc.message)
    click.echo(f"account {user.email} now has role {user.role}; its sessions have ended")


@users_group.command("set-password")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="The new password (asked for when not given).")
def users_set_password(email: str, password: str):
    """Give an account a new password (its sessions end: it signs in again)."""
    from atlas.accounts.service import set_password

    try:
        user = set_password(_svc().store, email, password)
    except AtlasError as exc:
        _fail(exc.message)
    click.echo(f"account {user.email} has a new password; its sessions have ended")


@users_group.command("disable")
@click.argument("email")
def users_disable(email: str):
    """Stop an account from signing in and end its sessions (set-password enables it again)."""
    from atlas.accounts.service import disable

    try:
        user = disable(_svc().store, email)
    except AtlasError as exc:
        _fail(exc.message)
    click.echo(f"account {user.email} is disabled; its sessions have ended")


@main.command("serve")
@click.option("--workers", type=int, default=None,
              help="Gunicorn worker processes (default: ATLAS_WORKERS).")
def serve_command(workers: int | None):
    """Serve Atlas with gunicorn on 127.0.0.1 at PORT (default 8000)."""
    from atlas.harvest.runs import mark_interrupted
    from atlas.serving.command import gunicorn_args

    port = os.environ.get("PORT", "8000")
    for line in mark_interrupted(_svc().store, current_app.config["INSTANCE_PATH"]):
        click.echo(line, err=True)
    args = gunicorn_args(current_app.config, port, workers)
    click.echo(f"serving Atlas on http://127.0.0.1:{port}")
    os.execvp(sys.executable, [sys.executable, "-m", "gunicorn", *args])
