"""Safe fetching of partner URLs: http(s) only, every address checked before connecting and again on
every redirect, with timeouts, a deadline over the whole fetch and a cap on the decoded size."""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from urllib.parse import quote, urljoin, urlsplit

from importers.messages import clip
from importers.records import SourceError

USER_AGENT = "Atlas/0.1 (+https://github.com/provincie-utrecht/atlas; catalogue harvester)"
ACCEPT = ("text/turtle, application/ld+json;q=0.9, application/rdf+xml;q=0.9, "
          "application/n-triples;q=0.8, application/trig;q=0.8, application/n-quads;q=0.8, "
          "application/json;q=0.5, */*;q=0.1")
REDIRECTS = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024
# Cloud metadata services hand out credentials: refused even where private addresses are allowed.
# 168.63.129.16 is Azure's platform endpoint, a public address answering only inside Azure.
METADATA = frozenset(map(ipaddress.ip_address, (
    "169.254.169.254", "fd00:ec2::254", "100.100.100.200", "168.63.129.16")))
# Linux connects 0.0.0.0/8 to the local host, so the whole block counts as unspecified.
THIS_NETWORK = ipaddress.ip_network("0.0.0.0/8")
# Private in practice though Python 3.11 does not say so: CGNAT and IPv6 site-local.
ALSO_PRIVATE = (ipaddress.ip_network("100.64.0.0/10"), ipaddress.ip_network("fec0::/10"))
NAT64 = ipaddress.ip_network("64:ff9b::/96")
# Reason phrases, URLs from next links and library errors come from the other side: bounded.
REMOTE_TEXT = 300


class FetchRefused(SourceError):
    """The fetch was refused or failed; the message says why in one line, naming the URL."""


class _Refusal(Exception):
    """A reason to refuse, raised deep inside a fetch and given its URL at the top."""


@dataclass
class Fetched:
    """What one successful fetch answered."""

    url: str
    status: int
    content_type: str
    body: bytes
    etag: str
    last_modified: str


