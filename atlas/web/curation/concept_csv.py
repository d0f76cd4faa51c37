"""A scheme's concepts as a CSV download, and the curators' import: upload, dry run, store.

The dry-run page carries the file (base64, so no line ending changes on the way) and the
versions it saw back to the server; storing makes the plan again from them, so a concept
changed in between is reported as a conflict rather than overwritten.
"""

from __future__ import annotations

import base64
import binascii
import json

from flask import Blueprint, Response, make_response, render_template, request
from flask_babel import lazy_gettext
from werkzeug.exceptions import RequestEntityTooLarge

from atlas.access import Action, require
from atlas.definitions import csv_apply, csv_plan, csv_read
from atlas.errors import InvalidInput
from atlas.models import Kind, Record
from atlas.services import services
from atlas.web.auth import check_csrf
from atlas.web.errors import forbidden_as_not_found
from atlas.web.principal import current_principal, personalised
from atlas.web.whole_numbers import whole_number

bp = Blueprint("concept_csv", __name__)
forbidden_as_not_found(bp)

ROWS_SHOWN = 1000  # rows listed in a report; the counts cover all

OUTCOME_LABELS = {
    "new": lazy_gettext("nieuw"), "changed": lazy_gettext("gewijzigd"),
    "unchanged": lazy_gettext("ongewijzigd"), "error": lazy_gettext("fout"),
    "conflict": lazy_gettext("conflict"),
}

# The problems of `atlas.definitions.csv_apply`, by code, in the page's language.
PROBLEM_LABELS = {
    "too_big": lazy_gettext("Het bestand is groter dan %(mb)d MB; splits het."),
    "too_many_rows": lazy_gettext("Het bestand heeft meer dan %(rows)d rijen; splits het."),
    "not_text": lazy_gettext("Het bestand is geen tekst in UTF-8 of Windows-1252; sla het op "
                             "als CSV (UTF-8)."),
    "not_csv": lazy_gettext("Het bestand is niet te lezen als CSV: %(detail)s"),
    "no_columns": lazy_gettext("De eerste rij noemt geen bekende kolom; verwacht zijn uri, "
                               "pref_label_nl, …"),
    "duplicate_column": lazy_gettext("De kolom %(detail)s staat er twee keer in."),
    "unknown_column": lazy_gettext("De kolom %(detail)s is onbekend en is overgeslagen."),
    "windows_1252": lazy_gettext("Het bestand is geen UTF-8 en is gelezen als Windows-1252; "
                                 "controleer letters met accenten."),
    "status": lazy_gettext("Geen redactionele status; kies uit %(detail)s."),
    "web_address": lazy_gettext("Gebruik webadressen (http:// of https://)."),
    "too_long": lazy_gettext("Hoogstens 5.000 tekens."),
    "unknown": lazy_gettext("Geen begrip ‘%(detail)s’ in dit begrippenkader of dit bestand."),
    "ambiguous": lazy_gettext("‘%(detail)s’ past bij meer dan één begrip; geef de uri."),
    "not_found": lazy_gettext("Geen begrip met deze uri; laat uri leeg voor een nieuw begrip."),
    "other_scheme": lazy_gettext("Dit begrip hoort bij een ander begrippenkader."),
    "not_concept": lazy_gettext("Deze uri is geen begrip."),
    "label": lazy_gettext("Geef een voorkeursterm in het Nederlands of Engels."),
    "duplicate_uri": lazy_gettext("Deze uri staat ook in rij %(detail)s."),
    "duplicate_label": lazy_gettext("Er is al een begrip met deze term (%(detail)s); zet de "
                                    "uri ervan in de kolom uri om het te wijzigen."),
    "duplicate_new_label": lazy_gettext("Rij %(detail)s voegt ook een begrip met deze term "
                                        "toe."),
    "cycle": lazy_gettext("De bredere begrippen die dit bestand toevoegt, vormen een kring."),
    "depends": lazy_gettext("Noemt het begrip van rij %(detail)s, dat niet wordt opgeslagen."),
    "conflict": lazy_gettext("Intussen door iemand anders gewijzigd; exporteer opnieuw en "
                             "probeer het nog eens."),
}


