"""One CKAN (or DKAN) package dict mapped to a DCAT-AP dataset record, losing nothing."""

from __future__ import annotations

import html
import json
import re
from datetime import date, datetime
from urllib.parse import quote, urlsplit

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from importers.messages import clip, short_message
from importers.records import ImportedRecord
from vocab.namespaces import ATLAS, DCAT, EU_FILE_TYPE, VCARD, bind_prefixes

GEOSPARQL = Namespace("http://www.opengis.net/ont/geosparql#")
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
# CKAN format strings → EU file-type codes (Turtle's code is RDF_TURTLE, not TTL).
FILE_TYPES = {name: name for name in ("CSV", "JSON", "XML", "PDF", "XLSX", "ZIP", "GEOJSON",
                                      "SHP", "HTML", "TXT", "RDF")}
FILE_TYPES.update({"TTL": "RDF_TURTLE", "TURTLE": "RDF_TURTLE"})
# Package fields mapped through their own structure, never kept whole as extras.
STRUCTURAL = {"resources", "tags", "groups", "extras", "organization"}
IRI_UNSAFE = re.compile(r'[\s<>"{}|\\^`]')
HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def package_records(package: dict, api_base: str) -> ImportedRecord:
    """Map one CKAN package dict to a DCAT-AP dataset record (errors are carried, not raised).

    Identity: a package is the http(s) IRI in its `uri` extra, else in its top-level `uri` field;
    without one it is `{api_base}/dataset/{id}`, because a CKAN id is stable while its name (the
    slug) may be renamed. Its local key is the package id. A resource with an id becomes the
    distribution `{dataset IRI}/resource/{resource id}`, one without an id a blank node.

    Nothing from the source is lost: every extra, and every top-level (and resource) field not
    mapped verbatim to a DCAT property, is kept as `atlas:ckanExtra [atlas:key "k"; atlas:value "v"]`.
    Private and not-active packages still yield a record, with `error` set, so they are never
    published.
    """
    key = ""
    try:
        key = _text(package.get("id")) or _text(package.get("name"))
        if not key:
            return ImportedRecord("dataset", "", error="package has neither id nor name")
        return _Mapper(package, api_base.rstrip("/"), key).record()
    except Exception as exc:  # one bad package never stops the others
        return ImportedRecord("dataset", "", local_key=key, error=f"package {clip(key)}: {short_message(exc)}")


