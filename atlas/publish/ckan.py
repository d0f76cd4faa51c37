"""The reads behind the CKAN-compatible action API: datasets as CKAN packages, organisations.

Identity: a package's `id` is the UUID5 (URL namespace) of the record's URI, so it is stable
across rebuilds, exports and instances and never clashes with another catalogue's ids when a
CKAN harvester reuses it; `name` is the slug and `uri` (top level and extra) the record's URI.
Only datasets (series included) are packages: a CKAN package is a dataset to every harvester,
Atlas's own importer included, so data services are left out. Every query goes through
`access.record_filter`, so what a caller may not see is absent from results, counts and facets.
"""

from __future__ import annotations

import json
import re
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Text, and_, case, cast, false, func, not_, or_, true
from sqlmodel import Session, select

from atlas.access import Principal, record_filter
from atlas.errors import InvalidInput, NotFound
from atlas.models import Dataset, Distribution, Kind, Record
from atlas.records import Catalogue
from vocab.authorities import themes
from vocab.namespaces import EU_FILE_TYPE, EU_LICENCE, EU_THEME

MAX_ROWS = 1000
# Bounds on one search, below what SQL can parse ("Expression tree is too large", "LIKE or
# GLOB pattern too complex") and far above what a harvester or a person sends.
MAX_Q_CHARS, MAX_Q_TERMS, MAX_FQ_CLAUSES = 1000, 32, 100
FACET_FIELDS = ("organization", "tags", "res_format", "groups")
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"
# EU licence codes that CKAN knows under ids of its own (others keep their EU code).
LICENCES = {"CC0": ("cc-zero", "Creative Commons CCZero"),
            "CC_BY_4_0": ("cc-by-4.0", "Creative Commons Attribution 4.0"),
            "CC_BYSA_4_0": ("cc-by-sa-4.0", "Creative Commons Attribution Share-Alike 4.0"),
            "ODC_BY": ("odc-by", "Open Data Commons Attribution License")}
SORT_FIELDS = ("score", "metadata_modified", "metadata_created", "title_string", "name", "id")
RANGE_FIELDS = ("metadata_modified", "metadata_created")
TERM_FIELDS = ("organization", "tags", "res_format", "groups", "name", "dataset_type", "type")
ORGANIZATION_SORTS = ("name", "title", "package_count")
UUID = re.compile(r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}")


@dataclass(frozen=True)
class Clause:
    """One fq filter: a field and a value, or a (low, high) range with inclusive ends."""

    field: str
    value: str | tuple[str, str, bool, bool]
    negated: bool = False


@dataclass(frozen=True)
class Search:
    """A package_search request, already read from the caller's parameters."""

    q: str = ""
    filters: tuple[Clause, ...] = ()
    sort: tuple[tuple[str, str], ...] = (("score", "desc"), ("metadata_modified", "desc"))
    rows: int = 10
    start: int = 0
    facet_fields: tuple[str, ...] = ()
    facet_limit: int = 50


