"""The sources pages: admins only, each source's runs and errors, and "run now"."""

from __future__ import annotations

import re
import time

import pytest

from atlas.access import SYSTEM
from atlas.accounts.service import add_user
from atlas.harvest.sources import add_source
from tests.services import serve_directory
from tests.test_harvest import catalogue_page


def _sign_in(client, store, role):
    add_user(store, f"{role}@utrecht.test", role, "geheim123", principal=SYSTEM)
    token = re.search(r'name="csrf_token" value="([^"]+)"',
                      client.get("/login").data.decode()).group(1)
    response = client.post("/login", data={"email": f"{role}@utrecht.test",
                                           "password": "geheim123", "csrf_token": token})
    assert response.status_code == 302


@pytest.mark.parametrize("role", [None, "viewer", "curator"])
def test_sources_pages_answer_404_to_all_but_admins(app, client, role):
    svc = app.extensions["atlas"]
    add_source(svc.store, name="partner", url="https://partner.test/catalog.ttl", principal=SYSTEM)
    if role:
        _sign_in(client, svc.store, role)
    assert client.get("/admin/sources").status_code == 404
    assert client.get("/admin/sources/partner").status_code == 404
    assert client.post("/admin/sources/partner/run").status_code in (400, 404)


def test_admin_runs_a_source_now_and_sees_the_run(app, client, tmp_path):
    svc = app.extensions["atlas"]
    site = tmp_path / "site"
    site.mkdir()
    with serve_directory(site) as base:
        (site / "c.ttl").write_text(catalogue_page([("a", "Fietspaden"), ("b", "Wegen")], base))
        add_source(svc.store, name="loopback partner", url=f"{base}/c.ttl", allow_private=True, principal=SYSTEM)
        _sign_in(client, svc.store, "admin")
        listing = client.get("/admin/sources").data.decode()
        assert "loopback partner" in listing and "nog nooit" in listing
        page = client.get("/admin/sources/loopback partner").data.decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        response = client.post("/admin/sources/loopback partner/run",
                               data={"csrf_token": token})
        assert response.status_code == 302
        deadline = time.time() + 30
        while time.time() < deadline:
            page = client.get("/admin/sources/loopback partner").data.decode()
            if "afgerond" in page:
                break
            time.sleep(0.2)
    assert "afgerond" in page
    assert re.search(r"<td>afgerond</td><td>2</td>", page)
