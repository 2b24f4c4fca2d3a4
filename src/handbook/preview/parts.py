"""The page in parts, as the book's template marks them (`<!--handbook-part:NAME-->`: the
front matter with the contents, each part's opener, each chapter, the answers, the index), and
the script that keeps an open page up to date by replacing only the parts that changed.

The page asks `/__changes?since=VERSION&session=S`, which answers when the page is older than
VERSION (or after a while, with nothing): which parts changed, and the banner. It fetches each
changed part from `/__part/NAME` and puts it in place of the nodes between that part's marker
and the next one, so the reader stays where they are (a part above the window that grew or
shrank scrolls the window by as much). After a full rebuild, when a part cannot be found, or
when the server restarted, it reloads and scrolls back to where the reader was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MARKER = re.compile(r"<!--handbook-part:([A-Za-z0-9_.:-]+)-->")
END = "<!--handbook-part:end-->"  # after the last part, before the banner and scripts
CHANGES_PATH = "/__changes"
PART_PATH = "/__part/"
BANNER_ID = "handbook-preview-banner"


@dataclass(frozen=True)
class Split:
    """A page as its head, its parts ((name, HTML after the marker) in order) and its tail."""

    head: str
    parts: tuple[tuple[str, str], ...]
    tail: str  # from END on

    def join(self) -> str:
        return self.head + "".join(f"<!--handbook-part:{name}-->{text}"
                                   for name, text in self.parts) + self.tail

    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.parts)


def split(document: str) -> Split:
    """DOCUMENT (with END before `</body>`) in parts; no parts if a name repeats."""
    end = document.rfind(END)
    body, tail = (document[:end], document[end:]) if end >= 0 else (document, "")
    found = list(MARKER.finditer(body))
    names = [m[1] for m in found]
    if not found or len(set(names)) < len(names) or "end" in names:
        return Split(body, (), tail)
    parts = tuple((m[1], body[m.end():following.start() if following else len(body)])
                  for m, following in zip(found, [*found[1:], None], strict=True))
    return Split(body[:found[0].start()], parts, tail)


def changed(old: Split | None, new: Split) -> tuple[str, ...] | None:
    """The parts that differ between OLD and NEW, or None if the page must be reloaded (its
    head, tail or list of parts differ)."""
    if old is None or old.head != new.head or old.tail != new.tail \
            or old.names() != new.names():
        return None
    before = dict(old.parts)
    return tuple(name for name, text in new.parts if before[name] != text)


UPDATE_SCRIPT = """<script>
(function () {
  var version = __VERSION__, session = "__SESSION__", key = "handbook-preview-scroll";
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var y = parseFloat(saved);
    window.scrollTo(0, y);
    window.addEventListener("load", function () { window.scrollTo(0, y); });
  }
  function reload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
  function marker(node, name) {
    return node && node.nodeType === 8 && (name === undefined ?
      node.data.indexOf("handbook-part:") === 0 : node.data === "handbook-part:" + name);
  }
  function find(name) {
    var walk = document.createTreeWalker(document.body, NodeFilter.SHOW_COMMENT);
    while (walk.nextNode()) { if (marker(walk.currentNode, name)) { return walk.currentNode; } }
    return null;
  }
  function replace(name, html) {
    var start = find(name), end = start && start.nextSibling;
    while (end && !marker(end)) { end = end.nextSibling; }
    if (!end) { return false; }
    var range = document.createRange();
    range.setStartAfter(start); range.setEndBefore(end);
    var before = range.getBoundingClientRect();
    var fresh = range.createContextualFragment(html);
    range.deleteContents();
    end.parentNode.insertBefore(fresh, end);
    range.setStartAfter(start); range.setEndBefore(end);
    if (before.bottom <= 0) { window.scrollBy(0, range.getBoundingClientRect().height -
                                                  before.height); }
    return true;
  }
  function banner(html) {
    var old = document.getElementById("__BANNER__");
    if (old) { old.outerHTML = html; }
  }
  function part(name) {
    return fetch("__PART__" + encodeURIComponent(name), {cache: "no-store"})
      .then(function (r) { if (!r.ok) { throw new Error(name); } return r.text(); });
  }
  function apply(change) {
    if (change.reload) { reload(); return; }
    if (change.version === version) { poll(); return; }
    Promise.all(change.parts.map(part)).then(function (texts) {
      for (var i = 0; i < texts.length; i++) {
        if (!replace(change.parts[i], texts[i])) { reload(); return; }
      }
      banner(change.banner);
      version = change.version;
      poll();
    }).catch(reload);
  }
  function poll() {
    fetch("__CHANGES__?since=" + version + "&session=" + session, {cache: "no-store"})
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(apply)
      .catch(function () { setTimeout(poll, 1000); });
  }
  document.documentElement.style.overflowAnchor = "none";  // this script keeps the place
  poll();
})();
</script>
""".replace("__BANNER__", BANNER_ID).replace("__PART__", PART_PATH).replace(
    "__CHANGES__", CHANGES_PATH)


def update_script(version: int, session: str) -> str:
    return UPDATE_SCRIPT.replace("__VERSION__", str(version)).replace("__SESSION__", session)
