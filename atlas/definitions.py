"""Browsing definitions (begrippen): concept schemes, their hierarchy and A–Z index, a concept's path.

Read-only queries for the definitions pages. Every query goes through `access.record_filter`, so
a concept the caller may not see is never listed, counted or walked through. A scheme's hierarchy
is loaded with two queries (its visible concepts, then the broader links between them) whatever
its size, and shaped in memory: cycles cannot hang it and a size budget keeps pages bounded.
"""

from __future__ import annotations

import json
import unicodedata
from collections import deque
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection as RdfList
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SDO, SKOS
from sqlalchemy import Text as SqlText
from sqlalchemy import func, or_, type_coerce, union_all
from sqlmodel import select

from atlas import access
from atlas.access import Principal
from atlas.db import Store
from atlas.models import Concept, ConceptLabel, Kind, Link, Record
from atlas.publication import effective_graph
from atlas.shape_cache import ShapeCache, store_stamp

TREE_BUDGET = 1500  # concepts drawn in a scheme's tree; deeper ones are reached via their pages
TREE_DEPTH = 12  # levels drawn (also bounds the template's recursion on a long chain)
PATH_LIMIT = 30  # steps walked up from a concept to its top
AZ_PAGE_LIMIT = 1000  # index entries shown at once before the index goes one letter at a time
# A hierarchy edge as (relation, which end is the broader concept); skos:narrower is read too.
HIERARCHY = ("broader", "narrower")


@dataclass(frozen=True)
class Entry:
    """A visible concept as the tree and index need it (quacks like a Record for the templates)."""

    id: int
    uri: str
    slug: str
    title: str
    title_en: str
    notation: str
    alt_labels: tuple = ()
    kind: str = Kind.concept


@dataclass
class Hierarchy:
    """A scheme's visible concepts and the broader/narrower edges between them."""

    entries: dict[int, Entry]
    children: dict[int, list[int]] = field(default_factory=dict)
    parents: dict[int, list[int]] = field(default_factory=dict)
    tops: list[int] = field(default_factory=list)
    # trees and indexes made from this hierarchy, kept with it (see atlas.shape_cache)
    made: dict = field(default_factory=dict, repr=False, compare=False)


@dataclass
class TreeNode:
    """One drawn node: its concept, the narrower ones drawn below it, and how many were left out."""

    entry: Entry
    children: list[TreeNode] = field(default_factory=list)
    left_out: int = 0


@dataclass(frozen=True)
class IndexEntry:
    """One line of the A–Z index: a label and the concept it names (an alternative label or not)."""

    label: str
    lang: str
    entry: Entry
    is_alt: bool


def schemes(store: Store, principal: Principal) -> list[tuple[Record, int]]:
    """Return the visible concept schemes by title, each with its number of visible concepts."""
    visible = access.record_filter(principal)
    with store.read() as session:
        rows = list(session.exec(select(Record).where(Record.kind == Kind.conceptscheme, visible)
                                 .order_by(Record.title)))
        # (scheme, concept) pairs from both sides: inScheme and the scheme's hasTopConcept
        pairs = union_all(
            select(Link.object_id.label("scheme_id"), Link.subject_id.label("concept_id"))
            .where(Link.relation == "in_scheme"),
            select(Link.subject_id, Link.object_id).where(Link.relation == "top_concept"),
        ).subquery()
        counts = {scheme_id: count for scheme_id, count in session.exec(
            select(pairs.c.scheme_id, func.count(func.distinct(Record.id)))
            .join(Record, Record.id == pairs.c.concept_id)
            .where(Record.kind == Kind.concept, visible,
                   pairs.c.scheme_id.in_([r.id for r in rows]))
            .group_by(pairs.c.scheme_id))}
    return [(row, counts.get(row.id, 0)) for row in rows]


def hierarchy(store: Store, principal: Principal, scheme: Record,
              top_uris: frozenset[str] = frozenset()) -> Hierarchy:
    """Load a scheme's visible concepts and the edges between them: one query each.

    Tops are the concepts with no visible broader one, those the scheme names as top concepts
    (`top_uris`), and, so a cycle cannot hide them, one concept of each part no top reaches.
    Kept until the store changes (`atlas.shape_cache`); callers must not change it.
    """
    with store.read() as session:
        stamp = store_stamp(session)
    key = (store.url, scheme.id, access.visible_access_levels(principal), top_uris, stamp)
    return _SHAPES.get(key, lambda: _load_hierarchy(store, principal, scheme, top_uris))


