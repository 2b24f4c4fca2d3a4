"""Where styles and templates come from: the packaged defaults, then PROJECT/styles/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handbook.errors import ThemeError

DEFAULTS = Path(__file__).parent.parent / "defaults"
STYLES_DIR = "styles"


@dataclass(frozen=True)
class Theme:
    stylesheets: tuple[Path, ...]  # default first, then the project's, by file name
    template_dirs: tuple[Path, ...]  # searched in order: project's first
    slide_template: Path
    fonts_dir: Path

    @property
    def allowed_roots(self) -> tuple[Path, ...]:
        return (DEFAULTS,)


def load_theme(root: Path) -> Theme:
    """Collect the default theme and the overrides in ROOT/styles/ and handbook.toml."""
    from handbook.errors import Collector
    from handbook.source.config import load_config

    chosen = load_config(root, Collector()).template  # its problems are reported by the build
    styles = root / STYLES_DIR
    user_css: list[Path] = []
    user_templates: list[Path] = []
    slide_template = DEFAULTS / "template.pptx"
    if styles.is_dir():
        user_css = sorted(styles.glob("*.css"))
        for sheet in user_css:
            try:
                sheet.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise ThemeError(f"{sheet}: error: not UTF-8 text; save it as UTF-8") from None
        if (styles / "templates").is_dir():
            user_templates = [styles / "templates"]
        decks = sorted(p for p in styles.glob("*.pptx") if not p.name.startswith("~$"))
        if len(decks) > 1 and chosen is None:
            names = ", ".join(p.name for p in decks)
            raise ThemeError(f"{styles}: error: more than one slide template ({names}); keep one")
        if decks:
            slide_template = decks[0]
    if chosen is not None:
        slide_template = chosen
    return Theme(
        stylesheets=(DEFAULTS / "handbook.css", *user_css),
        template_dirs=(*user_templates, DEFAULTS / "templates"),
        slide_template=slide_template,
        fonts_dir=DEFAULTS / "fonts",
    )
