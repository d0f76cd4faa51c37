"""The six built-in record kinds, registered on import of atlas.records as any other kind would be."""

from __future__ import annotations

from collections.abc import Callable

from atlas.models import (
    Concept,
    ConceptLabel,
    ConceptScheme,
    DataService,
    Dataset,
    Distribution,
    Indicator,
    Organisation,
    Record,
)
from atlas.records.details import label_rows
from atlas.records.kinds import KINDS, Children, ConceptLink, DocumentContext, KindSpec
from atlas.text import N_, fold
from vocab import kinds as vocab_kinds
from vocab.namespaces import ATLAS, DCTERMS


def _distribution_rows(dataset_id: int, fields: dict) -> list[dict]:
    return [{"dataset_id": dataset_id, **d} for d in fields.get("distributions", [])]


def _concept_label_rows(concept_id: int, fields: dict) -> list[dict]:
    return label_rows(concept_id, fields.get("labels", []))


def _first_stored_scheme(fields: dict, id_of: Callable) -> dict:
    # A concept's scheme is the first of its schemes (by IRI) that is stored already.
    schemes = [uri for relation, uri in sorted(fields["links"]) if relation == "in_scheme"]
    return {"scheme_id": next((found for uri in schemes
                               if (found := id_of(uri, "conceptscheme"))), None)}


def _last(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def _dataset_search_fields(record: Record, dataset: Dataset | None,
                           distributions: list[Distribution], ctx: DocumentContext) -> dict:
    formats = {_last(d.format) for d in distributions if d.format}
    licences = {_last(d.license) for d in distributions if d.license}
    if dataset is None:
        return {"format": ",".join(sorted(formats)), "licence": ",".join(sorted(licences))}
    if dataset.license:
        licences.add(_last(dataset.license))
    keywords = list(dataset.keywords)
    return {"labels": keywords,
            "theme": ",".join(sorted({t.rstrip("/").rsplit("/", 1)[-1] for t in dataset.themes})),
            "format": ",".join(sorted(formats)), "licence": ",".join(sorted(licences)),
            "keyword": ",".join(sorted({k.replace(",", " ") for k in keywords}))}


def _concept_scheme_id(concept: Concept, ctx: DocumentContext) -> int | None:
    # A concept named only by its scheme's skos:hasTopConcept belongs to that scheme too.
    return concept.scheme_id or ctx.tops.get(concept.id)


def _concept_search_fields(record: Record, concept: Concept | None, labels: list,
                           ctx: DocumentContext) -> dict:
    if concept is None:
        return {}
    alternatives = [x["value"] for x in concept.alt_labels + concept.hidden_labels]
    scheme_id = _concept_scheme_id(concept, ctx)
    return {"labels": [*alternatives, concept.pref_label_en],
            "altlabels": ",".join(sorted({fold(x) for x in alternatives})),
            "scheme": ctx.slugs.get(scheme_id, "") if scheme_id else ""}


def _concept_search_refs(concept: Concept, ctx: DocumentContext) -> list[int]:
    scheme_id = _concept_scheme_id(concept, ctx)
    return [scheme_id] if scheme_id else []


KINDS.register(KindSpec(
    rdf=vocab_kinds.get("dataset"), detail=Dataset, segment="datasets", label=N_("Dataset"),
    children=Children(Distribution, "dataset_id", _distribution_rows),
    search_fields=_dataset_search_fields, concept_link=ConceptLink("subject", DCTERMS.subject), quality_checked=True,
    in_feed=True, on_home=True))
# A data service's page is found under /datasets/ too (its links predate /dataservices/).
KINDS.register(KindSpec(
    rdf=vocab_kinds.get("dataservice"), detail=DataService, segment="dataservices",
    also_under=("datasets",), label=N_("Dataservice"), quality_checked=True, in_feed=True))
# A scheme's members are its tree (atlas.definitions), not a list of thousands on its page.
KINDS.register(KindSpec(
    rdf=vocab_kinds.get("conceptscheme"), detail=ConceptScheme, segment="definitions",
    label=N_("Begrippenkader"), hidden_incoming=("in_scheme",)))
KINDS.register(KindSpec(
    rdf=vocab_kinds.get("concept"), detail=Concept, segment="definitions", label=N_("Begrip"),
    children=Children(ConceptLabel, "concept_id", _concept_label_rows, loaded=False),
    detail_extra=_first_stored_scheme, search_fields=_concept_search_fields,
    search_refs=_concept_search_refs, on_home=True))
KINDS.register(KindSpec(
    rdf=vocab_kinds.get("indicator"), detail=Indicator, segment="indicators",
    label=N_("Indicator"), concept_link=ConceptLink("measures", ATLAS.measures), observations=True, on_home=True))
KINDS.register(KindSpec(
    rdf=vocab_kinds.get("organisation"), detail=Organisation, segment="organisations",
    label=N_("Organisatie"), on_home=True))
