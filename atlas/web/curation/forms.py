"""Curators' pages: create and edit definitions, move records through the workflow, link data.

Every form posts to the service layer (`atlas.definitions.curation`, `Catalogue.set_state`) with the record
version it was shown, so two curators editing at once never overwrite each other silently. Only
curators reach these pages; anyone else gets the same 404 as for a record that does not exist.
"""

from __future__ import annotations

from flask import Blueprint, make_response, redirect, render_template, request
from flask_babel import lazy_gettext as _l

from atlas.access import Action, Principal, may, require
from atlas.definitions import curation
from atlas.errors import AtlasError, InvalidInput, NotFound
from atlas.models import Kind, Record
from atlas.records import KINDS
from atlas.services import services
from atlas.web.auth import check_csrf
from atlas.web.errors import forbidden_as_not_found
from atlas.web.presentation import record_url
from atlas.web.principal import current_principal, personalised
from atlas.web.whole_numbers import form_number
from vocab.concept_fields import CONCEPT_FIELDS, CONCEPT_REFERENCES, SCHEME_FIELDS
from vocab.editorial import STATUSES

bp = Blueprint("curate", __name__)
forbidden_as_not_found(bp)

SECTIONS = "segment"  # a path segment of some record kind (atlas.web.SegmentConverter)

# How each field is asked for: its label, and whether it is long text or a list (one per line).
LABELS = {
    "pref_label_nl": _l("Voorkeursterm (Nederlands)"),
    "pref_label_en": _l("Voorkeursterm (Engels)"),
    "alt_labels_nl": _l("Alternatieve termen (Nederlands)"),
    "alt_labels_en": _l("Alternatieve termen (Engels)"),
    "hidden_labels_nl": _l("Verborgen zoektermen (Nederlands)"),
    "hidden_labels_en": _l("Verborgen zoektermen (Engels)"),
    "definition_nl": _l("Definitie (Nederlands)"), "definition_en": _l("Definitie (Engels)"),
    "scope_note_nl": _l("Toelichting (Nederlands)"), "scope_note_en": _l("Toelichting (Engels)"),
    "example_nl": _l("Voorbeeld (Nederlands)"), "example_en": _l("Voorbeeld (Engels)"),
    "notation": _l("Notatie (code)"), "source": _l("Bron (webadres of citaat)"),
    "broader": _l("Bredere begrippen"), "related": _l("Verwante begrippen"),
    "exact_match": _l("Exact gelijk aan (webadressen)"),
    "close_match": _l("Vrijwel gelijk aan (webadressen)"),
    "editorial_status": _l("Redactionele status"),
    "replaced_by": _l("Vervangen door"), "valid": _l("Geldigheid"),
    "title_nl": _l("Naam (Nederlands)"), "title_en": _l("Naam (Engels)"),
    "description_nl": _l("Beschrijving (Nederlands)"),
    "description_en": _l("Beschrijving (Engels)"),
    "publisher": _l("Uitgever (webadres)"), "version": _l("Versie"),
}
LONG = {"definition_nl", "definition_en", "scope_note_nl", "scope_note_en", "example_nl",
        "example_en", "description_nl", "description_en"}
HINTS = {
    "alt_labels_nl": _l("Eén term per regel."), "alt_labels_en": _l("Eén term per regel."),
    "hidden_labels_nl": _l("Eén term per regel; alleen gebruikt bij zoeken."),
    "hidden_labels_en": _l("Eén term per regel; alleen gebruikt bij zoeken."),
    "broader": _l("Eén per regel: de term, de notatie of het webadres van een begrip in dit kader."),
    "related": _l("Eén per regel: de term, de notatie of het webadres van een begrip in dit kader."),
    "replaced_by": _l("Eén per regel: de term, de notatie of het webadres van een begrip in dit kader."),
    "exact_match": _l("Eén webadres per regel, van een begrip in een ander begrippenkader."),
    "close_match": _l("Eén webadres per regel, van een begrip in een ander begrippenkader."),
    "valid": _l("Bijvoorbeeld 2024-01-01/2026-12-31."),
}
CONCEPT_GROUPS = (
    (_l("Termen"), ("pref_label_nl", "pref_label_en", "alt_labels_nl", "alt_labels_en",
                    "hidden_labels_nl", "hidden_labels_en", "notation")),
    (_l("Definitie en toelichting"), ("definition_nl", "definition_en", "scope_note_nl",
                                      "scope_note_en", "example_nl", "example_en", "source")),
    (_l("Relaties"), ("broader", "related")),
    (_l("Overeenkomsten met andere begrippenkaders"), ("exact_match", "close_match")),
    (_l("Status en geldigheid"), ("editorial_status", "replaced_by", "valid")),
)
SCHEME_GROUPS = (
    (_l("Beschrijving"), ("title_nl", "title_en", "description_nl", "description_en")),
    (_l("Herkomst"), ("publisher", "version")),
)


