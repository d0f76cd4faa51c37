"""importers.fetch against real HTTP servers on 127.0.0.1 and fake resolvers for host names."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time
import tracemalloc
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest

from importers import fetch as fetch_module
from importers.fetch import ACCEPT, USER_AGENT, FetchRefused, fetch
from importers.records import SourceError
from tests import services

TURTLE = b"<https://data.example/d1> a <http://www.w3.org/ns/dcat#Dataset> .\n"
ETAG = '"v1"'
LAST_MODIFIED = "Wed, 01 Jan 2025 00:00:00 GMT"
PUBLIC = "93.184.215.14"  # a public address, never contacted: connections to it are diverted
MB = 1024 * 1024


@functools.cache
def gzip_bomb() -> bytes:
    """200 MB of zeros gzipped to about 200 kB, compressed a megabyte at a time."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = bytes(MB)
    return b"".join(compressor.compress(zeros) for _ in range(200)) + compressor.flush()


class Handler(http.server.BaseHTTPRequestHandler):
    """One route per kind of partner server, good or bad."""

    def log_message(self, format, *args):
        """Keep the test output quiet."""

    def do_GET(self):
        self.server.requests.append((self.path, self.headers))
        parts = urlsplit(self.path)
        self.query = {key: values[0] for key, values in parse_qs(parts.query).items()}
        name = parts.path.strip("/").replace("-", "_").replace(".", "_")
        route = getattr(self, "route_" + name, None)
        if route is None:
            self.send_error(404)
        else:
            route()

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        headers = dict(headers)
        headers.setdefault("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def route_data_ttl(self):
        # A 304 without validators: the client must keep the ones it had.
        if self.headers.get("If-None-Match") == ETAG or (
                self.headers.get("If-Modified-Since") == LAST_MODIFIED):
            self.send_response(304)
            self.end_headers()
            return
        self.reply(200, TURTLE, {"Content-Type": "text/turtle; charset=utf-8", "ETag": ETAG,
                                 "Last-Modified": LAST_MODIFIED})

    def route_redirect(self):
        hops = int(self.query["n"])
        if hops == 0:
            self.reply(200, b"arrived", {"Content-Type": "text/plain"})
        else:  # relative Locations, every redirect status in turn
            status = (301, 302, 303, 307, 308)[hops % 5]
            self.reply(status, headers={"Location": f"redirect?n={hops - 1}"})

    def route_bounce(self):
        self.reply(302, headers={"Location": self.query["to"]})

    def route_gzip(self):
        self.reply(200, gzip.compress(TURTLE), {"Content-Encoding": "gzip"})

    def route_deflate(self):
        self.reply(200, zlib.compress(TURTLE), {"Content-Encoding": "deflate"})

    def route_deflate_raw(self):
        compressor = zlib.compressobj(wbits=-15)
        self.reply(200, compressor.compress(TURTLE) + compressor.flush(),
                   {"Content-Encoding": "deflate"})

    def route_gzip_cut(self):
        self.reply(200, gzip.compress(TURTLE)[:-12], {"Content-Encoding": "gzip"})

    def route_brotli(self):
        self.reply(200, b"\x0b\x02\x80", {"Content-Encoding": "br"})

    def route_bomb(self):
        self.reply(200, gzip_bomb(), {"Content-Encoding": "gzip"})

    def route_huge(self):
        self.reply(200, b"x" * 10, {"Content-Length": str(10**12)})

    def route_endless(self):
        # No Content-Length: the body ends when the connection does, if ever.
        self.send_response(200)
        self.end_headers()
        for _ in range(64):
            self.wfile.write(bytes(64 * 1024))

    def route_trickle(self):
        self.send_response(200)
        self.send_header("Content-Length", "100")
        self.end_headers()
        for _ in range(100):
            if self.server.stopping.wait(0.25):
                return
            self.wfile.write(b"x")

    def route_silent(self):
        self.server.stopping.wait(30)

    def route_broken(self):
        self.send_error(500)

    def route_garbage(self):
        self.wfile.write(b"SPAM SPAM SPAM\r\n\r\n")

    def route_lost(self):
        self.reply(302)

    def route_hang_up(self):
        """Close the connection without a word."""


class Server(http.server.ThreadingHTTPServer):
    """A server whose handlers wake up and finish when it stops, and that logs what it was asked."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), Handler)
        self.stopping = threading.Event()
        self.requests: list = []
        self.base = f"http://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request, client_address):
        """Ignore clients that hang up, as fetch does on purpose; report anything else."""
        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError | ssl.SSLError):
            super().handle_error(request, client_address)

    def paths(self):
        return [path for path, _ in self.requests]


@contextlib.contextmanager
def running(tls: ssl.SSLContext | None = None):
    server = Server()
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield server
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()  # joins the handler threads
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def server():
    with running() as server:
        yield server


def resolver(table: dict[str, list[str]], asked: list | None = None):
    """A getaddrinfo stand-in answering from table, so no real name is ever looked up."""

    def resolve(host, port, *args, **kwargs):
        if asked is not None:
            asked.append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (address, port)) for address in table[host]]

    return resolve


@pytest.fixture
def connections(monkeypatch):
    """Record every connection fetch attempts and refuse it, so nothing is contacted at all."""
    attempts = []

    def refuse(address, timeout=None, *args, **kwargs):
        attempts.append(address)
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(fetch_module.socket, "create_connection", refuse)
    return attempts


@pytest.fixture
def divert(monkeypatch, server):
    """Send connections to PUBLIC port 80 to the test server instead; record them all."""
    attempts = []
    connect = socket.create_connection

    def diverted(address, timeout=None, *args, **kwargs):
        attempts.append(address)
        assert address == (PUBLIC, 80), f"fetch tried to connect to {address}"
        return connect(("127.0.0.1", server.server_address[1]), timeout)

    monkeypatch.setattr(fetch_module.socket, "create_connection", diverted)
    return attempts


def refusal(url, **kwargs) -> str:
    with pytest.raises(FetchRefused) as caught:
        fetch(url, **kwargs)
    message = str(caught.value)
    assert "\n" not in message
    return message


# --- a normal fetch, and the conditional GET ---

def test_fetches_a_document_with_its_validators_and_sends_the_expected_headers(server):
    result = fetch(f"{server.base}/data.ttl", allow_private=True)
    assert (result.url, result.status, result.body) == (f"{server.base}/data.ttl", 200, TURTLE)
    assert result.content_type == "text/turtle; charset=utf-8"
    assert (result.etag, result.last_modified) == (ETAG, LAST_MODIFIED)
    _, headers = server.requests[-1]
    assert headers["User-Agent"] == USER_AGENT
    assert headers["Accept"] == ACCEPT
    assert headers["Accept-Encoding"] == "gzip, deflate"
    assert headers["Host"] == server.base.removeprefix("http://")
    assert "If-None-Match" not in headers and "If-Modified-Since" not in headers


def test_fetch_refused_is_a_source_error(server):
    with pytest.raises(SourceError):
        fetch(f"{server.base}/data.ttl")


def test_the_same_loopback_url_is_refused_without_allow_private(server, connections):
    url = f"{server.base}/data.ttl"
    assert refusal(url) == (
        f"{url}: 127.0.0.1 is a loopback address, allowed only for sources marked internal")
    assert connections == []


def test_conditional_get_answers_304_and_keeps_the_old_validators(server):
    url = f"{server.base}/data.ttl"
    by_etag = fetch(url, allow_private=True, etag=ETAG)
    assert (by_etag.status, by_etag.body) == (304, b"")
    assert (by_etag.etag, by_etag.last_modified) == (ETAG, "")
    assert server.requests[-1][1]["If-None-Match"] == ETAG
    by_date = fetch(url, allow_private=True, last_modified=LAST_MODIFIED)
    assert (by_date.status, by_date.body, by_date.last_modified) == (304, b"", LAST_MODIFIED)
    assert server.requests[-1][1]["If-Modified-Since"] == LAST_MODIFIED
    changed = fetch(url, allow_private=True, etag='"v0"')
    assert (changed.status, changed.body, changed.etag) == (200, TURTLE, ETAG)


# --- schemes and credentials ---

@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://data.example/catalog.ttl", "gopher://127.0.0.1:70/_x",
    "data:text/turtle,<a> <b> <c> .", "/etc/passwd", "javascript:alert(1)",
])
def test_only_http_and_https_urls_are_fetched(url, connections):
    asked = []
    assert refusal(url, allow_private=True, resolver=resolver({}, asked)) == (
        f"{url}: only http and https URLs can be harvested")
    assert asked == [] and connections == []


def test_urls_with_credentials_are_refused_without_showing_them(server, connections):
    message = refusal(f"http://harvester:s3cret@127.0.0.1:{server.server_address[1]}/data.ttl",
                      allow_private=True)
    assert message == (f"http://***@127.0.0.1:{server.server_address[1]}/data.ttl: "
                       "URLs with credentials (user:password@) are not harvested")
    assert connections == []


# --- addresses ---

@pytest.mark.parametrize(("address", "kind"), [
    ("169.254.169.254", "a cloud metadata address"),
    ("fd00:ec2::254", "a cloud metadata address"),
    ("100.100.100.200", "a cloud metadata address"),
    ("::ffff:169.254.169.254", "a cloud metadata address"),
    ("2002:a9fe:a9fe::", "a cloud metadata address"),
    ("64:ff9b::a9fe:a9fe", "a cloud metadata address"),
    ("169.254.10.1", "a link-local address"),
    ("fe80::1", "a link-local address"),
    ("0.0.0.0", "an unspecified address"),
    ("0.1.2.3", "an unspecified address"),
    ("::", "an unspecified address"),
    ("224.0.0.1", "a multicast address"),
    ("ff02::1", "a multicast address"),
    ("240.0.0.1", "a reserved address"),
    ("255.255.255.255", "a reserved address"),
])
def test_some_addresses_are_refused_even_with_allow_private(address, kind, connections):
    url = "http://partner.example/catalog.ttl"
    message = refusal(url, allow_private=True,
                      resolver=resolver({"partner.example": [address]}))
    assert message == f"{url}: partner.example resolves to {address}, {kind}"
    assert connections == []


@pytest.mark.parametrize(("address", "kind"), [
    ("127.0.0.1", "loopback"), ("127.8.9.10", "loopback"), ("::1", "loopback"),
    ("::ffff:127.0.0.1", "loopback"), ("2002:7f00:1::", "loopback"),
    ("10.0.0.5", "private"), ("172.16.0.1", "private"),
    ("192.168.1.1", "private"), ("::ffff:10.0.0.1", "private"), ("fc00::1", "private"),
    ("fd12:3456::1", "private"), ("100.64.0.1", "private"), ("fec0::1", "private"),
])
def test_private_addresses_only_with_allow_private(address, kind, connections):
    url = "http://intranet.example/catalog.ttl"
    resolve = resolver({"intranet.example": [address]})
    assert refusal(url, resolver=resolve) == (
        f"{url}: intranet.example resolves to {address}, a {kind} address, "
        "allowed only for sources marked internal")
    assert connections == []  # refused before any connection
    # Allowed, fetch connects to the address it checked, not to the name.
    assert refusal(url, allow_private=True, resolver=resolve) == (
        f"{url}: the connection was refused (ConnectionRefusedError: Connection refused)")
    assert connections == [(address, 80)]


def test_a_public_address_is_allowed(connections):
    refusal("https://partner.example/catalog.ttl", resolver=resolver({"partner.example": [PUBLIC]}))
    assert connections == [(PUBLIC, 443)]


def test_every_address_of_a_host_is_checked(connections):
    url = "http://partner.example/"
    message = refusal(url, resolver=resolver({"partner.example": [PUBLIC, "10.0.0.5"]}))
    assert message == (f"{url}: partner.example resolves to 10.0.0.5, a private address, "
                       "allowed only for sources marked internal")
    assert connections == []


@pytest.mark.parametrize(("url", "message"), [
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"),
    ("http://[fd00:ec2::254]/latest/", "fd00:ec2::254 is a cloud metadata address"),
    ("http://[::ffff:169.254.169.254]/", "::ffff:169.254.169.254 is a cloud metadata address"),
    ("http://[fe80::1%25eth0]/", "fe80::1%25eth0 is a link-local address"),
    ("http://0.0.0.0:8080/", "0.0.0.0 is an unspecified address"),
])
def test_literal_addresses_are_checked_too(url, message, connections):
    assert refusal(url, allow_private=True) == f"{url}: {message}"
    assert connections == []


@pytest.mark.parametrize("host", ["2130706433", "0x7f.1", "127.1"])
def test_odd_spellings_of_loopback_are_refused(host, connections):
    url = f"http://{host}/"
    numeric_only = functools.partial(socket.getaddrinfo, flags=socket.AI_NUMERICHOST)
    assert refusal(url, resolver=numeric_only) == (
        f"{url}: {host} resolves to 127.0.0.1, a loopback address, "
        "allowed only for sources marked internal")
    assert connections == []


def test_international_names_and_paths_are_encoded_before_sending(server, divert):
    url = "http://bücher.example/pad met spatie/ë.ttl?q=ä b"
    asked = []
    message = refusal(url, resolver=resolver({"xn--bcher-kva.example": [PUBLIC]}, asked))
    assert message == f"{url}: the server answered 404 Not Found"
    assert asked == ["xn--bcher-kva.example"]
    path, headers = server.requests[-1]
    assert path == "/pad%20met%20spatie/%C3%AB.ttl?q=%C3%A4%20b"
    assert headers["Host"] == "xn--bcher-kva.example"


@pytest.mark.parametrize(("url", "reason"), [
    ("http:///catalog.ttl", "the URL has no host name"),
    ("http://ü..example/", "the host name ü..example is not valid"),
    ("http://[::1/", "not a valid URL (Invalid IPv6 URL)"),
    ("http://partner.example:99999/", "not a valid URL (Port out of range 0-65535)"),
])
def test_malformed_urls_are_refused(url, reason, connections):
    asked = []
    assert refusal(url, resolver=resolver({}, asked)) == f"{url}: {reason}"
    assert asked == [] and connections == []


def test_a_name_that_does_not_resolve_is_refused(connections):
    url = "https://nowhere.example/catalog.ttl"
    assert refusal(url, resolver=resolver({})) == (
        f"{url}: the host name nowhere.example cannot be resolved "
        "([Errno -2] Name or service not known)")


def test_a_refused_connection_is_reported():
    with socket.socket() as probe:  # a port nobody listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    assert refusal(url, allow_private=True) == (
        f"{url}: the connection was refused (ConnectionRefusedError: Connection refused)")


# --- redirects ---

def test_redirects_are_followed_with_relative_locations(server):
    result = fetch(f"{server.base}/redirect?n=5", allow_private=True)
    assert result.url == f"{server.base}/redirect?n=0"
    assert (result.status, result.body) == (200, b"arrived")


def test_too_many_redirects_are_refused(server):
    url = f"{server.base}/redirect?n=4"
    assert refusal(url, allow_private=True, max_redirects=3) == (
        f"{url}: more than 3 redirects (the last to {server.base}/redirect?n=0)")


def test_a_public_url_redirecting_to_loopback_is_refused(server, divert):
    target = f"{server.base}/data.ttl"
    url = f"http://partner.example/bounce?to={target}"
    assert refusal(url, resolver=resolver({"partner.example": [PUBLIC]})) == (
        f"{url} (redirected to {target}): 127.0.0.1 is a loopback address, "
        "allowed only for sources marked internal")
    path, headers = server.requests[-1]
    assert path == "/bounce?to=" + target  # the loopback target itself was never asked
    assert headers["Host"] == "partner.example"  # connected by address, asked by name
    assert divert == [(PUBLIC, 80)]


@pytest.mark.parametrize(("target", "reason"), [
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a cloud metadata address"),
    ("http://metadata.example/computeMetadata/v1/",
     "metadata.example resolves to 169.254.169.254, a cloud metadata address"),
    ("file:///etc/passwd", "only http and https URLs can be harvested"),
])
def test_redirects_to_forbidden_targets_are_refused_even_with_allow_private(
        server, divert, target, reason):
    url = f"http://partner.example/bounce?to={target}"
    table = {"partner.example": [PUBLIC], "metadata.example": ["169.254.169.254"]}
    assert refusal(url, allow_private=True, resolver=resolver(table)) == (
        f"{url} (redirected to {target}): {reason}")
    assert divert == [(PUBLIC, 80)]


# --- bodies: encodings and sizes ---

@pytest.mark.parametrize("route", ["gzip", "deflate", "deflate-raw"])
def test_compressed_bodies_are_decoded(server, route):
    assert fetch(f"{server.base}/{route}", allow_private=True).body == TURTLE


@pytest.mark.parametrize(("route", "reason"), [
    ("gzip-cut", "the gzip body is cut short"),
    ("brotli", "the body is encoded as 'br', which Atlas cannot decode"),
])
def test_bodies_that_cannot_be_decoded_are_refused(server, route, reason):
    url = f"{server.base}/{route}"
    assert refusal(url, allow_private=True) == f"{url}: {reason}"


def test_a_gzip_bomb_is_refused_without_expanding_it(server):
    gzip_bomb()  # build it before measuring
    url = f"{server.base}/bomb"
    tracemalloc.start()
    try:
        message = refusal(url, allow_private=True, max_bytes=MB)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message == f"{url}: the decoded body is larger than the limit of {MB} bytes"
    assert peak < 8 * MB


def test_an_announced_oversized_body_is_refused_before_reading(server):
    url = f"{server.base}/huge"
    assert refusal(url, allow_private=True, max_bytes=MB) == (
        f"{url}: the server announces {10**12} bytes, more than the limit of {MB} bytes")


def test_reading_stops_once_the_body_passes_the_limit(server):
    url = f"{server.base}/endless"
    assert refusal(url, allow_private=True, max_bytes=MB) == (
        f"{url}: the body is larger than the limit of {MB} bytes")


# --- timeouts ---

def test_a_server_that_never_answers_is_given_up_after_the_read_timeout(server):
    url = f"{server.base}/silent"
    started = time.monotonic()
    assert refusal(url, allow_private=True, read_timeout=0.5, total_timeout=5) == (
        f"{url}: no answer within 0.5 s")
    assert time.monotonic() - started < 2


def test_a_trickling_body_is_cut_off_at_the_total_deadline(server):
    url = f"{server.base}/trickle"
    started = time.monotonic()
    assert refusal(url, allow_private=True, read_timeout=5, total_timeout=1.5) == (
        f"{url}: took longer than 1.5 s")
    assert 1.4 < time.monotonic() - started < 2.5


def test_a_connect_timeout_is_reported(monkeypatch):
    def too_slow(address, timeout=None, *args, **kwargs):
        raise TimeoutError("timed out")

    monkeypatch.setattr(fetch_module.socket, "create_connection", too_slow)
    url = "http://partner.example/"
    assert refusal(url, connect_timeout=0.3, resolver=resolver({"partner.example": [PUBLIC]})) == (
        f"{url}: no answer within 0.3 s")


# --- servers answering badly ---

@pytest.mark.parametrize(("route", "reason"), [
    ("nothing-here", "the server answered 404 Not Found"),
    ("broken", "the server answered 500 Internal Server Error"),
    ("lost", "the server answered 302 without a Location to redirect to"),
    ("garbage", "the answer is not valid HTTP (BadStatusLine: SPAM SPAM SPAM)"),
    ("hang-up", "the server closed the connection without answering "
                "(RemoteDisconnected: Remote end closed connection without response)"),
])
def test_bad_answers_are_refused_in_one_line(server, route, reason):
    url = f"{server.base}/{route}"
    assert refusal(url, allow_private=True) == f"{url}: {reason}"


# --- https: certificate checked against the URL's host name, not the address ---

@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    if not shutil.which("openssl"):
        services.require_or_skip("openssl is needed to make a test certificate")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-days", "1", "-subj", "/CN=partner.example", "-keyout", str(key),
         "-out", str(cert), "-addext", "subjectAltName=DNS:partner.example"],
        check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    with running(context) as server:
        server.cert, server.names = cert, names
        yield server


@pytest.fixture
def trust_test_certificate(monkeypatch, tls_server):
    default_context = ssl.create_default_context
    monkeypatch.setattr(fetch_module.ssl, "create_default_context",
                        lambda: default_context(cafile=str(tls_server.cert)))


def test_https_verifies_the_certificate_for_the_host_name(tls_server, trust_test_certificate):
    port = tls_server.server_address[1]
    url = f"https://partner.example:{port}/data.ttl"
    result = fetch(url, allow_private=True, resolver=resolver({"partner.example": ["127.0.0.1"]}))
    assert (result.url, result.body) == (url, TURTLE)
    assert tls_server.names[-1] == "partner.example"
    assert tls_server.requests[-1][1]["Host"] == f"partner.example:{port}"


def test_https_refuses_a_certificate_for_another_name(tls_server, trust_test_certificate):
    url = f"https://elsewhere.example:{tls_server.server_address[1]}/data.ttl"
    message = refusal(url, allow_private=True,
                      resolver=resolver({"elsewhere.example": ["127.0.0.1"]}))
    assert message.startswith(f"{url}: the TLS certificate cannot be trusted (")
    assert "Hostname mismatch" in message


def test_https_refuses_an_untrusted_certificate(tls_server):
    url = f"https://partner.example:{tls_server.server_address[1]}/data.ttl"
    message = refusal(url, allow_private=True,
                      resolver=resolver({"partner.example": ["127.0.0.1"]}))
    assert message.startswith(f"{url}: the TLS certificate cannot be trusted (")
    assert "self-signed" in message or "self signed" in message
