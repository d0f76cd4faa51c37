"""Only trusted host names are answered, and absolute links name ATLAS_BASE_URI whatever the
caller put in Host or X-Forwarded-Host."""

from __future__ import annotations

import pytest

from atlas import create_app
from atlas.access import SYSTEM
from tests.conftest import BASE

EVIL = "evil.example"


def _app(tmp_path, **config):
    app = create_app({"TESTING": True, "INSTANCE_PATH": str(tmp_path / "i"), "BASE_URI": BASE,
                      "SECRET_KEY": "test", **config})
    app.extensions["atlas"].store.upgrade()
    return app


@pytest.mark.parametrize("path, accept", [("/", "text/html"), ("/catalog.ttl", "text/turtle"),
                                          ("/api/v1/search?q=x", "application/json"),
                                          ("/api/3/action/package_search", "application/json"),
                                          ("/login", "text/html")])
def test_an_untrusted_host_is_answered_400(client, path, accept):
    response = client.get(path, headers={"Host": EVIL, "Accept": accept})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert EVIL not in body
    assert "antwoordt niet op deze hostnaam" in body or "does not answer to this host" in body


def test_the_base_host_and_local_names_are_trusted_by_default(client, add_dataset):
    add_dataset("fiets", "Fietspaden")
    for host in ("atlas.test", "localhost:5000", "127.0.0.1:8000"):
        assert client.get("/datasets/fiets", headers={"Host": host}).status_code == 200, host


def _absolute_links(client, headers) -> list[str]:
    """The absolute links of the feed, the REST API and the CKAN API, as a harvester sees them."""
    feed = client.get("/catalog.nt?page_size=1", headers=headers).get_data(as_text=True)
    links = [word.strip("<>") for word in feed.split() if "page=" in word]
    search = client.get("/api/v1/search?q=fietspaden", headers=headers).get_json()
    links += [hit["url"] for hit in search["hits"]]
    schemes = client.get("/api/v1/schemes", headers=headers).get_json()
    links += [scheme["url"] for scheme in schemes["schemes"]]
    ckan = client.get("/api/3/action/package_list", headers=headers).get_json()
    links.append(ckan["help"])
    return links


def test_links_name_the_base_uri_whatever_host_was_sent(tmp_path):
    from tests.conftest import dataset_input

    app = _app(tmp_path, TRUSTED_HOSTS=".provincie-utrecht.nl, localhost")
    svc = app.extensions["atlas"]
    for slug in ("fietspaden-noord", "fietspaden-zuid"):
        svc.catalogue.upsert(dataset_input(slug, "Fietspaden"), principal=SYSTEM.named("test"))
    svc.projector.kick(wait=True)
    client = app.test_client()
    assert client.get("/", headers={"Host": EVIL}).status_code == 400
    assert client.get("/", headers={"Host": "atlas.test"}).status_code == 400  # not listed
    for headers in ({"Host": "data.provincie-utrecht.nl"}, {"Host": "localhost"},
                    {"Host": "localhost", "X-Forwarded-Host": EVIL}):
        links = _absolute_links(client, headers)
        assert len(links) >= 5, links  # paging links, search hits, the CKAN help link
        assert all(link.startswith(BASE + "/") for link in links), (headers, links)
    svc.store.dispose()


def test_behind_a_trusted_proxy_the_forwarded_host_is_checked_too(tmp_path):
    app = _app(tmp_path, TRUSTED_PROXIES=1)
    client = app.test_client()
    assert client.get("/", headers={"X-Forwarded-Host": EVIL}).status_code == 400
    assert client.get("/", headers={"X-Forwarded-Host": "atlas.test"}).status_code == 200
    app.extensions["atlas"].store.dispose()


def test_a_bad_trusted_proxies_value_names_the_setting():
    from atlas import settings

    with pytest.raises(SystemExit) as caught:
        settings.load({"ATLAS_TRUSTED_PROXIES": "-1"})
    assert "ATLAS_TRUSTED_PROXIES" in str(caught.value)
