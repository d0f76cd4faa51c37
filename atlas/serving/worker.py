"""A gunicorn worker that reads each request whole before a thread serves it.

gunicorn's `gthread` worker hands a connection to a thread as soon as its first bytes arrive;
the thread then blocks reading headers and body. A client that announces a body and trickles it
(or never sends it) holds that thread, and a few such clients starve every page, `/healthz`
included. This worker keeps reading in the worker's event loop instead, without blocking, until
the request is complete (headers, then `Content-Length` bytes or the last chunk), spooling a big
body to a temporary file; only then does a thread parse and serve it from that buffer. A client
that takes longer than `ATLAS_REQUEST_TIMEOUT` seconds to send its request is disconnected.
"""

from __future__ import annotations

import errno
import selectors
import socket
import tempfile
import time
from functools import partial

from gunicorn.workers.gthread import TConn, ThreadWorker

from atlas import settings

# Bodies up to this size stay in memory; bigger ones go to a temporary file while they arrive.
IN_MEMORY = 1024 * 1024
# gunicorn itself refuses a header block near this size (request line and 100 fields).
MAX_HEADER_BYTES = 1024 * 1024
READ_SIZE = 64 * 1024


class RequestBuffer:
    """Collects one request's bytes and tells when the whole request has arrived."""

    def __init__(self, max_body: int):
        self.max_body = max_body
        self.head = bytearray()
        self.body = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)
        self.header_end: int | None = None
        self.length: int | None = None
        self.chunked = False
        self.received = 0
        self.oversized = False
        self.expects_continue = False
        self.extra = b""
        self._chunks = _ChunkWalker()

    def feed(self, data: bytes) -> bool:
        """Add bytes from the client; True once the request is complete (or must go on as is).

        Bytes past the end of the request (the next one, pipelined) are kept in `extra`."""
        if self.header_end is None:
            # Search only the new bytes (and three before): a trickled header costs no rescans.
            start = max(0, len(self.head) - 3)
            self.head += data
            end = self.head.find(b"\r\n\r\n", start)
            if end < 0:
                return len(self.head) > MAX_HEADER_BYTES  # let gunicorn refuse it
            self.header_end = end + 4
            data = bytes(self.head[self.header_end:])
            del self.head[self.header_end:]
            if not self._read_headers():
                self.body.write(data)  # gunicorn reads (or refuses) it as it comes
                return True
        return self._take_body(data)

    def _read_headers(self) -> bool:
        """Find the body's framing; False when gunicorn should see the request at once."""
        lengths, encodings = [], []
        for line in bytes(self.head).split(b"\r\n")[1:]:
            name, colon, value = line.partition(b":")
            if not colon:
                continue
            name, value = name.strip().lower(), value.strip().lower()
            if name == b"content-length":
                lengths.append(value)
            elif name == b"transfer-encoding":
                encodings.append(value)
            elif name == b"expect" and value == b"100-continue":
                self.expects_continue = True
        if encodings:
            self.chunked = b"chunked" in b",".join(encodings)
            return self.chunked and not lengths  # ambiguous framing: gunicorn answers 400
        if len(lengths) > 1 or (lengths and not lengths[0].isdigit()):
            return False
        self.length = int(lengths[0]) if lengths else 0
        if self.length > self.max_body:
            # Too big to take: the application answers 413 without reading it.
            self.oversized = True
            return False
        return True

    def _take_body(self, data: bytes) -> bool:
        if self.chunked:
            end = self._chunks.walk(data)
            if self._chunks.payload > self.max_body:
                self.oversized = True
                end = len(data)  # gunicorn reads no further than the application's refusal
        else:
            end = min(len(data), self.length - self.received) if len(data) else 0
            end = end if self.received + end >= self.length else None
        taken = data if end is None else data[:end]
        self.body.write(taken)
        self.received += len(taken)
        if end is None:
            return False
        self.extra = data[end:]
        return True

    def replay(self) -> bytes:
        """Return the header block; the body follows from `body` (rewound)."""
        self.body.seek(0)
        return bytes(self.head)


class _ChunkWalker:
    """Follows chunked transfer coding across reads to find the last chunk and trailers."""

    def __init__(self):
        self.line = bytearray()
        self.skip = 0
        self.payload = 0
        self.in_trailers = False

    def walk(self, data: bytes) -> int | None:
        """Follow data; return where the request ends in it, or None when it goes on."""
        view, at = memoryview(data), 0
        while at < len(view):
            if self.skip:
                step = min(self.skip, len(view) - at)
                self.skip -= step
                at += step
                continue
            newline = data.find(b"\n", at)
            if newline < 0:
                self.line += view[at:]
                return None
            self.line += view[at:newline]
            at = newline + 1
            line = bytes(self.line).strip()
            self.line.clear()
            if self.in_trailers:
                if not line:
                    return at
                continue
            try:
                size = int(line.split(b";")[0], 16)
            except ValueError:
                return len(data)  # malformed: gunicorn answers 400
            if size == 0:
                self.in_trailers = True
                continue
            self.payload += size
            self.skip = size + 2  # the chunk and its CRLF
        return None


