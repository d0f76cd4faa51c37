"""Curating in the pages: forms for schemes and concepts, workflow, editorial status, links."""

from __future__ import annotations

import re

import pytest

from tests.conftest import sign_in


def csrf(client) -> str:
    with client.session_transaction() as session:
        session.setdefault("csrf", "test-token")
        return session["csrf"]


def post(client, path, data, **kwargs):
    return client.post(path, data={"csrf_token": csrf(client), **data}, **kwargs)


@pytest.fixture
def curator(svc, client):
    sign_in(svc.store, client, "curator")
    return client


def make_scheme(client) -> str:
    response = post(client, "/definitions/schemes/new",
                    {"title_nl": "Mobiliteit", "title_en": "Mobility",
                     "description_nl": "Begrippen over verkeer.", "access": "public"})
    assert response.status_code == 303
    return response.headers["Location"].rsplit("/", 1)[-1]


def make_concept(client, scheme: str, label: str, **fields) -> str:
    response = post(client, f"/definitions/{scheme}/concepts/new",
                    {"pref_label_nl": label, **fields})
    assert response.status_code == 303, response.get_data(as_text=True)
    return response.headers["Location"].rsplit("/", 1)[-1]


def publish(client, slug: str, section: str = "definitions") -> None:
    page = client.get(f"/{section}/{slug}").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = post(client, f"/{section}/{slug}/state",
                    {"status": "published", "access": "public", "version": version})
    assert response.status_code == 303


def test_a_curator_builds_a_scheme_in_the_pages(curator, client):
    scheme = make_scheme(client)
    vervoer = make_concept(client, scheme, "vervoermiddel")
    fiets = make_concept(client, scheme, "fiets", pref_label_en="bicycle",
                         broader="vervoermiddel", alt_labels_nl="rijwiel\r\ntweewieler",
                         definition_nl="Een tweewieler die je trapt.",
                         editorial_status="voorgesteld")
    for slug in (scheme, vervoer, fiets):
        publish(client, slug)
    client.post("/logout", data={"csrf_token": csrf(client)})
    page = client.get(f"/definitions/{fiets}").get_data(as_text=True)
    assert "Een tweewieler die je trapt." in page
    assert "rijwiel" in page and "vervoermiddel" in page
    assert "Redactionele status" in page and "voorgesteld" in page
    assert "curator@utrecht.test" not in page  # who set the status is for staff only
    assert "Beheer" not in page and "/edit" not in page
    tree = client.get(f"/definitions/{scheme}").get_data(as_text=True)
    assert "fiets" in tree


def test_the_edit_form_shows_current_values_and_saves_a_change(curator, client, svc):
    scheme = make_scheme(client)
    make_concept(client, scheme, "vervoermiddel")
    fiets = make_concept(client, scheme, "fiets", broader="vervoermiddel")
    form = client.get(f"/definitions/{fiets}/edit").get_data(as_text=True)
    assert 'value="fiets"' in form
    assert ">vervoermiddel</textarea>" in form  # broader shown by its label, not its IRI
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    response = post(client, f"/definitions/{fiets}/edit",
                    {"version": version, "pref_label_nl": "rijwiel", "broader": "vervoermiddel",
                     "definition_nl": "Nieuw."})
    assert response.status_code == 303
    page = client.get(f"/definitions/{fiets}").get_data(as_text=True)
    assert "<h1><bdi>rijwiel</bdi></h1>" in page and "Nieuw." in page


