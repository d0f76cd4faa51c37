"""Hostile input over every route of the demo instance: never a 5xx, and nothing stored changes.

The routes come from the app's URL map, so a new route is covered without touching this file.
Which query parameters and form fields a view reads is found by asking it: each route is
called with a parameter store that records the names the view looks up (also through
`to_dict`, as CKAN's actions read them), and the OpenAPI document adds its names. Every
name then gets every hostile string, as an anonymous caller and as a signed-in curator (form
posts with a valid CSRF token). Hypothesis adds generated search words and numbers, with a
fixed seed so CI is repeatable. A summary line gives the number of requests and of 5xx.
"""

from __future__ import annotations

import secrets
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlmodel import select
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.routing.converters import AnyConverter

from atlas.models import Kind, Record, Status, User
from atlas.web.partners import ckan

SURROGATE = "%ED%A0%80"  # a lone surrogate (U+D800) as UTF-8 would spell it: already encoded
HOSTILE = {
    "empty": "", "huge": "a" * 200_000, "NUL": "a\x00b", "lone surrogate": SURROGATE,
    "RTL override": "\u202eevil", "path traversal": "../../etc/passwd", "percent": "%",
    "lucene all": "*:*", "dangling AND": "a AND", "lucene": 'title:(x OR y)~2^3 -[* TO *] "',
    "SQL": "' OR '1'='1' --", "like": "%_%\\", "1e400": "1e400", "-1": "-1", "0": "0",
    "10**30": str(10**30), "superscript": "²", "json list": "[]", "json object": "{}",
    "unicode": "ünïcødé ✓ 中文 😀 ﬁ", "CRLF": "a\r\nSet-Cookie: x=1",
    "HTML": "<script>alert(1)</script>", "stop words": "de het een van",
    "URL": "http://127.0.0.1:1/",
}
# Posts that end the session they would fuzz, or belong to the anonymous pass.
NOT_AS_CURATOR = {"auth.logout", "auth.login"}
CURATOR_EMAIL = "fuzz-curator@utrecht.test"
# Forms that create a record from any acceptable text: one field that is never acceptable
# goes with every fuzzed field (and the required names are left out when it is the fuzzed
# one), so the sweep reaches their validation without adding to the shared demo instance.
SPOILERS = {"curate.new_scheme": ("publisher", "geen webadres"),
            "curate.new_concept": ("exact_match", "geen webadres")}


def encoded(value: str) -> str:
    """Return a value percent-encoded for a query string or form (the surrogate as it is)."""
    return value if value == SURROGATE else quote(value, safe="")


class Recorder(ImmutableMultiDict):
    """A request's parameters that remember which names the view asked for."""

    asked: set[str] = set()

    def __getitem__(self, key):
        Recorder.asked.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        Recorder.asked.add(key)
        return super().__contains__(key)

    def getlist(self, key, type=None):  # noqa: A002 - werkzeug's signature
        Recorder.asked.add(key)
        return super().getlist(key, type)

    def to_dict(self, flat=True):
        """Return the parameters as a dict that goes on recording (CKAN reads them so)."""
        return AskedDict(super().to_dict(flat))


class AskedDict(dict):
    """A plain dict of parameters that records the names looked up in it."""

    def get(self, key, default=None):
        Recorder.asked.add(key)
        return super().get(key, default)

    def __getitem__(self, key):
        Recorder.asked.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        Recorder.asked.add(key)
        return super().__contains__(key)


@dataclass
class Tally:
    """Requests sent and the ones answered with a 5xx."""

    requests: int = 0
    failures: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    by_endpoint: Counter = field(default_factory=Counter)
    hidden: set[str] = field(default_factory=set)  # endpoints anonymous callers get 404 from

    def send(self, client, method: str, path: str, query: str = "", form: str | None = None):
        self.requests += 1
        url = f"{path}?{query}" if query else path
        if form is None:
            response = client.open(url, method=method)
        else:
            response = client.open(url, method=method, data=form,
                                   content_type="application/x-www-form-urlencoded")
        if response.status_code >= 500:
            self.failures.append(f"{response.status_code} {method} {url[:160]!r} "
                                 f"form={form[:160] if form else None!r}")
        return response


def _examples(svc) -> dict[str, str]:
    """Return the slug of one published public record of each kind of the demo."""
    found = {}
    with svc.store.read() as session:
        for kind in (Kind.dataset, Kind.conceptscheme, Kind.concept, Kind.indicator,
                     Kind.organisation, Kind.dataservice):
            found[kind] = session.exec(select(Record.slug).where(
                Record.kind == kind, Record.status == Status.published,
                Record.access == "public").order_by(Record.id)).first()
    return found