_SHAPES = ShapeCache()


def _load_hierarchy(store: Store, principal: Principal, scheme: Record,
                    top_uris: frozenset[str]) -> Hierarchy:
    members = members_of(scheme.id)
    # alt_labels as stored text: most concepts have none, and decoding "[]" 20,000 times shows
    statement = (select(Record.id, Record.uri, Record.slug, Record.title, Record.title_en,
                        Concept.notation, type_coerce(Concept.alt_labels, SqlText))
                 .join(Concept, Concept.id == Record.id)
                 .where(Record.kind == Kind.concept, members, access.record_filter(principal)))
    member_ids = select(Record.id).join(Concept, Concept.id == Record.id).where(members)
    with store.read() as session:
        # Plain column rows through Core: ORM row handling costs seconds on 20,000 concepts.
        connection = session.connection()
        entries = {row[0]: Entry(*row[:6], alt_labels=_alt_labels(row[6]))
                   for row in connection.execute(statement).all()}
        edges = connection.execute(select(Link.subject_id, Link.relation, Link.object_id)
                                   .where(Link.relation.in_(HIERARCHY),
                                          Link.subject_id.in_(member_ids))).all()
    result = Hierarchy(entries)
    for subject, relation, obj in edges:
        parent, child = (obj, subject) if relation == "broader" else (subject, obj)
        if parent in entries and child in entries and parent != child:
            if child not in result.children.setdefault(parent, []):
                result.children[parent].append(child)
                result.parents.setdefault(child, []).append(parent)
    tops = {i for i in entries if i not in result.parents}
    tops |= {e.id for e in entries.values() if e.uri in top_uris}
    result.tops = _add_unreached(result, sorted(tops, key=lambda i: sort_key(entries[i].title)))
    return result


def members_of(scheme_id: int):
    """Return the SQL condition on Record and Concept rows: the concept belongs to the scheme.

    A concept belongs by its own skos:inScheme or skos:topConceptOf (its scheme or its
    `in_scheme` links), or by the scheme's skos:hasTopConcept (the scheme's `top_concept` links).
    """
    return or_(Concept.scheme_id == scheme_id,
               Record.id.in_(select(Link.subject_id).where(Link.relation == "in_scheme",
                                                          Link.object_id == scheme_id)),
               Record.id.in_(select(Link.object_id).where(Link.relation == "top_concept",
                                                         Link.subject_id == scheme_id)))


def _alt_labels(stored: str | None) -> tuple:
    return tuple(json.loads(stored)) if stored and stored != "[]" else ()


def top_concept_uris(scheme: Record) -> frozenset[str]:
    """Return the IRIs a scheme's RDF names as its top concepts (skos:hasTopConcept)."""
    graph = effective_graph(scheme)
    return frozenset(str(o) for o in graph.objects(URIRef(scheme.uri), SKOS.hasTopConcept))


def _add_unreached(h: Hierarchy, tops: list[int]) -> list[int]:
    """Return tops plus one concept of every part of the graph they do not reach (cycles)."""
    seen: set[int] = set()
    queue = deque(tops)
    pending = None
    tops = list(tops)
    while True:
        while queue:
            current = queue.popleft()
            if current not in seen:
                seen.add(current)
                queue.extend(c for c in h.children.get(current, ()) if c not in seen)
        if len(seen) == len(h.entries):
            return tops  # the usual case: sorting every concept by title is not needed
        if pending is None:
            pending = iter(sorted(h.entries.values(), key=lambda e: sort_key(e.title)))
        nxt = next((e.id for e in pending if e.id not in seen), None)
        if nxt is None:
            return tops
        tops.append(nxt)
        queue.append(nxt)


