"""One error path: a JSON error shape for API callers, a page in the same layout for browsers."""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from atlas.errors import AtlasError, Forbidden


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


def forbidden_as_not_found(bp: Blueprint) -> None:
    """Answer a refusal on this blueprint's pages with the 404 of a page that does not exist.

    The one place where Forbidden becomes 404: CONTRACT.md promises that curation and admin
    pages answer "404 for anyone else". The services still raise Forbidden (the caller sees the
    record but may not act) and the API answers it as 403.
    """

    @bp.errorhandler(Forbidden)
    def _refused(error: Forbidden):
        return error_response(404, "Not Found", "no such page")


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
