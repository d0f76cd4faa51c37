"""Content negotiation: HTML or one of the RDF serialisations, by Accept header or suffix."""

from __future__ import annotations

from flask import Response, request

from atlas.records.publication import FORMAT_OF_MEDIA_TYPE, FORMAT_OF_SUFFIX, FORMATS, serialise

RDF_MEDIA_TYPES = [media for _, media, _ in FORMATS.values()]


def split_suffix(name: str) -> tuple[str, str | None]:
    """Split 'slug.ttl' into ('slug', 'turtle'); a name without a known suffix keeps None."""
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix in FORMAT_OF_SUFFIX:
        return stem, FORMAT_OF_SUFFIX[suffix]
    return name, None


def wanted_format() -> str:
    """Return 'html' or an RDF format name chosen from the Accept header (q-values honoured)."""
    accept = request.accept_mimetypes
    if not accept:
        return "html"
    # text/html is offered first, so a browser's */* (or a tie) gets the page.
    best = accept.best_match(["text/html", *RDF_MEDIA_TYPES, "application/x-turtle",
                              "application/json"])
    if best in (None, "text/html"):
        return "html"
    return FORMAT_OF_MEDIA_TYPE.get(best, "html")


def rdf_response(graph, format_name: str) -> Response:
    """Answer with a graph in one RDF serialisation, with the right Content-Type and Vary."""
    media = FORMATS[format_name][1]
    body = serialise(graph, format_name)
    response = Response(body, mimetype=media)
    if media.startswith("text/") or media == "application/n-triples":
        response.headers["Content-Type"] = f"{media}; charset=utf-8"
    response.vary.add("Accept")
    return response
