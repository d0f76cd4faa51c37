"""Which host names and proxies Atlas believes, and the base of the absolute links it writes."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, current_app
from flask_babel import gettext
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from atlas.web.errors import error_response

# Always answered, so `make run`, health checks on the box and the tests work without settings.
LOCAL_HOSTS = ("localhost", "127.0.0.1")


def trusted_hosts(config) -> list[str]:
    """Return the host names to answer to: ATLAS_TRUSTED_HOSTS, else ATLAS_BASE_URI's and local."""
    configured = config.get("TRUSTED_HOSTS") or ""
    if isinstance(configured, str):
        configured = [name.strip() for name in configured.split(",")]
    names = [name for name in configured if name]
    if names:
        return names
    base_host = urlsplit(config["BASE_URI"]).hostname
    return list(dict.fromkeys([*([base_host] if base_host else []), *LOCAL_HOSTS]))


def site_root() -> str:
    """Return the base of absolute links (ATLAS_BASE_URI), never the Host a caller sent."""
    return current_app.config["BASE_URI"]


def init_app(app: Flask) -> None:
    """Answer 400 to an untrusted Host, and believe X-Forwarded-* only from trusted proxies."""
    # Flask checks the Host against TRUSTED_HOSTS while routing: a SecurityError, a 400.
    app.config["TRUSTED_HOSTS"] = trusted_hosts(app.config)
    proxies = int(app.config.get("TRUSTED_PROXIES") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies,
                                x_host=proxies, x_port=proxies)

    @app.errorhandler(SecurityError)
    def _untrusted_host(error: SecurityError):
        # Our own words: werkzeug's message would echo the caller's Host back.
        return error_response(400, "Bad Request",
                              gettext("Deze server antwoordt niet op deze hostnaam."))
