"""Count database sessions and SQL statements per page request on the Atlas demo content.

Usage:  REPO/.venv/bin/python measure_requests.py REPO [--json OUT.json] [--repeat N]
            [--demo-loader MODULE:FUNC] [--sign-in MODULE:FUNC]

Run it with the repository's own interpreter (the venv), from anywhere; REPO is put first on
sys.path. It builds an app the way tests/conftest.py's `demo_app` fixture does (create_app on a
temporary instance folder, store.upgrade(), the demo loader on the catalogue service,
projector.kick(wait=True)), then requests each page N times (default 3) and reports every
request; the headline figure is the SECOND request (the first fills per-process caches: the
shape cache, the whoosh searcher, the Oxigraph snapshot, a stale integrity check...).

What is counted, in the requesting thread only (the projector thread is left out):
  statements  every DBAPI cursor execute (SQLAlchemy `before_cursor_execute`, listened on the
              Engine class, so every engine and option-engine the app makes), by first keyword;
              this includes the `BEGIN DEFERRED/IMMEDIATE` Atlas issues itself on SQLite, but not
              COMMIT/ROLLBACK (DBAPI calls) nor the PRAGMAs run on a new raw connection.
  sessions    every ORM Session constructed (a wrapper on sqlalchemy.orm.Session.__init__, which
              sqlmodel's Session inherits), and every Session transaction that began on a
              connection (the `after_begin` session event): "opened" vs "touched the database".
  store       calls of Store.read() / Store.write() when a class with those names is found on
              the app's services (wrapped on the instance; informational).
  connections pool checkouts (`checkout` pool event).

Layout independence: the app comes from `atlas.create_app`; the demo loader is found by reading
the `demo_app` fixture in REPO/tests/conftest.py (its `from X import Y` inside the fixture, or
at module level), override with --demo-loader. Signing in uses `sign_in(store, client, role)`
from tests/conftest.py, override with --sign-in. Pages are found with plain SQL on the `record`
and `concept` tables (adjust PAGE_QUERIES if those tables are renamed).
"""

from __future__ import annotations

import argparse
import ast
import collections
import importlib
import json
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

DEMO_BASE = "http://127.0.0.1:8000"

# name -> (role or None, SQL returning a path, or a fixed path)
PAGE_QUERIES = {
    "dataset page (anonymous)": (None, "sql:SELECT '/datasets/' || r.slug FROM record r "
        "JOIN dataset d ON d.id = r.id WHERE r.status = 'published' AND r.access = 'public' "
        "ORDER BY (SELECT count(*) FROM distribution x WHERE x.dataset_id = r.id) DESC, r.id "
        "LIMIT 1"),
    "dataset page (curator)": ("curator", "same:dataset page (anonymous)"),
    "concept page (curator, with editorial status)": ("curator",
        "sql:SELECT '/definitions/' || r.slug FROM record r JOIN concept c ON c.id = r.id "
        "WHERE r.status = 'published' AND r.access = 'public' AND c.editorial_status != '' "
        "AND c.scheme_id IS NOT NULL ORDER BY r.id LIMIT 1"),
    "concept page (anonymous)": (None, "same:concept page (curator, with editorial status)"),
    "search page /search?q=grondwater (anonymous)": (None, "/search?q=grondwater"),
    "search page /search?q=grondwater (curator)": ("curator", "/search?q=grondwater"),
}


def find_demo_loader(repo: Path) -> str:
    """Return 'module:function' of the loader the demo_app fixture calls."""
    tree = ast.parse((repo / "tests" / "conftest.py").read_text())
    imported: dict[str, str] = {}
    fixture = None
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                imported[alias.asname or alias.name] = f"{node.module}:{alias.name}"
        if isinstance(node, ast.FunctionDef) and node.name == "demo_app":
            fixture = node
    if fixture is None:
        raise SystemExit("no demo_app fixture in tests/conftest.py: pass --demo-loader")
    local = {}
    for node in ast.walk(fixture):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                local[alias.asname or alias.name] = f"{node.module}:{alias.name}"
    for node in ast.walk(fixture):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            name = node.func.id
            if name in local and "demo" in local[name]:
                return local[name]
            if name in imported and "demo" in imported[name]:
                return imported[name]
    raise SystemExit("could not find the demo loader in demo_app: pass --demo-loader")


def resolve(spec: str):
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


