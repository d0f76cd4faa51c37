"""Browsing definitions (begrippen): concept schemes, their hierarchy, a concept's path and relatives.

Read-only queries for the definitions pages and API. Every query goes through
`access.record_filter`, so a concept the caller may not see is never listed, counted or walked
through. A scheme's hierarchy is loaded as bare ids (its visible concepts, then the broader links
between them); labels are read only for the concepts a page draws. The A–Z index is in
`atlas.scheme_index`. Cycles cannot hang a walk and a size budget keeps pages bounded.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection as RdfList
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SDO, SKOS
from sqlalchemy import and_, case, exists, func, or_, union_all
from sqlalchemy.orm import aliased
from sqlmodel import select

from atlas import access
from atlas.access import Principal
from atlas.db import Store
from atlas.models import Concept, ConceptLabel, Kind, Link, Record
from atlas.records.publication import effective_graph
from atlas.shape_cache import ShapeCache, store_stamp
from atlas.text import fold

TREE_BUDGET = 500  # concepts drawn in a scheme's tree; deeper ones are reached via their pages
TREE_DEPTH = 12  # levels drawn (also bounds the template's recursion on a long chain)
PATH_LIMIT = 30  # steps walked up from a concept to its top
AZ_PAGE_LIMIT = 500  # index entries shown at once before the index goes one letter at a time
# A hierarchy edge as (relation, which end is the broader concept); skos:narrower is read too.
HIERARCHY = ("broader", "narrower")
_CHUNK = 5000  # ids bound in one IN (...): well below SQLite's limit on parameters


@dataclass(frozen=True)
class Entry:
    """A visible concept as the tree and index draw it (quacks like a Record for the templates)."""

    id: int
    uri: str
    slug: str
    title: str
    title_en: str
    notation: str = ""
    kind: str = Kind.concept


@dataclass
class Hierarchy:
    """A scheme's visible concepts (ids only) and the broader/narrower edges between them."""

    ids: set[int]
    children: dict[int, list[int]] = field(default_factory=dict)
    parents: dict[int, list[int]] = field(default_factory=dict)
    tops: list[int] = field(default_factory=list)
    stamp: tuple = ()  # the state of the store it was loaded from (atlas.shape_cache)


@dataclass
class TreeNode:
    """One drawn node: its concept, the narrower ones drawn below it, and how many were left out."""

    entry: Entry
    children: list[TreeNode] = field(default_factory=list)
    left_out: int = 0


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
    """Load a scheme's visible concepts and the edges between them as ids: one query (kept).

    Tops are the concepts with no visible broader one, those the scheme names as top concepts
    (`top_uris`), and, so a cycle cannot hide them, one concept of each part no top reaches.
    """
    with store.read() as session:
        stamp = store_stamp(session)
    key = (store.url, scheme.id, access.visible_access_levels(principal), top_uris, stamp)
    def load() -> Hierarchy:
        shape = _load_hierarchy(store, principal, scheme, top_uris)
        shape.stamp = stamp
        return shape

    return _SHAPES.get(key, load)


_SHAPES = ShapeCache()  # kept until the store changes (atlas.shape_cache); callers must not change it


def _load_hierarchy(store: Store, principal: Principal, scheme: Record,
                    top_uris: frozenset[str]) -> Hierarchy:
    hierarchy_link = and_(Link.subject_id == Record.id, Link.relation.in_(HIERARCHY))
    with store.read() as session:
        # Plain id rows through Core: ORM rows cost a second on 20,000 concepts.
        connection = session.connection()
        rows = connection.execute(
            select(Record.id, Link.relation, Link.object_id)
            .join(Concept, Concept.id == Record.id).outerjoin(Link, hierarchy_link)
            .where(Record.kind == Kind.concept, members_of(scheme.id),
                   access.record_filter(principal))).all()
        named_tops = set(connection.execute(
            select(Record.id).where(Record.uri.in_(top_uris))).scalars()) if top_uris else set()
    ids = {row[0] for row in rows}
    result = Hierarchy(ids)
    paired: set[tuple[int, int]] = set()
    for subject, relation, obj in rows:
        if relation is None:
            continue
        parent, child = (obj, subject) if relation == "broader" else (subject, obj)
        if parent in ids and child in ids and parent != child and (parent, child) not in paired:
            paired.add((parent, child))
            result.children.setdefault(parent, []).append(child)
            result.parents.setdefault(child, []).append(parent)
    tops = {i for i in ids if i not in result.parents} | (named_tops & ids)
    result.tops = _add_unreached(store, result, sorted(tops))
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


def _member_row(scheme_id: int):
    """Return `members_of` as a test of one joined row (indexed lookups, no scan of the scheme)."""
    link = aliased(Link)
    return or_(Concept.scheme_id == scheme_id,
               exists().where(link.subject_id == Record.id, link.relation == "in_scheme",
                              link.object_id == scheme_id),
               exists().where(link.object_id == Record.id, link.relation == "top_concept",
                              link.subject_id == scheme_id))


def top_concept_uris(scheme: Record) -> frozenset[str]:
    """Return the IRIs a scheme's RDF names as its top concepts (skos:hasTopConcept)."""
    graph = effective_graph(scheme)
    return frozenset(str(o) for o in graph.objects(URIRef(scheme.uri), SKOS.hasTopConcept))


def entries(store: Store, ids: Iterable[int]) -> dict[int, Entry]:
    """Return the concepts with these ids as entries to draw (ids already known visible)."""
    wanted = sorted(set(ids))
    found: dict[int, Entry] = {}
    with store.read() as session:
        connection = session.connection()
        for start in range(0, len(wanted), _CHUNK):
            rows = connection.execute(
                select(Record.id, Record.uri, Record.slug, Record.title, Record.title_en,
                       Concept.notation).join(Concept, Concept.id == Record.id)
                .where(Record.id.in_(wanted[start:start + _CHUNK])))
            found.update((row[0], Entry(*row)) for row in rows)
    return found


