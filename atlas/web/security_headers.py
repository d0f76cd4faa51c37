"""The security headers every response carries: a strict content policy, no framing, no sniffing."""

from __future__ import annotations

from flask import Flask, Response

# Pages load their script and style from /static only: no inline script, handler or style
# attribute anywhere (tests/test_security_headers.py checks the templates and a browser).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # Outward links tell a partner's site where a visitor came from, never what they searched.
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def add_headers(response: Response) -> Response:
    """Add the security headers to a response (a view that sets one of its own keeps it)."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    """Send the security headers on every response, errors and static files included."""
    app.after_request(add_headers)