def tree(h: Hierarchy, lang: str = "nl", budget: int = TREE_BUDGET,
         depth: int = TREE_DEPTH) -> list[TreeNode]:
    """Shape the hierarchy into nested nodes, breadth first, within a budget of drawn nodes.

    A concept under two broader ones is drawn under both; one of its own ancestors never again
    below it, so cycles end. A node whose narrower concepts do not fit keeps their number.
    """
    if ("tree", lang, budget, depth) not in h.made:
        h.made["tree", lang, budget, depth] = _tree(h, lang, budget, depth)
    return h.made["tree", lang, budget, depth]


def _tree(h: Hierarchy, lang: str, budget: int, depth: int) -> list[TreeNode]:
    def node_of(i: int) -> TreeNode:
        return TreeNode(h.entries[i])

    def ordered(ids) -> list[int]:
        return sorted(ids, key=lambda i: sort_key(label(h.entries[i], lang)))

    roots = [(node_of(i), (i,)) for i in ordered(h.tops)]
    drawn = len(roots)
    queue = deque(roots)
    while queue:
        node, ancestors = queue.popleft()
        below = [c for c in h.children.get(node.entry.id, ()) if c not in ancestors]
        if not below:
            continue
        if drawn + len(below) > budget or len(ancestors) >= depth:
            node.left_out = len(below)
            continue
        drawn += len(below)
        for child_id in ordered(below):
            child = node_of(child_id)
            node.children.append(child)
            queue.append((child, (*ancestors, child_id)))
    return [node for node, _ in roots]


def alphabetical(h: Hierarchy, lang: str = "nl") -> list[tuple[str, list[IndexEntry]]]:
    """Return the A–Z index: preferred labels in the page's language and alternative ones, by letter."""
    if ("az", lang) not in h.made:
        h.made["az", lang] = _alphabetical(h, lang)
    return h.made["az", lang]


def _alphabetical(h: Hierarchy, lang: str) -> list[tuple[str, list[IndexEntry]]]:
    # (key, is_alt, position, line): each label's key made once; the position breaks ties
    # so that lines themselves are never compared
    keyed: list[tuple[str, bool, int, IndexEntry]] = []
    for entry in h.entries.values():
        text = label(entry, lang)
        keyed.append((sort_key(text), False, len(keyed),
                      IndexEntry(text, label_lang(entry, lang), entry, False)))
        for alt in entry.alt_labels:
            if alt.get("lang", "") in (lang, "") and alt.get("value"):
                keyed.append((sort_key(alt["value"]), True, len(keyed),
                              IndexEntry(alt["value"], alt.get("lang", ""), entry, True)))
    keyed.sort()
    letters: dict[str, list[IndexEntry]] = {}
    for key, _, _, line in keyed:
        letters.setdefault(_letter_of_key(key), []).append(line)
    return sorted(letters.items(), key=lambda item: (len(item[0]) > 1 or item[0] == "#", item[0]))


def path_to_top(store: Store, principal: Principal, concept: Record,
                limit: int = PATH_LIMIT) -> list[Record]:
    """Return the visible broader concepts from the top down to the concept's parent.

    Follows the first broader concept by title at each step; stops at a concept already passed,
    so a cycle ends the walk instead of looping.
    """
    visible = access.record_filter(principal)
    path: list[Record] = []
    seen = {concept.id}
    current = concept.id
    with store.read() as session:
        for _ in range(limit):
            via_broader = (select(Record).join(Link, Link.object_id == Record.id)
                           .where(Link.subject_id == current, Link.relation == "broader"))
            via_narrower = (select(Record).join(Link, Link.subject_id == Record.id)
                            .where(Link.object_id == current, Link.relation == "narrower"))
            parents = [r for statement in (via_broader, via_narrower)
                       for r in session.exec(statement.where(visible, Record.kind == Kind.concept)
                                             .order_by(Record.title))]
            parent = next((p for p in parents if p.id not in seen), None)
            if parent is None:
                break
            path.append(parent)
            seen.add(parent.id)
            current = parent.id
    return path[::-1]


def label(entry, lang: str) -> str:
    """Return the concept's preferred label in the page's language, falling back to Dutch."""
    return entry.title_en if lang == "en" and entry.title_en else entry.title


def label_lang(entry, lang: str) -> str:
    """Return the language of the label `label` gives."""
    return "en" if lang == "en" and entry.title_en else "nl"


