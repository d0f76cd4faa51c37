"""Quality checks: records and feed pages against the official DCAT-AP and DCAT-AP-NL shapes, and
concept schemes against the NL-SBB profile (SKOS-AP-NL)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, XSD
from rdflib.term import Node

SHAPES = Path(__file__).resolve().parents[2] / "vocab" / "shapes"
PROFILES = {
    "DCAT-AP 3.0.1": ("dcat-ap-3.0.1_SHACL_full.ttl", "dcat-ap-3.0.1_SHACL_ranges.ttl"),
    "DCAT-AP-NL 3.0": ("dcat-ap-nl-3.0_SHACL.ttl", "dcat-ap-nl-3.0_SHACL_klassebereik.ttl"),
}


@dataclass(frozen=True)
class Finding:
    """One shape violated by one node: which profile, where, what to fix."""

    profile: str
    focus: str
    path: str
    message: str
    severity: str


@functools.cache
def shapes(profile: str) -> Graph:
    """Return the shapes of a profile, repaired in memory so pySHACL accepts them."""
    graph = Graph()
    for name in PROFILES[profile]:
        graph.parse(SHAPES / name, format="turtle")
    for owner, shape in list(graph.subject_objects(SH.property)):
        if (shape, SH.path, None) not in graph:
            graph.remove((owner, SH.property, shape))  # a reference to a shape defined nowhere
        else:
            graph.add((shape, RDF.type, SH.PropertyShape))
    return graph


def check(data: Graph, profiles=tuple(PROFILES)) -> list[Finding]:
    """Validate data against each profile; return every violation and warning found."""
    # pySHACL takes a quarter of a second to import and only a check needs it.
    from pyshacl import validate  # noqa: PLC0415

    findings: list[Finding] = []
    for profile in profiles:
        _, report, _ = validate(data, shacl_graph=shapes(profile), inference="none",
                                allow_warnings=True)
        for result in report.subjects(RDF.type, SH.ValidationResult):
            severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
            findings.append(Finding(profile, str(report.value(result, SH.focusNode)),
                                    str(report.value(result, SH.resultPath) or ""),
                                    str(report.value(result, SH.resultMessage) or ""),
                                    severity))
    return sorted(findings, key=lambda f: (f.profile, f.focus, f.path, f.message))


def violations(findings: list[Finding]) -> list[Finding]:
    """Return only the findings that are violations (not warnings or information)."""
    return [f for f in findings if f.severity == "Violation"]


# --- the NL-SBB profile (SKOS-AP-NL) for concept schemes ----------------------------------------

NLSBB = "NL-SBB SKOS-AP-NL"
NLSBB_FILE = "nlsbb_skos-ap-nl_shacl_profile.ttl"


@dataclass(frozen=True)
class ShapeResult:
    """One validation result of the NL-SBB profile, with what it takes to name and word it."""

    focus: Node
    path: str  # the property IRI ("" for a SPARQL constraint)
    component: str  # the constraint component's local name without "ConstraintComponent"
    source: str  # the property shape, or the SPARQL constraint, that was not met
    value: Node | None
    severity: str  # Violation | Warning | Info, as the report states it
    messages: tuple[tuple[str, str], ...]  # (language, message), "" for untagged


@functools.cache
def nlsbb_shapes() -> Graph:
    """Return the NL-SBB profile as published (no repair is needed for pySHACL)."""
    return Graph().parse(SHAPES / NLSBB_FILE, format="turtle")


@functools.cache
def _nlsbb_core() -> Graph:
    """Return the profile without its SPARQL constraints (those run on Oxigraph, see below)."""
    core = Graph()
    for prefix, namespace in nlsbb_shapes().namespaces():
        core.bind(prefix, namespace, replace=True)
    for triple in nlsbb_shapes():
        if triple[1] != SH.sparql:
            core.add(triple)
    return core


def check_nlsbb(data: Graph, *, engine: str = "split") -> list[ShapeResult]:
    """Validate SKOS data against the NL-SBB profile; return every result (all severities).

    pySHACL runs the profile's SPARQL constraints once per focus node, and the ones comparing
    a concept with every other concept of its scheme make that quadratic (measured: 14 s for
    236 concepts, hours for 20,000). So by default ("split") pySHACL runs the core constraints
    and each SPARQL constraint runs once over the whole graph on Oxigraph, joined with its
    shape's targets; `engine="pyshacl"` runs everything in pySHACL (tests prove both agree).
    """
    # pySHACL takes a quarter of a second to import and only a check needs it.
    from pyshacl import validate  # noqa: PLC0415

    shapes = nlsbb_shapes() if engine == "pyshacl" else _nlsbb_core()
    _, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True,
                            allow_infos=True, do_owl_imports=False)
    results = [_shape_result(report, node)
               for node in report.subjects(RDF.type, SH.ValidationResult)]
    if engine != "pyshacl":
        results.extend(_sparql_results(data, nlsbb_shapes()))
    return sorted(set(results), key=lambda r: (str(r.focus), r.source, r.path, str(r.value)))


def _local(iri) -> str:
    text = str(iri or "")
    return text[max(text.rfind("#"), text.rfind("/")) + 1:]


def _shape_result(report: Graph, node) -> ShapeResult:
    component = _local(report.value(node, SH.sourceConstraintComponent))
    source = report.value(node, SH.sourceConstraint)
    # A SPARQL constraint is named by itself, or by its shape when it is a blank node.
    if not isinstance(source, URIRef) or component != "SPARQLConstraintComponent":
        source = report.value(node, SH.sourceShape)
    messages = tuple(sorted((m.language or "", str(m))
                            for m in report.objects(node, SH.resultMessage)))
    return ShapeResult(report.value(node, SH.focusNode), str(report.value(node, SH.resultPath)
                                                           or ""),
                       component.removesuffix("ConstraintComponent"), str(source),
                       report.value(node, SH.value),
                       _local(report.value(node, SH.resultSeverity)), messages)


TARGETS = {SH.targetClass: "?this rdf:type/rdfs:subClassOf* {} .",
           SH.targetSubjectsOf: "?this {} [] .", SH.targetObjectsOf: "[] {} ?this .",
           SH.targetNode: "VALUES ?this {{ {} }}"}


def _sparql_results(data: Graph, shapes: Graph) -> list[ShapeResult]:
    """Run each SPARQL constraint of the profile once over all its shape's targets (Oxigraph).

    pySHACL pre-binds $this to one focus node at a time; joining the constraint's pattern with
    the union of the shape's targets, in one group so its FILTERs see ?this, asks the same.
    Only what pySHACL would report is produced: focus node, the shape's severity (a SPARQL
    constraint's own sh:severity is no SHACL parameter and pySHACL ignores it too), sh:message.
    """
    store = ox.Store()
    store.bulk_extend(ox.Quad(_ox(s), _ox(p), _ox(o)) for s, p, o in data)
    results = []
    for shape, constraint in shapes.subject_objects(SH.sparql):
        if shapes.value(shape, SH.deactivated) is not None and \
                shapes.value(shape, SH.deactivated).toPython() is True:
            continue
        targets = [TARGETS[kind].format(target.n3())
                   for kind in TARGETS for target in shapes.objects(shape, kind)]
        if not targets:
            continue
        select = str(shapes.value(constraint, SH.select))
        body = select[select.index("{", select.upper().index("WHERE")) + 1:select.rindex("}")]
        prefixes = "".join(f"PREFIX {p}: <{n}>\n" for p, n in _prefixes(shapes, constraint))
        query = (f"{prefixes}PREFIX rdf: <{RDF}>\nPREFIX rdfs: <{RDFS}>\n"
                 "SELECT DISTINCT ?this WHERE { { "
                 + " } UNION { ".join(targets) + " } " + body.replace("$this", "?this") + " }")
        severity = _local(shapes.value(shape, SH.severity) or SH.Violation)
        messages = tuple(sorted((m.language or "", str(m))
                                for m in shapes.objects(constraint, SH.message)))
        name = str(constraint if isinstance(constraint, URIRef) else shape)
        for solution in store.query(query):
            focus = _rdflib(solution["this"])
            results.append(ShapeResult(focus, "", "SPARQL", name, focus, severity, messages))
    return results


def _prefixes(shapes: Graph, constraint) -> list[tuple[str, str]]:
    found = []
    for owner in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(owner, SH.declare):
            found.append((str(shapes.value(declaration, SH.prefix)),
                          str(shapes.value(declaration, SH.namespace))))
    return found


def _ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD.string)))


def _rdflib(term) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    return Literal(term.value)
