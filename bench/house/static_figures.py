"""Static before/after figures for issue 11 ("The house"), printed as Markdown.

Usage:  python static_figures.py REPO [--packages atlas atlas/web ...] [--top 15]

Read-only: walks REPO's source with `ast` and regular expressions, imports nothing from it.
Sections:
  1. modules and lines per package (a package's own .py files, and with its subpackages);
  2. the largest modules;
  3. every import inside a function in atlas/ (file:line, what it imports), and whether it hides
     a cycle: the imported first-party module reaches the importing module through module-level
     imports (so hoisting it would make a cycle), or through all imports (module-level plus
     function-level: a cycle the function-level imports complete between them);
  4. module-level import cycles (strongly connected components), if any;
  5. inventories by pattern: hand-made role/permission checks, record_filter uses, and every
     place a database session is opened.
Test count is not here (it needs pytest): see measure_tests.sh.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from collections import defaultdict
from pathlib import Path

FIRST_PARTY = ("atlas", "vocab", "importers")
DEFAULT_PACKAGES = ["atlas", "atlas/web", "atlas/demo", "atlas/migrations", "vocab", "importers"]

INVENTORIES = {
    "role and permission checks by hand": [
        r"\bhas_role\(", r"\brole\s*(==|!=|\bin\b|\bnot in\b)", r"\bRole\.\w+",
        r"\brequire\w*\(", r"abort\(\s*40[134]", r"raise\s+(Forbidden|NotFound)\b",
        r"\bis_anonymous\b", r"\bcan_(see|edit|do|act)\w*\(",
    ],
    "record_filter applied": [r"\brecord_filter\("],
    "database sessions opened": [
        r"\bstore\.read\(\)", r"\bstore\.write\(\)", r"\.read\(\)\s+as\s+session",
        r"\.write\(\)\s+as\s+session", r"\bSession\(", r"\.engine\.(connect|begin)\(",
        r"\bengine\.(connect|begin)\(",
    ],
}


def py_files(root: Path):
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(repo: Path, path: Path) -> str:
    parts = list(path.relative_to(repo).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def loc(path: Path) -> int:
    return sum(1 for _ in path.open(encoding="utf-8"))


def section_sizes(repo: Path, packages: list[str], top: int) -> list[str]:
    out = ["## Modules and lines per package", "",
           "| package | modules (own) | lines (own) | modules (with subpackages) | "
           "lines (with subpackages) | largest own module |",
           "|---|---:|---:|---:|---:|---|"]
    for pkg in packages:
        root = repo / pkg
        if not root.is_dir():
            out.append(f"| `{pkg}/` | (absent) | | | | |")
            continue
        own = sorted(root.glob("*.py"))
        allf = py_files(root)
        big = max(own, key=loc) if own else None
        out.append(f"| `{pkg}/` | {len(own)} | {sum(map(loc, own)):,} | {len(allf)} | "
                   f"{sum(map(loc, allf)):,} | "
                   + (f"`{big.relative_to(repo)}` ({loc(big)})" if big else "") + " |")
    files = [p for r in FIRST_PARTY if (repo / r).is_dir() for p in py_files(repo / r)]
    app = [p for p in files if "migrations" not in p.parts]
    sizes = sorted(((loc(p), p) for p in app), reverse=True)
    lines = [n for n, _ in sizes]
    median = sorted(lines)[len(lines) // 2] if lines else 0
    out += ["", f"First-party modules outside migrations: {len(app)}, {sum(lines):,} lines, "
            f"median {median}; over 300 lines: {sum(n > 300 for n in lines)}; "
            f"over 400: {sum(n > 400 for n in lines)}; over 500: {sum(n > 500 for n in lines)}.",
            "", f"## The {top} largest modules (outside migrations)", "",
            "| lines | module |", "|---:|---|"]
    out += [f"| {n} | `{p.relative_to(repo)}` |" for n, p in sizes[:top]]
    return out


class Imports(ast.NodeVisitor):
    """Collect a module's imports, marking those inside a function (and TYPE_CHECKING)."""

    def __init__(self, name: str, is_package: bool, known: set[str]):
        self.name, self.is_package, self.known = name, is_package, known
        self.depth = 0
        self.func_stack: list[str] = []
        self.type_checking = 0
        self.found: list[dict] = []

    def visit_FunctionDef(self, node):
        self.func_stack.append(node.name)
        self.generic_visit(node)
        self.func_stack.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_If(self, node):
        test = ast.unparse(node.test)
        if "TYPE_CHECKING" in test:
            self.type_checking += 1
            for child in node.body:
                self.visit(child)
            self.type_checking -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def _resolve_from(self, node: ast.ImportFrom) -> str:
        if node.level:
            base = self.name.split(".")
            if not self.is_package:
                base = base[:-1]
            base = base[:len(base) - (node.level - 1)]
            return ".".join(base + ([node.module] if node.module else []))
        return node.module or ""

    def _add(self, node, targets: list[str], text: str):
        self.found.append({"line": node.lineno, "targets": targets, "text": text,
                           "function": ".".join(self.func_stack) or None,
                           "type_checking": bool(self.type_checking)})

    def visit_Import(self, node):
        self._add(node, [a.name for a in node.names], ast.unparse(node))

    def visit_ImportFrom(self, node):
        base = self._resolve_from(node)
        targets = []
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            targets.append(sub if sub in self.known else base)
        self._add(node, sorted(set(targets)), ast.unparse(node))


