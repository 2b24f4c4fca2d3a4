"""The `handbook` command."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from handbook import __version__
from handbook.errors import HandbookError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="handbook")
def cli() -> None:
    """Turn Markdown chapters into a PDF handbook and classroom PowerPoint decks."""


@cli.command("build")
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("-o", "--output", "output_dir", type=click.Path(path_type=Path),
              help="Folder for the outputs (default: PROJECT_DIR/output).")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def build_command(project_dir: Path, output_dir: Path | None, strict: bool) -> None:
    """Build handbook.pdf, slides.pptx and slides/<chapter>.pptx from PROJECT_DIR/content."""
    from handbook.build import build

    if not project_dir.is_dir():
        _fail([f"{project_dir}: error: no such project folder"])
    try:
        result = build(project_dir, output_dir, strict=strict)
    except HandbookError as error:
        _fail([p.format(Path.cwd()) for p in error.problems])
    for problem in result.problems.warnings:
        click.echo(problem.format(Path.cwd()), err=True)
    for path in result.outputs:
        click.echo(f"wrote {_shown(path)}")
    click.echo(f"{len(result.outputs)} files, {result.pages} pages, {result.slides} slides in "
               f"the course deck, {result.seconds:.1f} s")


# Further commands live in their own modules and register here (one line each).
from handbook.cli_preview import preview_command  # noqa: E402

cli.add_command(preview_command)
from handbook.cli_scaffold import init_command, new_command  # noqa: E402

cli.add_command(init_command)
cli.add_command(new_command)
from handbook.cli_check import check_command  # noqa: E402

cli.add_command(check_command)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)
    raise SystemExit(1)


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
