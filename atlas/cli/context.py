"""What every `atlas` command shares: failing in one line."""

from __future__ import annotations

import sys

import click


def fail(message: str) -> None:
    """Print `atlas: message` on stderr and end the command with status 1."""
    click.echo(f"atlas: {message}", err=True)
    sys.exit(1)
