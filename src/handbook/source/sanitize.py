"""Raw HTML in chapters: harmless markup passes, active content is removed with a warning.

Python-Markdown keeps raw HTML aside (its "stash") and pastes it back after the tree is
built. Each stashed fragment is checked here before that happens: a fragment with scripts,
frames, embedded objects, forms, event handlers or `javascript:` URLs is cleaned by nh3 (a
maintained HTML sanitiser) and reported; one that would load a remote or local file is an
error, since a build reads nothing from the network or outside the project.
"""

from __future__ import annotations

import re
from collections.abc import Callable

DANGEROUS_TAGS = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "style",
                  "link", "meta", "base", "form", "input", "button", "textarea", "select"}
ACTIVE = re.compile(
    r"<\s*(" + "|".join(sorted(DANGEROUS_TAGS)) + r")\b|\son[a-z]+\s*=|javascript\s*:"
    r"|\ssrcdoc\s*=",
    re.IGNORECASE,
)
SINGLE_TAG = re.compile(r"^\s*<\s*(/?)\s*([a-zA-Z][\w-]*)([^<>]*)>\s*$", re.S)
HANDLER = re.compile(r"""\s+(on[a-z]+|srcdoc)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)
SCRIPT_URL = re.compile(r"""(href\s*=\s*["']?)\s*javascript:[^"'\s>]*""", re.IGNORECASE)
LOADS = re.compile(r"\s(src|data|poster|background)\s*=\s*[\"']?\s*([^\"'\s>]+)", re.IGNORECASE)
Report = Callable[[str, str, str], None]  # (severity, fragment, message)


def check_fragment(fragment: str, report: Report) -> str:
    """The fragment to keep, after reporting what is wrong with it."""
    for match in LOADS.finditer(fragment):
        url = match.group(2)
        if not url.startswith("data:"):
            report("error", fragment, f"raw HTML loads '{url}'; use Markdown image syntax "
                   "with a file inside the project instead")
            return ""
    found = ACTIVE.search(fragment)
    if found is None:
        return fragment
    what = found.group(0).strip().rstrip("=").strip()
    tag = SINGLE_TAG.match(fragment)
    closing_only = tag is not None and tag.group(1) == "/"
    if not closing_only:
        report("warning", fragment, f"raw HTML '{what}' removed: scripts, frames, objects, "
               "forms and event handlers are not allowed in a chapter")
    if tag is not None:  # one tag of an inline element: keep harmless tags, unclosed
        if tag.group(2).lower() in DANGEROUS_TAGS:
            return ""
        return SCRIPT_URL.sub(r"\1#", HANDLER.sub("", fragment))
    import nh3

    return nh3.clean(fragment)