class Counter:
    """Per-request counters, fed by SQLAlchemy events in the measuring thread."""

    def __init__(self):
        self.thread = threading.get_ident()
        self.active = False
        self.reset()

    def reset(self):
        self.statements = collections.Counter()
        self.sessions_created = 0
        self.sessions_begun = 0
        self.store_calls = collections.Counter()
        self.checkouts = 0
        self.openers = collections.Counter()

    def opener(self) -> str:
        """Return the innermost repository frame (outside db.py) that opened a session."""
        import traceback
        frames = traceback.extract_stack()[:-3]
        for frame in reversed(frames):
            path = Path(frame.filename)
            if path.is_relative_to(self.repo) and path.name != "db.py" \
                    and "tests" not in path.parts:
                return f"{path.relative_to(self.repo)}:{frame.lineno} {frame.name}"
        return "?"

    def mine(self) -> bool:
        return self.active and threading.get_ident() == self.thread

    def install(self, services):
        from sqlalchemy import event
        from sqlalchemy.engine import Engine
        from sqlalchemy.orm import Session
        from sqlalchemy.pool import Pool

        counter = self

        @event.listens_for(Engine, "before_cursor_execute")
        def _stmt(conn, cursor, statement, parameters, context, executemany):
            if counter.mine():
                counter.statements[statement.lstrip().split(None, 1)[0].upper()] += 1

        @event.listens_for(Session, "after_begin")
        def _begin(session, transaction, connection):
            if counter.mine():
                counter.sessions_begun += 1

        @event.listens_for(Pool, "checkout")
        def _checkout(dbapi_conn, record, proxy):
            if counter.mine():
                counter.checkouts += 1

        original_init = Session.__init__

        def counting_init(self, *args, **kwargs):
            if counter.mine():
                counter.sessions_created += 1
                counter.openers[counter.opener()] += 1
            original_init(self, *args, **kwargs)

        Session.__init__ = counting_init

        store = getattr(services, "store", None)
        for name in ("read", "write"):
            method = getattr(store, name, None)
            if method is None:
                continue

            def wrap(method=method, name=name):
                @contextmanager
                def wrapped(*args, **kwargs):
                    if counter.mine():
                        counter.store_calls[name] += 1
                    with method(*args, **kwargs) as session:
                        yield session
                return wrapped

            setattr(store, name, wrap())

    def snapshot(self) -> dict:
        return {"statements": sum(self.statements.values()),
                "by_keyword": dict(self.statements.most_common()),
                "sessions_created": self.sessions_created,
                "sessions_begun": self.sessions_begun,
                "store_read": self.store_calls["read"], "store_write": self.store_calls["write"],
                "pool_checkouts": self.checkouts,
                "opened_by": dict(self.openers.most_common())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--demo-loader", help="module:function, default: read from conftest")
    parser.add_argument("--sign-in", default="tests.conftest:sign_in")
    parser.add_argument("--workdir", type=Path, default=Path(__file__).resolve().parent,
                        help="where the temporary instance folder goes (removed afterwards)")
    parser.add_argument("--keep", action="store_true", help="keep the instance folder")
    args = parser.parse_args()
    repo = args.repo.resolve()
    sys.path.insert(0, str(repo))

    import atlas
    from atlas import create_app

    if not Path(atlas.__file__).resolve().is_relative_to(repo):
        raise SystemExit(f"atlas imported from {atlas.__file__}, not from {repo}")
    import subprocess
    head = subprocess.run(["git", "-C", str(repo), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True).stdout.strip() or ((repo / "COMMIT").read_text().strip() + " (snapshot)" if (repo / "COMMIT").exists() else "(no git)")

    loader_spec = args.demo_loader or find_demo_loader(repo)
    load = resolve(loader_spec)
    sign_in = resolve(args.sign_in)

    instance = tempfile.mkdtemp(prefix="atlas-measure-", dir=args.workdir)
    app = create_app({"TESTING": True, "INSTANCE_PATH": instance, "BASE_URI": DEMO_BASE,
                      "SECRET_KEY": "t"})
    svc = app.extensions["atlas"]
    svc.store.upgrade()
    started = time.monotonic()
    counts = load(svc.catalogue)
    svc.projector.kick(wait=True)
    load_seconds = time.monotonic() - started

    paths = {}
    from sqlalchemy import text
    with svc.store.engine.connect() as conn:
        for name, (_role, how) in PAGE_QUERIES.items():
            if how.startswith("sql:"):
                paths[name] = conn.execute(text(how[4:])).scalar_one()
            elif how.startswith("same:"):
                paths[name] = paths[how[5:]]
            else:
                paths[name] = how

    clients = {None: app.test_client()}
    curator = app.test_client()
    sign_in(svc.store, curator, "curator")
    clients["curator"] = curator

    counter = Counter()
    counter.repo = repo
    counter.install(svc)
    results = {}
    for name, (role, _how) in PAGE_QUERIES.items():
        runs = []
        for _ in range(args.repeat):
            counter.reset()
            counter.active = True
            t0 = time.monotonic()
            response = clients[role].get(paths[name], headers={"Accept": "text/html"})
            elapsed = time.monotonic() - t0
            counter.active = False
            run = counter.snapshot()
            run["status"] = response.status_code
            run["ms"] = round(elapsed * 1000)
            runs.append(run)
        results[name] = {"path": paths[name], "runs": runs}

    report = {"repo": str(repo), "commit": head, "demo_loader": loader_spec, "demo_counts": counts,
              "demo_load_seconds": round(load_seconds, 1), "pages": results,
              "note": "headline = runs[1], the second request of each page"}
    print(f"repo {repo} at {head}; atlas from {atlas.__file__}")
    print(f"demo loaded by {loader_spec} in {load_seconds:.0f}s: {counts}")
    print(f"{'page':48} {'path':44} req status sess(new/begun) read/write stmts  ms  by keyword")
    for name, result in results.items():
        for i, run in enumerate(result["runs"], 1):
            print(f"{name[:48]:48} {result['path'][:44]:44} {i:>3} {run['status']:>6} "
                  f"{run['sessions_created']:>5}/{run['sessions_begun']:<5} "
                  f"{run['store_read']:>4}/{run['store_write']:<4} {run['statements']:>5} "
                  f"{run['ms']:>4}  {run['by_keyword']}")
    print("\nwho opened the sessions of the second request of each page:")
    for name, result in results.items():
        run = result["runs"][min(1, len(result["runs"]) - 1)]
        print(f"  {name}:")
        for where, n in run["opened_by"].items():
            print(f"    {n} x {where}")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    svc.store.dispose()
    if not args.keep:
        import shutil
        shutil.rmtree(instance, ignore_errors=True)
    else:
        print(f"instance kept in {instance}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
