"""The session cookie: signed, HttpOnly, SameSite=Lax, and Secure whenever served over https."""

from __future__ import annotations

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface


class SessionCookie(SecureCookieSessionInterface):
    """Flask's signed cookie session, marked Secure per request rather than once per app."""

    def get_cookie_secure(self, app: Flask) -> bool:
        """Mark the cookie Secure when this request came over https (or the app says always)."""
        # request.is_secure follows X-Forwarded-Proto only behind ATLAS_TRUSTED_PROXIES.
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def init_app(app: Flask) -> None:
    """Use the Atlas session cookie."""
    # Lax: the cookie rides along when a link is followed, not on another site's form post.
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.session_interface = SessionCookie()