def ckan_id(uri: str) -> str:
    """Return the stable CKAN id of a record or distribution URI."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, uri))


class CkanApi:
    """CKAN's read actions over the catalogue, for one principal per call."""

    def __init__(self, catalogue: Catalogue, lang: str = "nl"):
        self.store = catalogue.store
        self.lang = lang  # of the group (EU theme) titles

    def package_search(self, principal: Principal, search: Search) -> dict:
        """Return CKAN's package_search result: count, one page of packages, facets."""
        with self.store.read() as session:
            orgs = _visible_orgs(session, principal)
            conditions = _conditions(principal, search, orgs)
            matches = (select(Record.id).join(Dataset, Dataset.id == Record.id)
                       .where(*conditions).correlate(None))
            count = session.exec(select(func.count()).select_from(matches.subquery())).one()
            page = list(session.exec(matches.order_by(*_order(search))
                                     .offset(search.start).limit(search.rows)))
            results = self._packages(session, page, orgs)
            counted = {field: self._facet(session, matches, field, orgs)
                       for field in search.facet_fields}
        facets, search_facets = {}, {}
        for field, counts in counted.items():
            names, top = counts
            chosen = sorted(top.items(), key=lambda item: (-item[1], item[0]))
            if search.facet_limit >= 0:
                chosen = chosen[:search.facet_limit]
            facets[field] = dict(chosen)
            search_facets[field] = {"title": field, "items": [
                {"name": name, "display_name": names.get(name, name), "count": number}
                for name, number in chosen]}
        sort = ", ".join(f"{field} {direction}" for field, direction in search.sort)
        return {"count": count, "results": results, "facets": facets,
                "search_facets": search_facets, "sort": sort}

    def package_show(self, principal: Principal, ident: str) -> dict:
        """Return one visible dataset as a package, by slug, URI, numeric id or CKAN id."""
        with self.store.read() as session:
            record = _find(session, principal, Kind.dataset, ident)
            return self._packages(session, [record.id], _visible_orgs(session, principal))[0]

    def package_list(self, principal: Principal, limit: int | None, offset: int) -> list[str]:
        """Return the names (slugs) of the visible datasets, in name order."""
        statement = (select(Record.slug).where(record_filter(principal),
                                               Record.kind == Kind.dataset)
                     .order_by(Record.slug).offset(offset).limit(limit))
        with self.store.read() as session:
            return list(session.exec(statement))

    def organization_list(self, principal: Principal, sort: tuple[str, str] = ("name", "asc"),
                          limit: int | None = None, offset: int = 0) -> list[dict]:
        """Return the visible organisations with their counts of visible datasets."""
        with self.store.read() as session:
            orgs = _visible_orgs(session, principal)
            counts = _package_counts(session, principal)
        shown = [dict(_organization(org), package_count=counts.get(org.id, 0))
                 for org in sorted(orgs.values(), key=lambda org: org.slug)]
        shown.sort(key=lambda org: org[sort[0]], reverse=sort[1] == "desc")
        return shown[offset:None if limit is None else offset + limit]

    def organization_show(self, principal: Principal, ident: str, include_datasets: bool,
                          ) -> dict:
        """Return one visible organisation (with its datasets when asked)."""
        with self.store.read() as session:
            org = _find(session, principal, Kind.organisation, ident)
            count = _package_counts(session, principal).get(org.id, 0)
        shown = dict(_organization(org), package_count=count)
        if include_datasets:
            search = Search(filters=(Clause("organization", org.slug),), rows=MAX_ROWS,
                            sort=(("name", "asc"),))
            shown["packages"] = self.package_search(principal, search)["results"]
        return shown

    def _packages(self, session: Session, ids: list[int], orgs: dict[int, Record]) -> list[dict]:
        """Return the packages of the given dataset ids, in that order (a few queries in all)."""
        if not ids:
            return []
        records = {r.id: r for r in session.exec(select(Record).where(Record.id.in_(ids)))}
        rows = {d.id: d for d in session.exec(select(Dataset).where(Dataset.id.in_(ids)))}
        distributions = defaultdict(list)
        for dist in session.exec(select(Distribution).where(Distribution.dataset_id.in_(ids))
                                 .order_by(Distribution.id)):
            distributions[dist.dataset_id].append(dist)
        return [self._package(records[i], rows.get(i) or Dataset(id=i), distributions[i],
                              orgs.get(records[i].publisher_id)) for i in ids]

    def _package(self, record: Record, row: Dataset, distributions: list[Distribution],
                 org: Record | None) -> dict:
        """Return one dataset in CKAN's package shape."""
        package_id = ckan_id(record.uri)
        licence = row.license or next((d.license for d in distributions if d.license), "")
        tags = [{"name": k, "display_name": k} for k in row.keywords]
        groups = [self._group(code) for code in _theme_codes(row.themes)]
        resources = [_resource(record, package_id, dist, position)
                     for position, dist in enumerate(distributions)]
        return {
            "id": package_id, "name": record.slug, "title": record.title,
            "notes": record.description, "url": row.landing_page, "uri": record.uri,
            "type": "dataset", "state": "active", "private": False,
            "metadata_created": _ckan_time(record.created),
            "metadata_modified": _ckan_time(record.modified),
            **_licence(licence),
            "organization": _organization(org) if org else None,
            "owner_org": ckan_id(org.uri) if org else None,
            "tags": tags, "num_tags": len(tags), "groups": groups,
            "resources": resources, "num_resources": len(resources),
            "extras": _extras(record, row),
        }

    def _group(self, code: str) -> dict:
        """Return an EU data theme as a CKAN group."""
        label = themes.label(EU_THEME[code], self.lang)
        return {"id": ckan_id(str(EU_THEME[code])), "name": code.lower(), "title": label,
                "display_name": label, "description": "", "image_display_url": ""}

    def _facet(self, session: Session, matches, field: str, orgs: dict[int, Record],
               ) -> tuple[dict[str, str], Counter]:
        """Return (display names, counts) of one facet field over the matching datasets."""
        if field == "organization":
            rows = session.exec(select(Record.publisher_id, func.count())
                                .where(Record.id.in_(matches)).group_by(Record.publisher_id))
            counts = Counter({orgs[i].slug: n for i, n in rows if i in orgs})
            return {org.slug: org.title for org in orgs.values()}, counts
        if field == "res_format":
            pairs = session.exec(select(Distribution.dataset_id, Distribution.format)
                                 .where(Distribution.dataset_id.in_(matches)))
            # A dataset counts once per format, however many distributions it has in it.
            counts = Counter(name for _, name in {(i, _format(f)) for i, f in pairs} if name)
            return {}, counts
        # Keywords and themes are JSON lists, which SQLite and PostgreSQL unnest differently.
        column = Dataset.keywords if field == "tags" else Dataset.themes
        counts = Counter()
        for values in session.exec(select(column).where(Dataset.id.in_(matches))):
            counts.update(set(values) if field == "tags" else
                          {c.lower() for c in _theme_codes(values)})
        if field == "tags":
            return {}, counts
        return {c: themes.label(EU_THEME[c.upper()], self.lang) for c in counts}, counts


