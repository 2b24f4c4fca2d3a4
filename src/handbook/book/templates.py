"""The Jinja2 templates of the printed outputs, as data rather than code.

Every template (the project's `styles/templates/` first, then the package's) is rendered in
Jinja2's sandbox, so a template can read the values it is given but cannot reach Python
(`{{ cycler.__init__.__globals__ }}` fails). Templates are read through `paths.project_file`:
a link out of the project, a FIFO or an oversized file is refused like any other source. A
fault in a template is a `path:line: error`, not a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from handbook.errors import Problem, ThemeError
from handbook.source.paths import DEFAULTS, Refused, inside, project_file, read_text, url_for
from handbook.source.theme import Theme


class _Loader(jinja2.BaseLoader):
    """Templates from FOLDERS in order, each read as a checked project (or package) file."""

    def __init__(self, folders: tuple[Path, ...], root: Path | None):
        self.folders, self.root = folders, root

    def get_source(self, environment, template: str):
        pieces = jinja2.loaders.split_template_path(template)  # refuses ".." and the like
        for folder in self.folders:
            path = folder.joinpath(*pieces)
            if not (path.exists() or path.is_symlink()):
                continue
            base = self.root if self.root is not None and inside(folder, self.root) \
                else DEFAULTS
            try:
                text = read_text(project_file(base, path))
            except Refused as refused:
                raise ThemeError([Problem(path, refused.line, str(refused))]) from None
            return text, str(path), lambda: False
        raise jinja2.TemplateNotFound(template)


def environment(theme: Theme) -> SandboxedEnvironment:
    """A sandboxed environment over the theme's template folders, with a `url` filter that
    names a project or package file by its stable URL (paths.url_for)."""
    env = SandboxedEnvironment(loader=_Loader(theme.template_dirs, theme.root),
                               autoescape=True, undefined=jinja2.StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True)
    env.filters["url"] = lambda path: url_for(Path(path), theme.root) or ""
    return env


def render(env: jinja2.Environment, name: str, **context: Any) -> str:
    """Fill template NAME; a fault in it (syntax, a missing value, a sandbox refusal) is a
    ThemeError at the template's file and line."""
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as error:
        raise ThemeError([Problem(Path(error.filename or name), error.lineno,
                                  f"template: {error.message}")]) from None
    except jinja2.TemplateError as error:
        path, line = _where(name)
        raise ThemeError([Problem(path, line, f"template: {error}")]) from None


def _where(name: str) -> tuple[Path, int | None]:
    """The template file and line the exception being handled was raised at."""
    filename, line = name, None
    trace = sys.exc_info()[2]
    while trace is not None:
        code = trace.tb_frame.f_code.co_filename
        if not code.endswith(".py"):  # a compiled template is named after its file
            filename, line = code, trace.tb_lineno
        trace = trace.tb_next
    return Path(filename), line
