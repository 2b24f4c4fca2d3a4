"""`handbook init` and `handbook new`, run as a user runs them; the CI files they ship."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from handbook.cli import main
from handbook.cli.scaffold import slugify
from handbook.errors import Collector
from handbook.source import frontmatter
from handbook.source.config import TEXT_KEYS, load_config
from handbook.source.loader import load_book

from .conftest import REPO

PROJECT_FILES = [".github/workflows/handbook.yml", ".gitignore", "content/01-introduction.md",
                 "content/images/from-markdown-to-handbook.svg", "handbook.toml",
                 "styles/custom.css"]


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def front_matter(path: Path) -> tuple[dict, str]:
    problems = Collector()
    front = frontmatter.split(path.read_text(encoding="utf-8"), path, problems)
    values = frontmatter.validate(front, path, problems)
    assert problems.problems == []
    return values, front.body


@pytest.fixture()
def course(tmp_path, capsys) -> Path:
    """A project made by `handbook init my-course`."""
    root = tmp_path / "my-course"
    assert main(["init", str(root)]) == 0
    capsys.readouterr()
    return root


# ------------------------------------------------------------------------------------ init

def test_init_creates_the_project(tmp_path, capsys):
    root = tmp_path / "ai-literacy"
    assert main(["init", str(root)]) == 0
    printed = capsys.readouterr().out
    assert files_in(root) == PROJECT_FILES
    assert printed.count("created ") == len(PROJECT_FILES) and "handbook build" in printed
    assert load_config(root).title == "Ai literacy"
    assert (root / ".gitignore").read_text().splitlines() == ["output/"]


def test_init_writes_a_complete_sample_chapter(course):
    values, body = front_matter(course / "content" / "01-introduction.md")
    assert set(values) == {"title", "author", "summary"}
    intro, *sections = re.split(r"^## ", body, flags=re.M)
    assert intro.strip() and len(sections) == 2
    assert all('!!! summary "In short"' in section for section in sections)
    assert '!!! question "Try it yourself"' in body
    more = body.split('!!! more "Want to know more?"')[1]
    assert re.search(r"\[[^]]+\]\(https://[^)\s]+\)", more)
    alt, src, caption = re.search(r'!\[([^]]+)\]\((\S+) "([^"]+)"\)', body).groups()
    assert len(alt) > 40 and caption == "One source, two outputs"  # numbered by the build
    assert (course / "content" / src).read_text().startswith("<svg")


def test_init_toml_names_every_key(course):
    toml = (course / "handbook.toml").read_text(encoding="utf-8")
    for key in TEXT_KEYS:
        assert re.search(rf"^(# )?{key} = ", toml, flags=re.M), key
    css = (course / "styles" / "custom.css").read_text(encoding="utf-8")
    assert "--accent" in css and not re.sub(r"/\*.*?\*/", "", css, flags=re.S).strip()


def test_the_new_project_builds_out_of_the_box(course, tmp_path, capsys):
    from pptx import Presentation
    from pypdf import PdfReader

    out = tmp_path / "out"
    assert main(["build", str(course), "--output", str(out), "--strict"]) == 0
    assert "warning" not in capsys.readouterr().err
    assert files_in(out) == ["handbook.pdf", "slides.pptx", "slides/01-introduction.pptx"]
    text = " ".join(page.extract_text() for page in PdfReader(out / "handbook.pdf").pages)
    assert "My course" in text and "Writing for readers" in text and "markdownguide.org" in text
    deck = Presentation(out / "slides" / "01-introduction.pptx")
    titles = [slide.shapes.title.text for slide in deck.slides if slide.shapes.title]
    assert any(t.startswith("Try it yourself: ") for t in titles)  # named after its section
    assert any(t.startswith("Want to know more?") for t in titles)
    pictures = [shape for slide in deck.slides for shape in slide.shapes
                if shape.shape_type == 13 and not shape.name.startswith("QR")]
    assert len(pictures) == 1
    assert "Markdown" in pictures[0]._element.xpath(".//p:cNvPr/@descr")[0]


def test_init_with_python_dash_m(tmp_path):
    run = subprocess.run([sys.executable, "-m", "handbook", "init", "course"], cwd=tmp_path,
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    assert files_in(tmp_path / "course") == PROJECT_FILES


def test_init_in_the_current_empty_folder(tmp_path, monkeypatch):
    root = tmp_path / "staff_training"
    root.mkdir()
    monkeypatch.chdir(root)
    assert main(["init"]) == 0
    assert files_in(root) == PROJECT_FILES
    assert load_config(root).title == "Staff training"


@pytest.mark.parametrize("existing", ["notes.txt", ".git/HEAD", "content/01-mine.md"])
def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys, existing):
    root = tmp_path / "course"
    (root / existing).parent.mkdir(parents=True)
    (root / existing).write_text("mine")
    assert main(["init", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error: the folder is not empty" in err
    assert "Traceback" not in err
    assert files_in(root) == [existing] and (root / existing).read_text() == "mine"


def test_init_refuses_a_file(tmp_path, capsys):
    (tmp_path / "course").write_text("x")
    assert main(["init", str(tmp_path / "course")]) == 1
    assert "is not a folder" in capsys.readouterr().err


# ------------------------------------------------------------------------------------- new

def make_chapters(root: Path, *names: str) -> None:
    (root / "content").mkdir(parents=True)
    for name in names:
        (root / "content" / name).write_text(f"# {name}\n\nText.\n", encoding="utf-8")


def test_new_numbers_after_the_highest_prefix(tmp_path, capsys):
    make_chapters(tmp_path, "01-start.md", "07-later.md", "notes-without-number.md")
    (tmp_path / "content" / "99-not-markdown.txt").write_text("x")
    assert main(["new", "Next steps", "--project", str(tmp_path)]) == 0
    created = tmp_path / "content" / "08-next-steps.md"
    assert capsys.readouterr().out.strip().endswith(str(Path("content") / "08-next-steps.md"))
    values, body = front_matter(created)
    assert values == {"title": "Next steps", "author": "Your name",
                      "summary": values["summary"]} and "part" not in values
    assert body.count("\n## ") == 2 and body.count('!!! summary "In short"') == 2


def test_new_keeps_the_width_of_existing_numbers(tmp_path, capsys):
    make_chapters(tmp_path, "009-a.md")
    assert main(["new", "B", "--project", str(tmp_path)]) == 0
    assert (tmp_path / "content" / "010-b.md").is_file()


def test_new_chapter_in_a_new_project_loads_with_its_part(course, capsys, monkeypatch):
    monkeypatch.chdir(course)
    assert main(["new", "Über AI & ethics", "--part", "Module 2: ethics"]) == 0
    assert capsys.readouterr().out.strip() == str(Path("content") / "02-uber-ai-ethics.md")
    book = load_book(course)
    chapter = book.chapters[1]
    assert chapter.path.name == "02-uber-ai-ethics.md"
    assert (chapter.meta.title, chapter.meta.part) == ("Über AI & ethics", "Module 2: ethics")
    assert [s.title for s in chapter.sections] == ["First section", "Second section"]


@pytest.mark.parametrize(("title", "slug"), [
    ("Über AI & ethics", "uber-ai-ethics"),
    ("  What is AI?  ", "what-is-ai"),
    ("Straße, Ærø and Łódź", "strasse-aero-and-lodz"),
    ("Café naïve — élan", "cafe-naive-elan"),
    ("GDPR/AVG 2024", "gdpr-avg-2024"),
    ("人工知能", "人工知能"),
    ("Работа с ИИ", "работа-с-ии"),
    ("الذكاء الاصطناعي", "الذكاء-الاصطناعي"),
    ("!!!", "chapter"),
    ("A very long title " * 6, "a-very-long-title-a-very-long-title-a-very-long-title-a-very"),
])
def test_slugify(title, slug):
    assert slugify(title) == slug


@pytest.mark.parametrize("title", ['Risks: a "checklist"', "Yes", "2024", "#1 rule", "- dash"])
def test_new_quotes_titles_yaml_would_misread(tmp_path, capsys, title):
    make_chapters(tmp_path)
    assert main(["new", "--project", str(tmp_path), "--part", "No: 1", "--", title]) == 0
    created = capsys.readouterr().out.strip()
    values, _ = front_matter(Path(created) if Path(created).is_absolute() else Path.cwd() / created)
    assert (values["title"], values["part"]) == (title, "No: 1")


def test_new_refuses_to_overwrite_a_chapter(course, capsys):
    chapter = course / "content" / "01-introduction.md"
    before = chapter.read_bytes()
    assert main(["new", "Introduction", "--project", str(course)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "already exists" in err and "Traceback" not in err
    assert chapter.read_bytes() == before
    assert files_in(course / "content") == ["01-introduction.md",
                                            "images/from-markdown-to-handbook.svg"]


@pytest.mark.parametrize("args", [["new", "A"], ["new", "   "]])
def test_new_refuses_outside_a_project_or_without_a_title(tmp_path, capsys, monkeypatch, args):
    monkeypatch.chdir(tmp_path)
    assert main(args) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error:" in err and not list(tmp_path.iterdir())


def test_the_commands_stay_lazy():
    code = ("import sys, handbook.cli; "
            "print(sorted(m for m in ('yaml', 'markdown', 'pptx', 'weasyprint', "
            "'handbook.source.loader') if m in sys.modules))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


# ------------------------------------------------------------------------------ CI files

def workflow_steps(path: Path) -> tuple[dict, list[dict]]:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as True
    (job,) = workflow["jobs"].values()
    assert job["runs-on"] == "ubuntu-latest"
    return triggers, job["steps"]


@pytest.mark.parametrize("which", ["generated", "repository"])
def test_workflow_checks_builds_and_uploads(course, which):
    path = (course if which == "generated" else REPO) / ".github" / "workflows" / "handbook.yml"
    triggers, steps = workflow_steps(path)
    assert {"push", "pull_request"} <= set(triggers)
    uses = {step["uses"].split("@")[0]: step for step in steps if "uses" in step}
    runs = [step["run"] for step in steps if "run" in step]
    assert uses["actions/setup-python"]["with"]["python-version"] == "3.11"
    assert any("apt-get install" in run and "libpango-1.0-0" in run for run in runs)
    install = "pip install ." if which == "repository" else 'pip install "$HANDBOOK_PACKAGE"'
    order = [install, "handbook check --strict --format github", "handbook build"]
    assert [run for run in runs if run in order] == order
    upload = uses["actions/upload-artifact"]
    assert upload["uses"] == "actions/upload-artifact@v4" and upload["with"]["path"] == "output/"
    if which == "generated":
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert "'handbook'" in workflow["env"]["HANDBOOK_PACKAGE"]


def test_pre_commit_hook():
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "handbook-check" and hook["entry"] == "handbook check"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert files.match("content/01-a.md") and files.match("styles/x.css")
    assert files.match("handbook.toml") and not files.match("src/handbook/cli.py")
    assert not files.match("handbookXtoml")