def _conditions(principal: Principal, search: Search, orgs: dict[int, Record]) -> list:
    """Return the SQL conditions selecting the visible datasets that match a search."""
    conditions = [record_filter(principal), Record.kind == Kind.dataset]
    for term in search_terms(search.q):
        pattern = f"%{_like(term)}%"
        # Keywords are stored as JSON text, with non-ASCII letters escaped as \\uXXXX.
        keywords = f"%{_like(json.dumps(term)[1:-1])}%"
        conditions.append(or_(Record.title.ilike(pattern, escape="\\"),
                              Record.title_en.ilike(pattern, escape="\\"),
                              Record.description.ilike(pattern, escape="\\"),
                              cast(Dataset.keywords, Text).ilike(keywords, escape="\\")))
    for clause in search.filters:
        condition = _filter(clause, orgs)
        conditions.append(not_(condition) if clause.negated else condition)
    return conditions


def _filter(clause: Clause, orgs: dict[int, Record]):
    """Return the SQL condition of one fq clause."""
    field, value = clause.field, clause.value
    if field in RANGE_FIELDS:
        column = Record.modified if field == "metadata_modified" else Record.created
        low, high, low_inclusive, high_inclusive = value
        bounds = [true()]
        if (start := _solr_time(low)) is not None:
            bounds.append(column >= start if low_inclusive else column > start)
        if (end := _solr_time(high)) is not None:
            bounds.append(column <= end if high_inclusive else column < end)
        return and_(*bounds)
    if field == "organization":
        ids = [i for i, org in orgs.items() if org.slug == value or ckan_id(org.uri) == value]
        return Record.publisher_id.in_(ids) if ids else false()
    if field == "tags":
        return cast(Dataset.keywords, Text).like(f"%{_like(json.dumps(value))}%", escape="\\")
    if field == "groups":
        theme = json.dumps(str(EU_THEME[value.upper()]))
        return cast(Dataset.themes, Text).like(f"%{_like(theme)}%", escape="\\")
    if field == "res_format":
        formats = select(Distribution.dataset_id).where(or_(
            func.upper(Distribution.format) == value.upper(),
            Distribution.format == str(EU_FILE_TYPE[value.upper()])))
        return Record.id.in_(formats)
    if field == "name":
        return Record.slug == value
    return true() if value == "dataset" else false()  # dataset_type / type


def _order(search: Search) -> list:
    """Return the ORDER BY of a search; the record id breaks ties so paging is stable."""
    columns = {"metadata_modified": Record.modified, "metadata_created": Record.created,
               "title_string": func.lower(Record.title), "name": Record.slug,
               # CKAN ids are UUIDs SQL cannot order; the record id is as stable an order.
               "id": Record.id}
    order = []
    for field, direction in search.sort:
        if field == "score":
            terms = search_terms(search.q)
            if not terms:
                continue
            # No ranking engine here: a match in the title ranks above one elsewhere.
            in_title = or_(*(Record.title.ilike(f"%{_like(t)}%", escape="\\") for t in terms))
            column = case((in_title, 1), else_=0)
        else:
            column = columns[field]
        order.append(column.desc() if direction == "desc" else column.asc())
    return [*order, Record.id.asc()]


