"""The `handbook check` command."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("check")
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Count warnings as errors (exit 1).")
@click.option("--format", "output_format", type=click.Choice(["text", "github"]),
              default="text", show_default=True,
              help="'github' prints GitHub Actions annotations.")
def check_command(project_dir: Path, strict: bool, output_format: str) -> None:
    """Check PROJECT_DIR without rendering: exit 0 clean, 1 on errors (or warnings with
    --strict)."""
    from handbook.build.check import check_project, github_annotation

    if not project_dir.is_dir():
        raise click.ClickException(f"{project_dir}: no such project folder")
    problems = check_project(project_dir)
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
