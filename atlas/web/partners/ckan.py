"""`/api/3/action/…`: the CKAN-compatible read API, so CKAN harvesters can harvest Atlas.

Reads GET parameters, a JSON body or a form (as CKAN does), hands them to `atlas.publish.ckan`
and wraps the answer in CKAN's envelope; errors keep CKAN's shape and status codes (404 Not
Found Error, 409 Validation Error). What a caller sees follows the one access rule.
"""

from __future__ import annotations

import json
import re

from flask import Blueprint, jsonify, request

from atlas.errors import AtlasError, InvalidInput, NotFound
from atlas.publish import ckan as ckan_api
from atlas.publish.ckan import CkanApi, Clause, Search
from atlas.services import services
from atlas.web.hosts import site_root
from atlas.web.presentation import page_lang
from atlas.web.principal import current_principal, personalised
from atlas.web.whole_numbers import LARGEST, whole_number

bp = Blueprint("ckan", __name__)

ERROR_TYPES = {404: "Not Found Error", 409: "Validation Error", 403: "Authorization Error"}
# One fq clause: [+-]field:value, field:"quoted value" or field:[low TO high] (Solr's syntax).
CLAUSE = re.compile(r"""\s*(?:(?:AND|&&)\s+)?(?P<sign>[+-]?)(?P<field>[A-Za-z_][\w.]*):
    (?:"(?P<quoted>(?:[^"\\]|\\.)*)"
      |(?P<open>[\[{])\s*(?P<low>\S+)\s+TO\s+(?P<high>[^\s\]}]+)\s*(?P<close>[\]}])
      |(?P<bare>[^\s"\[{]+))\s*""", re.X)


@bp.route("/api/3/action/<name>", methods=["GET", "POST"])
@bp.route("/api/action/<name>", methods=["GET", "POST"])
def action(name: str):
    """Answer one CKAN action in CKAN's envelope."""
    view = ACTIONS.get(name)
    if view is None:
        return _failure(name, 400, "Bad Request", f"Action name not known: {name}")
    api = CkanApi(services().catalogue, page_lang())
    result = view(api, _params())
    return personalised(jsonify({"help": _help_url(name), "success": True, "result": result}))


@bp.errorhandler(AtlasError)
def _error(error: AtlasError):
    """Answer a domain error in CKAN's error shape (CKAN uses 409 for validation errors)."""
    code = 409 if isinstance(error, InvalidInput) else error.code
    name = (request.view_args or {}).get("name", "")
    return _failure(name, code, ERROR_TYPES.get(code, "Error"), error.message, error.errors)


def package_search(api: CkanApi, params: dict) -> dict:
    """Search the datasets: q, fq, sort, rows, start, facet.field, facet.limit."""
    search = Search(q=_query_text(params), filters=parse_fq(_text(params, "fq")),
                    sort=parse_sort(_text(params, "sort")) or Search.sort,
                    rows=_integer(params, "rows", 10, maximum=ckan_api.MAX_ROWS),
                    start=_integer(params, "start", 0),
                    facet_fields=_facet_fields(params),
                    facet_limit=_integer(params, "facet.limit", 50, minimum=-1))
    return api.package_search(current_principal(), search)


def _query_text(params: dict) -> str:
    """Return q, refused (409, as CKAN's validation errors) when longer than SQL can search."""
    q = _text(params, "q")
    if len(q) > ckan_api.MAX_Q_CHARS:
        raise InvalidInput(f"q is longer than {ckan_api.MAX_Q_CHARS} characters",
                           {"q": [f"at most {ckan_api.MAX_Q_CHARS} characters"]})
    if len(ckan_api.search_terms(q)) > ckan_api.MAX_Q_TERMS:
        raise InvalidInput(f"q has more than {ckan_api.MAX_Q_TERMS} words",
                           {"q": [f"at most {ckan_api.MAX_Q_TERMS} words or phrases"]})
    return q


def package_show(api: CkanApi, params: dict) -> dict:
    """Show one dataset by `id`: its name, URI, CKAN id or numeric id."""
    return api.package_show(current_principal(), _required(params, "id"))


def package_list(api: CkanApi, params: dict) -> list[str]:
    """List the names of the datasets (`limit`, `offset`)."""
    limit = _integer(params, "limit", None)
    return api.package_list(current_principal(), limit, _integer(params, "offset", 0))


def organization_list(api: CkanApi, params: dict) -> list:
    """List the organisations' names, or with `all_fields=true` their details and counts."""
    sort = parse_sort(_text(params, "sort"), ckan_api.ORGANIZATION_SORTS) or (("name", "asc"),)
    orgs = api.organization_list(current_principal(), sort[0], _integer(params, "limit", None),
                                 _integer(params, "offset", 0))
    return orgs if _flag(params, "all_fields") else [org["name"] for org in orgs]


def organization_show(api: CkanApi, params: dict) -> dict:
    """Show one organisation by `id` (its name, URI or CKAN id); `include_datasets`."""
    return api.organization_show(current_principal(), _required(params, "id"),
                                 _flag(params, "include_datasets"))


