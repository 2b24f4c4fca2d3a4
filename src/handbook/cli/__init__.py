"""The `handbook` command and its subcommands: build, check, preview, init and new."""

from __future__ import annotations

import sys

__all__ = ["cli", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code. A build with nothing to do, and `--version`, are
    answered before the command line's library is even imported (fast.py)."""
    from handbook.cli.fast import unchanged_build, version

    args = sys.argv[1:] if argv is None else list(argv)
    code = version(args)
    if code is None:
        code = unchanged_build(args)
    if code is not None:
        return code
    from handbook.cli.commands import main as run

    return run(argv)


def __getattr__(name: str):
    if name == "cli":  # the click group, imported when asked for
        from handbook.cli.commands import cli

        return cli
    raise AttributeError(name)