def sort_key(text: str) -> str:
    """Return a key sorting labels alphabetically, ignoring case, accents and spacing."""
    text = text or ""
    if text.isascii():  # most labels: no accents to fold (a scheme page sorts 20,000 of them)
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
                    .split())


# Labels match when their sort keys are equal: "Café  Noir" is "cafe noir" (ConceptLabel.key).
label_key = sort_key


def letter_of(text: str) -> str:
    """Return the index letter of a label: A–Z, "0–9" for digits, "#" for anything else."""
    return _letter_of_key(sort_key(text))


def _letter_of_key(key: str) -> str:
    first = key[:1].upper()
    if "A" <= first <= "Z":
        return first
    return "0–9" if first.isdigit() else "#"


# --- what a concept's own RDF says beyond the typed columns ------------------------------------

ADMS_STATUS = URIRef("http://www.w3.org/ns/adms#status")
MATCHES = ("exactMatch", "closeMatch", "broadMatch", "narrowMatch", "relatedMatch")
_LANG_ORDER = ("nl", "", "en")


@dataclass(frozen=True)
class Text:
    """A literal to show: its text and language tag ("" when untagged)."""

    value: str
    lang: str


@dataclass(frozen=True)
class Source:
    """Where a definition comes from: a web address, a citation, or both."""

    url: str
    citation: str


@dataclass
class ConceptFacts:
    """The parts of a concept's RDF the page shows and the typed columns do not hold."""

    pref_labels: list[Text]
    definitions: list[Text]
    scope_notes: list[Text]
    examples: list[Text]
    notes: list[Text]
    notations: list[str]
    sources: list[Source]
    status: list[str]
    valid: list[str]
    deprecated: bool
    replaced_by: list[str]
    matches: dict[str, list[str]]


def concept_facts(record: Record, lang: str = "nl") -> ConceptFacts:
    """Read labels, notes, sources, status, validity, replacement and matches from the RDF."""
    graph = effective_graph(record)
    subject = URIRef(record.uri)

    def texts(predicate) -> list[Text]:
        return _texts(graph, subject, predicate, lang)

    deprecated = any(str(o).strip().lower() in ("true", "1")
                     for o in graph.objects(subject, OWL.deprecated))
    return ConceptFacts(
        pref_labels=texts(SKOS.prefLabel), definitions=texts(SKOS.definition),
        scope_notes=texts(SKOS.scopeNote), examples=texts(SKOS.example), notes=texts(SKOS.note),
        notations=sorted({str(o) for o in graph.objects(subject, SKOS.notation)}),
        sources=[_source(graph, o) for o in graph.objects(subject, DCTERMS.source)],
        status=sorted({_name(o) for o in graph.objects(subject, ADMS_STATUS)}),
        valid=sorted({str(o) for o in graph.objects(subject, DCTERMS.valid)}),
        deprecated=deprecated,
        replaced_by=_web_iris(graph.objects(subject, DCTERMS.isReplacedBy)),
        matches={name: found for name in MATCHES
                 if (found := _web_iris(graph.objects(subject, SKOS[name])))})


def collections(scheme: Record) -> list[tuple[str, list[str]]]:
    """Return the skos:Collections described in a scheme's RDF: (label, member IRIs), by label."""
    graph = effective_graph(scheme)
    found = []
    kinds = (SKOS.Collection, SKOS.OrderedCollection)
    for node in {n for kind in kinds for n in graph.subjects(RDF.type, kind)}:
        names = _texts(graph, node, SKOS.prefLabel, "nl") or _texts(graph, node, RDFS.label, "nl")
        members = _web_iris(graph.objects(node, SKOS.member))
        for items in graph.objects(node, SKOS.memberList):
            members += [m for m in _web_iris(RdfList(graph, items)) if m not in members]
        found.append((names[0].value if names else _name(node), members))
    return sorted(found, key=lambda c: sort_key(c[0]))


def _texts(graph: Graph, subject, predicate, lang: str) -> list[Text]:
    """Return the literals of predicate, the page's language first, then Dutch, untagged, English."""
    order = (lang, *_LANG_ORDER)
    values = {Text(str(o).strip(), o.language or "") for o in graph.objects(subject, predicate)
              if isinstance(o, Literal) and str(o).strip()}
    return sorted(values, key=lambda t: (order.index(t.lang) if t.lang in order else len(order),
                                         t.lang, t.value))