def _curator() -> None:
    require(current_principal(), Action.curate)


def _record(section: str, slug: str) -> Record:
    return services().catalogue.get(current_principal(), slug=slug, kind=KINDS.under(section))


def _definition(slug: str, kind: str | None = None) -> Record:
    record = _record("definitions", slug)
    if kind and record.kind != kind:
        raise NotFound("no such record")
    return record


@bp.route("/definitions/schemes/new", methods=["GET", "POST"])
def new_scheme():
    """Create a concept scheme."""
    _curator()
    values, errors = {}, {}
    if request.method == "POST":
        check_csrf()
        values = _form_values(SCHEME_FIELDS)
        try:
            created = curation.create_scheme(services().catalogue, current_principal(), values,
                                             access_level=_access())
            return redirect(record_url(created.kind, created.slug), 303)
        except InvalidInput as error:
            errors = error.errors or {"": [error.message]}
    return _form(None, SCHEME_GROUPS, values, errors, title=_l("Nieuw begrippenkader"))


@bp.route("/definitions/<slug>/concepts/new", methods=["GET", "POST"])
def new_concept(slug: str):
    """Create a concept in a scheme (below a broader concept when ?broader= names one)."""
    _curator()
    scheme = _definition(slug, Kind.conceptscheme)
    values: dict = {}
    errors: dict = {}
    if request.method == "POST":
        check_csrf()
        values = _form_values(CONCEPT_FIELDS)
        try:
            created = curation.create_concept(services().catalogue, current_principal(), scheme,
                                              values)
            return redirect(record_url(created.kind, created.slug), 303)
        except InvalidInput as error:
            errors = error.errors or {"": [error.message]}
    elif request.args.get("broader"):
        broader = _definition(request.args["broader"], Kind.concept)
        values = {"broader": [broader.title]}
    return _form(None, CONCEPT_GROUPS, values, errors, scheme=scheme,
                 title=_l("Nieuw begrip"))


@bp.route("/definitions/<slug>/edit", methods=["GET", "POST"])
def edit(slug: str):
    """Edit a concept or a scheme."""
    _curator()
    record = _definition(slug)
    groups = SCHEME_GROUPS if record.kind == Kind.conceptscheme else CONCEPT_GROUPS
    specs = SCHEME_FIELDS if record.kind == Kind.conceptscheme else CONCEPT_FIELDS
    scheme = curation.scheme_of(services().catalogue, record) if record.kind == Kind.concept \
        else None
    errors: dict = {}
    status = 200
    if request.method == "POST":
        check_csrf()
        values = _form_values(specs)
        try:
            curation.update(services().catalogue, current_principal(), record, values,
                            expected_version=_version())
            return redirect(record_url(record.kind, record.slug), 303)
        except AtlasError as error:
            errors, status = error.errors or {"": [error.message]}, error.code
            if error.code == 409:
                errors = {"": [_l("Iemand anders heeft dit begrip intussen gewijzigd. Hieronder"
                                  " staat de nieuwe versie; breng uw wijziging opnieuw aan.")]}
                record = _definition(slug)
                values = _shown(record, scheme)
    else:
        values = _shown(record, scheme)
    return _form(record, groups, values, errors, scheme=scheme, status=status,
                 title=_l("Bewerken"))


@bp.post("/definitions/<slug>/editorial-status")
def editorial_status(slug: str):
    """Move a concept to another editorial status."""
    _curator()
    check_csrf()
    record = _definition(slug, Kind.concept)
    replaced = _lines(request.form.get("replaced_by", ""))
    curation.set_editorial_status(services().catalogue, current_principal(), record,
                                  request.form.get("editorial_status", ""),
                                  expected_version=_version(), replaced_by=replaced or None)
    return redirect(record_url(record.kind, record.slug), 303)


@bp.post(f"/<{SECTIONS}:section>/<slug>/state")
def state(section: str, slug: str):
    """Move a record through the workflow (draft, review, published, withdrawn) or change access."""
    _curator()
    check_csrf()
    record = _record(section, slug)
    services().catalogue.set_state(record.id, principal=current_principal(),
                                   status=request.form.get("status") or None,
                                   access_level=request.form.get("access") or None,
                                   expected_version=_version())
    return redirect(record_url(record.kind, record.slug), 303)


@bp.post(f"/<{SECTIONS}:section>/<slug>/concepts", defaults={"remove": False},
         endpoint="link")
@bp.post(f"/<{SECTIONS}:section>/<slug>/concepts/remove", defaults={"remove": True},
         endpoint="unlink")
