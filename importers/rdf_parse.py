"""Turning bytes into an RDF graph safely: format by Content-Type, suffix, then by content."""

from __future__ import annotations

import codecs
import json
import warnings

from rdflib import Dataset, Graph

from importers.contexts import bundled
from importers.messages import clip, short_message
from importers.records import SourceError

FORMAT_OF_MEDIA_TYPE = {
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/rdf+xml": "xml",
    "application/xml": "xml", "text/xml": "xml", "application/ld+json": "json-ld",
    "application/json": "json-ld", "application/n-triples": "nt", "text/plain": "nt",
    "application/trig": "trig", "application/n-quads": "nquads",
}
FORMAT_OF_SUFFIX = {
    "ttl": "turtle", "rdf": "xml", "xml": "xml", "owl": "xml", "jsonld": "json-ld",
    "json": "json-ld", "nt": "nt", "trig": "trig", "nq": "nquads",
}


def guess_format(data: bytes, content_type: str = "", name: str = "") -> list[str]:
    """Return the formats to try, most likely first."""
    order: list[str] = []
    media = content_type.split(";")[0].strip().lower()
    if media in FORMAT_OF_MEDIA_TYPE:
        order.append(FORMAT_OF_MEDIA_TYPE[media])
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix in FORMAT_OF_SUFFIX:
        order.append(FORMAT_OF_SUFFIX[suffix])
    head = _text(data)[:2000].lstrip()
    if head.startswith(("{", "[")):
        order.append("json-ld")
    elif head.startswith("<") and not head.startswith("<http"):
        order.append("xml")
    order += ["turtle", "trig", "nt", "nquads", "xml", "json-ld"]
    seen: list[str] = []
    for fmt in order:
        if fmt not in seen:
            seen.append(fmt)
    return seen


def parse(data: bytes, content_type: str = "", name: str = "", base: str | None = None) -> Graph:
    """Parse RDF bytes into one graph (named graphs merged); SourceError naming what is wrong."""
    text = _text(data)
    errors = []
    for fmt in guess_format(data, content_type, name):
        try:
            # rdflib's parsers use its own deprecated classes inside; not our input's fault
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                return _parse_as(text, fmt, base)
        except Exception as exc:  # rdflib raises many kinds; each attempt's reason is kept
            # ...short: parsers quote their input, which may be anything (a secret file).
            errors.append(f"{fmt}: {exc}" if isinstance(exc, SourceError)
                          else f"{fmt}: {short_message(exc, text)}")
    raise SourceError("not readable as RDF (" + "; ".join(errors[:2]) + ")")


def _parse_as(text: str, fmt: str, base: str | None) -> Graph:
    if fmt in ("trig", "nquads"):
        dataset = Dataset()
        dataset.parse(data=text, format=fmt, publicID=base)
        merged = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            merged.add((s, p, o))
        return merged
    if fmt == "json-ld":
        text = _inline_contexts(text)
    graph = Graph()
    graph.parse(data=text, format=fmt, publicID=base)
    return graph


def _inline_contexts(text: str) -> str:
    """Replace remote @context references by bundled copies; SourceError for unknown ones."""
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise SourceError(f"not JSON: {short_message(exc, text)}") from None

    def resolve(context):
        if isinstance(context, str):
            found = bundled(context)
            if found is None:
                raise SourceError(f"JSON-LD @context {clip(context)} is remote and not one Atlas "
                                  "bundles; Atlas fetches no contexts")
            return found
        if isinstance(context, list):
            return [resolve(item) for item in context]
        return context

    def walk(node):
        if isinstance(node, dict):
            if "@context" in node:
                node["@context"] = resolve(node["@context"])
            for key, value in node.items():
                if key != "@context":
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(document)
    return json.dumps(document)


def _text(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    return data.decode("utf-8", errors="replace")


__all__ = ["parse", "guess_format"]
