"""The one access rule: who may see which record and who may do what, asked by every service.

Anonymous callers see published, public records; viewers also published internal ones;
curators and admins see everything. Whatever a caller may not see answers as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from sqlalchemy import and_, true

from atlas.errors import Forbidden, NotFound
from atlas.models import Access, Record, Role, Status

ROLE_RANK = {None: 0, Role.viewer: 1, Role.curator: 2, Role.admin: 3}


@dataclass(frozen=True)
class Principal:
    """Who is asking: an anonymous visitor or a signed-in account with a role."""

    user_id: int | None = None
    email: str = ""
    role: str | None = None
    is_system: bool = False

    @property
    def is_anonymous(self) -> bool:
        """Tell whether nobody is signed in."""
        return self.user_id is None

    def has_role(self, role: str) -> bool:
        """Tell whether this principal's role includes the given role."""
        return ROLE_RANK.get(self.role, 0) >= ROLE_RANK[role]

    def named(self, actor: str) -> Principal:
        """Return this principal under another name, the actor its changes are recorded as."""
        return replace(self, email=actor)


ANONYMOUS = Principal()
# The one all-seeing principal: the command line, the harvester, the demo loader, the projector.
SYSTEM = Principal(user_id=0, email="atlas", role=Role.admin, is_system=True)


class Action(StrEnum):
    """What a principal may be allowed to do (on a record, when one is named)."""

    see = "see"  # the visibility rule
    curate = "curate"  # see curation details: history, findings, SHACL, hidden labels, forms
    create = "create"  # make a record (in a scheme)
    edit = "edit"  # edit, link, unlink, editorial status, CSV import, observations
    change_state = "change_state"  # workflow and access level
    check = "check"  # run an integrity check now
    harvest = "harvest"  # run a source
    manage_sources = "manage_sources"
    manage_accounts = "manage_accounts"
    maintain = "maintain"  # reindex, transfer import, refresh rows, withdraw vanished records


SYSTEM_ONLY = "system"
# The least role each action needs; None: anyone, SYSTEM_ONLY: no account, only SYSTEM.
NEEDS = {Action.see: None, Action.curate: Role.curator, Action.create: Role.curator,
         Action.edit: Role.curator, Action.change_state: Role.curator,
         Action.check: Role.curator, Action.harvest: Role.admin,
         Action.manage_sources: Role.admin, Action.manage_accounts: Role.admin,
         Action.maintain: SYSTEM_ONLY}


def may(principal: Principal, action: Action, record: Record | None = None) -> bool:
    """Tell whether principal may do action (on record, when given)."""
    if record is not None and not can_see_record(principal, record):
        return False
    if principal.is_system:
        return True
    need = NEEDS[action]
    return need != SYSTEM_ONLY and (need is None or principal.has_role(need))


def require(principal: Principal, action: Action, record: Record | None = None) -> None:
    """Refuse principal action (on record, when given) unless it may do it.

    Raises NotFound when the record is hidden from principal (never a hint that it exists),
    Forbidden when principal sees it, or names no record, but may not act.
    """
    if record is not None and not can_see_record(principal, record):
        raise NotFound("no such record")
    if not may(principal, action, record):
        raise Forbidden(f"not allowed: {action}")


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