def help_show(api: CkanApi, params: dict) -> str:
    """Describe the action named by `name`."""
    name = _required(params, "name")
    if name not in ACTIONS:
        raise NotFound(f"no action {name!r}")
    return ACTIONS[name].__doc__


ACTIONS = {view.__name__: view for view in (package_search, package_show, package_list,
                                             organization_list, organization_show, help_show)}


def parse_fq(text: str) -> tuple[Clause, ...]:
    """Read a Solr filter query of clauses joined by spaces or AND; InvalidInput otherwise."""
    clauses, position, text = [], 0, text.strip()
    while position < len(text):
        match = CLAUSE.match(text, position)
        if match is None or match.end() == position:
            raise InvalidInput("fq: write clauses as field:value joined by AND",
                               {"fq": [f"cannot read {text[position:][:60]!r}"]})
        position, field = match.end(), match["field"]
        if match["open"]:
            if field not in ckan_api.RANGE_FIELDS:
                raise InvalidInput(f"fq: {field} takes no range", {"fq": [f"{field}: no range"]})
            value = (match["low"], match["high"], match["open"] == "[", match["close"] == "]")
        else:
            if field not in ckan_api.TERM_FIELDS:
                known = ", ".join(ckan_api.TERM_FIELDS + ckan_api.RANGE_FIELDS)
                raise InvalidInput(f"fq: cannot filter on {field}", {"fq": [f"one of {known}"]})
            value = match["bare"] if match["bare"] is not None else _unescape(match["quoted"])
            if len(value) > ckan_api.MAX_Q_CHARS:
                raise InvalidInput(f"fq: a value is longer than {ckan_api.MAX_Q_CHARS} characters",
                                   {"fq": [f"{field}: at most {ckan_api.MAX_Q_CHARS} characters"]})
        clauses.append(Clause(field, value, match["sign"] == "-"))
        if len(clauses) > ckan_api.MAX_FQ_CLAUSES:
            raise InvalidInput(f"fq has more than {ckan_api.MAX_FQ_CLAUSES} clauses",
                               {"fq": [f"at most {ckan_api.MAX_FQ_CLAUSES} clauses"]})
    return tuple(clauses)


def parse_sort(text: str, fields: tuple[str, ...] = ckan_api.SORT_FIELDS,
               ) -> tuple[tuple[str, str], ...]:
    """Read a sort such as "metadata_modified desc, name asc"; InvalidInput otherwise."""
    order = []
    for part in filter(None, (p.strip() for p in text.split(","))):
        field, _, direction = part.partition(" ")
        direction = direction.strip().lower() or "asc"
        if field not in fields or direction not in ("asc", "desc"):
            raise InvalidInput(f"cannot sort by {part!r}",
                               {"sort": [f"one of {', '.join(fields)}, then asc or desc"]})
        order.append((field, direction))
    return tuple(order)


def _params() -> dict:
    """Return the action's parameters: the query string, then a form or JSON body over it."""
    params = request.args.to_dict()
    params.update(request.form.to_dict())
    body = request.get_json(silent=True) if request.is_json else None
    if isinstance(body, dict):
        params.update(body)
    return params


def _text(params: dict, name: str) -> str:
    value = params.get(name)
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise InvalidInput(f"{name} must be text", {name: ["not text"]})
    if "\x00" in str(value):  # PostgreSQL refuses NUL in text; no value needs one
        raise InvalidInput(f"{name} holds a NUL character", {name: ["NUL character"]})
    return str(value).strip()


def _required(params: dict, name: str) -> str:
    if not (value := _text(params, name)):
        raise InvalidInput(f"{name} is required", {name: ["Missing value"]})
    return value


def _integer(params: dict, name: str, default: int | None, minimum: int = 0,
             maximum: int = LARGEST) -> int | None:
    value = params.get(name)
    return whole_number(_text(params, name) if isinstance(value, str) else value, name,
                        default, minimum=minimum, maximum=maximum, messages=(
                            "Invalid integer", f"Must be greater than or equal to {minimum}",
                            f"Must be less than or equal to {maximum}"))


def _flag(params: dict, name: str) -> bool:
    value = params.get(name)
    return value is True or str(value).strip().lower() in ("true", "1", "yes", "on")


def _facet_fields(params: dict) -> tuple[str, ...]:
    """Return facet.field: a JSON list (as CKAN takes it) of fields Atlas can facet on."""
    value = params.get("facet.field") or []
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else []
        except ValueError:
            value = None  # not JSON: refused below
    known = ckan_api.FACET_FIELDS
    if not isinstance(value, list) or not all(isinstance(f, str) and f in known for f in value):
        raise InvalidInput("facet.field must be a JSON list of fields",
                           {"facet.field": [f"a JSON list of {', '.join(known)}"]})
    return tuple(dict.fromkeys(value))


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def _help_url(name: str) -> str:
    return f"{site_root()}/api/3/action/help_show?name={name}"


def _failure(name: str, code: int, kind: str, message: str, fields: dict | None = None):
    error = {"__type": kind, "message": message, **(fields or {})}
    body = {"help": _help_url(name), "success": False, "error": error}
    return personalised(jsonify(body)), code
