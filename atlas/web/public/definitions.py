"""The definitions pages: the list of concept schemes, and what scheme and concept pages add.

Scheme and concept pages themselves are served by `pages.record` (which keeps answering RDF by
content negotiation); it asks `record_context` here for the tree, the index, the path to the top,
the matches and where a concept is used. The queries live in `atlas.definitions`.
"""

from __future__ import annotations

from flask import Blueprint, make_response, render_template, request

from atlas.access import Action, Principal, may
from atlas.definitions import hierarchy, scheme_index
from atlas.definitions.facts import collections, concept_facts
from atlas.models import Kind, Record
from atlas.services import services
from atlas.web.presentation import page_lang
from atlas.web.principal import current_principal, personalised
from atlas.web.whole_numbers import query_number

bp = Blueprint("definitions", __name__)

# Relations the concept page shows in sections of its own; any other goes to "Verbanden".
CONCEPT_RELATIONS = {"broader", "broader_of", "narrower", "narrower_of", "related", "related_of",
                     "in_scheme", "subject_of", "measures_of"}
NARROWER_SHOWN = 100  # narrower concepts listed on a concept page; the rest are counted


@bp.get("/definitions")
def schemes():
    """List the concept schemes the caller may see, with their number of visible concepts."""
    found = hierarchy.schemes(services().store, current_principal())
    return personalised(make_response(render_template("definitions_schemes.html",
                                                      schemes=found)))


def record_context(record: Record, principal: Principal, related: dict) -> dict:
    """Return the extra template context of a scheme or concept page (empty for other kinds)."""
    if record.kind == Kind.conceptscheme:
        return _scheme_context(record, principal)
    if record.kind == Kind.concept:
        return _concept_context(record, principal, related)
    return {}


def _scheme_context(scheme: Record, principal: Principal) -> dict:
    svc = services()
    lang = page_lang()
    shape = hierarchy.hierarchy(svc.store, principal, scheme,
                                hierarchy.top_concept_uris(scheme))
    nodes = hierarchy.tree(svc.store, shape, lang)
    az = scheme_index.alphabetical(svc.store, principal, scheme.id, lang, len(shape.ids),
                                   shape.stamp)
    index = [(letter, _anchor(letter), count) for letter, count in az.letters]
    limit = scheme_index.AZ_PAGE_LIMIT
    paged = az.total > limit
    letter, page, pages = "", 1, 1
    if paged and index:
        # A big scheme lists one letter at a time, and a crowded letter in pages of `limit`.
        wanted = request.args.get("letter", "")
        letter, _, count = next((x for x in index if x[0] == wanted), index[0])
        pages = -(-count // limit)
        page = min(_page_number(), pages)
        lines = az.lines(letter, (page - 1) * limit, limit)
    else:
        lines = az.lines()
    shown = [(x, _anchor(x), entries) for x, entries in lines]
    return {"tree": nodes, "tree_drawn": _count(nodes), "concept_total": len(shape.ids),
            "az_index": index, "az_shown": shown, "az_paged": paged, "az_letter": letter,
            "az_page": page, "az_pages": pages,
            "scheme_collections": _collections(scheme, principal)}


def _page_number() -> int:
    """Return the ?page= of the A–Z index (1 when absent, the last when past it; 400 when no number)."""
    return query_number("page", 1, maximum=999_999, clamp=True)


def _concept_context(concept: Record, principal: Principal, related: dict) -> dict:
    svc = services()
    facts = concept_facts(concept, page_lang())
    known = _visible_targets(principal, [*facts.replaced_by,
                                         *(i for iris in facts.matches.values() for i in iris)])
    narrower = related.get("broader_of", []) + related.get("narrower", [])
    related_concepts = {r.id: r for r in related.get("related", []) + related.get("related_of", [])}
    return {
        "facts": facts,
        "path": hierarchy.path_to_top(svc.store, principal, concept),
        "broader": related.get("broader", []) + related.get("narrower_of", []),
        "narrower": narrower[:NARROWER_SHOWN], "narrower_more": max(0, len(narrower) - NARROWER_SHOWN),
        "related_concepts": sorted(related_concepts.values(), key=lambda r: r.title.casefold()),
        "schemes": related.get("in_scheme", []),
        "used_datasets": related.get("subject_of", []),
        "used_indicators": related.get("measures_of", []),
        "replaced_by": [(iri, known[iri]) for iri in facts.replaced_by if iri in known],
        "matches": {name: pairs for name, iris in facts.matches.items()
                    if (pairs := [(iri, known[iri]) for iri in iris if iri in known])},
        "other_related": {k: v for k, v in related.items() if k not in CONCEPT_RELATIONS},
        "show_hidden_labels": may(principal, Action.curate, concept),
    }


def _visible_targets(principal: Principal, iris: list[str]) -> dict[str, Record | None]:
    """Map IRIs to the visible records they name, or None for addresses outside Atlas.

    An IRI under Atlas's own base that names no visible record is left out: it may be a draft
    or an internal record, and a page must not hint that it exists.
    """
    catalogue = services().catalogue
    found = {r.uri: r for r in catalogue.find(principal, uris=set(iris))}
    own = catalogue.base_uri.rstrip("/") + "/"
    return {iri: found.get(iri) for iri in iris if iri in found or not iri.startswith(own)}


def _collections(scheme: Record, principal: Principal) -> list[tuple[str, list[Record]]]:
    """Return the scheme's collections with their visible member concepts (empty ones dropped)."""
    described = collections(scheme)
    members = {m for _, iris in described for m in iris}
    found = {r.uri: r for r in services().catalogue.find(principal, uris=members,
                                                           kind=Kind.concept)}
    result = [(name, [found[m] for m in iris if m in found]) for name, iris in described]
    return [(name, records) for name, records in result if records]


def _count(nodes) -> int:
    return sum(1 + _count(node.children) for node in nodes)


def _anchor(letter: str) -> str:
    """Return the fragment id of an index letter (A → az-a, 0–9 → az-0-9, # → az-overig)."""
    return {"#": "az-overig", "0–9": "az-0-9"}.get(letter, f"az-{letter.lower()}")
