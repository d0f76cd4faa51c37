"""`atlas check-definitions` and `atlas concepts`: integrity findings, and concepts as CSV."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext

from atlas.access import SYSTEM
from atlas.cli.context import fail
from atlas.definitions import csv_apply, csv_plan, integrity
from atlas.errors import AtlasError
from atlas.services import services


@click.command("check-definitions")
@with_appcontext
@click.argument("scheme", required=False)
@click.option("--stale", is_flag=True, help="Only the schemes changed since their last check.")
def check_definitions_command(scheme, stale):
    """Work out the integrity findings of one scheme (its id), or of every scheme."""
    done = 0
    for slug, size, found, seconds in integrity.check_stale(
            services().store, principal=SYSTEM, limit=None, slug=scheme,
            force=scheme is not None or not stale,
            unschemed=scheme is None):
        done += 1
        click.echo(f"{slug or '(concepts in no scheme)'}: {size} concepts, {found} findings "
                   f"in {seconds:.1f}s")
    if scheme is not None and not done:
        fail(f"{scheme}: no such concept scheme")


def check_definitions_after() -> None:
    """Check the concept schemes a harvest or reindex changed (big ones are left for later)."""
    for slug, size, found, seconds in integrity.check_stale(services().store, principal=SYSTEM):
        name = slug or "(concepts in no scheme)"
        if seconds is None:
            click.echo(f"definitions: {name} ({size} concepts) changed; its findings are "
                       f"worked out by `atlas check-definitions {slug}`", err=True)
        else:
            click.echo(f"definitions: {name}: {found} findings ({seconds:.1f}s)", err=True)


@click.group("concepts", cls=AppGroup)
def concepts_group():
    """Export and import a scheme's concepts as CSV (one row a concept)."""


@concepts_group.command("export")
@click.argument("scheme")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
def concepts_export(scheme: str, file: Path | None):
    """Write the concepts of the scheme with this id as CSV (to stdout without FILE)."""
    svc = services()
    try:
        found = svc.catalogue.get(SYSTEM, slug=scheme, kind="conceptscheme")
        text = csv_apply.export(svc.catalogue, SYSTEM, found)
    except AtlasError as exc:
        fail(f"{scheme}: {exc.message}")
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
    svc = services()
    who = SYSTEM.named(actor)
    if not file.is_file():
        fail(f"{file}: no such file")
    try:
        found = svc.catalogue.get(who, slug=scheme, kind="conceptscheme")
        plan = csv_plan.plan(svc.catalogue, who, found, file.read_bytes())
        summary = None if dry_run else csv_apply.apply(svc.catalogue, who, found, plan,
                                                       status=status)
    except AtlasError as exc:
        fail(f"{file}: {exc.message}")
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
    for line in csv_apply.report_lines(plan, summary):
        click.echo(line)
    conflicts = f", {counts['conflict']} conflicts" if counts["conflict"] else ""
    click.echo(f"{counts['new']} new, {counts['changed']} changed, {counts['unchanged']} "
               f"unchanged, {counts['error']} errors{conflicts}"
               + (" (dry run: nothing stored)" if dry_run else ""))
