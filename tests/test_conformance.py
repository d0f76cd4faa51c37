"""What Atlas publishes passes the official DCAT-AP 3.0.1 and DCAT-AP-NL 3.0 shapes."""

from __future__ import annotations

import pytest
from rdflib import Graph

from atlas.access import SYSTEM
from atlas.harvest.run import harvest
from atlas.harvest.sources import add_source, parse_default
from atlas.publish import quality
from tests.services import serve_directory
from tests.test_harvest import catalogue_page


@pytest.fixture(scope="module")
def demo_client(demo_app):
    return demo_app.test_client()


@pytest.fixture(scope="module")
def whole_feed(demo_app, demo_client):
    """Every page of the demo's feed, followed by its Hydra next links, as one graph."""
    graph, pages = Graph(), 0
    url = "/catalog.ttl?page=1&page_size=100"
    while url:
        page = Graph().parse(data=demo_client.get(url).data, format="turtle")
        graph += page
        pages += 1
        following = [str(o) for o in page.objects(None, _hydra("next"))]
        url = following[0].removeprefix(demo_app.config["BASE_URI"]) if following else None
    assert pages == 2
    return graph


@pytest.mark.parametrize("profile", sorted(quality.PROFILES))
def test_the_demo_feed_conforms(whole_feed, profile):
    found = quality.violations(quality.check(whole_feed, profiles=(profile,)))
    assert not found, "\n".join(f"{f.focus} {f.path}: {f.message}" for f in found[:20])


def _hydra(name):
    from vocab.namespaces import HYDRA
    return HYDRA[name]


def test_a_record_lacking_mandatory_values_gets_the_source_defaults_or_a_finding(app, tmp_path):
    svc = app.extensions["atlas"]
    config = dict(app.config, HARVEST_ALLOW_PRIVATE=True)
    site = tmp_path / "site"
    site.mkdir()
    with serve_directory(site) as base:
        (site / "a.ttl").write_text(catalogue_page([("kaal", "Kale dataset")], base))
        (site / "b.ttl").write_text(catalogue_page([("ook-kaal", "Nog een kale")], base))
        defaults = dict(parse_default(text) for text in (
            "dct:accessRights=http://publications.europa.eu/resource/authority/access-right/PUBLIC",
            "dct:publisher=http://atlas.test/organisations/partner",
            "dcat:theme=http://publications.europa.eu/resource/authority/data-theme/ENVI"))
        add_source(svc.store, name="met standaarden", url=f"{base}/a.ttl", allow_private=True,
                   defaults={p: [v] for p, v in defaults.items()}, principal=SYSTEM)
        harvest(svc.store, svc.catalogue, config, source_name="met standaarden", principal=SYSTEM)
        harvest(svc.store, svc.catalogue, config, location=f"{base}/b.ttl", principal=SYSTEM)
    client = app.test_client()
    with_defaults = Graph().parse(data=client.get("/catalog.nt").data, format="nt")
    from rdflib import URIRef
    from rdflib.namespace import DCTERMS
    dressed, bare = URIRef(f"{base}/ds/kaal"), URIRef(f"{base}/ds/ook-kaal")
    assert with_defaults.value(dressed, DCTERMS.accessRights) is not None
    assert with_defaults.value(bare, DCTERMS.accessRights) is None
    findings = quality.violations(quality.check(with_defaults, profiles=("DCAT-AP-NL 3.0",)))
    missing = {(f.focus, f.path.rsplit("/", 1)[-1]) for f in findings}
    assert (str(bare), "accessRights") in missing and (str(bare), "publisher") in missing
    assert (str(dressed), "accessRights") not in missing
    # the stored record is what the source said: defaults are published, never stored
    record = svc.catalogue.get_any(uri=str(dressed))
    assert "accessRights" not in record.source_rdf


def test_curators_see_what_a_record_lacks_on_its_page(app, client, add_dataset):
    from tests.test_access import _sign_in
    add_dataset("kaal", "Kale dataset")
    assert "Kwaliteit" not in client.get("/datasets/kaal").data.decode()
    _sign_in(app, client, "curator")
    body = client.get("/datasets/kaal").data.decode()
    assert "Kwaliteit" in body and "accessRights" in body and "DCAT-AP-NL 3.0" in body
