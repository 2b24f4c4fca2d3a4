"""Where styles and templates come from: the packaged defaults, then PROJECT/styles/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handbook.errors import Problem, ThemeError
from handbook.source.paths import (
    DEFAULTS,
    MAX_FILE,
    Refused,
    listing,
    project_file,
    project_folder,
    read_text,
)

STYLES_DIR = "styles"
SLIDE_TEMPLATES = {".pptx", ".potx"}


@dataclass(frozen=True)
class Theme:
    stylesheets: tuple[Path, ...]  # default first, then the project's, by file name
    template_dirs: tuple[Path, ...]  # searched in order: project's first
    slide_template: Path
    fonts_dir: Path
    root: Path | None = None  # the project: its templates are read through paths.project_file
    layouts: tuple[tuple[str, str], ...] = ()  # [layouts] in handbook.toml: role → name

    @property
    def allowed_roots(self) -> tuple[Path, ...]:
        return (DEFAULTS,)


def load_theme(root: Path) -> Theme:
    """Collect the default theme and the overrides in ROOT/styles/ and handbook.toml."""
    from handbook.errors import Collector
    from handbook.source.config import load_config

    config = load_config(root, Collector())  # its problems are reported by the build
    chosen = config.template
    styles = root / STYLES_DIR
    problems: list[Problem] = []
    user_css = _files(root, listing(styles, {".css"}), problems)
    for sheet in user_css:
        try:
            read_text(sheet)
        except Refused as refused:
            problems.append(Problem(sheet, refused.line, str(refused)))
    templates = project_folder(root, styles / "templates")
    decks = _files(root, listing(styles, SLIDE_TEMPLATES), problems, MAX_FILE)
    if len(decks) > 1 and chosen is None:
        names = ", ".join(p.name for p in decks)
        problems.append(Problem(styles, None, f"more than one slide template ({names}); "
                                "keep one"))
    if problems:
        raise ThemeError(problems)
    return Theme(
        stylesheets=(DEFAULTS / "handbook.css", *user_css),
        template_dirs=(*([templates] if templates else []), DEFAULTS / "templates"),
        slide_template=chosen or (decks[0] if decks else DEFAULTS / "template.pptx"),
        fonts_dir=DEFAULTS / "fonts",
        root=root.resolve(),
        layouts=config.layouts,
    )


def _files(root: Path, paths: list[Path], problems: list[Problem],
           limit: int | None = None) -> list[Path]:
    """The real paths of those of PATHS a build may read; a problem for each other one."""
    found = []
    for path in paths:
        try:
            found.append(project_file(root, path, limit=limit or MAX_FILE))
        except Refused as refused:
            problems.append(Problem(path, None, str(refused)))
    return found