SECTION_KIND = {"datasets": Kind.dataset, "definitions": Kind.conceptscheme,
                "indicators": Kind.indicator, "organisations": Kind.organisation,
                "dataservices": Kind.dataservice}


def _paths(rule, examples: dict[str, str], every_section: bool = True,
           ) -> Iterator[tuple[dict, str]]:
    """Yield a rule's arguments filled with demo records, and the path they make."""
    choices: list[dict[str, str]] = [{}]
    for name in sorted(rule.arguments - set(rule.defaults or {})):
        converter = rule._converters[name]
        if isinstance(converter, AnyConverter):
            options = sorted(converter.items)[:None if every_section else 1]
        elif rule.endpoint == "ckan.action":
            options = sorted(ckan.ACTIONS)
        elif rule.endpoint.startswith("admin."):
            options = ["demo"]
        elif rule.endpoint == "api_definitions.concept":
            options = [examples[Kind.concept]]
        elif rule.endpoint == "static":
            options = ["atlas.css"]
        else:
            options = [None]  # the record of the section, or a scheme below /definitions
        choices = [dict(c, **{name: o}) for c in choices for o in options]
    for args in choices:
        kind = SECTION_KIND.get(args.get("section"), Kind.conceptscheme)
        args = {name: examples[kind] if value is None else value
                for name, value in args.items()}
        if None not in args.values():
            yield args, rule.build(args, append_unknown=False)[1]


def _openapi_parameters(client) -> dict[str, set[str]]:
    document = client.get("/api/v1/openapi.json").get_json()
    return {path: {p["name"] for op in item.values() if isinstance(op, dict)
                   for p in op.get("parameters", [])}
            for path, item in document.get("paths", {}).items()}


def _asked(tally: Tally, client, method: str, path: str, form_base: str | None) -> set[str]:
    """Return the parameter names the view reads, asking it twice (empty, then filled)."""
    Recorder.asked = set()
    if tally.send(client, method, path, form=form_base).status_code == 404:
        tally.hidden.add(path)
    first = set(Recorder.asked)
    # Any name at 1, but a stale version: a form that gets through still changes nothing.
    filled = "&".join(f"{encoded(n)}={'0' if n == 'version' else '1'}" for n in sorted(first))
    if method == "GET":
        tally.send(client, method, path, query=filled)
    else:
        tally.send(client, method, path, form="&".join(filter(None, (form_base, filled))))
    return first | Recorder.asked


def _snapshot(svc) -> dict:
    with svc.store.read() as session:
        return {r.id: (r.version, r.status, r.access, r.content_hash, r.title)
                for r in session.exec(select(Record))}


def signed_in_curator(app: Flask):
    """Return a test client signed in as a curator, with a CSRF token in its session."""
    store = app.extensions["atlas"].store
    with store.write() as session:
        user = session.exec(select(User).where(User.email == CURATOR_EMAIL)).first()
        if user is None:
            user = User(email=CURATOR_EMAIL, role="curator")
            session.add(user)
            session.flush()
        user_id, session_version = user.id, getattr(user, "session_version", None)
    client = app.test_client()
    token = secrets.token_urlsafe(16)
    with client.session_transaction() as session:
        session["user_id"] = user_id
        if session_version is not None:
            session["session_version"] = session_version
        session["csrf"] = token
    return client, token


def _sweep(app: Flask, tally: Tally, client, methods: set[str], token: str | None,
           skip: set[str], only_get: set[str] | None = None) -> None:
    """Send every hostile string to every parameter of every route, for one caller."""
    svc = app.extensions["atlas"]
    examples = _examples(svc)
    openapi = _openapi_parameters(client)
    done = set()
    for rule in app.url_map.iter_rules():
        for method in sorted((rule.methods or set()) & methods):
            skipped = {rule.endpoint, f"{method} {rule.endpoint}"} & skip
            if (rule.endpoint, method) in done or skipped:
                continue
            if method == "GET" and only_get is not None and rule.endpoint not in only_get:
                continue
            done.add((rule.endpoint, method))
            # A form posts to the same view from every section: one section is enough.
            for args, path in _paths(rule, examples, every_section=method == "GET"):
                before = tally.requests
                _sweep_path(tally, client, method, path, rule, token, openapi)
                tally.by_endpoint[f"{method} {rule.endpoint}"] += tally.requests - before
                if method == "GET":
                    _sweep_arguments(tally, client, rule, args)


