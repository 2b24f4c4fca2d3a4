"""The `handbook check` command."""

from __future__ import annotations

from pathlib import Path

import click

from handbook.errors import Problem


@click.command("check")
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Count warnings as errors (exit 1).")
@click.option("--format", "output_format", type=click.Choice(["text", "github"]),
              default="text", show_default=True,
              help="'github' prints GitHub Actions annotations.")
def check_command(project_dir: Path, strict: bool, output_format: str) -> None:
    """Check PROJECT_DIR without rendering: exit 0 clean, 1 on errors (or warnings with
    --strict)."""
    from handbook.build.check import check_project

    if not project_dir.is_dir():
        raise click.ClickException(f"{project_dir}: no such project folder")
    notes: list[str] = []
    problems = check_project(project_dir, notes)
    if output_format == "text":
        for line in notes:  # the slide layout chosen for each role
            click.echo(line, err=True)
    for problem in problems:
        if output_format == "github":
            click.echo(github_annotation(problem, project_dir))
        else:
            click.echo(problem.format(Path.cwd()), err=True)
    errors = [p for p in problems if p.severity == "error" or strict]
    if output_format == "text":
        warnings = len(problems) - len([p for p in problems if p.severity == "error"])
        click.echo(f"{len(problems) - warnings} errors, {warnings} warnings", err=True)
    raise SystemExit(1 if errors else 0)


def github_annotation(problem: Problem, root: Path) -> str:
    """The problem as a GitHub Actions workflow command, escaped as GitHub reads them (a
    newline or comma in a file name cannot forge another annotation or break `file=`), its
    path relative to the git repository the project is in (GitHub resolves `file=` against
    the checkout), else to the project folder."""
    parts = []
    if problem.path is not None:
        base = repository_root(root)
        try:
            shown = problem.path.resolve().relative_to(base).as_posix()
        except ValueError:
            shown = str(problem.path)
        parts.append(f"file={_property(shown)}")
        if problem.line:
            parts.append(f"line={problem.line}")
    head = f"::{problem.severity} {','.join(parts)}" if parts else f"::{problem.severity}"
    return f"{head}::{_data(problem.message)}"


def repository_root(project: Path) -> Path:
    """The nearest folder at or above PROJECT with a .git, else PROJECT itself."""
    folder = project.resolve()
    return next((f for f in (folder, *folder.parents) if (f / ".git").exists()), folder)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