def test_a_bad_form_is_answered_with_the_fields_to_fix_and_stores_nothing(curator, client):
    scheme = make_scheme(client)
    response = post(client, f"/definitions/{scheme}/concepts/new",
                    {"pref_label_nl": "fiets", "broader": "bestaat niet"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'role="alert"' in page and 'href="#veld-broader"' in page
    assert "bestaat niet" in page and 'aria-invalid="true"' in page
    assert 'value="fiets"' in page  # what was typed is kept
    tree = client.get(f"/definitions/{scheme}").get_data(as_text=True)
    assert "geen begrippen" in tree


def test_a_stale_edit_is_refused_with_the_newer_version_shown(curator, client):
    scheme = make_scheme(client)
    fiets = make_concept(client, scheme, "fiets")
    form = client.get(f"/definitions/{fiets}/edit").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    assert post(client, f"/definitions/{fiets}/edit",
                {"version": version, "pref_label_nl": "fiets",
                 "definition_nl": "Eerst."}).status_code == 303
    late = post(client, f"/definitions/{fiets}/edit",
                {"version": version, "pref_label_nl": "fiets", "definition_nl": "Later."})
    assert late.status_code == 409
    assert "Eerst." in late.get_data(as_text=True)
    assert "Eerst." in client.get(f"/definitions/{fiets}").get_data(as_text=True)


def test_editorial_status_shows_who_and_when_to_staff(curator, client):
    scheme = make_scheme(client)
    fiets = make_concept(client, scheme, "fiets", editorial_status="in-bewerking")
    page = client.get(f"/definitions/{fiets}").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = post(client, f"/definitions/{fiets}/editorial-status",
                    {"editorial_status": "vastgesteld", "version": version})
    assert response.status_code == 303
    page = client.get(f"/definitions/{fiets}").get_data(as_text=True)
    assert re.search(r"vastgesteld · sinds <time[^>]*>[^<]+</time> · curator@utrecht.test", page)
    wrong = post(client, f"/definitions/{fiets}/editorial-status",
                 {"editorial_status": "vervangen"})
    assert wrong.status_code == 400


def test_datasets_link_to_concepts_from_either_side(curator, client, add_dataset):
    scheme = make_scheme(client)
    fiets = make_concept(client, scheme, "fiets")
    publish(client, fiets)
    add_dataset("fietstellingen", "Fietstellingen")
    add_dataset("verkeersdoden", "Verkeersdoden")
    assert post(client, f"/definitions/{fiets}/concepts",
                {"target": "Fietstellingen"}).status_code == 303
    assert post(client, "/datasets/verkeersdoden/concepts",
                {"target": "fiets"}).status_code == 303
    page = client.get(f"/definitions/{fiets}").get_data(as_text=True)
    assert "Fietstellingen" in page and "Verkeersdoden" in page
    dataset_page = client.get("/datasets/verkeersdoden").get_data(as_text=True)
    assert "Gekoppelde begrippen" in dataset_page and "Ontkoppelen" in dataset_page
    assert post(client, "/datasets/fietstellingen/concepts/remove",
                {"target": f"http://127.0.0.1:8000/definitions/{fiets}"}).status_code == 303
    page = client.get(f"/definitions/{fiets}").get_data(as_text=True)
    assert "Fietstellingen" not in page and "Verkeersdoden" in page
    unknown = post(client, "/datasets/verkeersdoden/concepts", {"target": "bestaat niet"})
    assert unknown.status_code == 400


def test_the_history_shows_readable_differences(curator, client):
    scheme = make_scheme(client)
    fiets = make_concept(client, scheme, "fiets", definition_nl="Oud.")
    form = client.get(f"/definitions/{fiets}/edit").get_data(as_text=True)
    version = re.search(r'name="version" value="(\d+)"', form).group(1)
    post(client, f"/definitions/{fiets}/edit",
         {"version": version, "pref_label_nl": "fiets", "definition_nl": "Nieuw."})
    publish(client, fiets)
    history = client.get(f"/definitions/{fiets}/history").get_data(as_text=True)
    assert "Definitie" in history
    assert "<del>Oud. @nl</del>" in history and "<ins>Nieuw. @nl</ins>" in history
    assert "gepubliceerd" in history and "curator@utrecht.test" in history
    english = client.get(f"/definitions/{fiets}/history?lang=en").get_data(as_text=True)
    assert "Definition" in english


@pytest.mark.parametrize("role", [None, "viewer"])
def test_curating_pages_are_not_there_for_others(svc, client, role, add_dataset):
    curator_client = svc  # the scheme is made through the service, then others knock
    from atlas.access import Principal
    from atlas.definitions import curation
    admin = Principal(user_id=99, email="admin@utrecht.test", role="admin")
    scheme = curation.create_scheme(curator_client.catalogue, admin, {"title_nl": "Kader"},
                                    status="published")
    add_dataset("fietstellingen", "Fietstellingen")
    if role:
        sign_in(svc.store, client, role)
    for path in (f"/definitions/{scheme.slug}/edit", f"/definitions/{scheme.slug}/concepts/new",
                 "/definitions/schemes/new", f"/definitions/{scheme.slug}/history"):
        assert client.get(path).status_code == 404, path
    for path in (f"/definitions/{scheme.slug}/state", "/datasets/fietstellingen/concepts"):
        assert post(client, path, {"status": "withdrawn", "target": "x"}).status_code == 404
    assert svc.catalogue.get_any(uri=scheme.uri).status == "published"


def test_a_form_without_its_token_is_refused(curator, client):
    response = client.post("/definitions/schemes/new", data={"title_nl": "Zonder token"})
    assert response.status_code == 400
    assert "Zonder token" not in client.get("/definitions").get_data(as_text=True)


def test_the_demo_definitions_carry_their_editorial_status(demo_app):
    page = demo_app.test_client().get("/definitions/hittestress").get_data(as_text=True)
    assert re.search(r"Redactionele status</dt><dd>vastgesteld", page)