def _sweep_path(tally: Tally, client, method: str, path: str, rule, token: str | None,
                openapi: dict) -> None:
    """Send every hostile string to each parameter a route reads, one at a time."""
    form_base = f"csrf_token={token}" if method == "POST" and token else None
    names = _asked(tally, client, method, path, form_base)
    names |= openapi.get(path, set()) | openapi.get(rule.rule.replace("<", "{")
                                                    .replace(">", "}"), set())
    if method == "POST":
        names.add("version")
    for name in sorted(names):
        extra = ""
        if method == "POST":
            # A stale version beside every other field: a form that gets through changes nothing.
            spoiler, bad = SPOILERS.get(rule.endpoint, (None, ""))
            extra = "" if spoiler in (None, name) else f"&{spoiler}={quote(bad)}"
            extra += "" if name == "version" else "&version=0"
        for value in HOSTILE.values():
            pair = f"{encoded(name)}={encoded(value)}"
            if method == "GET":
                tally.send(client, method, path, query=pair)
            else:
                tally.send(client, method, path, form=f"{form_base or ''}&{pair}{extra}")


def _sweep_arguments(tally: Tally, client, rule, args: dict[str, str]) -> None:
    """Send every hostile string in place of each free path argument (a slug, a name)."""
    for name in sorted(args):
        if isinstance(rule._converters[name], AnyConverter) or rule.endpoint == "static":
            continue
        for value in HOSTILE.values():
            if value.strip() and len(value) < 10_000:
                tally.send(client, "GET", rule.build({**args, name: value},
                                                     append_unknown=False)[1])


@pytest.fixture
def recording(demo_app, monkeypatch):
    """Make the demo app's requests record the parameter names their views read."""
    class RecordingRequest(demo_app.request_class):
        parameter_storage_class = Recorder

    monkeypatch.setattr(demo_app, "request_class", RecordingRequest)
    return demo_app


def test_no_route_answers_hostile_input_with_a_5xx_or_changes_what_is_stored(recording,
                                                                            capsys):
    app = recording
    svc = app.extensions["atlas"]
    before = _snapshot(svc)
    tally = Tally()
    # CKAN's actions read a post as they read a query string: swept once, by GET.
    _sweep(app, tally, app.test_client(), {"GET", "POST"}, None,
           skip={"static", "POST ckan.action"})
    anonymous = tally.requests
    client, token = signed_in_curator(app)
    # As a curator: every form, and the pages anonymous callers were refused or that show
    # staff more (drafts, the status facet); the rest answer the same code as above.
    staff_pages = {rule.endpoint for rule in app.url_map.iter_rules()
                   if any(rule.build(a, append_unknown=False)[1] in tally.hidden
                          for a, _ in _paths(rule, _examples(svc)))}
    _sweep(app, tally, client, {"GET", "POST"}, token,
           skip={"static", "ckan.action", *NOT_AS_CURATOR},
           only_get=staff_pages | {"pages.search", "api.search", "feed.catalog"})
    svc.projector.kick(wait=True)
    seconds = time.monotonic() - tally.started
    with capsys.disabled():  # the lead reports these figures: shown without -s or -rA
        print(f"\nfuzz: {tally.requests} requests ({anonymous} anonymous, "
              f"{tally.requests - anonymous} as a curator), {len(tally.failures)} answered "
              f"5xx, {seconds:.0f} s")
        print("fuzz: most requests:", ", ".join(f"{e} {n}" for e, n in
                                                tally.by_endpoint.most_common(8)))
    assert not tally.failures, "\n".join(tally.failures[:40])
    assert _snapshot(svc) == before


SEARCH_PATHS = ("/search", "/api/v1/search", "/api/v1/search.csv", "/api/v1/suggest",
                "/catalog", "/api/3/action/package_search")


@settings(derandomize=True, max_examples=60, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(words=st.text(min_size=1, max_size=40), number=st.one_of(
    st.integers(), st.floats().map(repr), st.text(max_size=12)))
def test_generated_words_and_numbers_never_make_a_5xx(demo_app, words, number):
    client = demo_app.test_client()
    number = str(number)
    for path in SEARCH_PATHS:
        for query in (f"q={encoded(words)}", f"page={encoded(number)}&rows={encoded(number)}"):
            response = client.get(f"{path}?{query}")
            assert response.status_code < 500, (path, query)