def _find(session: Session, principal: Principal, kind: str, ident: str) -> Record:
    """Return the visible record of a kind named by slug, URI, numeric id or CKAN id."""
    visible = select(Record).where(record_filter(principal), Record.kind == kind)
    tries = [Record.slug == ident, Record.uri == ident]
    if ident.isascii() and ident.isdigit() and len(ident) < 16:  # beyond that, SQL overflows
        tries.append(Record.id == int(ident))
    for condition in tries:
        if (record := session.exec(visible.where(condition)).first()) is not None:
            return record
    if UUID.fullmatch(ident):
        # A UUID5 cannot be reversed: compare it with the visible records' ids.
        for record_id, uri in session.exec(select(Record.id, Record.uri)
                                           .where(record_filter(principal), Record.kind == kind)):
            if ckan_id(uri) == ident:
                return session.get(Record, record_id)
    raise NotFound(f"no {'organization' if kind == Kind.organisation else 'package'} {ident!r}")


def _visible_orgs(session: Session, principal: Principal) -> dict[int, Record]:
    """Return the organisations the principal may see, by record id."""
    statement = select(Record).where(record_filter(principal), Record.kind == Kind.organisation)
    return {org.id: org for org in session.exec(statement)}


def _package_counts(session: Session, principal: Principal) -> dict[int, int]:
    """Return how many visible datasets each publisher has."""
    statement = (select(Record.publisher_id, func.count())
                 .where(record_filter(principal), Record.kind == Kind.dataset)
                 .group_by(Record.publisher_id))
    return dict(session.exec(statement).all())


def _organization(org: Record) -> dict:
    """Return an organisation record in CKAN's organization shape."""
    return {"id": ckan_id(org.uri), "name": org.slug, "title": org.title,
            "display_name": org.title, "description": org.description, "image_url": "",
            "image_display_url": "", "type": "organization", "is_organization": True,
            "uri": org.uri,
            "state": "active", "approval_status": "approved",
            "created": _ckan_time(org.created)}


def _resource(record: Record, package_id: str, dist: Distribution, position: int) -> dict:
    """Return a distribution in CKAN's resource shape."""
    uri = dist.uri or f"{record.uri}#distribution-{position + 1}"
    media_type = dist.media_type.removeprefix(IANA_MEDIA_TYPES)
    return {"id": ckan_id(uri), "package_id": package_id, "position": position,
            "name": dist.title, "description": "", "url": dist.download_url or dist.access_url,
            "access_url": dist.access_url, "download_url": dist.download_url,
            "format": _format(dist.format), "mimetype": media_type, "size": dist.byte_size,
            "license_url": dist.license, "uri": dist.uri, "state": "active"}


def _extras(record: Record, row: Dataset) -> list[dict]:
    """Return the dataset's other DCAT fields as CKAN extras (string values, by key)."""
    spatial_key = "spatial_uri" if row.spatial.startswith(("http://", "https://")) else "spatial"
    values = {"uri": record.uri, "identifier": row.identifier, "issued": row.issued,
              "modified": row.modified_at, "frequency": row.frequency,
              spatial_key: row.spatial, "theme": json.dumps(row.themes) if row.themes else ""}
    return [{"key": key, "value": value} for key, value in sorted(values.items()) if value]


def _licence(iri: str) -> dict:
    """Return CKAN's licence fields for a licence IRI."""
    if not iri:
        return {"license_id": "", "license_title": "", "license_url": ""}
    code = iri.removeprefix(str(EU_LICENCE)).rstrip("/").rsplit("/", 1)[-1]
    license_id, title = LICENCES.get(code, (code, code))
    return {"license_id": license_id, "license_title": title, "license_url": iri}


def _format(value: str) -> str:
    """Return a distribution's format as CKAN names it: the EU file-type code, else as given."""
    return value.removeprefix(str(EU_FILE_TYPE))


def _theme_codes(iris: list[str]) -> list[str]:
    """Return the EU data-theme codes among a dataset's theme IRIs."""
    return [t.removeprefix(str(EU_THEME)) for t in iris if t.startswith(str(EU_THEME))]


def search_terms(q: str) -> list[str]:
    """Return the words and "quoted phrases" of a free-text query ("*:*" means everything)."""
    if q.strip() in ("", "*:*", "*"):
        return []
    return [a or b for a, b in re.findall(r'"([^"]*)"|(\S+)', q) if (a or b).strip()]


def _solr_time(value: str) -> datetime | None:
    """Return a range end as an aware UTC time; None for an open end ("*")."""
    if value == "*":
        return None
    if value == "NOW":
        return datetime.now(UTC)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"fq: cannot read the time {value!r}",
                           {"fq": [f"{value!r} is not an ISO 8601 time"]}) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _ckan_time(moment: datetime) -> str:
    """Return a (stored, so aware) time as CKAN writes it: UTC, ISO 8601, no offset."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds")


def _like(text: str) -> str:
    """Return text escaped for a LIKE pattern with backslash as the escape character."""
    return re.sub(r"([\\%_])", r"\\\1", text)

