"""Names for what a history shows: editorial statuses, revision actions and RDF properties."""

from __future__ import annotations

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from rdflib.namespace import DCTERMS, OWL, RDFS, SKOS

from vocab.namespaces import ADMS, ATLAS, DCAT, PREFIXES

EDITORIAL_LABELS = {
    "in-bewerking": _l("in bewerking"), "voorgesteld": _l("voorgesteld"),
    "vastgesteld": _l("vastgesteld"), "herzien": _l("herzien"), "vervangen": _l("vervangen"),
    "vervallen": _l("vervallen"),
}
ACTION_LABELS = {
    "create": _l("Aangemaakt"), "update": _l("Bijgewerkt uit de bron"),
    "edit": _l("Bewerkt"), "state": _l("Status of toegang gewijzigd"),
    "vanished": _l("Niet meer in de bron"), "observations": _l("Waarnemingen vervangen"),
}
PROPERTY_LABELS = {
    str(SKOS.prefLabel): _l("Voorkeursterm"), str(SKOS.altLabel): _l("Alternatieve term"),
    str(SKOS.hiddenLabel): _l("Verborgen zoekterm"), str(SKOS.definition): _l("Definitie"),
    str(SKOS.scopeNote): _l("Toelichting"), str(SKOS.example): _l("Voorbeeld"),
    str(SKOS.notation): _l("Notatie"), str(SKOS.broader): _l("Breder begrip"),
    str(SKOS.narrower): _l("Smaller begrip"), str(SKOS.related): _l("Verwant begrip"),
    str(SKOS.exactMatch): _l("Exact gelijk aan"), str(SKOS.closeMatch): _l("Vrijwel gelijk aan"),
    str(SKOS.inScheme): _l("Begrippenkader"), str(SKOS.topConceptOf): _l("Topbegrip van"),
    str(ADMS.status): _l("Redactionele status"), str(DCTERMS.isReplacedBy): _l("Vervangen door"),
    str(OWL.deprecated): _l("Vervallen"), str(DCTERMS.valid): _l("Geldigheid"),
    str(DCTERMS.source): _l("Bron"), str(DCTERMS.title): _l("Naam"),
    str(DCTERMS.description): _l("Beschrijving"), str(DCTERMS.publisher): _l("Uitgever"),
    str(DCTERMS.subject): _l("Begrip"), str(ATLAS.measures): _l("Meet het begrip"),
    str(DCAT.theme): _l("Thema"), str(DCAT.keyword): _l("Trefwoord"),
    str(OWL.versionInfo): _l("Versie"), str(RDFS.label): _l("Naam"),
}


def editorial_label(key: str) -> str:
    """Return the display name of an editorial status key."""
    return EDITORIAL_LABELS.get(key, key)


def action_label(action: str) -> str:
    """Return the display name of a revision's action."""
    return ACTION_LABELS.get(action, action)


def property_label(iri: str) -> str:
    """Return a property's display name, or its prefixed name when Atlas has none for it."""
    if iri in PROPERTY_LABELS:
        return str(PROPERTY_LABELS[iri])
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(str(namespace)):
            return f"{prefix}:{iri[len(str(namespace)):]}"
    return iri


def datetime_short(moment) -> str:
    """Format a moment for the page's language and the province's time zone."""
    return format_datetime(moment, "short")
