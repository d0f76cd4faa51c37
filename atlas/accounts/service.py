"""Accounts and roles: creating users, checking passwords, ending sessions, and who is asking.

A signed-in session carries its account's `session_version`. Signing out, a new password, a new
role and disabling the account raise that number, so every cookie issued before is void.
"""

from __future__ import annotations

import functools
import secrets

from sqlmodel import select
from werkzeug.security import check_password_hash, generate_password_hash

from atlas.access import ANONYMOUS, Action, Principal, require
from atlas.db import Store
from atlas.errors import Conflict, InvalidInput, NotFound
from atlas.models import Role, User


def add_user(store: Store, email: str, role: str, password: str = "", name: str = "", *,
             principal: Principal) -> User:
    """Create an account; Conflict when the address is taken, InvalidInput on a bad role."""
    require(principal, Action.manage_accounts)
    email = email.strip().lower()
    if "@" not in email:
        raise InvalidInput(f"{email!r} is not an e-mail address", {"email": ["not an address"]})
    if role not in Role.__members__:
        raise InvalidInput(f"role must be one of {', '.join(Role)}", {"role": ["unknown role"]})
    with store.write() as session:
        if session.exec(select(User).where(User.email == email)).first():
            raise Conflict(f"an account for {email} exists already", {"email": ["taken"]})
        user = User(email=email, role=role, name=name,
                    password_hash=generate_password_hash(password) if password else "")
        session.add(user)
    return user


@functools.cache
def _dummy_hash() -> str:
    # Hashed with the same method as real passwords, so an unknown address costs the same time.
    return generate_password_hash(secrets.token_urlsafe(16))


def authenticate(store: Store, email: str, password: str) -> User | None:
    """Return the account when the password is right, else None (in the same time either way)."""
    with store.read() as session:
        user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    stored = user.password_hash if user and user.password_hash else _dummy_hash()
    right = check_password_hash(stored, password)
    if user and user.password_hash and right:
        return user
    return None


def principal_of(store: Store, user_id: int | None, session_version: int | None) -> Principal:
    """Return the principal of a signed-in session (anonymous when absent, unknown or ended)."""
    if not user_id:
        return ANONYMOUS
    with store.read() as session:
        user = session.get(User, user_id)
    if user is None or session_version != user.session_version:
        return ANONYMOUS
    return Principal(user_id=user.id, email=user.email, role=user.role)


def end_sessions(store: Store, user_id: int, *, principal: Principal) -> None:
    """End every session of an account (a replayed cookie is then anonymous).

    Anyone may end their own sessions (signing out); another's needs `manage_accounts`.
    """
    if principal.is_anonymous or principal.user_id != user_id:
        require(principal, Action.manage_accounts)
    with store.write() as session:
        user = session.get(User, user_id, with_for_update=True)
        if user is not None:
            user.session_version += 1


def users(store: Store) -> list[User]:
    """Return every account, by e-mail address."""
    with store.read() as session:
        return list(session.exec(select(User).order_by(User.email)))


def _change(store: Store, email: str, principal: Principal, **fields) -> User:
    require(principal, Action.manage_accounts)
    email = email.strip().lower()
    with store.write() as session:
        user = session.exec(select(User).where(User.email == email).with_for_update()).first()
        if user is None:
            raise NotFound(f"there is no account for {email}")
        for name, value in fields.items():
            setattr(user, name, value)
        user.session_version += 1  # whoever held a session under the old terms signs in again
    return user


def set_role(store: Store, email: str, role: str, *, principal: Principal) -> User:
    """Give an account another role and end its sessions; NotFound, InvalidInput on a bad role."""
    if role not in Role.__members__:
        raise InvalidInput(f"role must be one of {', '.join(Role)}", {"role": ["unknown role"]})
    return _change(store, email, principal, role=role)


def set_password(store: Store, email: str, password: str, *, principal: Principal) -> User:
    """Give an account a new password and end its sessions; InvalidInput when it is empty."""
    if not password:
        raise InvalidInput("give a password", {"password": ["empty"]})
    return _change(store, email, principal, password_hash=generate_password_hash(password))


def disable(store: Store, email: str, *, principal: Principal) -> User:
    """Stop an account from signing in (its password is cleared) and end its sessions."""
    return _change(store, email, principal, password_hash="")
