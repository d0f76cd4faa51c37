"""Signing in and out: a session cookie holding the account id, forms guarded by a CSRF token."""

from __future__ import annotations

import secrets

from flask import (
    Blueprint,
    abort,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext

from atlas.accounts import authenticate
from atlas.services import services
from atlas.web.principal import personalised

bp = Blueprint("auth", __name__)


def csrf_token() -> str:
    """Return this session's CSRF token, making one when needed."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Refuse a form post whose CSRF token does not match the session's."""
    sent = request.form.get("csrf_token", "")
    # As bytes: compare_digest raises TypeError for text that is not ASCII (a forged token).
    expected = str(session.get("csrf", "")).encode()
    if not sent or not secrets.compare_digest(sent.encode("utf-8", "replace"), expected):
        abort(400, description=gettext("Het formulier is verlopen; laad de pagina opnieuw."))


def _safe_next(target: str | None) -> str:
    # Only local paths: an open redirect would let a phishing link borrow our sign-in page.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("pages.home")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form, or sign in with e-mail and password."""
    error = None
    if request.method == "POST":
        check_csrf()
        user = authenticate(services().store, request.form.get("email", ""),
                            request.form.get("password", ""))
        if user is not None:
            lang = session.get("lang")
            session.clear()  # a fresh session on sign-in: no fixation
            session["user_id"] = user.id
            if lang:
                session["lang"] = lang
            return redirect(_safe_next(request.form.get("next")))
        error = gettext("Dit e-mailadres en wachtwoord horen niet bij elkaar.")
    response = render_template("login.html", error=error, next=request.args.get("next", ""),
                               csrf_token=csrf_token())
    status = 401 if error else 200
    return personalised(make_response(response, status))


@bp.post("/logout")
def logout():
    """Sign out."""
    check_csrf()
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("pages.home"))