def problem_text(problem: csv_read.Problem) -> str:
    """Return a problem in the page's language."""
    label = PROBLEM_LABELS.get(problem.code)
    if label is None:
        return problem.message
    return str(label) % {"detail": problem.detail, "rows": csv_read.MAX_ROWS,
                         "mb": csv_read.MAX_BYTES // 1024 // 1024}


def _scheme(slug: str) -> Record:
    """Return the scheme the caller may see, or answer 404."""
    return services().catalogue.get(current_principal(), slug=slug, kind=Kind.conceptscheme)


@bp.get("/definitions/<slug>/concepts.csv")
def download(slug: str):
    """The scheme's concepts that the caller may see, as CSV (UTF-8 with BOM, `;`)."""
    scheme = _scheme(slug)
    text = csv_apply.export(services().catalogue, current_principal(), scheme)
    response = Response(text, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{slug}-begrippen.csv"'
    return personalised(response)


@bp.route("/definitions/<slug>/import", methods=["GET", "POST"])
def upload(slug: str):
    """Curators: upload a CSV of concepts, see per row what would change, then store it."""
    scheme = _scheme(slug)
    require(current_principal(), Action.edit, scheme)
    context: dict = {"scheme": scheme, "outcomes": OUTCOME_LABELS, "problem_text": problem_text,
                     "rows_shown": ROWS_SHOWN}
    if request.method == "POST":
        # The file, or its base64 copy and the versions seen, may be far above Flask's default.
        request.max_content_length = 3 * csv_read.MAX_BYTES
        request.max_form_memory_size = 3 * csv_read.MAX_BYTES
        try:
            _ = request.form  # parsed here, so a body over the limit gets this page back
        except RequestEntityTooLarge:
            context["error"] = problem_text(csv_read.Problem("", "too_big"))
            return personalised(make_response(render_template("definitions_csv.html",
                                                              **context), 413))
        check_csrf()
        context |= _store(scheme) if request.form.get("step") == "store" else _dry_run(scheme)
    status = 400 if context.get("error") else 200
    return personalised(make_response(render_template("definitions_csv.html", **context),
                                      status))


def _dry_run(scheme: Record) -> dict:
    sent = request.files.get("file")
    content = sent.stream.read(csv_read.MAX_BYTES + 1) if sent else b""
    if not content:
        return {"error": lazy_gettext("Kies een CSV-bestand.")}
    try:
        plan = csv_plan.plan(services().catalogue, current_principal(), scheme, content)
    except csv_read.FileRefused as exc:
        return {"error": problem_text(exc.problem)}
    return {"plan": plan, "content": base64.b64encode(content).decode("ascii"),
            "seen": json.dumps(plan.versions(), separators=(",", ":"))}


def _seen_versions(raw: str) -> dict[str, int]:
    """Return the versions a dry run saw, by concept URI; ValueError when they are not that."""
    seen = json.loads(raw)
    if not isinstance(seen, dict):
        raise ValueError("seen is not an object")
    # Whole numbers only: 1e400 reads as infinity, and int() of it overflows.
    versions = {str(uri): whole_number(version, "seen", None, minimum=0)
                for uri, version in seen.items()}
    if None in versions.values():
        raise ValueError("a version is empty")
    return versions


def _store(scheme: Record) -> dict:
    try:
        content = base64.b64decode(request.form.get("content", ""), validate=True)
        seen = _seen_versions(request.form.get("seen", "{}"))
    except (binascii.Error, ValueError, TypeError, RecursionError, InvalidInput):
        return {"error": lazy_gettext("Het formulier is onvolledig; laad het bestand opnieuw.")}
    svc = services()
    try:
        plan = csv_plan.plan(svc.catalogue, current_principal(), scheme, content,
                             seen_versions=seen)
    except csv_read.FileRefused as exc:
        return {"error": problem_text(exc.problem)}
    summary = csv_apply.apply(svc.catalogue, current_principal(), scheme, plan)
    return {"summary": summary, "plan": plan}

