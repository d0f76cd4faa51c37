"""Integrity findings for SKOS concept schemes (NL-SBB): reported to curators, never a rejection.

`findings(graph)` checks every concept and scheme in a graph (a harvested file, or a scheme put
together from its records). Messages are in Dutch with the English in parentheses, following
the NL-SBB SHACL profile's own wording where it has one.

Which nodes are concepts: those typed `skos:Concept` or a class declared in the graph as
`rdfs:subClassOf skos:Concept`, plus nodes that are not typed as concepts (nor as any other
record kind) but carry `skos:inScheme` and `skos:prefLabel` — the W3C DQV dimensions, typed
`dqv:Dimension`, are concepts of their scheme all the same. A concept belongs to the schemes it
names with `skos:inScheme` or `skos:topConceptOf`, and to those that name it with
`skos:hasTopConcept`. The hierarchy is `skos:broader` together with the inverse of
`skos:narrower`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from vocab.kinds import kind_of

NO_SCHEME = URIRef("urn:atlas:no-scheme")  # concepts in no scheme are checked as one group
NOT_CONCEPTS = (SKOS.Collection, SKOS.OrderedCollection, SKOS.ConceptScheme)


@dataclass(frozen=True)
class Finding:
    """One integrity problem of one concept (or scheme): a stable code and a message."""

    concept: str
    code: str
    message: str


def concept_classes(graph: Graph) -> set:
    """Return skos:Concept and every class the graph declares a subclass of it."""
    classes = {SKOS.Concept}
    todo = [SKOS.Concept]
    while todo:
        for sub in graph.subjects(RDFS.subClassOf, todo.pop()):
            if sub not in classes:
                classes.add(sub)
                todo.append(sub)
    return classes


def typed_concepts(graph: Graph) -> set:
    """Return the nodes typed as concepts (skos:Concept or a declared subclass)."""
    found: set = set()
    for cls in concept_classes(graph):
        found.update(graph.subjects(RDF.type, cls))
    return found


def untyped_concepts(graph: Graph, typed: set | None = None) -> set:
    """Return nodes used as concepts (skos:inScheme and skos:prefLabel) but not typed as one."""
    typed = typed_concepts(graph) if typed is None else typed
    found = set()
    for node in set(graph.subjects(SKOS.inScheme, None)) - typed:
        if (node, SKOS.prefLabel, None) not in graph:
            continue
        if any((node, RDF.type, cls) in graph for cls in NOT_CONCEPTS):
            continue
        if kind_of(graph, node) is None:
            found.add(node)
    return found


def concepts(graph: Graph) -> set:
    """Return every concept of the graph, typed or used as one."""
    return typed_concepts(graph) | untyped_concepts(graph)


def schemes(graph: Graph) -> set:
    """Return the concept schemes described in the graph."""
    return set(graph.subjects(RDF.type, SKOS.ConceptScheme))


def memberships(graph: Graph, of: set | None = None) -> dict:
    """Return, per concept, the set of schemes it belongs to (possibly empty)."""
    of = concepts(graph) if of is None else of
    table: dict = {node: set() for node in of}
    for predicate in (SKOS.inScheme, SKOS.topConceptOf):
        for node, scheme in graph.subject_objects(predicate):
            if node in table:
                table[node].add(scheme)
    for scheme, node in graph.subject_objects(SKOS.hasTopConcept):
        if node in table:
            table[node].add(scheme)
    return table


def broader_map(graph: Graph) -> dict:
    """Return node → set of broader nodes, from skos:broader and inverse skos:narrower."""
    up: dict = defaultdict(set)
    for node, parent in graph.subject_objects(SKOS.broader):
        up[node].add(parent)
    for parent, node in graph.subject_objects(SKOS.narrower):
        up[node].add(parent)
    return up


def broader_path(graph: Graph, concept) -> list:
    """Return the path from a top concept down to concept (inclusive), cycle-safe.

    Where a concept has several broader concepts the first by IRI is followed; a cycle ends
    the path at the last concept not yet on it.
    """
    path, seen, node = [concept], {concept}, concept
    while True:
        parents = set(graph.objects(node, SKOS.broader)) | set(graph.subjects(SKOS.narrower,
                                                                               node))
        parents = sorted((p for p in parents if p not in seen), key=str)
        if not parents:
            return list(reversed(path))
        node = parents[0]
        seen.add(node)
        path.append(node)


def cycles(up: dict) -> list[list]:
    """Return each cycle of the hierarchy once, as its sorted members (iterative Tarjan SCC)."""
    index: dict = {}
    low: dict = {}
    on_stack: set = set()
    stack: list = []
    found: list[list] = []
    counter = 0
    for root in list(up):
        if root in index:
            continue
        work = [(root, iter(sorted(up.get(root, ()), key=str)))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(up.get(child, ()), key=str))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    members.append(member)
                    if member == node:
                        break
                if len(members) > 1 or node in up.get(node, ()):
                    found.append(sorted(members, key=str))
    return sorted(found, key=lambda members: str(members[0]))


def namespace(iri) -> str:
    """Return an IRI up to and including its last '#' or '/'."""
    text = str(iri)
    cut = max(text.rfind("#"), text.rfind("/"))
    return text[:cut + 1] if cut >= 0 else text


def findings(graph: Graph) -> list[Finding]:
    """Return the integrity findings of every concept and scheme in graph, sorted by concept."""
    typed = typed_concepts(graph)
    untyped = untyped_concepts(graph, typed)
    found = typed | untyped
    member = memberships(graph, found)
    up = broader_map(graph)
    out = [Finding(str(node), "not-typed-concept",
                   "Gebruikt als begrip (skos:inScheme, skos:prefLabel) maar niet getypeerd als "
                   "skos:Concept (used as a concept, not typed skos:Concept)")
           for node in untyped]
    for check in (_labels, _definitions, _duplicates, _hierarchy, _dangling):
        out.extend(check(graph, found, member, up))
    return sorted(set(out), key=lambda f: (f.concept, f.code, f.message))


def _labels(graph, found, member, up):
    labels: dict = defaultdict(list)
    for node, label in graph.subject_objects(SKOS.prefLabel):
        if node in found:
            labels[node].append(label)
    for node in found:
        if not labels.get(node):
            yield Finding(str(node), "missing-pref-label",
                          "Het begrip heeft geen voorkeursterm (the concept has no skos:prefLabel)")
            continue
        by_language = defaultdict(list)
        for label in labels[node]:
            by_language[getattr(label, "language", None) or ""].append(str(label))
        for language, values in sorted(by_language.items()):
            if len(values) > 1:
                shown = ", ".join(f'"{v}"' for v in sorted(values))
                where = f"taal {language}" if language else "geen taal"
                yield Finding(str(node), "pref-labels-one-language",
                              f"{len(values)} voorkeurstermen in {where}: {shown} "
                              f"({len(values)} preferred labels in one language)")
        for value in sorted(by_language.get("", [])):
            yield Finding(str(node), "no-language",
                          f'Voorkeursterm zonder taalcode: "{value}" '
                          "(preferred label without a language tag)")


def _definitions(graph, found, member, up):
    defined = set(graph.subjects(SKOS.definition, None))
    for node in found - defined:
        yield Finding(str(node), "missing-definition",
                      "Het begrip heeft geen definitie (the concept has no skos:definition)")


def _duplicates(graph, found, member, up):
    """The same preferred label (per language) or notation on two concepts of one scheme."""
    for predicate, code, what in ((SKOS.prefLabel, "duplicate-pref-label", "voorkeursterm"),
                                  (SKOS.notation, "duplicate-notation", "notatie")):
        groups: dict = defaultdict(set)
        for node, value in graph.subject_objects(predicate):
            if node not in found:
                continue
            language = "" if predicate == SKOS.notation else getattr(value, "language", "")
            for scheme in member[node] or {NO_SCHEME}:
                groups[(scheme, language or "", str(value))].add(node)
        others: dict = defaultdict(set)
        for (_, language, value), nodes in groups.items():
            if len(nodes) > 1:
                for node in nodes:
                    others[(node, language, value)].update(nodes - {node})
        for (node, language, value), rest in others.items():
            shown = ", ".join(sorted(str(o) for o in rest))
            tagged = f'"{value}"' + (f"@{language}" if language else "")
            english = "preferred label" if code == "duplicate-pref-label" else "notation"
            yield Finding(str(node), code,
                          f"Dezelfde {what} {tagged} als {shown} binnen één begrippenkader "
                          f"(same {english} as another concept of the scheme)")


def _hierarchy(graph, found, member, up):
    for members in cycles(up):
        shown = ", ".join(str(m) for m in members)
        yield Finding(str(members[0]), "cycle", f"Kringloop in de hiërarchie tussen {shown} "
                      "(a cycle in skos:broader among these concepts)")
    top = set(graph.subjects(SKOS.topConceptOf, None)) | set(graph.objects(None,
                                                                            SKOS.hasTopConcept))
    has_narrower = {parent for parents in up.values() for parent in parents}
    for node in found:
        parents = up.get(node, set())
        if node in top and parents:
            shown = ", ".join(sorted(str(p) for p in parents))
            yield Finding(str(node), "top-concept-with-broader",
                          f"Een topbegrip mag geen bovenliggende begrippen kennen: {shown} "
                          "(a top concept has a broader concept)")
        elif node not in top and not parents and node not in has_narrower:
            yield Finding(str(node), "orphan",
                          "Het begrip is geen topbegrip en heeft geen bovenliggende of "
                          "onderliggende begrippen (orphan: no broader, no narrower, not a top "
                          "concept)")


HIERARCHICAL = (SKOS.broader, SKOS.narrower, SKOS.related)
MEMBERSHIP = (SKOS.inScheme, SKOS.topConceptOf)


def _dangling(graph, found, member, up):
    """References to nodes the graph does not describe.

    A broader/narrower/related target counts when it is in the namespace of the graph's
    concepts (elsewhere it is another vocabulary's concept, which is fine); a scheme named by
    inScheme/topConceptOf/hasTopConcept counts wherever it is, as a whole scheme is checked.
    """
    spaces = {namespace(node) for node in found}
    for predicates, local_only in ((HIERARCHICAL, True), (MEMBERSHIP, False)):
        for predicate in predicates:
            for node, target in graph.subject_objects(predicate):
                if node not in found or (target, None, None) in graph:
                    continue
                if local_only and namespace(target) not in spaces:
                    continue
                yield _dangling_finding(node, predicate, target)
    for scheme, target in graph.subject_objects(SKOS.hasTopConcept):
        if (target, None, None) not in graph:
            yield _dangling_finding(scheme, SKOS.hasTopConcept, target)


def _dangling_finding(node, predicate, target) -> Finding:
    name = "skos:" + str(predicate).rsplit("#", 1)[-1]
    return Finding(str(node), "dangling",
                   f"{name} verwijst naar {target}, dat niet beschreven is "
                   f"({name} refers to a node that is not described)")

