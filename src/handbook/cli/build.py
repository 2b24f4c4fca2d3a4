"""The `handbook build` command: the outputs, the problems, and a one-line summary."""

from __future__ import annotations

import contextlib
import signal
import threading
from pathlib import Path

import click

from handbook.errors import HandbookError


@click.command("build")
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
    """Build handbook.pdf, slides.pptx and slides/<chapter>.pptx from PROJECT_DIR (content/,
    or a Quarto book or MkDocs site as it is)."""
    from handbook.build import build
    from handbook.build.progress import Progress

    if not project_dir.is_dir():
        _fail([f"{project_dir}: error: no such project folder"])
    if pdf_only and slides_only:
        _fail(["error: --pdf-only and --slides-only exclude each other"])
    extra = tuple(name for name, wanted in (("handout", handout), ("guide", guide)) if wanted)
    with _sigterm_unwinds(), Progress(enabled=not quiet, verbose=verbose) as progress:
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

        try:
            write_report(build_report(result, project_dir.resolve()), report_path)
        except HandbookError as error:  # the outputs are written; the report could not be
            _fail([p.format(Path.cwd()) for p in error.problems])
    if quiet:
        return
    if verbose:
        for path in result.outputs:
            reused = " (unchanged)" if path in result.reused else ""
            click.echo(f"wrote {_shown(path)}{reused}")
    from handbook.cli.fast import summary

    click.echo(summary(len(result.outputs), result.pages, result.slides,
                       len(result.problems.warnings), result.seconds))


@contextlib.contextmanager
def _sigterm_unwinds():
    """SIGTERM (a CI job cancelled, `kill`) unwinds the build like Ctrl+C: the second process
    is ended, temporary files are removed, the old outputs stay (exit code 143)."""
    def stop(signum, frame) -> None:
        click.echo("terminated; the outputs were left as they were", err=True)
        raise SystemExit(128 + signum)

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)
    raise SystemExit(1)
