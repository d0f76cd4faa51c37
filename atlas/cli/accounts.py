"""`atlas users`: accounts, their roles and passwords."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from atlas.access import SYSTEM
from atlas.accounts.service import add_user, disable, set_password, set_role, users
from atlas.cli.context import fail
from atlas.errors import AtlasError
from atlas.services import services

ROLES = click.Choice(["viewer", "curator", "admin"])


@click.group("users", cls=AppGroup)
def users_group():
    """Manage accounts."""


@users_group.command("add")
@click.argument("email")
@click.option("--role", type=ROLES, required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              default="", help="Password (asked for when not given).")
def users_add(email: str, role: str, password: str):
    """Create an account with a role."""
    try:
        user = add_user(services().store, email, role, password, principal=SYSTEM)
    except AtlasError as exc:
        fail(exc.message)
    click.echo(f"account {user.email} created with role {user.role}")


@users_group.command("list")
def users_list():
    """List the accounts with their roles."""
    for user in users(services().store):
        state = "" if user.password_hash else "  (cannot sign in: no password)"
        click.echo(f"{user.email}\t{user.role}{state}")


@users_group.command("set-role")
@click.argument("email")
@click.argument("role", type=ROLES)
def users_set_role(email: str, role: str):
    """Give an account another role (its sessions end: it signs in again)."""
    try:
        user = set_role(services().store, email, role, principal=SYSTEM)
    except AtlasError as exc:
        fail(exc.message)
    click.echo(f"account {user.email} now has role {user.role}; its sessions have ended")


@users_group.command("set-password")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="The new password (asked for when not given).")
def users_set_password(email: str, password: str):
    """Give an account a new password (its sessions end: it signs in again)."""
    try:
        user = set_password(services().store, email, password, principal=SYSTEM)
    except AtlasError as exc:
        fail(exc.message)
    click.echo(f"account {user.email} has a new password; its sessions have ended")


@users_group.command("disable")
@click.argument("email")
def users_disable(email: str):
    """Stop an account from signing in and end its sessions (set-password enables it again)."""
    try:
        user = disable(services().store, email, principal=SYSTEM)
    except AtlasError as exc:
        fail(exc.message)
    click.echo(f"account {user.email} is disabled; its sessions have ended")
