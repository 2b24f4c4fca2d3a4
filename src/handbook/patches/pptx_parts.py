"""python-pptx walks the whole package (every part, through every relationship) each time it
names a new part or looks for an image it already holds: once per notes slide and once per
picture, so a deck of n slides costs O(n²); a 1,100-slide course deck spent more time there than
in everything else together. `index_parts(prs)` gives one presentation an index of its part
names and image hashes, built with one walk and kept up to date as parts are added; the bytes
written are the same.
"""

from __future__ import annotations

from types import MethodType

from handbook.patches.guard import changed
from handbook.patches.pptx_rels import index_relationships


def index_parts(prs) -> None:
    """Call once a presentation's existing slides are removed, before adding any (a no-op if
    python-pptx's code is not what the patch was checked against)."""
    if changed("pptx"):
        return
    package = prs.part.package
    names = {str(part.partname) for part in package.iter_parts()}
    by_prefix: dict[str, set[str]] = {}
    images = {}
    for part in package.iter_parts():
        if str(part.partname).startswith("/ppt/media/image") and hasattr(part, "sha1"):
            images.setdefault(part.sha1, part)

    def named(prefix: str) -> set[str]:
        if prefix not in by_prefix:
            by_prefix[prefix] = {n for n in names if n.startswith(prefix)}
        return by_prefix[prefix]

    def take(name: str) -> None:
        names.add(name)
        for prefix, taken in by_prefix.items():
            if name.startswith(prefix):
                taken.add(name)

    def next_partname(self, template: str):
        """As python-pptx's: one more than the parts named after TEMPLATE, else the first gap."""
        from pptx.opc.packuri import PackURI

        taken = named(template[: (template % 42).find("42")])
        number = next(n for n in range(len(taken) + 1, 0, -1) if template % n not in taken)
        take(template % number)
        return PackURI(template % number)

    def next_image_partname(self, ext: str):
        """As python-pptx's: the first unused number among /ppt/media/imageN.*."""
        from pptx.opc.packuri import PackURI

        used = sorted(i for i in (PackURI(n).idx for n in named("/ppt/media/image"))
                      if i is not None)
        number = next((i + 1 for i, idx in enumerate(used) if i + 1 < idx), len(used) + 1)
        take(f"/ppt/media/image{number}.{ext}")
        return PackURI(f"/ppt/media/image{number}.{ext}")

    def get_or_add_image_part(self, image_file):
        from pptx.parts.image import Image, ImagePart

        image = Image.from_file(image_file)
        if image.sha1 not in images:
            images[image.sha1] = ImagePart.new(package, image)
        return images[image.sha1]

    package.next_partname = MethodType(next_partname, package)
    package.next_image_partname = MethodType(next_image_partname, package)
    package.get_or_add_image_part = MethodType(get_or_add_image_part, package)
    index_relationships(prs.part)  # the presentation part relates to every slide
