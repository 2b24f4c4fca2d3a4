"""`handbook init` and `handbook new`: start a project, add a chapter (see scaffold.py)."""

from __future__ import annotations

from pathlib import Path

import click

from handbook.errors import HandbookError


@click.command("init")
@click.argument("project_dir", default=".", type=click.Path(path_type=Path))
def init_command(project_dir: Path) -> None:
    """Start a new project, with a sample chapter, that builds as it is.

    PROJECT_DIR (default: the current folder) must be new or empty: nothing is overwritten.
    """
    from handbook.cli.project_files import init_project

    written = _run(init_project, project_dir)
    for path in written:
        click.echo(f"created {_shown(path)}")
    go = "" if project_dir.resolve() == Path.cwd().resolve() else f"cd {_shown(project_dir)} && "
    click.echo(f"Next: {go}handbook build   (then open output/handbook.pdf)")


@click.command("new")
@click.argument("title")
@click.option("-p", "--project", "project_dir", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="The project folder.")
@click.option("--part", help="The part (module) the chapter belongs to.")
def new_command(title: str, project_dir: Path, part: str | None) -> None:
    """Add the next numbered chapter, titled TITLE, to PROJECT/content/."""
    from handbook.cli.project_files import new_chapter

    click.echo(_shown(_run(new_chapter, project_dir, title, part)))


def _run(action, *args):
    try:
        return action(*args)
    except HandbookError as error:
        for problem in error.problems:
            click.echo(problem.format(Path.cwd()), err=True)
        raise SystemExit(1) from None


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
