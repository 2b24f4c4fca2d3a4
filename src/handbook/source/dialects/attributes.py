"""Pandoc attribute blocks, `{#id .class key="value"}`, and MyST directive options."""

from __future__ import annotations

import re
import shlex

_ATTR = re.compile(r"""\s*(?:(#[^\s}]+)|(\.[^\s}]+)|([\w:-]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S+)"""
                   r"""|(\S+))""")
_OPTION = re.compile(r"^\s*:([\w-]+):\s*(.*)$")


def pandoc_attributes(text: str) -> tuple[str | None, list[str], dict[str, str]]:
    """(id, classes, key=value pairs) of `{#id .a .b k=v}`, or of a bare word `name`."""
    text = text.strip()
    if not (text.startswith("{") and text.endswith("}")):
        return None, [w for w in text.split() if w], {}
    ident, classes, values = None, [], {}
    for match in _ATTR.finditer(text[1:-1]):
        hashed, dotted, key, value, word = match.groups()
        if hashed:
            ident = hashed[1:]
        elif dotted:
            classes.append(dotted[1:])
        elif key:
            values[key] = _unquote(value)
        elif word:
            classes.append(word.lstrip("."))
    return ident, classes, values


def _unquote(value: str) -> str:
    if value[:1] in "\"'":
        try:
            return shlex.split(value)[0]
        except ValueError:
            return value.strip("\"'")
    return value


def directive_options(lines: list[str]) -> tuple[dict[str, str], int]:
    """MyST options at the start of a directive's body (`:name: value` lines or a `---` YAML
    block): the options and how many lines they take."""
    options: dict[str, str] = {}
    if lines and lines[0].strip() == "---":
        for index in range(1, len(lines)):
            if lines[index].strip() == "---":
                for line in lines[1:index]:
                    key, _, value = line.partition(":")
                    if key.strip():
                        options[key.strip()] = value.strip().strip("\"'")
                return options, index + 1
        return options, 0
    count = 0
    for line in lines:
        match = _OPTION.match(line)
        if match is None:
            break
        options[match.group(1)] = match.group(2).strip()
        count += 1
    return options, count


# an image's alt text, which may hold brackets or a link of its own (Quarto's caption: "… from
# the [cheat sheet](https://…).")
ALT = r"(?:[^\[\]]|\[[^\[\]]*\])*"
_IMAGE = re.compile(r"!\[(?P<caption>[^\]]*)\]\((?P<src>[^)\s]+)(?:\s+\"(?P<title>[^\"]*)\")?\)"
                    r"\{(?P<attrs>[^}]*)\}")


_HTML_IMAGE = re.compile(r"<img\b(?P<attrs>[^<>]*?)/?>", re.I)
_HTML_ATTR = re.compile(r"""([\w-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")


def html_images(line: str, rooted: bool = False) -> str:
    """`<img src="images/x.png" alt="…" width="300">` of a file in the project as Markdown's image
    (at most that wide), which is checked, scaled to the page and put on a slide like any
    other. ROOTED: a path from the site's root (`/images/x.png`) is a project file too, as
    Quarto and MkDocs resolve it (`dialects/targets` makes it relative)."""
    def rewrite(match: re.Match[str]) -> str:
        values = {k.lower(): v.strip("\"'") for k, v in _HTML_ATTR.findall(match["attrs"])}
        src = values.get("src", "")
        if not src or ":" in src or src.startswith("//") or (src.startswith("/") and not rooted):
            return match.group(0)  # not a file of the project: for the raw HTML check
        alt = values.get("alt", "").replace("[", "(").replace("]", ")")
        title = values.get("title", "").replace(chr(34), chr(8221))
        width = values.get("width", "")
        style = f'{{style="max-width: {width}{"px" if width.isdigit() else ""}"}}' \
            if re.fullmatch(r"\d+(px|%)?", width) else ""
        return f"![{alt}]({src}" + (f' "{title}"' if title else "") + ")" + style

    return _HTML_IMAGE.sub(rewrite, line) if "<img" in line.lower() else line


def image_attributes(line: str) -> str:
    """Pandoc's `![caption](src){#id alt="…" width=…}` as Python-Markdown reads it:
    `![alt](src "caption"){: #id }` (the alt text out of reach of inline parsing)."""
    def rewrite(match: re.Match[str]) -> str:
        ident, classes, values = pandoc_attributes("{" + match["attrs"] + "}")
        caption, title = match["caption"], match["title"]
        alt = values.get("alt")
        if alt is not None:
            title = title or caption
            caption = alt.replace("[", "(").replace("]", ")")
        kept = " ".join([*(f"#{ident}" for _ in [0] if ident), *(f".{c}" for c in classes),
                         *(f'style="{v}"' for k, v in values.items() if k == "style")])
        title = f' "{title.replace(chr(34), chr(8221))}"' if title else ""
        return f"![{caption}]({match['src']}{title})" + (f"{{: {kept} }}" if kept else "")

    line = html_images(line)
    return _IMAGE.sub(rewrite, line) if "](" in line and "){" in line else line
