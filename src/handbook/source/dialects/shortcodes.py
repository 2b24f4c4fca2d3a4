"""Quarto shortcodes, `{{< name args >}}`: what each stands for, never the code itself.

`var` (from `_variables.yml`), `meta` (the chapter's front matter, then the project's
metadata), `kbd` (keys, written for pymdownx.keys), `video` (a link: in a further-reading box
with its QR code when it stands alone), `pagebreak` (nothing). Icon shortcodes (`fa`, `bi`,
`iconify`) are dropped with one warning a chapter; any other shortcode is a warning at its
line and is not printed. `{{{< x >}}}` is Quarto's escape: the shortcode shown as written.
`include` is read line by line by `quarto.py`, before the rest.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from typing import Any

from handbook.source.projects.yamlfile import lookup

SHORTCODE = re.compile(r"(?<!\{)\{\{<\s*(?P<name>[\w-]+)(?P<args>.*?)>\}\}(?!\})")
ESCAPED = re.compile(r"\{\{\{<(?P<body>.*?)>\}\}\}")
ICONS = {"fa", "fontawesome", "bi", "iconify", "icon", "academicons"}
DROPPED = {"pagebreak"}  # layout instructions with no content
KEY_NAMES = {"ctrl": "ctrl", "control": "ctrl", "shift": "shift", "alt": "alt", "option": "alt",
             "opt": "alt", "cmd": "cmd", "command": "cmd", "meta": "meta", "win": "windows",
             "enter": "enter", "return": "enter", "tab": "tab", "esc": "escape",
             "escape": "escape", "space": "space", "backspace": "backspace", "del": "delete",
             "delete": "delete", "up": "arrow-up", "down": "arrow-down", "left": "arrow-left",
             "right": "arrow-right", "home": "home", "end": "end", "pageup": "page-up",
             "pagedown": "page-down", "insert": "insert"}
MAX_DEPTH = 6  # a variable whose value uses another variable …

Report = Callable[[int, str], None]


def arguments(text: str) -> tuple[list[str], dict[str, str]]:
    """Positional and key=value arguments of a shortcode."""
    try:
        words = shlex.split(text)
    except ValueError:
        words = text.split()
    positional = [w for w in words if "=" not in w or w.startswith(("http:", "https:"))]
    named = dict(w.split("=", 1) for w in words if w not in positional)
    return positional, named


def keys(spec: str, in_code: bool = False) -> str:
    """`Ctrl-Shift-P` as pymdownx.keys writes it (`++ctrl+shift+p++`), or as text in code."""
    parts, tokens = spec.strip().split("-"), []
    for part in parts:
        if part == "" and tokens and tokens[-1] != "-":
            tokens.append("-")
        elif part:
            tokens.append(part)
    if in_code:
        return "+".join(t.capitalize() if len(t) > 1 else t.upper() for t in tokens)
    names = []
    for token in tokens:
        low = token.lower()
        if low in KEY_NAMES:
            names.append(KEY_NAMES[low])
        elif re.fullmatch(r"[a-z0-9]|f\d{1,2}", low):
            names.append(low)
        else:
            names.append('"' + token.replace('"', "") + '"')
    return "++" + "+".join(names) + "++"


class Shortcodes:
    """Expands the shortcodes of one chapter."""

    def __init__(self, variables: dict[str, Any], metadata: dict[str, Any],
                 front: dict[str, Any], report: Report):
        self.variables, self.metadata, self.front = variables, metadata, front
        self.report = report
        self.icons: list[tuple[int, str]] = []  # (line, shortcode) dropped
        self.unknown: dict[str, list[int]] = {}  # shortcode → the lines it is on

    def line(self, text: str, number: int, in_code: bool = False, depth: int = 0) -> str:
        """TEXT with each shortcode replaced by what it stands for."""
        if "{{" not in text:
            return text
        escaped: list[str] = []

        def keep(match: re.Match[str]) -> str:
            escaped.append("{{<" + match["body"] + ">}}")
            return f"\x00{len(escaped) - 1}\x00"

        text = ESCAPED.sub(keep, text)
        text = SHORTCODE.sub(lambda m: self._one(m, number, in_code, depth), text)
        return re.sub("\x00(\\d+)\x00", lambda m: escaped[int(m.group(1))], text)

    def _one(self, match: re.Match[str], number: int, in_code: bool, depth: int) -> str:
        name, (positional, named) = match["name"].lower(), arguments(match["args"])
        if name in ("var", "meta"):
            return self._value(name, positional[0] if positional else "", number, in_code,
                               depth)
        if name == "kbd":
            spec = positional[0] if positional else named.get("win") or next(
                iter(named.values()), "")
            return keys(spec, in_code) if spec else ""
        if name == "video":
            url = positional[0] if positional else named.get("src", "")
            title = named.get("title") or "Video"
            return url if in_code else f"[{title}]({url})" if url else ""
        if name in DROPPED:
            return ""
        if name in ICONS:
            self.icons.append((number, match.group(0)))
            return ""
        self.unknown.setdefault(match.group(0), []).append(number)
        return ""

    def finish(self) -> None:
        """One warning for the icons dropped, one for each unknown shortcode (a project's
        own, from a Lua extension, is often used many times)."""
        if self.icons:
            line, first = self.icons[0]
            self.report(line, f"{len(self.icons)} icon shortcode(s) such as '{first}' left "
                        "out: handbook bundles no icon font")
        for code, lines in self.unknown.items():
            more = sorted(set(lines[1:]) - {lines[0]})
            also = f" (here and on {len(more)} more line(s): " \
                f"{', '.join(map(str, more[:5]))}{', …' if len(more) > 5 else ''})" if more else ""
            self.report(lines[0], f"Quarto shortcode '{code}' is not one handbook knows; left "
                        f"out{also}")

    def _value(self, kind: str, key: str, number: int, in_code: bool, depth: int) -> str:
        if kind == "var":
            value = lookup(self.variables, key)
        else:
            value = lookup(self.front, key)
            value = lookup(self.metadata, key) if value is None else value
        if value is None:
            where = "_variables.yml" if kind == "var" else "the front matter or _quarto.yml"
            self.report(number, f"'{{{{< {kind} {key} >}}}}': no '{key}' in {where}; left out")
            return ""
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        text = str(value)
        if depth < MAX_DEPTH:
            text = self.line(text, number, in_code, depth + 1)
        return text