class ReplaySocket:
    """A client socket whose first reads come from the request already buffered."""

    def __init__(self, sock: socket.socket, head: bytes, body, timeout: float):
        self._sock = sock
        self._head = head
        self._body = body
        self._timeout = timeout

    def setblocking(self, flag: bool) -> None:
        # Whatever a thread still reads or writes past the buffer (bytes pipelined behind the
        # request) is bounded too: "blocking" means blocking for at most the request timeout.
        self._sock.settimeout(self._timeout if flag else 0.0)

    def recv(self, size: int, *flags) -> bytes:
        if self._head:
            data, self._head = self._head[:size], self._head[size:]
            return data
        if self._body is not None:
            data = self._body.read(size)
            if data:
                return data
            self._body.close()
            self._body = None
        return self._sock.recv(size, *flags)

    def close(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None
        self._sock.close()

    def __getattr__(self, name):
        return getattr(self._sock, name)


class BufferedThreadWorker(ThreadWorker):
    """gthread, except that threads only ever see requests that have fully arrived."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        config = settings.load()
        self.max_body = config["MAX_CONTENT_LENGTH"]
        self.request_timeout = config["REQUEST_TIMEOUT"]
        self.buffering: dict[TConn, tuple[float, RequestBuffer]] = {}

    def accept(self, listener):
        """Accept a connection and start reading its request in the event loop."""
        try:
            client_sock, client_addr = listener.accept()
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        conn = TConn(self.cfg, client_sock, client_addr, listener.getsockname())
        if self.cfg.is_ssl:  # TLS ends at the proxy; a TLS socket cannot be read ahead here
            client_sock.setblocking(True)
            self.enqueue_req(conn)
            return
        self._start_buffering(conn)

    def on_client_socket_readable(self, conn, client):
        """A kept-alive connection has a new request coming: read it whole first."""
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        if conn.parser is not None and conn.parser.unreader.buf.getvalue():
            self.enqueue_req(conn)  # pipelined bytes already read: gunicorn goes on with them
            return
        self._start_buffering(conn)

    def _start_buffering(self, conn) -> None:
        raw = conn.sock._sock if isinstance(conn.sock, ReplaySocket) else conn.sock
        conn.sock = raw
        raw.setblocking(False)
        self.buffering[conn] = (time.monotonic() + self.request_timeout,
                                RequestBuffer(self.max_body))
        self.poller.register(raw, selectors.EVENT_READ, partial(self._on_bytes, conn))

    def _on_bytes(self, conn, client) -> None:
        try:
            data = conn.sock.recv(READ_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the client went away before finishing its request
            self._drop(conn)
            return
        self._feed(conn, data)

    def _feed(self, conn, data: bytes) -> None:
        _deadline, buffer = self.buffering[conn]
        expected_continue = buffer.expects_continue
        complete = buffer.feed(data)
        if buffer.expects_continue and not expected_continue and not complete:
            try:  # the client waits for this before it sends the body
                conn.sock.send(b"HTTP/1.1 100 Continue\r\n\r\n")
            except OSError:
                self._drop(conn)
                return
        if complete:
            self.poller.unregister(conn.sock)
            del self.buffering[conn]
            conn.oversized = buffer.oversized
            conn.leftover = buffer.extra
            conn.sock = ReplaySocket(conn.sock, buffer.replay(), buffer.body,
                                     self.request_timeout)
            conn.sock.setblocking(True)
            if conn.parser is not None:
                conn.parser.unreader.sock = conn.sock
            conn.data_ready = True
            self.enqueue_req(conn)

    def finish_request(self, conn, fs):
        """After a response: a request pipelined behind it is read on like any other."""
        super().finish_request(conn, fs)
        leftover = getattr(conn, "leftover", b"")
        if leftover and conn in self.keepalived_conns:
            conn.leftover = b""
            self.poller.unregister(conn.sock)
            self.keepalived_conns.remove(conn)
            self._start_buffering(conn)
            self._feed(conn, leftover)

    def _drop(self, conn) -> None:
        _deadline, buffer = self.buffering.pop(conn)
        buffer.body.close()
        try:
            self.poller.unregister(conn.sock)
        except (KeyError, ValueError, OSError):
            pass
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self):
        """Close connections whose request has not arrived in time (and gunicorn's own)."""
        super().murder_pending()
        now = time.monotonic()
        for conn in [c for c, (deadline, _) in self.buffering.items() if deadline < now]:
            self._drop(conn)

    def handle_request(self, req, conn):
        """Serve one request; one whose body was too big to take ends its connection."""
        if getattr(conn, "oversized", False):
            req.must_close = True  # the answer says `Connection: close`, as it then does
        return super().handle_request(req, conn)

    def _keepalive_after(self, conn, keepalive):
        # An oversized body was never read: close rather than drain it in this thread.
        if getattr(conn, "oversized", False):
            return False
        return super()._keepalive_after(conn, keepalive)
