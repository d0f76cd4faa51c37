"""Domain errors raised by the service layer and turned into answers by the web and the CLI."""


class AtlasError(Exception):
    """Base of Atlas's domain errors; `code` is the HTTP status it stands for."""

    code = 400

    def __init__(self, message: str, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class NotFound(AtlasError):
    """The record does not exist, or the caller may not see it (the two are never told apart)."""

    code = 404


class InvalidInput(AtlasError):
    """The input cannot be used; `errors` maps fields to what to fix."""

    code = 400


class Conflict(AtlasError):
    """The record changed since the caller read it, or the change clashes with another."""

    code = 409


class Forbidden(AtlasError):
    """The caller is known but lacks the role for this action."""

    code = 403


class SourceUnreadable(AtlasError):
    """A harvest source could not be read or was refused; nothing was changed."""

    code = 502