def _source(graph: Graph, value) -> Source:
    """Return a dct:source as a link, a citation (a blank node's bibliographicCitation) or both."""
    if isinstance(value, URIRef | Literal):
        url = _web(str(value))
        return Source(url, "" if url else str(value))
    citation = next((str(o) for p in (DCTERMS.bibliographicCitation, DCTERMS.title, RDFS.label)
                     for o in graph.objects(value, p)), "")
    url = next((u for p in (FOAF.page, SDO.url, RDFS.seeAlso)
                for u in _web_iris(graph.objects(value, p))), "")
    return Source(url, citation)


def _web(text: str) -> str:
    """Return text when it is an http(s) address safe to link to, else empty."""
    return text.strip() if text.strip().lower().startswith(("http://", "https://")) else ""


def _web_iris(values) -> list[str]:
    """Return the http(s) IRIs among values, sorted (never a javascript: or file: link)."""
    return sorted({_web(str(v)) for v in values if isinstance(v, URIRef | Literal) and _web(str(v))})


def _name(term) -> str:
    """Return a readable name for a term: a literal's text, an IRI's last segment."""
    text = str(term).strip()
    if isinstance(term, Literal):
        return text
    return text.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or text


def concept_rows(store: Store, principal: Principal, *, scheme: Record | None = None,
                 label_prefix: str = "", status: str | None = None,
                 editorial_status: str | None = None, offset: int = 0,
                 limit: int = 100) -> tuple[int, list[Record]]:
    """Return the total and one page of visible concepts, filtered by scheme, status, label.

    `status` is the publication workflow's; `editorial_status` the definition's own.
    """
    statement = select(Record).join(Concept, Concept.id == Record.id).where(
        Record.kind == Kind.concept, access.record_filter(principal))
    if scheme is not None:
        statement = statement.where(members_of(scheme.id))
    if status:
        statement = statement.where(Record.status == status)
    if editorial_status:
        statement = statement.where(Concept.editorial_status == editorial_status)
    prefix = label_key(label_prefix)[:1000]
    if prefix:
        # A range on the indexed keys: any preferred label, case and accents ignored.
        statement = statement.where(Record.id.in_(select(ConceptLabel.concept_id).where(
            ConceptLabel.role == "pref", ConceptLabel.key >= prefix,
            ConceptLabel.key < prefix + "\U0010ffff")))
    with store.read() as session:
        total = session.exec(select(func.count()).select_from(statement.subquery())).one()
        rows = list(session.exec(statement.order_by(Concept.pref_label, Record.id)
                                 .offset(offset).limit(limit)))
    return total, rows


def editorial_statuses(store: Store, concept_ids: list[int]) -> dict[int, str]:
    """Return the editorial status of each of these concepts, by id (one query)."""
    if not concept_ids:
        return {}
    with store.read() as session:
        return dict(session.exec(select(Concept.id, Concept.editorial_status)
                                 .where(Concept.id.in_(concept_ids))).all())


def lookup(store: Store, principal: Principal, text: str) -> list[Record]:
    """Return the visible concepts with a preferred, alternative or hidden label equal to text.

    Case, accents and spacing are ignored; one query on the indexed label keys.
    """
    wanted = label_key(text)[:1000]
    if not wanted:
        return []
    statement = (select(Record).where(
        Record.kind == Kind.concept, access.record_filter(principal),
        Record.id.in_(select(ConceptLabel.concept_id).where(ConceptLabel.key == wanted)))
        .order_by(Record.title, Record.id))
    with store.read() as session:
        return list(session.exec(statement))


def relatives(h: Hierarchy, concept_id: int, transitive: bool) -> tuple[list[int], list[int]]:
    """Return a concept's broader and narrower ids in a hierarchy (all levels if transitive)."""
    def walk(start: int, step: dict[int, list[int]]) -> list[int]:
        seen, order, todo = {start}, [], deque(step.get(start, []))
        while todo:
            node = todo.popleft()
            if node in seen:
                continue  # a cycle ends here
            seen.add(node)
            order.append(node)
            if transitive:
                todo.extend(step.get(node, []))
        return order
    return walk(concept_id, h.parents), walk(concept_id, h.children)
