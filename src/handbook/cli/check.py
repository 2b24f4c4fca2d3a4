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
    """The problem as a GitHub Actions workflow command."""
    parts = []
    if problem.path is not None:
        try:
            shown = problem.path.resolve().relative_to(root.resolve())
        except ValueError:
            shown = problem.path
        parts.append(f"file={shown}")
        if problem.line:
            parts.append(f"line={problem.line}")
    message = problem.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    head = f"::{problem.severity} {','.join(parts)}" if parts else f"::{problem.severity}"
    return f"{head}::{message}"
