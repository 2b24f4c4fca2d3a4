"""pydyf's `PDF.page_references` builds a tuple of every page's reference each time it is read,
and WeasyPrint's PDF/UA tagging reads it once per tagged element: O(pages²). At 660 pages that
step was half of the time WeasyPrint spent writing the PDF. `linear_page_references()` computes
the tuple once per page count; the bytes written are the same.
"""

from __future__ import annotations

from handbook.patches.guard import changed


def linear_page_references() -> None:
    """Make pydyf's page_references a cached property (once per process; a no-op if pydyf
    changed shape)."""
    import pydyf

    if changed("pydyf"):  # not the code this patch was checked against: leave it alone
        return
    current = pydyf.PDF.__dict__.get("page_references")
    if not isinstance(current, property) or getattr(current.fget, "linear", False):
        return

    def page_references(self):
        kids = self.pages["Kids"]  # only ever grows: [number, 0, "R", number, 0, "R", …]
        cached = self.__dict__.get("_page_references")
        if cached is None or cached[0] != len(kids):
            cached = self.__dict__["_page_references"] = (len(kids), current.fget(self))
        return cached[1]

    page_references.linear = True
    page_references.__wrapped__ = current.fget
    pydyf.PDF.page_references = property(page_references)
