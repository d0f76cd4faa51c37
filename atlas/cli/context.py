"""What every `atlas` command shares: the principal it acts as, and failing in one line."""

from __future__ import annotations

import sys

import click

from atlas.access import Principal
from atlas.models import Role


def admin(actor: str = "cli") -> Principal:
    """Return the principal a command acts as, recorded in history as actor."""
    # The command line is run by whoever runs the instance: it sees and may change everything.
    return Principal(user_id=0, email=actor, role=Role.admin)


def fail(message: str) -> None:
    """Print `atlas: message` on stderr and end the command with status 1."""
    click.echo(f"atlas: {message}", err=True)
    sys.exit(1)
