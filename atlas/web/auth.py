"""Signing in and out: a session cookie holding the account id and its session version, forms
guarded by a CSRF token, wrong passwords slowed down per client address and account."""

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

from atlas.accounts import throttle as signin_throttle
from atlas.accounts.service import authenticate, end_sessions
from atlas.services import services
from atlas.web.principal import current_principal, personalised
from atlas.web.redirect_target import local_path

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
    return local_path(target) or url_for("pages.home")


def _page(status: int, error: str | None = None, next_path: str = ""):
    body = render_template("login.html", error=error, next=local_path(next_path) or "")
    return personalised(make_response(body, status))


def _too_many(seconds: int):
    minutes = max(1, -(-seconds // 60))
    response = _page(429, gettext("Te vaak een verkeerd wachtwoord. Probeer het over "
                                  "%(minutes)s minuten opnieuw.", minutes=minutes),
                     request.form.get("next", ""))
    response.headers["Retry-After"] = str(seconds)
    return response


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form, or sign in with e-mail and password."""
    if request.method == "GET":
        return _page(200, next_path=request.args.get("next", ""))
    check_csrf()
    store = services().store
    email, password = request.form.get("email", ""), request.form.get("password", "")
    # The client address as the server saw it: X-Forwarded-For only behind trusted proxies.
    address = request.remote_addr or ""
    wait = signin_throttle.wait_seconds(store, email, address)
    if wait:
        return _too_many(wait)
    user = authenticate(store, email, password)
    if user is None:
        wait = signin_throttle.record_failure(store, email, address)
        if wait:
            return _too_many(wait)
        return _page(401, gettext("Dit e-mailadres en wachtwoord horen niet bij elkaar."),
                     request.form.get("next", ""))
    signin_throttle.record_success(store, email, address)
    lang = session.get("lang")
    session.clear()  # a fresh session on sign-in: no fixation
    session["user_id"] = user.id
    session["session_version"] = user.session_version
    if lang:
        session["lang"] = lang
    return redirect(_safe_next(request.form.get("next")))


@bp.post("/logout")
def logout():
    """Sign out, ending the session on the server too: a kept copy of the cookie is void."""
    check_csrf()
    principal = current_principal()
    if not principal.is_anonymous:
        end_sessions(services().store, principal.user_id, principal=principal)
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    return redirect(url_for("pages.home"))
