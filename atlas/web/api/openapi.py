"""The OpenAPI document of `/api/v1` and a readable page of it (`/api/v1/docs`)."""

from __future__ import annotations

from flask import Blueprint, jsonify, make_response, render_template

from atlas.records import KINDS
from atlas.search.query import FACETS, SORTS
from atlas.web.hosts import site_root
from atlas.web.search_params import MAX_PAGE_SIZE
from vocab.editorial import STATUSES

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")


def _search_parameters() -> list[dict]:
    params = [
        {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 500},
         "description": "Words to search for (Dutch stemming, word starts, one typo)."},
        {"name": "type", "in": "query", "schema": {"type": "string", "enum": list(KINDS.names())},
         "description": "Only records of this kind."},
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": list(SORTS)}},
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {"name": "page_size", "in": "query",
         "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE}},
    ]
    params += [{"name": name, "in": "query", "explode": True,
                "schema": {"type": "array", "items": {"type": "string"}},
                "description": f"Filter on the {name} facet (repeat to allow several values)."}
               for name in FACETS if name != "type"]
    return params


ERROR = {"type": "object", "properties": {
    "code": {"type": "integer"}, "status": {"type": "string"}, "message": {"type": "string"},
    "errors": {"type": "object", "additionalProperties": {"type": "array",
                                                          "items": {"type": "string"}}}}}
HIT = {"type": "object", "properties": {name: {"type": "string"} for name in (
    "id", "type", "uri", "url", "title", "snippet", "matched_via")}}
FACET_VALUE = {"type": "object", "properties": {
    "value": {"type": "string"}, "label": {"type": "string"}, "count": {"type": "integer"}}}


def document() -> dict:
    """Return the OpenAPI 3.1 document of the REST API."""
    bad = {"description": "The request cannot be answered; the message says what to fix.",
           "content": {"application/json": {"schema": ERROR}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "Atlas API", "version": "1",
                 "description": "Search the Province of Utrecht's catalogue of datasets, "
                                "definitions and indicators. Anonymous callers see published, "
                                "public records only."},
        "paths": {
            "/api/v1/search": {"get": {
                "summary": "Search datasets, services, definitions, indicators, organisations",
                "parameters": _search_parameters(),
                "responses": {"200": {"description": "One page of hits with facets",
                                      "content": {"application/json": {"schema": {
                                          "type": "object", "properties": {
                                              "total": {"type": "integer"},
                                              "page": {"type": "integer"},
                                              "hits": {"type": "array", "items": HIT},
                                              "facets": {"type": "object",
                                                         "additionalProperties": {
                                                             "type": "array",
                                                             "items": FACET_VALUE}},
                                              "suggestion": {"type": ["string", "null"]}}}}}},
                              "400": bad}}},
            "/api/v1/search.csv": {"get": {
                "summary": "The same search as CSV (up to 1,000 rows)",
                "parameters": _search_parameters(),
                "responses": {"200": {"description": "CSV", "content": {"text/csv": {}}},
                              "400": bad}}},
            "/api/v1/suggest": {"get": {
                "summary": "Autocomplete for a search box",
                "parameters": [{"name": "q", "in": "query", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {"200": {"description": "Suggestions", "content": {
                    "application/json": {"schema": {"type": "object", "properties": {
                        "suggestions": {"type": "array", "items": {
                            "type": "object", "properties": {
                                name: {"type": "string"} for name in ("text", "type", "url")}}}
                    }}}}}}}},
            "/api/v1/schemes": {"get": {
                "summary": "The concept schemes (begrippenkaders) with their number of concepts",
                "responses": {"200": {"description": "Schemes",
                                      "content": {"application/json": {}}}}}},
            "/api/v1/schemes/{slug}/findings": {"get": {
                "summary": "A scheme's integrity findings (curators only; others get 404)",
                "parameters": [
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                    {"name": "page_size", "in": "query",
                     "schema": {"type": "integer", "minimum": 1, "maximum": 5000}}],
                "responses": {"200": {"description": "When checked, counts per code and "
                                                     "severity, one page of findings",
                                      "content": {"application/json": {}}}, "400": bad,
                              "404": {"description": "No such scheme, or not a curator"}}}},
            "/api/v1/concepts": {"get": {
                "summary": "Concepts, by scheme, status and the start of a preferred label",
                "parameters": [
                    {"name": "scheme", "in": "query", "schema": {"type": "string"}},
                    {"name": "status", "in": "query", "schema": {"type": "string"},
                     "description": "Publication status (draft, review, published, withdrawn;"
                                    " staff only see other than published) or an editorial"
                                    " status."},
                    {"name": "editorial_status", "in": "query", "schema": {
                        "type": "string", "enum": list(STATUSES)},
                     "description": "The definition's editorial status."},
                    {"name": "label", "in": "query", "schema": {"type": "string"},
                     "description": "The start of a preferred label in any language (case "
                                    "and accents ignored)."},
                    {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                    {"name": "page_size", "in": "query",
                     "schema": {"type": "integer", "minimum": 1, "maximum": 1000}}],
                "responses": {"200": {"description": "One page of concepts",
                                      "content": {"application/json": {}}}, "400": bad}}},
            "/api/v1/concepts/lookup": {"get": {
                "summary": "Concepts with this preferred, alternative or hidden label",
                "parameters": [{"name": "label", "in": "query", "required": True,
                                "schema": {"type": "string"}}],
                "responses": {"200": {"description": "Matching concepts",
                                      "content": {"application/json": {}}}, "400": bad}}},
            "/api/v1/concepts/{slug}": {"get": {
                "summary": "One concept with its broader and narrower concepts",
                "parameters": [{"name": "transitive", "in": "query",
                                "schema": {"type": "boolean"},
                                "description": "All levels up and down, not only the next."}],
                "responses": {"200": {"description": "The concept",
                                      "content": {"application/json": {}}},
                              "404": {"description": "No such concept (or not visible)"}}}},
            "/api/v1/openapi.json": {"get": {
                "summary": "This document",
                "responses": {"200": {"description": "OpenAPI 3.1",
                                      "content": {"application/json": {}}}}}},
        },
    }


@bp.get("/openapi.json")
def openapi_json():
    """Answer the OpenAPI document."""
    return jsonify(document())


@bp.get("/docs")
def docs():
    """Show the API's endpoints and parameters as a page."""
    spec = document()
    base = site_root()
    return make_response(render_template("api_docs.html", spec=spec, base=base))
