"""Slowing down password guessing: wrong sign-ins counted per client address and per account.

The rule (also in docs/operations.md). Wrong passwords are counted in windows of 15 minutes,
in the store, so every gunicorn worker sees the same counts:

- 5 for one account from one client address: that address may not try that account again for
  15 minutes;
- 20 from one client address, whatever the accounts: that address may not sign in for 15 minutes;
- 50 for one account from all addresses together: for 15 minutes the account may only be
  signed in to from an address where it signed in before (with the right password), so a
  guesser spread over many addresses cannot lock its owner out.

A right password from an address that is not blocked signs in and clears the count for that
account and address. The address counts stand, or an attacker with an account of their own
could clear them. Unknown e-mail addresses are counted exactly like known ones.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, or_
from sqlalchemy.exc import IntegrityError

from atlas.db import Store
from atlas.models import SignInThrottle

WINDOW = timedelta(minutes=15)
PAIR_LIMIT = 5
ADDRESS_LIMIT = 20
ACCOUNT_LIMIT = 50


def _digest(*parts: str) -> str:
    # Keys are digests: the table holds no typed e-mail addresses, and no key is too long.
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _keys(email: str, address: str) -> dict[str, str]:
    email = email.strip().lower()[:320]
    return {"pair": f"pair:{_digest(email, address)}", "address": f"address:{_digest(address)}",
            "account": f"account:{_digest(email)}", "known": f"known:{_digest(email, address)}"}


LIMITS = {"pair": PAIR_LIMIT, "address": ADDRESS_LIMIT, "account": ACCOUNT_LIMIT}


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def wait_seconds(store: Store, email: str, address: str, now: datetime | None = None) -> int:
    """Return how many seconds this address must wait before trying this account (0: go)."""
    now = now or datetime.now(UTC)
    keys = _keys(email, address)
    with store.read() as session:
        rows = {name: session.get(SignInThrottle, key) for name, key in keys.items()}
    waits = []
    for name in ("pair", "address", "account"):
        row = rows[name]
        if name == "account" and rows["known"] is not None:
            continue  # the owner's own address is not held to the account-wide limit
        until = _aware(row.blocked_until) if row else None
        if until and until > now:
            waits.append(until - now)
    return max((int(w.total_seconds()) + 1 for w in waits), default=0)


def record_failure(store: Store, email: str, address: str, now: datetime | None = None) -> int:
    """Count a wrong password; return the seconds to wait before the next try (0: none)."""
    now = now or datetime.now(UTC)
    keys = _keys(email, address)
    for attempt in range(2):  # a second worker may insert the same key first: then update it
        try:
            # Its own transaction: the count must stay when the sign-in answers 401.
            with store.write(own=True) as session:
                for name, limit in LIMITS.items():
                    row = session.get(SignInThrottle, keys[name], with_for_update=True)
                    if row is None:
                        row = SignInThrottle(key=keys[name], failures=0, window_started=now)
                        session.add(row)
                    elif now - _aware(row.window_started) >= WINDOW:
                        row.failures, row.window_started, row.blocked_until = 0, now, None
                    row.failures += 1
                    if row.failures >= limit:
                        row.blocked_until = now + WINDOW
            break
        except IntegrityError:
            if attempt:
                raise
    return wait_seconds(store, email, address, now)


def record_success(store: Store, email: str, address: str, now: datetime | None = None) -> None:
    """Clear the count for this account and address, and remember the address as the owner's."""
    now = now or datetime.now(UTC)
    keys = _keys(email, address)
    for attempt in range(2):
        try:
            with store.write(own=True) as session:
                pair = session.get(SignInThrottle, keys["pair"], with_for_update=True)
                if pair is not None:
                    session.delete(pair)
                known = session.get(SignInThrottle, keys["known"], with_for_update=True)
                if known is None:
                    session.add(SignInThrottle(key=keys["known"], failures=0,
                                               window_started=now))
                else:
                    known.window_started = now  # when the owner last signed in from here
                # Counts whose window and block are over say nothing any more: drop them.
                session.exec(delete(SignInThrottle).where(
                    ~SignInThrottle.key.startswith("known:"),
                    SignInThrottle.window_started < now - WINDOW,
                    or_(SignInThrottle.blocked_until.is_(None),
                        SignInThrottle.blocked_until < now)))
            return
        except IntegrityError:
            if attempt:
                raise