def first_party(target: str) -> bool:
    return target.split(".")[0] in FIRST_PARTY


def closure(target: str, known: set[str]) -> list[str]:
    """The module an import names (if first-party and known).

    Importing a.b.c also runs a and a.b first, but those implicit parent imports are left out
    of the graph: a parent package is always initialised before its child, so they only make
    a cycle when the parent itself imports the child, which is an edge of its own.
    """
    return [target] if target in known else []


def import_graph(repo: Path):
    paths = {module_name(repo, p): p for r in FIRST_PARTY if (repo / r).is_dir()
             for p in py_files(repo / r)}
    known = set(paths)
    records = {}
    for name, path in paths.items():
        visitor = Imports(name, path.name == "__init__.py", known)
        visitor.visit(ast.parse(path.read_text(encoding="utf-8")))
        records[name] = visitor.found
    top = defaultdict(set)      # module-level, not TYPE_CHECKING
    every = defaultdict(set)    # module-level + function-level
    for name, found in records.items():
        for imp in found:
            if imp["type_checking"]:
                continue
            for target in imp["targets"]:
                for mod in closure(target, known):
                    if mod == name:
                        continue
                    every[name].add(mod)
                    if imp["function"] is None:
                        top[name].add(mod)
    return paths, known, records, top, every


def path_between(graph, start: str, goal: str) -> list[str] | None:
    """Return a shortest import path start -> ... -> goal, or None."""
    prev = {start: None}
    queue = [start]
    while queue:
        nxt = []
        for node in queue:
            for succ in sorted(graph.get(node, ())):
                if succ not in prev:
                    prev[succ] = node
                    if succ == goal:
                        chain = [goal]
                        while prev[chain[-1]] is not None:
                            chain.append(prev[chain[-1]])
                        return chain[::-1]
                    nxt.append(succ)
        queue = nxt
    return None


def sccs(graph, nodes):
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]
    sys.setrecursionlimit(10000)

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            strong(v)
    return out


