"""One error path: a JSON error shape for API callers, a page in the same layout for browsers."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from atlas.errors import AtlasError


def wants_json() -> bool:
    """Tell whether the caller should get JSON rather than an HTML page."""
    if request.path.startswith(("/api/", "/healthz")):
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def error_response(code: int, status: str, message: str, errors: dict | None = None):
    """Answer an error in the shape the caller asked for."""
    if wants_json():
        response = jsonify({"code": code, "status": status, "message": message,
                            "errors": errors or {}})
    else:
        try:
            response = render_template("error.html", code=code, status=status,
                                       message=message, errors=errors or {})
        except Exception:  # the error page itself failed: answer plainly, never a traceback
            response = f"{code} {status}: {message}"
    return response, code


def init_app(app: Flask) -> None:
    """Register the handlers for domain errors, HTTP errors and anything unexpected."""

    @app.errorhandler(AtlasError)
    def _domain(error: AtlasError):
        status = {400: "Bad Request", 403: "Forbidden", 404: "Not Found", 409: "Conflict",
                  502: "Bad Gateway"}.get(error.code, "Error")
        return error_response(error.code, status, error.message, error.errors)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        return error_response(error.code or 500, error.name, error.description or error.name)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("unexpected error")
        return error_response(500, "Internal Server Error",
                              "Something went wrong on our side; the data desk has been told.")
