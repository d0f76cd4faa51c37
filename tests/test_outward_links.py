"""Harvested addresses on public pages: only http(s) and mailto become links, anything else text."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from sqlmodel import select

from atlas.access import SYSTEM
from atlas.harvest.run import harvest
from atlas.models import Record
from atlas.web.presentation import outward_href

# Each hostile scheme, as a harvest may spell it: mixed case, leading spaces, tabs, newlines,
# a NUL inside (removed at harvest, which must not turn it into a link either).
HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " JaVa\tscript:alert(1)",
    "\n\t javascript:alert(1)",
    "java\x00script:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    " DaTa:text/html,<b>x</b>",
    "vbscript:msgbox(1)",
    "\tVBScript:msgbox(1)",
]


def _turtle_iri(value: str) -> str:
    """Write value as a Turtle IRI, escaping what IRIREF may not hold raw."""
    escaped = "".join(c if c.isalnum() or c in ":/.,;=()+-_" else f"\\u{ord(c):04X}"
                      for c in value)
    return f"<{escaped}>"


def _partner_catalogue() -> str:
    """Return a DCAT catalogue in Turtle with each hostile value in every linked property."""
    lines = ["@prefix dcat: <http://www.w3.org/ns/dcat#> .",
             "@prefix dct: <http://purl.org/dc/terms/> .",
             "@prefix foaf: <http://xmlns.com/foaf/0.1/> ."]
    for number, value in enumerate(HOSTILE):
        iri = _turtle_iri(value)
        lines.append(
            f'<http://partner.test/ds/{number}> a dcat:Dataset ; dct:title "Dataset {number}"@nl ;'
            f' dcat:landingPage {iri} ;'
            f' dcat:distribution [ a dcat:Distribution ; dct:title "Download"@nl ;'
            f' dcat:downloadURL {iri} ; dct:license {iri} ] ,'
            f' [ a dcat:Distribution ; dct:title "Toegang"@nl ; dcat:accessURL {iri} ] .')
        lines.append(
            f'<http://partner.test/api/{number}> a dcat:DataService ; dct:title "API {number}"@nl ;'
            f' dcat:endpointURL {iri} ; dcat:endpointDescription {iri} .')
    lines.append('<http://partner.test/ds/safe> a dcat:Dataset ; dct:title "Veilig"@nl ;'
                 ' dcat:landingPage <https://partner.test/veilig> .')
    return "\n".join(lines) + "\n"


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.hrefs += [value or "" for name, value in attrs if name in ("href", "src", "action")]


def _hrefs(html: str) -> list[str]:
    parser = _Hrefs()
    parser.feed(html)
    return parser.hrefs


def _browser_scheme(href: str) -> str:
    """Return the scheme a browser reads from href (it drops tabs and newlines, trims C0)."""
    text = re.sub("[\t\n\r]", "", href).strip("".join(map(chr, range(33))))
    found = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", text)
    return found.group(1).lower() if found else ""


@pytest.fixture
def harvested(app, svc, tmp_path):
    """Harvest the hostile catalogue from a file; return the record slugs by URI."""
    source = tmp_path / "partner.ttl"
    source.write_text(_partner_catalogue(), encoding="utf-8")
    summary = harvest(svc.store, svc.catalogue, app.config, location=str(source), principal=SYSTEM)
    assert summary.failed == 0, summary.errors
    with svc.store.read() as session:
        return {uri: (kind, slug) for uri, kind, slug in session.exec(
            select(Record.uri, Record.kind, Record.slug))}


def test_hostile_schemes_are_never_links_on_record_pages(client, harvested):
    """No javascript:, data: or vbscript: href on any dataset or data service page."""
    paths = []
    for number in range(len(HOSTILE)):
        paths.append("/datasets/" + harvested[f"http://partner.test/ds/{number}"][1])
        paths.append("/dataservices/" + harvested[f"http://partner.test/api/{number}"][1])
    for path in paths:
        for lang in ("nl", "en"):
            response = client.get(f"{path}?lang={lang}")
            assert response.status_code == 200, path
            html = response.get_data(as_text=True)
            bad = [h for h in _hrefs(html)
                   if _browser_scheme(h) in ("javascript", "data", "vbscript")]
            assert not bad, f"{path}: hostile links {bad}"
            # Shown, but as text: a curator can see what the partner sent.
            assert "script:" in html.lower() or "data:text/html" in html.lower(), path


def test_safe_addresses_stay_links(client, harvested):
    """An https landing page is still a link."""
    html = client.get("/datasets/" + harvested["http://partner.test/ds/safe"][1]).get_data(
        as_text=True)
    assert "https://partner.test/veilig" in _hrefs(html)


@pytest.mark.parametrize("value", HOSTILE + ["file:///etc/passwd", "//evil.test/x", "ftp://x"])
def test_outward_href_refuses_other_schemes(value):
    assert outward_href(value) == ""


@pytest.mark.parametrize("value", ["https://example.org/a?b=c", "HTTP://example.org",
                                   " mailto:data@utrecht.nl"])
def test_outward_href_accepts_web_and_mail(value):
    assert outward_href(value) == value.strip()


def test_organisation_homepage_and_concept_matches_are_checked_too(client, svc):
    """An organisation's homepage and a concept's match go through the same rule."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import FOAF, RDF, SKOS

    from atlas.records import RecordInput

    org, concept = URIRef("http://atlas.test/organisations/o"), URIRef(
        "http://atlas.test/definitions/c")
    graph = Graph()
    graph.add((org, RDF.type, FOAF.Organization))
    graph.add((org, FOAF.name, Literal("Partner", lang="nl")))
    graph.add((org, FOAF.homepage, URIRef("JavaScript:alert(1)")))
    svc.catalogue.upsert(RecordInput("organisation", str(org), graph, slug="o",
                                     status="published", access="public"), principal=SYSTEM.named("test"))
    graph = Graph()
    graph.add((concept, RDF.type, SKOS.Concept))
    graph.add((concept, SKOS.prefLabel, Literal("Begrip", lang="nl")))
    graph.add((concept, SKOS.exactMatch, URIRef("vbscript:msgbox(1)")))
    svc.catalogue.upsert(RecordInput("concept", str(concept), graph, slug="c",
                                     status="published", access="public"), principal=SYSTEM.named("test"))
    for path in ("/organisations/o", "/definitions/c"):
        html = client.get(path).get_data(as_text=True)
        assert not [h for h in _hrefs(html) if _browser_scheme(h) in ("javascript", "vbscript")]


def test_templates_link_record_values_only_through_the_helper():
    """Every href in a template is built by an internal URL helper or is a fragment; an address
    taken from a record goes through outward_link."""
    from pathlib import Path

    internal = ("record_url(", "url_for(", "filter_url(", "page_url(", "lang_switch_url(")
    for path in sorted((Path(__file__).resolve().parents[1] / "templates").glob("*.html")):
        for href in re.findall(r'href="([^"]*)"', path.read_text("utf-8")):
            if href.startswith("#") or href.startswith("{{ url_for(") or "{{" not in href:
                continue
            expression = href.split("{{", 1)[1]
            assert expression.strip().startswith(internal), f"{path.name}: href={href!r}"
