"""The `handbook preview` command: the book as a web page that follows the sources."""

from __future__ import annotations

from pathlib import Path

import click

from handbook.errors import HandbookError


@click.command("preview")
@click.argument("project_dir", default=".", type=click.Path(file_okay=False, path_type=Path))
@click.option("-p", "--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep the default unless you know why.")
def preview_command(project_dir: Path, port: int, host: str) -> None:
    """Serve PROJECT_DIR's handbook as a web page and rebuild it when a source changes.

    The page reloads itself after every change to its sources (content/, styles/ and
    handbook.toml, or a Quarto or MkDocs project's files); when a change does not build,
    the last good version stays and the errors show on top of it.
    """
    from handbook.preview.watch import run  # imported here: `handbook --version` stays fast
    from handbook.source.projects import kind_of

    if not (project_dir / "content").is_dir() and kind_of(project_dir)[1] is None:
        _fail(f"{project_dir}: error: not a handbook project (no content/ folder, "
              "_quarto.yml or mkdocs.yml)")
    try:
        run(project_dir, host, port, log=lambda line: click.echo(line, err=True))
    except KeyboardInterrupt:  # Ctrl+C is how a preview ends: not an error
        return
    except HandbookError as error:
        for problem in error.problems:
            click.echo(problem.format(Path.cwd()), err=True)
        raise SystemExit(1) from None


def _fail(line: str) -> None:
    click.echo(line, err=True)
    raise SystemExit(1)
