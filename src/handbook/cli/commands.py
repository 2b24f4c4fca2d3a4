"""The `handbook` command: the click group and its subcommands (handbook.cli.main runs it)."""

from __future__ import annotations

import sys

import click

from handbook import __version__
from handbook.cli.build import build_command
from handbook.cli.check import check_command
from handbook.cli.preview import preview_command
from handbook.cli.scaffold import init_command, new_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="handbook")
def cli() -> None:
    """Turn Markdown chapters into a PDF handbook and classroom PowerPoint decks."""


for command in (build_command, check_command, preview_command, init_command, new_command):
    cli.add_command(command)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code instead of exiting (for tests and `python -m`)."""
    try:
        cli.main(args=argv, prog_name="handbook", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        return 1
    except click.ClickException as error:
        error.show()
        return error.exit_code
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
