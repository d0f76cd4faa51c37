"""Paging a CKAN (or DKAN) action API's package_search into batches, through the caller's reader."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from urllib.parse import quote, urlencode

from importers.ckan_package import package_records
from importers.messages import clip, short_message
from importers.records import Batch, ImportedRecord, PageMemory, Reader, SourceError


def response_packages(document: dict) -> tuple[list[dict], int | None]:
    """Return the packages of a package_search / package_show / DKAN response, and the total count.

    The count is the one the source states (package_search); None for other shapes.
    """
    if not isinstance(document, dict):
        raise SourceError("CKAN response is not a JSON object")
    if document.get("success") is False:
        error = document.get("error")
        error = error if isinstance(error, dict) else {"message": str(error or "no message")}
        detail = error.get("message") or json.dumps(error, sort_keys=True)  # validation errors
        raise SourceError(f"CKAN error ({clip(error.get('__type', 'unknown'), 40)}): "
                          f"{clip(detail)}")
    result = document.get("result")
    if isinstance(result, list):  # DKAN's package_show
        return list(result), None
    if isinstance(result, dict) and isinstance(result.get("results"), list):
        count = result.get("count")
        return list(result["results"]), count if isinstance(count, int) else None
    if isinstance(result, dict) and "id" in result:  # CKAN's package_show
        return [result], None
    raise SourceError("CKAN response has no packages in its result")


def search_url(api_base: str, rows: int, start: int, since: str | None = None) -> str:
    """Return the package_search URL of one page, oldest changes first."""
    params = {"rows": rows, "start": start, "sort": "metadata_modified asc"}
    if since:
        params["fq"] = f"metadata_modified:[{_solr_time(since)} TO *]"
    return f"{api_base.rstrip('/')}/api/3/action/package_search?{urlencode(params, quote_via=quote)}"


def harvest(get_json: Callable[[str], dict], api_base: str, *, rows: int = 100,
            since: str | None = None, max_pages: int = 1000) -> Iterator[ImportedRecord]:
    """Page through package_search (rows/start) via get_json(url) and yield one record per package.

    `since` (ISO timestamp) limits to packages with metadata_modified after it (incremental runs:
    fq=metadata_modified:[since TO *]). Stops at the count, on an empty page, or at max_pages.
    """
    start, seen = 0, set()
    for _ in range(max_pages):
        packages, count = response_packages(get_json(search_url(api_base, rows, start, since)))
        fresh = 0
        for package in packages:
            record = package_records(package, api_base)
            # A package changed mid-harvest moves to the end of the sort; yield it once.
            if record.local_key and record.local_key in seen:
                continue
            seen.add(record.local_key)
            fresh += 1
            yield record
        # Advance by what came back: a portal may cap rows below what was asked.
        start += len(packages)
        if not fresh or (count is not None and start >= count):
            return  # the end, or a portal that ignores `start` and repeats itself
        if count is None and len(packages) < rows:
            return


def _solr_time(since: str) -> str:
    """Return an ISO timestamp in Solr's UTC form (a naive one is UTC, as CKAN stores it)."""
    moment = datetime.fromisoformat(since.replace("Z", "+00:00"))
    if moment.tzinfo:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds") + "Z"


def batches(location: str, reader: Reader, memory: PageMemory | None = None,
            since: str | None = None, rows: int = 100) -> Iterator[Batch]:
    """Yield the packages of a CKAN portal as batches of records (memory is not used: CKAN's
    own `metadata_modified` makes later runs incremental through `since`)."""
    api_base = location.split("/api/3/", 1)[0].rstrip("/")

    def get_json(url: str) -> dict:
        fetched = reader.get(url)
        try:
            text = fetched.body.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise SourceError(f"{clip(url, 300)}: not a CKAN API answer (not UTF-8 at byte "
                              f"{exc.start})") from None
        try:
            return json.loads(text)
        except ValueError as exc:
            raise SourceError(f"{clip(url, 300)}: not a CKAN API answer "
                              f"(not JSON: {short_message(exc, text)})") from None

    batch: list[ImportedRecord] = []
    for record in harvest(get_json, api_base, rows=rows, since=since):
        batch.append(record)
        if len(batch) >= rows:
            yield Batch(api_base, records=batch)
            batch = []
    if batch:
        yield Batch(api_base, records=batch)
