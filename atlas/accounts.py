"""Accounts and roles: creating users, checking passwords, and who is asking."""

from __future__ import annotations

from sqlmodel import select
from werkzeug.security import check_password_hash, generate_password_hash

from atlas.access import ANONYMOUS, Principal
from atlas.db import Store
from atlas.errors import Conflict, InvalidInput
from atlas.models import Role, User


def add_user(store: Store, email: str, role: str, password: str = "", name: str = "") -> User:
    """Create an account; Conflict when the address is taken, InvalidInput on a bad role."""
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


def authenticate(store: Store, email: str, password: str) -> User | None:
    """Return the account when the password is right, else None."""
    with store.read() as session:
        user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user and user.password_hash and check_password_hash(user.password_hash, password):
        return user
    return None


def principal_of(store: Store, user_id: int | None) -> Principal:
    """Return the principal for a signed-in user id (anonymous when absent or unknown)."""
    if not user_id:
        return ANONYMOUS
    with store.read() as session:
        user = session.get(User, user_id)
    if user is None:
        return ANONYMOUS
    return Principal(user_id=user.id, email=user.email, role=user.role)
