"""The `handbook` command and its subcommands: build, check, preview, init and new."""

from handbook.cli.main import cli, main

__all__ = ["cli", "main"]
