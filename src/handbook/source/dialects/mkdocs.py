"""MkDocs Material's Markdown (PyMdown Extensions), rewritten before the parse where
Python-Markdown alone would print it as text.

Outside fenced code: `???` and `???+` boxes become `!!!` boxes (open in print, titled);
answer boxes (`??? success "Answer"`) become `solution` boxes and instructor notes `trainer`
boxes, keeping their own style; content tabs `=== "Tab"` become titled `tab` boxes;
snippets (`--8<-- "file"`, the block form, line ranges and sections) are spliced in from
files inside the project; icon shortcodes (`:material-…:`, `:fontawesome-…:`,
`:octicons-…:`, `:simple-…:`) are dropped with one warning a chapter; `<figure>` blocks
(`md_in_html` or not) become captioned images, `<img>` of a project file a Markdown image, a
video `<iframe>` a further-reading box with the video's link. Inside fenced code, annotation
markers `(1)!` lose their `!`, as Material shows them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from handbook.source.dialects.attributes import html_images
from handbook.source.dialects.containers import CODE_FENCE
from handbook.source.dialects.includes import Includes
from handbook.source.dialects.kinds import kind_for_title
from handbook.source.dialects.syntax import Syntax
from handbook.source.dialects.targets import Targets, iframe_video

Report = Callable[[int, str], None]

BOX = re.compile(r'^(?P<indent>\s*)(?P<marker>!!!|\?\?\?\+?)[ \t]+'
                 r'(?P<kinds>[\w-]+(?:[ \t]+[\w-]+)*)(?:[ \t]+"(?P<title>.*)")?[ \t]*$')
TAB = re.compile(r'^(?P<indent>\s*)===[+!]*[ \t]+"(?P<title>.*)"[ \t]*$')
ICON_SETS = ("material", "fontawesome", "octicons", "simple")
ICON = r":(?:{sets})-(?P<name>[\w-]+):(?:\{{[^}}\n]*\}})?[ \t]*"
SNIPPET = re.compile(r"""^(?P<indent>\s*)-{1,}8<-{1,}[ \t]+(?P<q>["'])(?P<name>[^"']+)(?P=q)\s*$""")
SNIPPET_BLOCK = re.compile(r"^\s*-{1,}8<-{1,}\s*$")
SECTION_MARK = re.compile(r"-{1,}8<-{1,}\s*\[(?:start|end):[\w-]+\]")
FIGURE = re.compile(r"^(?P<indent>\s*)<figure\b[^>]*>\s*$")
FIGURE_END = re.compile(r"^\s*</figure>\s*$")
CAPTION = re.compile(r"<figcaption[^>]*>(?P<text>.*?)</figcaption>", re.S)
ANNOTATION = re.compile(r"\((\d+)\)!(?=\s*(?:\*/|-->)?\s*$)")
MAX_DEPTH = 4


class MkDocs:
    """Rewrites one page of an MkDocs site."""

    def __init__(self, syntax: Syntax, chapter: Path | None, report: Report):
        self.syntax, self.chapter, self.report = syntax, chapter, report
        self.includes = Includes(syntax.root, syntax.site_root, report)
        self.targets = Targets(chapter, syntax.site_root, report)
        self.icons: list[tuple[int, str]] = []
        sets = "|".join(map(re.escape, (*ICON_SETS, *syntax.icon_sets)))
        self.icon = re.compile(ICON.format(sets=sets))
        # a link that is only an icon (`[:custom-orcid:](https://orcid.org/…)`) keeps its name
        self.icon_link = re.compile(rf"\[\s*{ICON.format(sets=sets)}\s*\]\(")

    def run(self, lines: list[str], first_line: int = 1) -> list[str]:
        numbered = self.snippets(list(enumerate(lines, start=first_line)), 0)
        out = self.rewrite(numbered)
        self.targets.finish()
        if self.icons:
            line, first = self.icons[0]
            self.report(line, f"{len(self.icons)} icon shortcode(s) such as '{first}' left "
                        "out: handbook bundles no icon font")
        return out

    def rewrite(self, lines: list[tuple[int, str]]) -> list[str]:
        out: list[str] = []
        fence: tuple[str, str] | None = None  # (fence, indent) of the open code block
        figure: list[str] | None = None  # the lines of an open <figure markdown>
        for number, text in lines:
            if figure is not None:
                figure.append(text)
                if FIGURE_END.match(text):
                    out.extend(_figure(figure))
                    figure = None
                continue
            if fence is None and FIGURE.match(text):
                figure = [text]
                continue
            code = CODE_FENCE.match(text)
            if fence is not None:
                if code and code["fence"].startswith(fence[0]) and not code["info"].strip():
                    fence = None
                out.append(ANNOTATION.sub(r"(\1)", text))
                continue
            if code:
                fence = (code["fence"], code["indent"])
                out.append(text)
                continue
            done = self.line(text, number)
            out.extend(done if isinstance(done, list) else [done])
        return out + (figure or [])

    def line(self, text: str, number: int) -> str | list[str]:
        video = iframe_video(text)
        if video is not None:  # a video: a link (with its QR code in print)
            indent, url, title = video
            return ["", f'{indent}!!! more "Video"', f"{indent}    - [{title}]({url})", ""]
        text = html_images(text, rooted=True)
        box = BOX.match(text)
        if box:
            kinds = box["kinds"].split()
            kind = kind_for_title(kinds[0], box["title"])
            if kind != kinds[0]:
                kinds = [kind, *kinds]
            title = "" if box["title"] is None else f' "{box["title"]}"'
            return f"{box['indent']}!!! {' '.join(kinds)}{title}"
        tab = TAB.match(text)
        if tab:
            return f'{tab["indent"]}!!! tab "{tab["title"]}"'
        if ":" in text and self.icon.search(text):
            self.icons.extend((number, m.group(0)) for m in self.icon.finditer(text))
            text = self.icon_link.sub(lambda m: f"[{_icon_name(m['name'])}](", text)
            text = self.icon.sub("", text)
            text = re.sub(r"^(\s*#+)\s+", r"\1 ", text)
            text = re.sub(r'(")\s+(?=\S)', r"\1", text) if BOX.match(text) else text
        return self.targets.line(self.targets.paragraph(text, number)).replace(";--8<--", "--8<--")

    # snippets -------------------------------------------------------------------------
    def snippets(self, lines: list[tuple[int, str]], depth: int) -> list[tuple[int, str]]:
        out: list[tuple[int, str]] = []
        index = 0
        while index < len(lines):
            number, text = lines[index]
            single = SNIPPET.match(text)
            if single:
                out.extend(self.snippet(single["name"], single["indent"], number, depth))
            elif SNIPPET_BLOCK.match(text):
                end = next((i for i in range(index + 1, len(lines))
                            if SNIPPET_BLOCK.match(lines[i][1])), len(lines))
                for _, name in lines[index + 1:end]:
                    if name.strip() and not name.strip().startswith(";"):
                        out.extend(self.snippet(name.strip(), "", number, depth))
                index = end
            elif not SECTION_MARK.search(text):
                out.append((number, text))
            index += 1
        return out

    def snippet(self, spec: str, indent: str, number: int,
                depth: int) -> list[tuple[int, str]]:
        name, _, selector = spec.partition(":")
        if re.match(r"^[a-z]+://", spec):
            self.report(number, f"snippet '{spec}' is a URL; a build never reads the network, "
                        "left out")
            return []
        bases = [*self.syntax.snippet_bases, *(b for b in [self.syntax.site_root] if b)]
        if self.chapter is not None:
            bases.append(self.chapter.parent)
        text = self.includes.read(name, bases, number, "snippet") if depth < MAX_DEPTH else None
        if text is None:
            return []
        lines = _selected(text.splitlines(), selector)
        inner = [(number, indent + line if line.strip() else line) for line in lines]
        return self.snippets(inner, depth + 1)


def _figure(lines: list[str]) -> list[str]:
    """`<figure markdown>` with an image and a `<figcaption>`: the image with its caption as
    its title, which handbook prints as a figure (in a box or a list item too)."""
    indent = FIGURE.match(lines[0])["indent"]
    text = html_images("\n".join(lines[1:-1]), rooted=True)
    image = re.search(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)[^)]*\)(?P<attrs>\{[^}]*\})?", text)
    caption = CAPTION.search(text)
    if image is None:
        return lines
    title = " ".join(re.sub(r"<[^>]+>", "", caption["text"]).split()) if caption else ""
    title = f' "{title.replace(chr(34), chr(8221))}"' if title else ""
    return ["", f"{indent}![{image['alt']}]({image['src']}{title}){image['attrs'] or ''}", ""]


def _selected(lines: list[str], selector: str) -> list[str]:
    """`file:3:5` (lines 3 to 5), `file:name` (between `[start:name]` and `[end:name]`)."""
    if not selector:
        return lines
    numbers = re.fullmatch(r"(\d*)(?::(\d*))?", selector)
    if numbers:
        start = int(numbers.group(1) or 1)
        end = int(numbers.group(2)) if numbers.group(2) else len(lines)
        return lines[start - 1:end]
    begin = next((i for i, t in enumerate(lines) if f"[start:{selector}]" in t), None)
    finish = next((i for i, t in enumerate(lines) if f"[end:{selector}]" in t), len(lines))
    return lines[begin + 1:finish] if begin is not None else []


def _icon_name(name: str) -> str:
    """'brands-github' → 'GitHub'-like text for a link that was only an icon: its last word."""
    return name.split("-")[-1].replace("_", " ")
