"""The one access rule: who may see which record, asked by every channel.

Anonymous callers see published, public records; viewers also published internal ones;
curators and admins see everything. Whatever a caller may not see answers as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, true

from atlas.models import Access, Record, Role, Status

ROLE_RANK = {None: 0, Role.viewer: 1, Role.curator: 2, Role.admin: 3}


@dataclass(frozen=True)
class Principal:
    """Who is asking: an anonymous visitor or a signed-in account with a role."""

    user_id: int | None = None
    email: str = ""
    role: str | None = None

    @property
    def is_anonymous(self) -> bool:
        """Tell whether nobody is signed in."""
        return self.user_id is None

    def has_role(self, role: str) -> bool:
        """Tell whether this principal's role includes the given role."""
        return ROLE_RANK.get(self.role, 0) >= ROLE_RANK[role]


ANONYMOUS = Principal()


def visible_access_levels(principal: Principal) -> tuple[str, ...] | None:
    """Return the access levels a principal may see among published records (None: all)."""
    if principal.has_role(Role.curator):
        return None
    if principal.has_role(Role.viewer):
        return (Access.public, Access.internal)
    return (Access.public,)


def can_see(principal: Principal, status: str, access: str) -> bool:
    """Tell whether a principal may see a record with this status and access level."""
    levels = visible_access_levels(principal)
    if levels is None:
        return True
    return status == Status.published and access in levels


def can_see_record(principal: Principal, record: Record) -> bool:
    """Tell whether a principal may see a record."""
    return can_see(principal, record.status, record.access)


def record_filter(principal: Principal):
    """Return an SQL condition on Record selecting what the principal may see."""
    levels = visible_access_levels(principal)
    if levels is None:
        return true()
    return and_(Record.status == Status.published, Record.access.in_(levels))


def search_filter(principal: Principal):
    """Return a whoosh query selecting what the principal may see, or None for everything."""
    from whoosh import query

    levels = visible_access_levels(principal)
    if levels is None:
        return None
    return query.And([query.Term("status", Status.published),
                      query.Or([query.Term("access", level) for level in levels])])