def fetch(url: str, *, allow_private: bool = False, etag: str = "", last_modified: str = "",
          accept: str = ACCEPT, connect_timeout: float = 10.0, read_timeout: float = 30.0,
          total_timeout: float = 60.0, max_bytes: int = 100 * 1024 * 1024, max_redirects: int = 5,
          resolver=socket.getaddrinfo) -> Fetched:
    """Fetch one URL over http(s) safely; FetchRefused with a one-line reason otherwise."""
    clock = _Clock(total_timeout)
    headers = {"User-Agent": USER_AGENT, "Accept": accept, "Accept-Encoding": "gzip, deflate",
               "Connection": "close"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    current = url
    for hop in range(max_redirects + 1):
        shown = _shown(url) + (f" (redirected to {_shown(current)})" if hop else "")
        try:
            host, port, target, tls = _parse(current)
            addresses = _resolve(host, port, resolver, allow_private)
            connection = _Connection(host, port, tls, addresses, clock,
                                     connect_timeout, read_timeout)
            try:
                connection.request("GET", target, headers=headers)
                with connection.getresponse() as response:
                    outcome = _answer(response, current, clock, read_timeout, max_bytes)
            finally:
                connection.shut()
            if isinstance(outcome, Fetched):
                if outcome.status == 304:  # "not modified" need not repeat the validators
                    outcome.etag = outcome.etag or etag
                    outcome.last_modified = outcome.last_modified or last_modified
                return outcome
            current = urljoin(current, outcome)
        except Exception as exc:  # every failure, raw or not, becomes one line naming the URL
            cause = None if isinstance(exc, _Refusal) else exc
            raise FetchRefused(f"{shown}: {_reason(exc, clock)}") from cause
    raise FetchRefused(f"{_shown(url)}: more than {max_redirects} redirects "
                       f"(the last to {_shown(current)})")


def _answer(response, url, clock, read_timeout, max_bytes) -> Fetched | str:
    """Turn one response into what it fetched, or the Location a redirect points to."""
    status = response.status
    if status in REDIRECTS:
        location = response.getheader("Location", "").strip()
        if not location:
            raise _Refusal(f"the server answered {status} without a Location to redirect to")
        return location
    if status not in (200, 304):
        phrase = http.client.responses.get(status) or clip(response.reason, REMOTE_TEXT)
        raise _Refusal(f"the server answered {status} {phrase}")
    body = b"" if status == 304 else _read_body(response, clock, read_timeout, max_bytes)
    return Fetched(url, status, response.getheader("Content-Type", ""), body,
                   response.getheader("ETag", ""), response.getheader("Last-Modified", ""))


def _read_body(response, clock, read_timeout, max_bytes) -> bytes:
    """Read and decode the body, refusing it as soon as it passes max_bytes raw or decoded."""
    if response.length is not None and response.length > max_bytes:
        raise _Refusal(f"the server announces {response.length} bytes, "
                       f"more than the limit of {max_bytes} bytes")
    encoding = clip(response.getheader("Content-Encoding", ""), REMOTE_TEXT).lower()
    encoding = {"identity": "", "x-gzip": "gzip"}.get(encoding, encoding)
    if encoding not in ("", "gzip", "deflate"):
        raise _Refusal(f"the body is encoded as {encoding!r}, which Atlas cannot decode")
    pieces = _received(response, clock, read_timeout, max_bytes)
    if encoding:
        pieces = _inflated(pieces, encoding)
    body, size = [], 0
    for piece in pieces:
        size += len(piece)
        if size > max_bytes:
            raise _Refusal(f"the decoded body is larger than the limit of {max_bytes} bytes")
        body.append(piece)
    return b"".join(body)


def _received(response, clock, read_timeout, max_bytes):
    """Yield the body as it arrives, stopping it once it passes max_bytes or the deadline."""
    received = 0
    while chunk := response.read(CHUNK):
        received += len(chunk)
        if received > max_bytes:
            raise _Refusal(f"the body is larger than the limit of {max_bytes} bytes")
        yield chunk
        clock.budget(read_timeout)  # a body trickling in stops at the deadline


def _inflated(chunks, encoding):
    """Yield a gzip or deflate body decoded at most CHUNK bytes at a time: a bomb never expands."""
    inflater = None
    for data in chunks:
        while data:
            if inflater is None:
                # Some servers send deflate raw, without the zlib header the standard asks for.
                raw = encoding == "deflate" and data[0] & 0x0F != 8
                inflater = zlib.decompressobj(-15 if raw else 31 if encoding == "gzip" else 15)
            yield inflater.decompress(data, CHUNK)
            data = inflater.unconsumed_tail
            if inflater.eof and encoding == "gzip":  # a gzip body may hold several members
                data, inflater = inflater.unused_data, None
    if inflater is not None and not inflater.eof:
        raise _Refusal(f"the {encoding} body is cut short")


class _Clock:
    """The deadline over a whole fetch; every wait asks it how long it may last."""

    def __init__(self, total: float):
        self.total, self.deadline = total, time.monotonic() + total
        # The last wait's limit, and whether the deadline was nearer: a timeout says which it hit.
        self.limit, self.binding = total, False

    def budget(self, limit: float) -> float:
        """Return how long the next wait may last: limit, or less when the deadline is nearer."""
        remaining = self.deadline - time.monotonic()
        self.limit, self.binding = limit, remaining <= limit
        if remaining <= 0:
            raise TimeoutError("deadline passed")
        return min(limit, remaining)


class _GuardedSocket(io.RawIOBase):
    """A socket whose every read and write waits at most the read timeout and the deadline."""

    def __init__(self, sock: socket.socket, clock: _Clock, timeout: float):
        super().__init__()
        self.sock, self.clock, self.timeout = sock, clock, timeout

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self.sock.settimeout(self.clock.budget(self.timeout))
        return self.sock.recv_into(buffer)

    def sendall(self, data: bytes) -> None:
        self.sock.settimeout(self.clock.budget(self.timeout))
        self.sock.sendall(data)

    def makefile(self, *args, **kwargs) -> io.BufferedReader:
        return io.BufferedReader(self)

    def close(self) -> None:
        """Leave the socket open: http.client closes the connection while the response reads."""


class _Connection(http.client.HTTPConnection):
    """An HTTP(S) connection to addresses already checked, sending the URL's own Host header."""

    def __init__(self, host, port, tls, addresses, clock, connect_timeout, read_timeout):
        super().__init__(host, port)
        self.default_port = 443 if tls else 80  # so the Host header leaves the usual port out
        self.tls, self.addresses, self.clock = tls, addresses, clock
        self.connect_timeout, self.read_timeout = connect_timeout, read_timeout
        self.raw: socket.socket | None = None

    def connect(self) -> None:
        """Connect to a checked address, never to the name: DNS may answer otherwise by now."""
        error: OSError = ConnectionError("no address to connect to")
        for address in self.addresses:
            try:
                timeout = self.clock.budget(self.connect_timeout)
                sock = socket.create_connection((address, self.port), timeout=timeout)
                break
            except TimeoutError:
                raise
            except OSError as exc:
                error = exc
        else:
            raise error
        if self.tls:
            try:
                sock.settimeout(self.clock.budget(self.connect_timeout))
                # The certificate must match the URL's host name, not the address connected to.
                sock = ssl.create_default_context().wrap_socket(sock, server_hostname=self.host)
            except BaseException:
                sock.close()
                raise
        self.raw = sock
        self.sock = _GuardedSocket(sock, self.clock, self.read_timeout)

    def shut(self) -> None:
        """Close the connection and its socket for good."""
        self.close()
        if self.raw is not None:
            self.raw.close()


def _parse(url: str) -> tuple[str, int, str, bool]:
    """Split an http(s) URL into host, port, request target and whether it uses TLS."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise _Refusal(f"not a valid URL ({clip(exc, REMOTE_TEXT)})") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise _Refusal("only http and https URLs can be harvested")
    if "@" in parts.netloc:
        raise _Refusal("URLs with credentials (user:password@) are not harvested")
    host = parts.hostname or ""
    if not host:
        raise _Refusal("the URL has no host name")
    try:
        host = host if host.isascii() else host.encode("idna").decode("ascii")
    except UnicodeError:
        raise _Refusal(f"the host name {clip(host, REMOTE_TEXT)} is not valid") from None
    # Percent-encode what http.client would refuse to send, keeping existing escapes as they are.
    target = quote(parts.path or "/", safe="/%:@!$&'()*+,;=~")
    if parts.query:
        target += "?" + quote(parts.query, safe="/%:@!$&'()*+,;=?~")
    return host, port or (443 if scheme == "https" else 80), target, scheme == "https"


def _resolve(host: str, port: int, resolver, allow_private: bool) -> list[str]:
    """Return the host's addresses, refusing when any one of them is off limits."""
    try:
        ipaddress.ip_address(host)
        addresses, literal = [host], True  # a literal address needs no lookup
    except ValueError:
        literal = False
        try:
            found = resolver(host, port, type=socket.SOCK_STREAM)
        except (OSError, ValueError) as exc:
            raise _Refusal(f"the host name {host} cannot be resolved ({clip(exc, REMOTE_TEXT)})") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
    if not addresses:
        raise _Refusal(f"the host name {host} has no address")
    for address in addresses:
        problem = _address_problem(ipaddress.ip_address(address), allow_private)
        if problem:
            where = f"{host} is" if literal else f"{host} resolves to {address},"
            raise _Refusal(f"{where} {problem}")
    return addresses


def _address_problem(ip, allow_private: bool) -> str:
    """Say why an address may not be fetched from, or "" when it may."""
    if ip.version == 6:  # an IPv6 form of an IPv4 address is judged as that IPv4 address
        if ip.ipv4_mapped or ip.sixtofour:
            ip = ip.ipv4_mapped or ip.sixtofour
        elif ip in NAT64:
            ip = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in METADATA:
        return "a cloud metadata address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_unspecified or ip in THIS_NETWORK:
        return "an unspecified address"
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_loopback:  # before is_reserved, which covers ::1
        kind = "a loopback address"
    elif ip.is_reserved:
        return "a reserved address"
    elif ip.is_private or any(ip in network for network in ALSO_PRIVATE):
        kind = "a private address"
    elif not ip.is_global:
        return "a special-purpose address"
    else:
        return ""
    return "" if allow_private else f"{kind}, allowed only for sources marked internal"


# What a raw exception means, most specific first; its own text follows in brackets.
REASONS = (
    (http.client.RemoteDisconnected, "the server closed the connection without answering"),
    (ConnectionRefusedError, "the connection was refused"),
    (ssl.SSLCertVerificationError, "the TLS certificate cannot be trusted"),
    (ssl.SSLError, "the TLS connection failed"),
    (http.client.IncompleteRead, "the server closed the connection before the body was complete"),
    (http.client.HTTPException, "the answer is not valid HTTP"),
    (zlib.error, "the compressed body cannot be decoded"),
    (OSError, "the connection failed"),
)


def _reason(exc: Exception, clock: _Clock) -> str:
    """Put what went wrong into one line a harvest log can show."""
    if isinstance(exc, _Refusal):
        return str(exc)
    if isinstance(exc, TimeoutError):
        if clock.binding:
            return f"took longer than {clock.total:g} s"
        return f"no answer within {clock.limit:g} s"
    detail = getattr(exc, "verify_message", "") or getattr(exc, "strerror", "") or str(exc)
    detail = clip(f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__, REMOTE_TEXT)
    for kind, reason in REASONS:
        if isinstance(exc, kind):
            return f"{reason} ({detail})"
    return detail


def _shown(url: str) -> str:
    """The URL as a message shows it: on one line, without credentials."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return clip(url, REMOTE_TEXT)
    if "@" in parts.netloc:
        url = parts._replace(netloc="***@" + parts.netloc.rpartition("@")[2]).geturl()
    return clip(url, REMOTE_TEXT)