def link(section: str, slug: str, remove: bool):
    """Link (or unlink) a dataset or indicator and a concept, from either side."""
    _curator()
    check_csrf()
    record = _record(section, slug)
    subject, concept = _pair(record, request.form.get("target", ""))
    change = curation.unlink_concept if remove else curation.link_concept
    change(services().catalogue, current_principal(), subject, concept)
    section_id = "gebruik-kop" if record.kind == Kind.concept else "begrippen-beheer-kop"
    return redirect(f"{record_url(record.kind, record.slug)}#{section_id}", 303)


@bp.get(f"/<{SECTIONS}:section>/<slug>/history")
def history(section: str, slug: str):
    """Show a record's history: who changed what, when, and the difference."""
    _curator()
    record = _record(section, slug)
    revisions = services().catalogue.revisions(record)
    return personalised(make_response(render_template(
        "curate_history.html", record=record, revisions=revisions, section=section)))


def _pair(record: Record, target: str) -> tuple[Record, Record]:
    """Return (dataset or indicator, concept) for a link made from either side."""
    catalogue, principal = services().catalogue, current_principal()
    if record.kind == Kind.concept:
        other = curation.find_record(catalogue, principal, target, KINDS.where("concept_link"))
        return other, record
    if KINDS.get(record.kind).concept_link is None:
        raise InvalidInput("only datasets and indicators link to concepts")
    found = None
    if target.strip().startswith(("http://", "https://")):
        found = curation.find_record(catalogue, principal, target, (Kind.concept,))
    else:
        matches = curation.find_concepts(catalogue, principal, target, None)
        if len(matches) != 1:
            raise InvalidInput(f"no single concept {target!r}", {"target": [
                "several concepts have this label; give its address" if matches
                else "no concept with this label"]})
        found = matches[0]
    return record, found


def _form(record, groups, values, errors, *, title, scheme=None, status: int | None = None):
    statuses = [("", _l("(geen)"))] + [(key, key) for key in STATUSES]
    response = make_response(render_template(
        "curate_form.html", record=record, groups=groups, values=values, errors=errors,
        labels=LABELS, long=LONG, hints=HINTS, scheme=scheme, title=title,
        statuses=statuses, many={s.name for s in (*CONCEPT_FIELDS, *SCHEME_FIELDS) if s.many}),
        status or (400 if errors else 200))
    return personalised(response)


def _form_values(specs) -> dict:
    """Read the posted fields: lists one per line, the rest as single values."""
    values = {}
    for spec in specs:
        if spec.name not in request.form:
            continue
        raw = request.form.get(spec.name, "")
        values[spec.name] = _lines(raw) if spec.many else raw.strip()
    return values


def _shown(record: Record, scheme: Record | None) -> dict:
    """Return a record's field values for the form, concepts named by their label when unique."""
    values = curation.fields_of(record)
    if record.kind != Kind.concept:
        return values
    catalogue = services().catalogue
    iris = {i for name in CONCEPT_REFERENCES for i in values.get(name, [])}
    known = {r.uri: r for r in catalogue.find(current_principal(), uris=iris, kind=Kind.concept)}
    for name in CONCEPT_REFERENCES:
        shown = []
        for iri in values.get(name, []):
            other = known.get(iri)
            unique = other is not None and [r.id for r in curation.find_concepts(
                catalogue, current_principal(), other.title, scheme)] == [other.id]
            shown.append(other.title if unique else iri)
        values[name] = shown
    return values


def _lines(raw: str) -> list[str]:
    return [line.strip() for line in raw.replace("\r", "").split("\n") if line.strip()]


def _version() -> int:
    """Return the record version the form was made from; 400 when it is absent or no number.

    Every form sends the version it showed. Taking a missing or unreadable one as "any
    version" would skip the optimistic-lock check and apply the change over someone else's.
    """
    version = form_number("version")
    if version is None:
        raise InvalidInput("version is required: reload the page and try again",
                           {"version": ["missing"]})
    return version


def _access() -> str:
    wanted = request.form.get("access", "public")
    return wanted if wanted in ("public", "internal", "restricted") else "public"


def page_context(record: Record, principal: Principal, related: dict, detail) -> dict:
    """Return what a record page adds for curators, and a concept's editorial status for all."""
    can_curate = may(principal, Action.curate, record)
    context: dict = {"can_curate": can_curate, "editorial_statuses": STATUSES}
    if record.kind == Kind.concept:
        catalogue = services().catalogue
        context["editorial_status"] = detail.row.editorial_status if detail.row else ""
        # Who set the status and when: only worth reading the history when there is one.
        steps = (curation.status_history(catalogue, record) if context["editorial_status"]
                 else [])
        context["editorial_since"] = steps[0] if steps else None
        context["show_actor"] = not principal.is_anonymous
        context["curate_scheme"] = curation.scheme_of(catalogue, record) if can_curate else None
    link = KINDS.get(record.kind).concept_link
    if link:
        context["linked_concepts"] = [r for r in related.get(link.relation, [])
                                      if r.kind == Kind.concept]
    return context
