"""CSV import and export of concepts: round trip, dry run, per-row outcomes, CLI and pages."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from rdflib import URIRef
from rdflib.namespace import SKOS
from sqlmodel import func, select

from atlas.access import ANONYMOUS
from atlas.cli import main
from atlas.definitions import csv_apply, csv_plan, csv_read, curation
from atlas.models import Revision
from atlas.records.publication import effective_graph
from tests.conftest import sign_in
from tests.test_curation import CURATOR


@pytest.fixture
def scheme(svc):
    """A published scheme, Mobiliteit."""
    return curation.create_scheme(svc.catalogue, CURATOR, {"title_nl": "Mobiliteit"},
                                  status="published")


@pytest.fixture
def concepts(svc, scheme):
    """A small published scheme: vervoermiddel > fiets (F1), auto; one internal concept."""
    def make(label, **values):
        return curation.create_concept(svc.catalogue, CURATOR, scheme,
                                       {"pref_label_nl": label, **values}, status="published")
    vervoer = make("vervoermiddel", pref_label_en="means of transport",
                   definition_nl="Iets om mee te reizen.\nOok over water.")
    fiets = make("fiets", pref_label_en="bicycle", broader=["vervoermiddel"], notation="F1",
                 alt_labels_nl=["rijwiel", "tweewieler"], editorial_status="vastgesteld")
    auto = make("auto", broader=["vervoermiddel"], related=["F1"],
                scope_note_nl="=SOM(A1:A3) is geen formule hier")
    geheim = curation.create_concept(svc.catalogue, CURATOR, scheme,
                                     {"pref_label_nl": "dienstfiets", "broader": ["F1"]},
                                     status="published", access_level="internal")
    return {"vervoermiddel": vervoer, "fiets": fiets, "auto": auto, "dienstfiets": geheim}


def rows_of(text: str) -> list[dict]:
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";"))


def write(rows: list[dict], columns=None, delimiter=";") -> str:
    out = io.StringIO()
    columns = columns or list(dict.fromkeys(name for row in rows for name in row))
    writer = csv.DictWriter(out, fieldnames=columns, delimiter=delimiter, restval="")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def revision_count(svc) -> int:
    with svc.store.read() as session:
        return session.exec(select(func.count()).select_from(Revision)).one()


# --- export -----------------------------------------------------------------------------------

def test_export_writes_a_row_per_concept_readable_by_a_dutch_spreadsheet(svc, scheme, concepts):
    text = csv_apply.export(svc.catalogue, CURATOR, scheme)
    assert text.splitlines()[0] == "\ufeff" + ";".join(csv_read.COLUMNS)
    assert "\r\n" in text
    rows = {row["pref_label_nl"]: row for row in rows_of(text)}
    assert set(rows) == {"vervoermiddel", "fiets", "auto", "dienstfiets"}
    fiets = rows["fiets"]
    assert fiets["uri"] == concepts["fiets"].uri
    assert fiets["alt_labels_nl"] == "rijwiel | tweewieler"
    assert fiets["broader"] == "vervoermiddel"  # a unique Dutch label names the concept
    assert fiets["editorial_status"] == "vastgesteld"
    assert rows["auto"]["related"] == "F1"  # a notation is preferred to a label
    assert rows["vervoermiddel"]["definition_nl"] == "Iets om mee te reizen.\nOok over water."


def test_export_neutralises_spreadsheet_formulas(svc, scheme, concepts):
    rows = {row["pref_label_nl"]: row for row in rows_of(
        csv_apply.export(svc.catalogue, CURATOR, scheme))}
    assert rows["auto"]["scope_note_nl"] == "'=SOM(A1:A3) is geen formule hier"


def test_an_ambiguous_label_is_exported_as_the_web_address(svc, scheme, concepts):
    other = curation.create_concept(svc.catalogue, CURATOR, scheme,
                                    {"pref_label_nl": "trein", "alt_labels_nl": ["auto"],
                                     "broader": [concepts["auto"].uri]}, status="published")
    rows = {row["pref_label_nl"]: row for row in rows_of(
        csv_apply.export(svc.catalogue, CURATOR, scheme))}
    assert rows["trein"]["broader"] == concepts["auto"].uri
    assert other.uri == rows["trein"]["uri"]


def test_an_internal_concept_never_reaches_an_anonymous_export(svc, scheme, concepts):
    anonymous = csv_apply.export(svc.catalogue, ANONYMOUS, scheme)
    assert "dienstfiets" not in anonymous
    assert concepts["dienstfiets"].uri not in anonymous
    assert len(rows_of(anonymous)) == 3


# --- the dry run and applying it -------------------------------------------------------------

def test_a_round_trip_changes_nothing(svc, scheme, concepts):
    text = csv_apply.export(svc.catalogue, CURATOR, scheme)
    before = revision_count(svc)
    plan = csv_plan.plan(svc.catalogue, CURATOR, scheme, text.encode("utf-8"))
    assert plan.counts() == {"new": 0, "changed": 0, "unchanged": 4, "error": 0,
                             "conflict": 0}, csv_apply.report_lines(plan)
    summary = csv_apply.apply(svc.catalogue, CURATOR, scheme, plan)
    assert summary.counts()["unchanged"] == 4
    assert revision_count(svc) == before


def _edited_file(svc, scheme, concepts) -> str:
    rows = rows_of(csv_apply.export(svc.catalogue, CURATOR, scheme))
    for row in rows:
        if row["pref_label_nl"] == "fiets":
            row["pref_label_nl"] = "rijwiel (fiets)"
        if row["pref_label_nl"] == "auto":
            row["editorial_status"] = "klaar"
    empty = dict.fromkeys(rows[0], "")
    rows.append(empty | {"pref_label_nl": "bakfiets", "broader": "vrachtfiets",
                         "definition_nl": "Een fiets met een bak."})
    rows.append(empty | {"pref_label_nl": "vrachtfiets", "broader": "F1"})
    rows.append(empty | {"pref_label_nl": "step", "broader": "bestaat niet"})
    return write(rows)


def test_the_dry_run_reports_per_row_and_stores_nothing(svc, scheme, concepts):
    text = _edited_file(svc, scheme, concepts)
    before = (revision_count(svc), csv_apply.export(svc.catalogue, CURATOR, scheme))
    plan = csv_plan.plan(svc.catalogue, CURATOR, scheme, text)
    by_label = {row.label: row for row in plan.rows}
    assert plan.counts() == {"new": 2, "changed": 1, "unchanged": 2, "error": 2, "conflict": 0}
    fiets = by_label["rijwiel (fiets)"]
    assert (fiets.outcome, fiets.row) == ("changed", 4)  # rows follow the labels
    assert fiets.changes == [csv_read.Change("pref_label_nl", "fiets", "rijwiel (fiets)")]
    auto = by_label["auto"]
    assert auto.outcome == "error"
    assert [(p.field, p.code) for p in auto.problems] == [("editorial_status", "status")]
    assert "vastgesteld" in auto.problems[0].message
    assert by_label["bakfiets"].outcome == "new"
    assert by_label["bakfiets"].new_refs == {"broader": [by_label["vrachtfiets"].row]}
    step = by_label["step"]
    assert [(p.field, p.code, p.detail) for p in step.problems] == [
        ("broader", "unknown", "bestaat niet")]
    assert (revision_count(svc), csv_apply.export(svc.catalogue, CURATOR, scheme)) == before


def test_applying_stores_the_good_rows_and_skips_the_bad(svc, scheme, concepts):
    plan = csv_plan.plan(svc.catalogue, CURATOR, scheme,
                         _edited_file(svc, scheme, concepts))
    summary = csv_apply.apply(svc.catalogue, CURATOR, scheme, plan)
    assert summary.counts() == {"new": 2, "changed": 1, "unchanged": 2, "error": 2,
                                "conflict": 0}
    fiets = svc.catalogue.get_any(uri=concepts["fiets"].uri)
    assert curation.fields_of(fiets)["pref_label_nl"] == "rijwiel (fiets)"
    assert svc.catalogue.revisions(fiets)[0].actor == CURATOR.email
    auto = svc.catalogue.get_any(uri=concepts["auto"].uri)
    assert curation.fields_of(auto)["editorial_status"] == ""
    new = {o.label: o for o in summary.outcomes if o.outcome == "new"}
    bak = svc.catalogue.get_any(uri=new["bakfiets"].uri)
    vracht = svc.catalogue.get_any(uri=new["vrachtfiets"].uri)
    assert (URIRef(bak.uri), SKOS.broader, URIRef(vracht.uri)) in effective_graph(bak)
    assert (URIRef(vracht.uri), SKOS.broader, URIRef(concepts["fiets"].uri)) in \
        effective_graph(vracht)
    assert bak.status == "draft"
    assert curation.find_concepts(svc.catalogue, CURATOR, "step", scheme) == []


def test_a_concept_changed_after_the_dry_run_is_a_conflict(svc, scheme, concepts):
    rows = rows_of(csv_apply.export(svc.catalogue, CURATOR, scheme))
    for row in rows:
        if row["pref_label_nl"] == "fiets":
            row["definition_nl"] = "Uit het bestand."
    dry = csv_plan.plan(svc.catalogue, CURATOR, scheme, write(rows))
    curation.update(svc.catalogue, CURATOR, concepts["fiets"], {"definition_nl": "Intussen."})
    again = csv_plan.plan(svc.catalogue, CURATOR, scheme, write(rows),
                          seen_versions=dry.versions())
    summary = csv_apply.apply(svc.catalogue, CURATOR, scheme, again)
    outcome = next(o for o in summary.outcomes if o.label == "fiets")
    assert outcome.outcome == "conflict"
    fiets = svc.catalogue.get_any(uri=concepts["fiets"].uri)
    assert curation.fields_of(fiets)["definition_nl"] == "Intussen."


def test_an_excel_file_with_semicolons_a_bom_and_only_some_columns(svc, scheme, concepts):
    text = ("\ufeffURI;Pref_Label_EN;Opmerking\r\n"
            f"{concepts['auto'].uri};car;voor de vertaler\r\n"
            f"{concepts['fiets'].uri};'=bicycle;\r\n")
    plan = csv_plan.plan(svc.catalogue, CURATOR, scheme, text.encode("utf-8"))
    assert plan.columns == ["uri", "pref_label_en"]
    assert [w.code for w in plan.warnings] == ["unknown_column"]
    assert [(r.outcome, [c.new for c in r.changes]) for r in plan.rows] == [
        ("changed", ["car"]), ("changed", ["=bicycle"])]
    csv_apply.apply(svc.catalogue, CURATOR, scheme, plan)
    auto = curation.fields_of(svc.catalogue.get_any(uri=concepts["auto"].uri))
    # Columns absent from the file are left alone.
    assert (auto["pref_label_en"], auto["scope_note_nl"]) == (
        "car", "=SOM(A1:A3) is geen formule hier")


def test_a_plain_excel_csv_in_windows_1252_and_commas_are_read(svc, scheme, concepts):
    text = f"uri,definition_nl\r\n{concepts['auto'].uri},Een voertuig (één of meer)\r\n"
    plan = csv_plan.plan(svc.catalogue, CURATOR, scheme, text.encode("cp1252"))
    assert [w.code for w in plan.warnings] == ["windows_1252"]
    assert plan.rows[0].changes[0].new == "Een voertuig (één of meer)"


def test_rows_naming_wrong_records_are_errors(svc, scheme, concepts, add_dataset):
    other = curation.create_scheme(svc.catalogue, CURATOR, {"title_nl": "Anders"})
    elders = curation.create_concept(svc.catalogue, CURATOR, other, {"pref_label_nl": "elders"})
    dataset, _ = add_dataset("tellingen")
    text = write([{"uri": elders.uri, "pref_label_nl": "x"},
                  {"uri": dataset.uri, "pref_label_nl": "y"},
                  {"uri": "https://example.org/niets", "pref_label_nl": "z"},
                  {"uri": "", "pref_label_nl": "fiets"},
                  {"uri": "", "pref_label_nl": "", "definition_nl": "Zonder naam."},
                  {"uri": concepts["auto"].uri, "pref_label_nl": ""}])
    plan = csv_plan.plan(svc.catalogue, CURATOR, scheme, text)
    assert [[p.code for p in r.problems] for r in plan.rows] == [
        ["other_scheme"], ["not_concept"], ["not_found"], ["duplicate_label"], ["label"],
        ["label"]]


def test_new_rows_in_a_broader_cycle_are_refused(svc, scheme):
    text = write([{"pref_label_nl": "kip", "broader": "ei"},
                  {"pref_label_nl": "ei", "broader": "kip"},
                  {"pref_label_nl": "kuiken", "broader": "kip", "related": "haan"},
                  {"pref_label_nl": "haan", "related": "kuiken"}])
    plan = csv_plan.plan(svc.catalogue, CURATOR, scheme, text)
    assert [r.outcome for r in plan.rows] == ["error", "error", "error", "error"]
    assert [p.code for p in plan.rows[2].problems] == ["depends"]
    text = write([{"pref_label_nl": "haan", "related": "kuiken"},
                  {"pref_label_nl": "kuiken", "related": "haan"}])
    summary = csv_apply.apply(svc.catalogue, CURATOR, scheme,
                              csv_plan.plan(svc.catalogue, CURATOR, scheme, text))
    haan, kuiken = (svc.catalogue.get_any(uri=o.uri) for o in summary.outcomes)
    assert curation.fields_of(haan)["related"] == [kuiken.uri]
    assert curation.fields_of(kuiken)["related"] == [haan.uri]


def test_an_oversize_file_is_refused_with_a_clear_message(svc, scheme, monkeypatch):
    with pytest.raises(csv_read.FileRefused) as big:
        csv_plan.plan(svc.catalogue, CURATOR, scheme,
                      b"pref_label_nl\n" + b"x" * (csv_read.MAX_BYTES + 1))
    assert big.value.message == "the file is larger than 10 MB; split it"
    monkeypatch.setattr(csv_read, "MAX_ROWS", 3)
    with pytest.raises(csv_read.FileRefused) as many:
        csv_plan.plan(svc.catalogue, CURATOR, scheme, "pref_label_nl\na\nb\nc\nd\n")
    assert many.value.problem.code == "too_many_rows"
    with pytest.raises(csv_read.FileRefused) as nothing:
        csv_plan.plan(svc.catalogue, CURATOR, scheme, "naam;omschrijving\nfiets;x\n")
    assert nothing.value.problem.code == "no_columns"


# --- pages -------------------------------------------------------------------------------------

def test_anyone_who_sees_the_scheme_downloads_the_concepts_they_may_see(client, scheme,
                                                                        concepts):
    response = client.get(f"/definitions/{scheme.slug}/concepts.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert "fiets" in text and "dienstfiets" not in text
    assert client.get("/definitions/bestaat-niet/concepts.csv").status_code == 404


def test_the_import_page_is_for_curators_only(svc, client, scheme):
    path = f"/definitions/{scheme.slug}/import"
    assert client.get(path).status_code == 404
    sign_in(svc.store, client, "viewer")
    assert client.get(path).status_code == 404
    assert client.post(path, data={"step": "check"}).status_code == 404


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def _hidden(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', html).group(1).replace("&#34;", '"')


def test_a_curator_uploads_sees_the_dry_run_and_stores_it(svc, client, scheme, concepts):
    sign_in(svc.store, client, "curator")
    path = f"/definitions/{scheme.slug}/import"
    page = client.get(path, query_string={"lang": "nl"}).get_data(as_text=True)
    assert '<label for="bestand">' in page
    scheme_page = client.get(f"/definitions/{scheme.slug}").get_data(as_text=True)
    assert path in scheme_page and f"/definitions/{scheme.slug}/concepts.csv" in scheme_page
    text = _edited_file(svc, scheme, concepts)
    before = revision_count(svc)
    response = client.post(path, data={
        "csrf_token": _csrf(page), "step": "check",
        "file": (io.BytesIO(text.encode("utf-8-sig")), "begrippen.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Er is nog niets opgeslagen." in html
    assert "2 nieuw, 1 gewijzigd, 2 ongewijzigd, 2 met fouten" in html
    assert 'role="alert"' in html and 'href="#rij-' in html
    assert "Geen begrip ‘bestaat niet’ in dit begrippenkader of dit bestand." in html
    assert "Geen redactionele status" in html
    assert revision_count(svc) == before
    stored = client.post(path, data={"csrf_token": _csrf(html), "step": "store",
                                     "content": _hidden(html, "content"),
                                     "seen": _hidden(html, "seen")})
    assert stored.status_code == 200
    assert "2 nieuw, 1 gewijzigd, 2 ongewijzigd, 2 met fouten" in stored.get_data(as_text=True)
    fiets = svc.catalogue.get_any(uri=concepts["fiets"].uri)
    assert curation.fields_of(fiets)["pref_label_nl"] == "rijwiel (fiets)"
    assert len(curation.find_concepts(svc.catalogue, CURATOR, "bakfiets", scheme)) == 1


def test_the_import_page_refuses_a_bad_file_and_a_missing_token(svc, client, scheme,
                                                               monkeypatch):
    sign_in(svc.store, client, "curator")
    path = f"/definitions/{scheme.slug}/import"
    token = _csrf(client.get(path).get_data(as_text=True))
    monkeypatch.setattr(csv_read, "MAX_BYTES", 1000)
    for size, status in ((1100, 400), (5000, 413)):  # over the limit; the whole body too
        response = client.post(path, data={
            "csrf_token": token, "step": "check",
            "file": (io.BytesIO(b"pref_label_nl\n" + b"x" * size), "groot.csv")},
            content_type="multipart/form-data")
        assert response.status_code == status
        html = response.get_data(as_text=True)
        assert 'role="alert"' in html and 'aria-describedby="import-fout"' in html
        assert "Het bestand is groter dan" in html
    assert client.post(path, data={"step": "check"}).status_code == 400


# --- the command line --------------------------------------------------------------------------

def test_the_cli_exports_and_imports_with_a_dry_run(app, svc, scheme, concepts, tmp_path):
    runner = app.test_cli_runner()
    exported = runner.invoke(main, ["concepts", "export", scheme.slug])
    assert exported.exit_code == 0, exported.output
    assert exported.stdout.startswith("\ufeffuri;pref_label_nl")
    target = tmp_path / "begrippen.csv"
    assert runner.invoke(main, ["concepts", "export", scheme.slug, str(target)]).exit_code == 0
    target.write_text(_edited_file(svc, scheme, concepts), encoding="utf-8")
    before = revision_count(svc)
    dry = runner.invoke(main, ["concepts", "import", str(target), "--scheme", scheme.slug,
                               "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "row 4: changed rijwiel (fiets)" in dry.stdout
    assert "broader: no concept 'bestaat niet' in this scheme or file" in dry.stdout
    assert dry.stdout.rstrip().endswith(
        "2 new, 1 changed, 2 unchanged, 2 errors (dry run: nothing stored)")
    assert revision_count(svc) == before
    done = runner.invoke(main, ["concepts", "import", str(target), "--scheme", scheme.slug,
                                "--json", "--actor", "bulk@utrecht.test"])
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["counts"] == {"new": 2, "changed": 1, "unchanged": 2, "error": 2,
                                "conflict": 0}
    fiets = svc.catalogue.get_any(uri=concepts["fiets"].uri)
    assert svc.catalogue.revisions(fiets)[0].actor == "bulk@utrecht.test"


def test_the_cli_fails_in_one_line(app, scheme, tmp_path):
    runner = app.test_cli_runner()
    for args in (["concepts", "export", "bestaat-niet"],
                 ["concepts", "import", str(tmp_path / "nee.csv"), "--scheme", scheme.slug]):
        failed = runner.invoke(main, args)
        assert failed.exit_code == 1
        assert failed.stderr.startswith("atlas: ") and len(failed.stderr.splitlines()) == 1
        assert failed.exception is None or isinstance(failed.exception, SystemExit)


def test_a_large_file_is_stored_in_chunks_with_its_hierarchy(svc, scheme):
    # Children listed before their parents and more rows than one chunk: the order of the
    # file does not matter, and every broader link points at its stored concept.
    rows = [{"pref_label_nl": f"begrip {i}", "broader": f"begrip {i // 10}" if i else ""}
            for i in range(1200)]
    text = write(list(reversed(rows)))
    plan = csv_plan.plan(svc.catalogue, CURATOR, scheme, text)
    summary = csv_apply.apply(svc.catalogue, CURATOR, scheme, plan, status="published")
    assert summary.counts().get("new") == 1200
    from atlas.models import Link
    with svc.store.read() as session:
        broader = list(session.exec(select(Link).where(Link.relation == "broader")))
    assert len(broader) == 1199 and all(link.object_id for link in broader)
    assert csv_plan.plan(svc.catalogue, CURATOR, scheme,
                         csv_apply.export(svc.catalogue, CURATOR, scheme)).rows[0].outcome \
        == "unchanged"