class _Mapper:
    """Builds one package's graph, remembering which source fields were mapped verbatim."""

    def __init__(self, package: dict, api_base: str, key: str):
        self.package, self.api_base, self.key = package, api_base, key
        self.extras = _extras(package.get("extras"))
        self.used: set[str] = {"id"} | STRUCTURAL
        self.used_extras: set[str] = set()
        self.graph = bind_prefixes(Graph())

    def field(self, name: str, extra: bool = False) -> str:
        """Return a text field (an extra when asked, else the top-level field)."""
        return _text(self.extras.get(name) if extra else self.package.get(name))

    def use(self, name: str, extra: bool = False) -> None:
        """Mark a field as mapped verbatim, so it is not kept as a ckanExtra too."""
        (self.used_extras if extra else self.used).add(name)

    def record(self) -> ImportedRecord:
        """Return the package's record, with an error when it must not be published."""
        p, g = self.package, self.graph
        uri = self.identity()
        subject = URIRef(uri)
        g.add((subject, RDF.type, DCAT.Dataset))
        lang = self.field("language").lower()
        lang = lang if re.fullmatch(r"[a-z]{2}", lang) else None
        if lang:
            self.use("language")
        title = self.field("title") or self.field("name")
        self.use("title")
        if title:
            g.add((subject, DCTERMS.title, Literal(title, lang=lang)))
        if notes := self.field("notes"):
            self.use("notes")
            g.add((subject, DCTERMS.description, Literal(plain_text(notes), lang=lang)))
        own_id = next((n for n in ("identifier", "guid") if self.field(n, extra=True)), "")
        self.use(own_id, extra=True)
        g.add((subject, DCTERMS.identifier, Literal(self.field(own_id, True) or self.key)))
        for tag in sorted(_tag_names(p.get("tags"))):
            g.add((subject, DCAT.keyword, Literal(tag)))
        if landing := _iri(self.field("url")):
            self.use("url")
            g.add((subject, DCAT.landingPage, landing))
        # The dataset's own dates (ckanext-dcat's extras) before CKAN's catalogue-record times.
        for extra, name, predicate in (("issued", "metadata_created", DCTERMS.issued),
                                       ("modified", "metadata_modified", DCTERMS.modified)):
            if self.field(extra, True):
                self.use(extra, True)
                g.add((subject, predicate, _date(self.field(extra, True))))
            elif self.field(name):
                self.use(name)
                g.add((subject, predicate, _date(self.field(name))))
        for theme in _iri_list(self.field("theme", True)):
            self.use("theme", True)
            g.add((subject, DCAT.theme, theme))
        if licence := _licence(p):
            self.use(licence[0])
            g.add((subject, DCTERMS.license, licence[1]))
        self.add_publisher(subject, p.get("organization"))
        self.add_contact(subject)
        for extra in (False, True):
            if spatial := self.field("spatial", extra):
                self.use("spatial", extra)
                g.add((subject, DCTERMS.spatial, _spatial(spatial)))
        for group in p.get("groups") or []:
            if isinstance(group, dict) and (name := _text(group.get("title"))
                                            or _text(group.get("display_name"))
                                            or _text(group.get("name"))):
                g.add((subject, DCTERMS.subject, Literal(name)))
        for resource in p.get("resources") or []:
            if isinstance(resource, dict):
                self.add_distribution(subject, uri, resource)
        _keep(g, subject, {k: v for k, v in p.items() if k not in self.used})
        _keep(g, subject, {k: v for k, v in self.extras.items() if k not in self.used_extras})
        return ImportedRecord("dataset", uri, g, local_key=self.key, error=self.error(title))

    def identity(self) -> str:
        """Return the dataset IRI: the source's own http(s) uri, else one under api_base."""
        for extra in (True, False):
            if iri := _iri(self.field("uri", extra), strict=True):
                self.use("uri", extra)
                return str(iri)
        return f"{self.api_base}/dataset/{quote(self.key, safe='')}"

    def error(self, title: str) -> str:
        """Return why the package must not be published, or ""."""
        state = self.field("state").lower() or "active"
        if not title:
            return f"package {self.key} has no title"
        if self.package.get("private") is True or self.field("private").lower() == "true":
            return f"package {self.key} is private"
        return "" if state == "active" else f"package {self.key} is {state}"

    def add_publisher(self, subject: URIRef, organization) -> None:
        """Add the owning organisation as a foaf:Organization blank node."""
        organization = organization if isinstance(organization, dict) else {}
        if not (name := _text(organization.get("title")) or _text(organization.get("name"))):
            return
        # An organisation with its own IRI (as Atlas gives) keeps it; others become blank nodes.
        node = _iri(_text(organization.get("uri")), strict=True) or BNode()
        self.graph.add((subject, DCTERMS.publisher, node))
        self.graph.add((node, RDF.type, FOAF.Organization))
        self.graph.add((node, FOAF.name, Literal(name)))
        homepage = _iri(_text(organization.get("homepage")) or _text(organization.get("url")))
        if homepage:
            self.graph.add((node, FOAF.homepage, homepage))

    def add_contact(self, subject: URIRef) -> None:
        """Add the maintainer (else the author) as a vcard:Kind contact point."""
        for role in ("maintainer", "author"):
            name, email = _person(self.field(role), self.field(f"{role}_email"))
            if name or email:
                break
        else:
            return
        # Only a plain value is mapped verbatim; JSON-encoded people keep their other details.
        if name == self.field(role):
            self.use(role)
        if email and email == self.field(f"{role}_email"):
            self.use(f"{role}_email")
        node = BNode()
        self.graph.add((subject, DCAT.contactPoint, node))
        self.graph.add((node, RDF.type, VCARD.Kind))
        if name:
            self.graph.add((node, VCARD.fn, Literal(name)))
        if email:
            self.graph.add((node, VCARD.hasEmail, URIRef("mailto:" + quote(email, safe="@+.-_"))))

    def add_distribution(self, subject: URIRef, uri: str, resource: dict) -> None:
        """Add one resource as a dcat:Distribution, keeping its unmapped fields as extras."""
        g, rid = self.graph, _text(resource.get("id"))
        own = _iri(_text(resource.get("uri")), strict=True)  # the source's own distribution IRI
        node = own or (URIRef(f"{uri}/resource/{quote(rid, safe='')}") if rid else BNode())
        used = {"id", "url", "package_id"} | ({"uri"} if own else set())
        g.add((subject, DCAT.distribution, node))
        g.add((node, RDF.type, DCAT.Distribution))

        def text(name: str) -> str:
            return _text(resource.get(name))

        for name, predicate in (("name", DCTERMS.title), ("description", DCTERMS.description)):
            if text(name):
                used.add(name)
                g.add((node, predicate, Literal(plain_text(text(name)))))
        if text("access_url") or text("download_url"):
            # ckanext-dcat (and Atlas) tell access and download apart; keep the difference
            for name, predicate in (("access_url", DCAT.accessURL),
                                    ("download_url", DCAT.downloadURL)):
                if text(name):
                    used.add(name)
                    g.add((node, predicate, _iri(text(name)) or Literal(text(name))))
        elif url := text("url"):
            target = _iri(url) or Literal(url)
            g.add((node, DCAT.accessURL, target))
            g.add((node, DCAT.downloadURL, target))
        if fmt := text("format"):
            used.add("format")
            code = FILE_TYPES.get(fmt.lstrip(".").upper())
            g.add((node, DCTERMS["format"], EU_FILE_TYPE[code] if code else Literal(fmt)))
        mimetype = text("mimetype").split(";")[0].strip().lower()  # drop "; charset=…"
        if re.fullmatch(r"[\w.+-]+/[\w.+-]+", mimetype):
            used.add("mimetype")
            g.add((node, DCAT.mediaType, URIRef(IANA_MEDIA_TYPES + mimetype)))
        size = resource.get("size")
        if isinstance(size, str) and size.strip().isdigit():
            size = int(size.strip())
        if isinstance(size, int) and not isinstance(size, bool) and size >= 0:
            used.add("size")
            g.add((node, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
        for name, predicate in (("created", DCTERMS.issued), ("last_modified", DCTERMS.modified)):
            if text(name):
                used.add(name)
                g.add((node, predicate, _date(text(name))))
        if licence := _licence(resource):
            used.add(licence[0])
            g.add((node, DCTERMS.license, licence[1]))
        _keep(g, node, {k: v for k, v in resource.items() if k not in used})


def _iri_list(value: str) -> list[URIRef]:
    """Return the IRIs of a JSON list (or a single IRI) given as an extra's text."""
    if not value:
        return []
    try:
        items = json.loads(value)
    except ValueError:
        items = [value]
    items = items if isinstance(items, list) else [items]
    return [iri for item in items if isinstance(item, str) and (iri := _iri(item, strict=True))]


def plain_text(text: str) -> str:
    """Return text with HTML tags stripped (paragraph breaks kept); non-HTML text is unchanged."""
    if not HTML_TAG.search(text):
        return text.strip()  # Markdown and plain notes: their newlines are meaningful
    text = re.sub(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", "", text, flags=re.S | re.I)
    text = re.sub(r"\s+", " ", text)  # in HTML, source line breaks are just spaces
    text = re.sub(r"<br\s*/?>|<(li|tr)\b[^>]*>", "\n", text, flags=re.I)
    text = re.sub(r"</?(p|div|ul|ol|table|h[1-6]|blockquote)\b[^>]*>", "\n\n", text, flags=re.I)
    lines = [line.strip() for line in html.unescape(HTML_TAG.sub("", text)).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _licence(fields: dict) -> tuple[str, URIRef | Literal] | None:
    """Return (field, licence): an IRI (license_url, else a URL license_title), else the id."""
    for name in ("license_url", "license_title"):
        if iri := _iri(_text(fields.get(name))):
            return name, iri
    for name in ("license_id", "license"):
        if value := _text(fields.get(name)):
            return name, Literal(value)
    return None


def _text(value) -> str:
    """Return a field as stripped text; None and scheming's "null" placeholder are empty."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    text = str(value).strip() if not isinstance(value, bool) else str(value).lower()
    return "" if text in ("null", "None") else text


def _iri(value: str, strict: bool = False) -> URIRef | None:
    """Return value as an http(s) IRI (unsafe characters quoted unless strict), or None."""
    if not value or (strict and IRI_UNSAFE.search(value)):
        return None
    value = IRI_UNSAFE.sub(lambda m: quote(m.group(0)), value)
    parts = urlsplit(value)
    return URIRef(value) if parts.scheme in ("http", "https") and parts.netloc else None


def _date(value: str) -> Literal:
    """Return an ISO date or date-time as typed literal; anything else (French dates…) as is."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return Literal(date.fromisoformat(value).isoformat(), datatype=XSD.date)
        return Literal(datetime.fromisoformat(value).isoformat(), datatype=XSD.dateTime)
    except ValueError:
        return Literal(value)


def _spatial(value: str) -> Literal:
    """Return a spatial value: GeoJSON as a geo:geoJSONLiteral, a place name as plain text."""
    try:
        is_geojson = isinstance(json.loads(value), dict)
    except ValueError:
        is_geojson = False
    return Literal(value, datatype=GEOSPARQL.geoJSONLiteral) if is_geojson else Literal(value)


def _person(value: str, email: str) -> tuple[str, str]:
    """Return (name, email) from a plain name or a scheming JSON-encoded person (or list)."""
    try:
        parsed = json.loads(value) if value[:1] in ("[", "{") else None
    except ValueError:
        parsed = None
    if isinstance(parsed, list):
        parsed = next((item for item in parsed if isinstance(item, dict)), None)
    if isinstance(parsed, dict):
        given, family = _text(parsed.get("given_name")), _text(parsed.get("name"))
        value = " ".join(part for part in (given, family) if part)
        email = _text(parsed.get("email")) or email
    return value, email if "@" in email and " " not in email else ""


def _tag_names(tags) -> set[str]:
    """Return the tag names as given (CKAN dicts or plain strings)."""
    return {_text(t.get("name") or t.get("display_name")) if isinstance(t, dict) else _text(t)
            for t in tags or []} - {""}


def _extras(extras) -> dict:
    """Return the package extras as a dict (the last value wins for a repeated key)."""
    if isinstance(extras, dict):
        return dict(extras)
    return {str(e["key"]): e.get("value") for e in extras or [] if isinstance(e, dict) and "key" in e}


def _keep(graph: Graph, node, fields: dict) -> None:
    """Keep each non-empty field as an atlas:ckanExtra key/value pair, in key order."""
    for key in sorted(fields):
        value = fields[key]
        if value is None or value in ("", [], {}) or (isinstance(value, str) and not _text(value)):
            continue
        text = value if isinstance(value, str) else json.dumps(value, sort_keys=True)
        pair = BNode()
        graph.add((node, ATLAS.ckanExtra, pair))
        graph.add((pair, ATLAS.key, Literal(key)))
        graph.add((pair, ATLAS.value, Literal(text)))
