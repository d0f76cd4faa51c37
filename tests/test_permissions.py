"""Permission to act: every write service refuses anonymous callers and viewers, storing nothing."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF
from sqlalchemy import func
from sqlmodel import select

from atlas.access import ANONYMOUS, SYSTEM, Action, Principal, may, require
from atlas.accounts import service as accounts
from atlas.definitions import csv_apply, csv_plan, curation, integrity
from atlas.errors import Forbidden, NotFound
from atlas.harvest import run as harvest_run
from atlas.harvest import sources
from atlas.models import (
    HarvestRun,
    IntegrityCheck,
    IntegrityFinding,
    Observation,
    Outbox,
    Record,
    Revision,
    Role,
    Source,
    User,
)
from atlas.records import RecordInput, transfer, upsert
from tests.conftest import BASE, dataset_input
from vocab.namespaces import ATLAS

ROOT = Path(__file__).resolve().parent.parent
VIEWER = Principal(user_id=2, email="lezer@utrecht.test", role=Role.viewer)
REFUSED = {"anonymous": ANONYMOUS, "viewer": VIEWER}
SEE_ALSO = str(URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"))


class World:
    """Published, public fixture records every refused caller can see, made by SYSTEM."""

    def __init__(self, svc, tmp_path: Path):
        self.svc, self.catalogue, self.store = svc, svc.catalogue, svc.store
        self.tmp_path = tmp_path
        maker = SYSTEM.named("test")
        self.catalogue.upsert(dataset_input("fietspaden", "Fietspaden"), principal=maker)
        self.dataset = self.catalogue.get_any(uri=f"{BASE}/datasets/fietspaden")
        indicator = URIRef(f"{BASE}/indicators/fietsgebruik")
        graph = Graph()
        graph.add((indicator, RDF.type, ATLAS.Indicator))
        graph.add((indicator, DCTERMS.title, Literal("Fietsgebruik", lang="nl")))
        self.catalogue.upsert(RecordInput("indicator", str(indicator), graph,
                                          status="published", access="public"), principal=maker)
        self.indicator = self.catalogue.get_any(uri=str(indicator))
        self.scheme = curation.create_scheme(self.catalogue, maker,
                                             {"title_nl": "Mobiliteit", "title_en": "Mobility"},
                                             status="published")
        self.concept = curation.create_concept(self.catalogue, maker, self.scheme,
                                               {"pref_label_nl": "fiets"}, status="published")
        curation.link_concept(self.catalogue, maker, self.dataset, self.concept)
        self.dataset = self.catalogue.get_any(uri=self.dataset.uri)
        self.source = sources.add_source(self.store, name="partner",
                                         url="https://partner.test/catalog.ttl", principal=SYSTEM)
        accounts.add_user(self.store, "redactie@utrecht.test", "curator", "geheim123",
                          principal=SYSTEM)
        self.export = tmp_path / "catalogue.trig"
        transfer.export(self.catalogue, self.export)
        self.local = tmp_path / "local.ttl"
        self.local.write_text(f"<{BASE}/datasets/nieuw> a <http://www.w3.org/ns/dcat#Dataset> ;"
                              f' <http://purl.org/dc/terms/title> "Nieuw"@nl .\n')

    def counts(self) -> dict[str, int]:
        """Return how many rows each table a write could touch holds."""
        with self.store.read() as session:
            return {model.__name__: session.exec(select(func.count()).select_from(model)).one()
                    for model in (Record, Revision, Outbox, Observation, User, Source,
                                  HarvestRun, IntegrityCheck, IntegrityFinding)}

    def plan(self):
        return csv_plan.plan(self.catalogue, SYSTEM, self.scheme,
                             "pref_label_nl;definition_nl\nstep;Een autoped.\n")


def _new_dataset(slug: str) -> RecordInput:
    return dataset_input(slug, "Nieuw")


# Every write service, each called on the fixture records by principal `p`.
WRITE_SERVICES = {
    "atlas.records.service:Catalogue.upsert": lambda w, p: w.catalogue.upsert(
        _new_dataset("nieuw"), principal=p),
    "atlas.records.service:Catalogue.upsert (existing)": lambda w, p: w.catalogue.upsert(
        dataset_input("fietspaden", "Anders"), principal=p),
    "atlas.records.service:Catalogue.upsert (harvest)": lambda w, p: w.catalogue.upsert(
        _new_dataset("nieuw"), principal=p, source_id=w.source.id),
    "atlas.records.service:Catalogue.upsert_many": lambda w, p: w.catalogue.upsert_many(
        [_new_dataset("nieuw"), dataset_input("fietspaden", "Anders")], principal=p),
    "atlas.records.upsert:upsert_many": lambda w, p: upsert.upsert_many(
        w.store, [_new_dataset("nieuw")], principal=p),
    "atlas.records.service:Catalogue.edit": lambda w, p: w.catalogue.edit(
        w.dataset.id, {SEE_ALSO: [{"type": "uri", "value": "https://x.test/"}]}, principal=p),
    "atlas.records.service:Catalogue.set_state": lambda w, p: w.catalogue.set_state(
        w.dataset.id, principal=p, access_level="internal"),
    "atlas.records.service:Catalogue.withdraw": lambda w, p: w.catalogue.withdraw(
        w.dataset.id, principal=p),
    "atlas.records.service:Catalogue.link": lambda w, p: w.catalogue.link(
        w.dataset.id, SEE_ALSO, w.indicator.uri, principal=p),
    "atlas.records.service:Catalogue.unlink": lambda w, p: w.catalogue.unlink(
        w.dataset.id, str(DCTERMS.subject), w.concept.uri, principal=p),
    "atlas.records.service:Catalogue.replace_observations":
        lambda w, p: w.catalogue.replace_observations(
            w.indicator.id, [{"period": "2024", "area_code": "GM0344", "value": 1}], principal=p),
    "atlas.records.service:Catalogue.withdraw_vanished":
        lambda w, p: w.catalogue.withdraw_vanished([w.dataset.id], principal=p),
    "atlas.records.service:Catalogue.refresh_rows": lambda w, p: w.catalogue.refresh_rows(
        principal=p),
    "atlas.definitions.curation:create_scheme": lambda w, p: curation.create_scheme(
        w.catalogue, p, {"title_nl": "Water", "title_en": "Water"}),
    "atlas.definitions.curation:create_concept": lambda w, p: curation.create_concept(
        w.catalogue, p, w.scheme, {"pref_label_nl": "step"}),
    "atlas.definitions.curation:concept_input": lambda w, p: curation.concept_input(
        w.catalogue, p, w.scheme, {"pref_label_nl": "step"}, slug="step"),
    "atlas.definitions.curation:update": lambda w, p: curation.update(
        w.catalogue, p, w.concept, {"definition_nl": "Een rijwiel."}),
    "atlas.definitions.curation:set_editorial_status":
        lambda w, p: curation.set_editorial_status(w.catalogue, p, w.concept, "vastgesteld"),
    "atlas.definitions.curation:link_concept": lambda w, p: curation.link_concept(
        w.catalogue, p, w.indicator, w.concept),
    "atlas.definitions.curation:unlink_concept": lambda w, p: curation.unlink_concept(
        w.catalogue, p, w.dataset, w.concept),
    "atlas.definitions.csv_plan:plan": lambda w, p: csv_plan.plan(
        w.catalogue, p, w.scheme, "pref_label_nl\nstep\n"),
    "atlas.definitions.csv_apply:apply": lambda w, p: csv_apply.apply(
        w.catalogue, p, w.scheme, w.plan()),
    "atlas.definitions.integrity:check_scheme": lambda w, p: integrity.check_scheme(
        w.store, w.scheme.id, principal=p),
    "atlas.definitions.integrity:check_unschemed": lambda w, p: integrity.check_unschemed(
        w.store, principal=p),
    "atlas.definitions.integrity:check_stale": lambda w, p: list(integrity.check_stale(
        w.store, principal=p, limit=None)),
    "atlas.harvest.run:harvest": lambda w, p: harvest_run.harvest(
        w.store, w.catalogue, w.svc_config, principal=p, location=str(w.local)),
    "atlas.harvest.sources:add_source": lambda w, p: sources.add_source(
        w.store, name="ander", url="https://ander.test/catalog.ttl", principal=p),
    "atlas.harvest.sources:remove_source": lambda w, p: sources.remove_source(
        w.store, "partner", principal=p),
    "atlas.accounts.service:add_user": lambda w, p: accounts.add_user(
        w.store, "nieuw@utrecht.test", "admin", "geheim123", principal=p),
    "atlas.accounts.service:set_role": lambda w, p: accounts.set_role(
        w.store, "redactie@utrecht.test", "admin", principal=p),
    "atlas.accounts.service:set_password": lambda w, p: accounts.set_password(
        w.store, "redactie@utrecht.test", "overgenomen", principal=p),
    "atlas.accounts.service:disable": lambda w, p: accounts.disable(
        w.store, "redactie@utrecht.test", principal=p),
    "atlas.accounts.service:end_sessions": lambda w, p: accounts.end_sessions(
        w.store, 1, principal=p),
    "atlas.records.transfer:import_": lambda w, p: transfer.import_(
        w.catalogue, w.export, principal=p),
}

# Functions that write without asking, and why that is right: none acts for a caller.
SYSTEM_PATHS = {
    # The store's one way to open a write session (joining the unit of work): what services call.
    "atlas.db:Store.write": "the store itself",
    # The projector applies what the services already committed (the outbox).
    "atlas.rdfstore.projector:Projector._drain": "projection of committed changes",
    "atlas.rdfstore.projector:Projector.rebuild": "projection of committed changes",
    # Sign-in bookkeeping for anonymous callers: counting failures is no action of theirs.
    "atlas.accounts.throttle:record_failure": "sign-in throttle",
    "atlas.accounts.throttle:record_success": "sign-in throttle",
    # A harvest run's own bookkeeping, reached only from `harvest` after it asked, and from
    # `atlas serve` marking the runs a crash left behind.
    "atlas.harvest.run:resolve_source": "harvest run bookkeeping",
    "atlas.harvest.runs:start": "harvest run bookkeeping",
    "atlas.harvest.runs:checkpoint": "harvest run bookkeeping",
    "atlas.harvest.runs:_interrupt": "harvest run bookkeeping",
}


@pytest.fixture
def world(app, svc, tmp_path):
    made = World(svc, tmp_path)
    made.svc_config = dict(app.config)
    return made


@pytest.mark.parametrize("who", sorted(REFUSED))
@pytest.mark.parametrize("name", sorted(WRITE_SERVICES))
def test_every_write_service_refuses_anonymous_and_viewer_and_stores_nothing(world, name, who):
    before = world.counts()
    with pytest.raises((NotFound, Forbidden)):
        WRITE_SERVICES[name](world, REFUSED[who])
    assert world.counts() == before


@pytest.mark.parametrize("name", ["atlas.records.service:Catalogue.edit",
                                  "atlas.definitions.curation:update",
                                  "atlas.accounts.service:set_role",
                                  "atlas.harvest.sources:add_source"])
def test_the_same_calls_go_through_for_the_system(world, name):
    WRITE_SERVICES[name](world, SYSTEM.named("test"))


def test_hidden_records_answer_not_found_visible_ones_forbidden(world):
    world.catalogue.set_state(world.dataset.id, principal=SYSTEM, status="draft")
    with pytest.raises(NotFound):
        world.catalogue.withdraw(world.dataset.id, principal=VIEWER)
    with pytest.raises(Forbidden):
        world.catalogue.withdraw(world.indicator.id, principal=VIEWER)


def test_may_and_require_follow_the_roles():
    curator = Principal(user_id=3, email="c@x", role=Role.curator)
    admin = Principal(user_id=4, email="a@x", role=Role.admin)
    assert may(ANONYMOUS, Action.see) and not may(ANONYMOUS, Action.curate)
    assert may(curator, Action.edit) and not may(curator, Action.harvest)
    assert may(admin, Action.manage_sources) and not may(admin, Action.maintain)
    assert may(SYSTEM, Action.maintain)
    assert SYSTEM.named("atlas harvest").is_system
    with pytest.raises(Forbidden):
        require(VIEWER, Action.edit)


def _writers() -> set[str]:
    """Return every function in atlas/ that opens a write session, as `module:Class.name`."""
    found = set()
    for path in sorted((ROOT / "atlas").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for scope, function in _functions(tree):
            if any(_opens_write(node) for node in ast.walk(function)):
                found.add(f"{module}:{scope}{function.name}")
    return found


def _functions(tree: ast.Module):
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield "", node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    yield f"{node.name}.", item


def _opens_write(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return False
    if node.func.attr == "write" and not node.args:
        return True
    return node.func.attr == "unit" and any(
        k.arg == "write" and isinstance(k.value, ast.Constant) and k.value.value
        for k in node.keywords)


def _callers(name: str, module_path: Path) -> set[str]:
    """Return the functions of the module that call a private function by its bare name."""
    module = ".".join(module_path.relative_to(ROOT).with_suffix("").parts)
    short = name.rsplit(".", 1)[-1]
    out = set()
    for scope, function in _functions(ast.parse(module_path.read_text(encoding="utf-8"))):
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and (
                    (isinstance(node.func, ast.Name) and node.func.id == short)
                    or (isinstance(node.func, ast.Attribute) and node.func.attr == short)):
                out.add(f"{module}:{scope}{function.name}")
    return out


def test_every_function_that_writes_asks_or_is_a_documented_system_path():
    asked = {name.split(" ")[0] for name in WRITE_SERVICES} | set(SYSTEM_PATHS)
    writers = _writers()
    assert set(SYSTEM_PATHS) <= writers, "a documented system path no longer writes: update it"
    # A private writer is covered when every function calling it is.
    covered, changed = set(asked), True
    while changed:
        changed = False
        for name in writers - covered:
            module, function = name.split(":")
            if not function.rsplit(".", 1)[-1].startswith("_"):
                continue
            path = ROOT / (module.replace(".", "/") + ".py")
            callers = _callers(function, path)
            if callers and callers <= covered:
                covered.add(name)
                changed = True
    assert sorted(writers - covered) == []
