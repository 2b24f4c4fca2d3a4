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
@click.option("--pdf-only", is_flag=True, help="Build the PDF handbook only.")
@click.option("--slides-only", is_flag=True, help="Build the decks only.")
@click.option("--chapter", metavar="STEM",
              help="Build one chapter (its file name without .md): OUT/STEM.pdf and "
                   "OUT/slides/STEM.pptx.")
@click.option("--handout", is_flag=True, help="Also build handout.pdf for participants.")
@click.option("--guide", is_flag=True, help="Also build trainer-guide.pdf.")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Write a JSON report of the build (outputs, slides, problems) to this file.")
@click.option("--no-cache", is_flag=True, help="Render everything afresh.")
@click.option("-q", "--quiet", is_flag=True, help="Print only problems.")
@click.option("-v", "--verbose", is_flag=True, help="Also say what is being done, step by step.")
def build_command(project_dir: Path, output_dir: Path | None, strict: bool, pdf_only: bool,
                  slides_only: bool, chapter: str | None, handout: bool, guide: bool,
                  report_path: Path | None, no_cache: bool, quiet: bool,
                  verbose: bool) -> None:
    """Build handbook.pdf, slides.pptx and slides/<chapter>.pptx from PROJECT_DIR/content."""
    from handbook.build import build
    from handbook.build.progress import Progress

    if not project_dir.is_dir():
        _fail([f"{project_dir}: error: no such project folder"])
    if pdf_only and slides_only:
        _fail(["error: --pdf-only and --slides-only exclude each other"])
    extra = tuple(name for name, wanted in (("handout", handout), ("guide", guide)) if wanted)
    with Progress(enabled=not quiet, verbose=verbose) as progress:
        try:
            result = build(project_dir, output_dir, strict=strict, pdf=not slides_only,
                           decks=not pdf_only, extra=extra, chapter=chapter,
                           cache=not no_cache, progress=progress.step)
        except HandbookError as error:
            progress.stop()
            _fail([p.format(Path.cwd()) for p in error.problems])
    for problem in result.problems.warnings:
        click.echo(problem.format(Path.cwd()), err=True)
    if report_path is not None:
        from handbook.build.report import build_report, write_report

        write_report(build_report(result, project_dir.resolve()), report_path)
    if quiet:
        return
    if verbose:
        for path in result.outputs:
            reused = " (unchanged)" if path in result.reused else ""
            click.echo(f"wrote {_shown(path)}{reused}")
    click.echo(f"{len(result.outputs)} files, {result.pages} pages, {result.slides} slides in "
               f"the course deck, {len(result.problems.warnings)} warnings, "
               f"{result.seconds:.1f} s")


# Further commands live in their own modules and register here (one line each).
from handbook.cli.preview import preview_command  # noqa: E402

cli.add_command(preview_command)
from handbook.cli.scaffold import init_command, new_command  # noqa: E402

cli.add_command(init_command)
cli.add_command(new_command)
from handbook.cli.check import check_command  # noqa: E402

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