def section_function_imports(repo: Path) -> list[str]:
    paths, known, records, top, every = import_graph(repo)
    rows, hidden_top, hidden_all = [], 0, 0
    count = 0
    for name in sorted(records):
        if not name.startswith("atlas"):
            continue
        for imp in records[name]:
            if imp["function"] is None:
                continue
            count += 1
            fp = [t for t in imp["targets"] if first_party(t)]
            verdict = "external (lazy)" if not fp else "no cycle"
            for target in fp:
                back = path_between(top, target, name)
                if back:
                    verdict = "**hides a cycle** (module-level): " + " → ".join(
                        [name] + back)
                    hidden_top += 1
                    break
                back_all = path_between(every, target, name)
                if back_all:
                    verdict = "cycle only through other function-level imports: " + " → ".join(
                        [name] + back_all)
                    hidden_all += 1
                    break
            rel = paths[name].relative_to(repo)
            rows.append(f"| `{rel}:{imp['line']}` | `{imp['function']}` | `{imp['text']}` | "
                        f"{verdict} |")
    out = ["## Imports inside functions (atlas/)", "",
           f"{count} imports inside functions; {hidden_top} hide a cycle with module-level "
           f"imports (hoisting them would be circular); {hidden_all} more close a cycle only "
           f"with other function-level imports.", "",
           "| where | function | import | verdict |", "|---|---|---|---|"] + rows
    cyc = sccs(top, known)
    out += ["", "## Import cycles among module-level imports", ""]
    out += [f"- {' ↔ '.join(c)}" for c in cyc] or ["none (module-level imports form a DAG)"]
    cyc_all = sccs(every, known)
    out += ["", "## Import cycles when function-level imports count too "
            "(strongly connected components)", ""]
    out += [f"- {len(c)} modules: {', '.join(c)}" for c in cyc_all] or ["none"]
    return out


def enclosing_functions(source: str) -> dict[int, str]:
    """Map each line to the qualified name of the innermost def or class around it."""
    owner: dict[int, str] = {}

    def walk(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                for line in range(child.lineno, (child.end_lineno or child.lineno) + 1):
                    owner[line] = name
                walk(child, name + ".")
            else:
                walk(child, prefix)

    walk(ast.parse(source), "")
    return owner


def section_inventories(repo: Path) -> list[str]:
    out = []
    files = [p for p in py_files(repo / "atlas") if "migrations" not in p.parts]
    for title, patterns in INVENTORIES.items():
        regex = re.compile("|".join(f"(?:{p})" for p in patterns))
        hits = []
        for path in files:
            source = path.read_text(encoding="utf-8")
            owner = enclosing_functions(source)
            for no, line in enumerate(source.splitlines(), 1):
                stripped = line.lstrip()
                if regex.search(line) and not stripped.startswith(("#", "def ", "class ")):
                    where = owner.get(no, "<module>")
                    hits.append((path.relative_to(repo), no, f"[{where}] {line.strip()}"))
        per_file = defaultdict(int)
        for rel, _, _ in hits:
            per_file[str(rel)] += 1
        out += ["", f"## {title}: {len(hits)} lines in {len(per_file)} modules", "",
                "Patterns: " + ", ".join(f"`{p}`" for p in patterns), "",
                "| module | lines |", "|---|---:|"]
        out += [f"| `{f}` | {n} |" for f, n in sorted(per_file.items(), key=lambda x: -x[1])]
        out += ["", "<details><summary>every line</summary>", "", "```"]
        out += [f"{rel}:{no}: {text}" for rel, no, text in hits]
        out += ["```", "</details>"]
    # templates checking roles
    tpl = repo / "templates"
    if tpl.is_dir():
        regex = re.compile(r"has_role|\.role\b|is_anonymous")
        hits = [(p.relative_to(repo), no, line.strip()) for p in sorted(tpl.rglob("*.html"))
                for no, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
                if regex.search(line)]
        out += ["", f"## Templates asking about roles: {len(hits)} lines", "", "```"]
        out += [f"{rel}:{no}: {text}" for rel, no, text in hits] + ["```"]
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("repo", type=Path)
    parser.add_argument("--packages", nargs="*", default=DEFAULT_PACKAGES)
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args()
    repo = args.repo.resolve()
    lines = [f"# Static figures of {repo}", ""]
    lines += section_sizes(repo, args.packages, args.top)
    lines += [""] + section_function_imports(repo)
    lines += section_inventories(repo)
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
