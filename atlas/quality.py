"""Quality checks: a record (or a feed page) against the official DCAT-AP and DCAT-AP-NL shapes."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF, SH

SHAPES = Path(__file__).resolve().parent.parent / "vocab" / "shapes"
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
    from pyshacl import validate

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