def _add_unreached(store: Store, h: Hierarchy, tops: list[int]) -> list[int]:
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
        if len(seen) == len(h.ids):
            return tops  # the usual case: no label needs reading
        if pending is None:  # the unreached parts start at their first concept by title
            unreached = entries(store, h.ids - seen)
            pending = iter(sorted(unreached, key=lambda i: (sort_key(unreached[i].title), i)))
        nxt = next((i for i in pending if i not in seen), None)
        if nxt is None:
            return tops
        tops.append(nxt)
        queue.append(nxt)


def tree(store: Store, h: Hierarchy, lang: str = "nl", budget: int = TREE_BUDGET,
         depth: int = TREE_DEPTH) -> list[TreeNode]:
    """Shape the hierarchy into nested nodes, breadth first, within a budget of drawn nodes.

    A concept under two broader ones is drawn under both; one of its own ancestors never again
    below it, so cycles end. A node whose narrower concepts do not fit keeps their number.
    Labels are read a level at a time, for the drawn concepts only.
    """
    known = entries(store, h.tops)

    def ordered(ids) -> list[int]:
        return sorted(ids, key=lambda i: sort_key(label(known[i], lang)))

    roots = [TreeNode(known[i]) for i in ordered(h.tops)]
    drawn = len(roots)
    level = [(node, (node.entry.id,)) for node in roots]
    while level:
        # Which nodes open is decided by counts alone, in drawing order; labels come after.
        opening = []
        for node, ancestors in level:
            below = [c for c in h.children.get(node.entry.id, ()) if c not in ancestors]
            if not below:
                continue
            if drawn + len(below) > budget or len(ancestors) >= depth:
                node.left_out = len(below)
                continue
            drawn += len(below)
            opening.append((node, ancestors, below))
        known.update(entries(store, {c for *_, below in opening for c in below} - known.keys()))
        level = []
        for node, ancestors, below in opening:
            for child_id in ordered(below):
                child = TreeNode(known[child_id])
                node.children.append(child)
                level.append((child, (*ancestors, child_id)))
    return roots


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
    return fold(text)


# Labels match when their sort keys are equal: "Café  Noir" is "cafe noir" (ConceptLabel.key).
label_key = sort_key


def letter_of(text: str) -> str:
    """Return the index letter of a label: A–Z, "0–9" for digits, "#" for anything else."""
    return letter_of_key(sort_key(text))


def letter_of_key(key: str) -> str:
    """Return the index letter of a label's key (see `letter_of`)."""
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


def relatives(store: Store, principal: Principal, concept_id: int, scheme_id: int,
              transitive: bool) -> tuple[list[Entry], list[Entry]]:
    """Return a concept's visible broader and narrower concepts in a scheme (all levels if
    transitive), nearest first.

    Walks the links from the concept only (a recursive query), never the whole scheme; a
    concept the caller may not see, or outside the scheme, ends a path, and a cycle ends too.
    """
    return (_walk(store, principal, concept_id, scheme_id, True, transitive),
            _walk(store, principal, concept_id, scheme_id, False, transitive))


def _walk(store: Store, principal: Principal, start: int, scheme_id: int, up: bool,
          transitive: bool) -> list[Entry]:
    # The two ways an edge is written, as (relation, the end we come from, the end we go to).
    if up:
        ways = (("broader", Link.subject_id, Link.object_id),
                ("narrower", Link.object_id, Link.subject_id))
    else:
        ways = (("broader", Link.object_id, Link.subject_id),
                ("narrower", Link.subject_id, Link.object_id))
    (first, from_first, to_first), (second, from_second, to_second) = ways
    source = case((Link.relation == first, from_first), else_=from_second)
    target = case((Link.relation == first, to_first), else_=to_second)

    def leaving(node):
        return or_(and_(Link.relation == first, from_first == node),
                   and_(Link.relation == second, from_second == node))

    def steps(statement):
        return (statement.join(Record, Record.id == target).join(Concept, Concept.id == Record.id)
                .where(Record.kind == Kind.concept, _member_row(scheme_id),
                       access.record_filter(principal), target != source))

    walk = steps(select(source.label("src"), target.label("dst")).select_from(Link)
                 .where(leaving(start)))
    if transitive:
        walk = walk.cte("walk", recursive=True)
        # UNION (not UNION ALL) drops an edge met again, so a cycle ends the recursion.
        walk = walk.union(steps(select(source, target).select_from(Link)
                                .join(walk, leaving(walk.c.dst))))
    else:
        walk = walk.subquery("walk")
    with store.read() as session:
        rows = session.connection().execute(
            select(walk.c.src, walk.c.dst, Record.uri, Record.slug, Record.title,
                   Record.title_en, Concept.notation)
            .join(Record, Record.id == walk.c.dst).join(Concept, Concept.id == Record.id)
            .order_by(walk.c.src, walk.c.dst)).all()
    step: dict[int, list[int]] = {}
    found: dict[int, Entry] = {}
    for src, dst, *rest in rows:
        step.setdefault(src, []).append(dst)
        found[dst] = Entry(dst, *rest)
    seen, order, todo = {start}, [], deque(step.get(start, []))
    while todo:
        node = todo.popleft()
        if node in seen:
            continue
        seen.add(node)
        order.append(found[node])
        todo.extend(step.get(node, []))
    return order
