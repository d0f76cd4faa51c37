"""The RDF ⇄ record mapping in vocab/: every kind reads back what it builds."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from vocab import kinds, records

BASE = "http://atlas.test"
FIELDS = {
    "dataset": {
        "title": "Fietsroutenetwerk", "title_en": "Cycle route network",
        "description": "Het netwerk van fietsroutes.", "publisher": f"{BASE}/organisations/pu",
        "detail": {"identifier": "fiets-01", "is_series": False,
                   "themes": ["http://publications.europa.eu/resource/authority/data-theme/TRAN"],
                   "keywords": ["fiets", "route"], "landing_page": "https://x.test/fiets",
                   "issued": "2024-01-02", "modified_at": "2025-03-04",
                   "frequency": "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
                   "spatial": "", "license": ""},
        "distributions": [{"uri": f"{BASE}/datasets/fiets/distributions/1", "title": "CSV",
                           "access_url": "https://x.test/f.csv", "download_url": "",
                           "media_type": "https://www.iana.org/assignments/media-types/text/csv",
                           "format": "http://publications.europa.eu/resource/authority/file-type/CSV",
                           "license": "http://publications.europa.eu/resource/authority/licence/CC0",
                           "byte_size": 1234}],
        "links": [("subject", f"{BASE}/definitions/fiets")],
    },
    "dataservice": {
        "title": "Fiets-API", "title_en": "", "description": "", "publisher": "",
        "detail": {"endpoint_url": "https://api.x.test/", "endpoint_description": ""},
        "links": [("serves", f"{BASE}/datasets/fiets")],
    },
    "conceptscheme": {
        "title": "Begrippen", "title_en": "Concepts", "description": "Alle begrippen.",
        "publisher": "", "detail": {"version_info": "1.0"}, "links": [],
    },
    "concept": {
        "title": "fiets", "title_en": "bicycle", "description": "Een tweewieler.",
        "publisher": "", "scheme": f"{BASE}/definitions/begrippen",
        "detail": {"pref_label": "fiets", "pref_label_en": "bicycle",
                   "alt_labels": [{"value": "rijwiel", "lang": "nl"}],
                   "hidden_labels": [{"value": "fits", "lang": "nl"}],
                   "definition": "Een tweewieler.", "notation": "F1",
                   "source": "https://wetten.overheid.nl/BWBR0004825",
                   "editorial_status": "vastgesteld"},
        "links": [("in_scheme", f"{BASE}/definitions/begrippen"),
                  ("broader", f"{BASE}/definitions/voertuig")],
    },
    "indicator": {
        "title": "Fietsgebruik", "title_en": "Cycling", "description": "Aandeel fietsritten.",
        "publisher": f"{BASE}/organisations/pu",
        "detail": {"unit": "%", "method": "Ritten per fiets / alle ritten.",
                   "periodicity": "http://publications.europa.eu/resource/authority/frequency/ANNUAL",
                   "spatial_level": "gemeente", "programme": "Mobiliteit", "target_value": 40.0,
                   "target_year": 2030, "direction": "up", "owner": f"{BASE}/organisations/pu"},
        "links": [("measures", f"{BASE}/definitions/fiets"),
                  ("derived_from", f"{BASE}/datasets/fiets")],
    },
    "organisation": {
        "title": "Provincie Utrecht", "title_en": "Province of Utrecht", "description": "",
        "publisher": "", "detail": {"homepage": "https://www.provincie-utrecht.nl/",
                                    "org_type": "http://purl.org/adms/publishertype/RegionalAuthority",
                                    "email": "mailto:data@provincie-utrecht.nl"},
        "links": [],
    },
}


def test_every_kind_has_a_reader_and_a_builder():
    assert set(kinds.names()) == set(FIELDS)
    assert all(callable(kinds.get(k).read) and callable(kinds.get(k).build) for k in FIELDS)


@pytest.mark.parametrize("kind", sorted(FIELDS))
def test_build_then_read_gives_the_same_fields(kind):
    uri = f"{BASE}/{kind}/x"
    graph = records.build(kind, uri, FIELDS[kind])
    assert kinds.kind_of(graph, URIRef(uri)) == kind
    fields = records.read(kind, graph, URIRef(uri))
    expected = FIELDS[kind]
    assert sorted(fields["links"]) == sorted(expected["links"])
    assert {k: v for k, v in fields.items() if k != "links"} == \
        {k: v for k, v in expected.items() if k != "links"}


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        records.build("recipe", f"{BASE}/x", {})
