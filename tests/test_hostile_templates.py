"""Hostile slide templates: links out (a deck must fetch nothing when opened), OLE objects,
macros, zip bombs that are honest or lie about their size, a master without text styles, a
package without a theme. Each is stripped with a warning or refused with one; none is a
traceback, and the decks stay valid OOXML."""

from __future__ import annotations

import io
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

from lxml import etree
from openxml_audit import validate_pptx

from handbook.cli import main
from handbook.slides.template import DEFAULT_TEMPLATE

from .conftest import build_cli

RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MACRO_MAIN = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
OLE_FRAME = f"""<p:graphicFrame xmlns:p="{P}" xmlns:a="{A}" xmlns:r="{R}">
  <p:nvGraphicFramePr><p:cNvPr id="99" name="Object 1"/><p:cNvGraphicFramePr/><p:nvPr/>
  </p:nvGraphicFramePr>
  <p:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></p:xfrm>
  <a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/presentationml/2006/ole">
    <p:oleObj r:id="rIdOle" progId="Package" name="run.bat"><p:embed/></p:oleObj>
  </a:graphicData></a:graphic></p:graphicFrame>"""


def parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as package:
        return {info.filename: package.read(info) for info in package.infolist()}


def packed(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return out.getvalue()


def edit(parts: dict[str, bytes], name: str, change) -> None:
    root = etree.fromstring(parts[name])
    change(root)
    parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def relate(parts: dict[str, bytes], rels: str, rid: str, kind: str, target: str,
           external: bool = False) -> None:
    def add(root):
        rel = etree.SubElement(root, f"{{{RELS}}}Relationship", Id=rid, Type=kind,
                               Target=target)
        if external:
            rel.set("TargetMode", "External")

    edit(parts, rels, add)


def hostile(base: str) -> bytes:
    """The built-in template with links out, an OLE object and macros."""
    parts = parts_of(DEFAULT_TEMPLATE)
    layout = "ppt/slideLayouts/slideLayout1.xml"
    relate(parts, "ppt/slideLayouts/_rels/slideLayout1.xml.rels", "rIdOut1",
           TYPE + "hyperlink", f"{base}/opened", external=True)
    relate(parts, "ppt/slideLayouts/_rels/slideLayout1.xml.rels", "rIdOut2",
           TYPE + "image", "file:///etc/passwd", external=True)

    def link(root):  # the layout's first shape links out; the image link is unused
        name = root.find(f".//{{{P}}}cNvPr")
        etree.SubElement(name, f"{{{A}}}hlinkClick").set(f"{{{R}}}id", "rIdOut1")

    edit(parts, layout, link)
    master = "ppt/slideMasters/slideMaster1.xml"
    parts["ppt/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512)
    relate(parts, "ppt/slideMasters/_rels/slideMaster1.xml.rels", "rIdOle", TYPE + "oleObject",
           "../embeddings/oleObject1.bin")
    edit(parts, master, lambda root: root.find(f".//{{{P}}}spTree").append(
        etree.fromstring(OLE_FRAME)))
    parts["ppt/vbaProject.bin"] = b"Attribute VB_Name = \"Module1\"\nSub AutoOpen()\nEnd Sub\n"
    relate(parts, "ppt/_rels/presentation.xml.rels", "rIdVba",
           "http://schemas.microsoft.com/office/2006/relationships/vbaProject", "vbaProject.bin")
    types = parts["[Content_Types].xml"].decode().replace(MAIN, MACRO_MAIN)
    parts["[Content_Types].xml"] = types.replace(
        "</Types>", '<Override PartName="/ppt/vbaProject.bin" '
        'ContentType="application/vnd.ms-office.vbaProject"/><Override '
        'PartName="/ppt/embeddings/oleObject1.bin" '
        'ContentType="application/vnd.openxmlformats-officedocument.oleObject"/></Types>').encode()
    return packed(parts)


def use_template(project: Path, data: bytes) -> None:
    (project / "styles").mkdir(exist_ok=True)
    (project / "styles" / "house.pptx").write_bytes(data)


def test_links_out_ole_objects_and_macros_are_stripped(project, tmp_path, capsys, server):
    base, requests = server
    use_template(project, hostile(base))
    out = tmp_path / "out"
    code, err = build_cli(project, capsys, "-o", str(out), "--slides-only")
    assert code == 0, err
    assert "house.pptx: warning: 2 links to files or web addresses outside the template " \
           "removed (a deck must fetch nothing when opened)" in err
    assert "house.pptx: warning: OLE objects removed from the template (1)" in err
    assert "house.pptx: warning: macros removed from the template (1)" in err
    for deck in (out / "slides.pptx", *sorted((out / "slides").iterdir())):
        parts = parts_of(deck)
        text = b"".join(parts.values())
        assert b"/etc/passwd" not in text and base.encode() not in text
        assert not any("vbaProject" in n or "embeddings" in n for n in parts)
        assert b"oleObj" not in text and MACRO_MAIN.encode() not in text
    assert validate_pptx(str(out / "slides.pptx")).is_valid
    assert requests == []


def bomb(size: int, lie: bool = False) -> bytes:
    """The built-in template with SIZE bytes of zeros in one part (a few hundred kB zipped);
    LIE: the zip's headers say the part is 1 kB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts_of(DEFAULT_TEMPLATE).items():
            package.writestr(name, data)
        with package.open("ppt/media/image9.png", "w", force_zip64=False) as stream:
            for _ in range(size // (1 << 20)):
                stream.write(bytes(1 << 20))
    data = out.getvalue()
    if lie:  # uncompressed size in the local header (offset 22) and central directory (24)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            info = package.getinfo("ppt/media/image9.png")
        true = info.file_size.to_bytes(4, "little")
        data = data.replace(true, (1024).to_bytes(4, "little"))
    return data


MEASURE = textwrap.dedent("""
    import re, sys
    from handbook.slides.template import UnusableTemplate, template_package
    from pathlib import Path
    try:
        template_package(Path(sys.argv[1]))
        print("opened")
    except UnusableTemplate as error:
        print("refused:", error)
    # the peak of this program (ru_maxrss would count the parent's, kept across exec)
    status = Path("/proc/self/status").read_text()
    print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) // 1024)
""")


def test_zip_bombs_are_refused_within_a_little_memory(project, tmp_path, capsys):
    honest, lying = tmp_path / "honest.pptx", tmp_path / "lying.pptx"
    honest.write_bytes(bomb(100 << 20))
    lying.write_bytes(bomb(300 << 20, lie=True))
    assert honest.stat().st_size < 2 << 20
    for path, reason in ((honest, "part ppt/media/image9.png unpacks to more than 64 MB"),
                         (lying, "part ppt/media/image9.png cannot be read")):
        done = subprocess.run([sys.executable, "-c", MEASURE, str(path)], capture_output=True,
                              text=True, timeout=120)
        said, megabytes = done.stdout.splitlines()
        assert said.startswith(f"refused: {reason}"), done.stdout + done.stderr
        assert int(megabytes) < 200
    use_template(project, honest.read_bytes())
    code, err = build_cli(project, capsys, "-o", str(tmp_path / "out"), "--slides-only")
    assert code == 0
    assert "house.pptx: warning: not a PowerPoint file python-pptx can open (part " \
           "ppt/media/image9.png unpacks to more than 64 MB (a zip bomb?))" in err


def test_a_master_without_text_styles_or_a_theme(project, tmp_path, capsys):
    parts = parts_of(DEFAULT_TEMPLATE)
    edit(parts, "ppt/slideMasters/slideMaster1.xml",
         lambda root: root.remove(root.find(f"{{{P}}}txStyles")))
    use_template(project, packed(parts))
    code, err = build_cli(project, capsys, "-o", str(tmp_path / "out"), "--slides-only")
    assert code == 0, err
    assert validate_pptx(str(tmp_path / "out" / "slides.pptx")).is_valid

    def no_theme(root):
        for rel in [r for r in root if r.get("Type") == TYPE + "theme"]:
            root.remove(rel)

    edit(parts, "ppt/slideMasters/_rels/slideMaster1.xml.rels", no_theme)
    del parts["ppt/theme/theme1.xml"]
    use_template(project, packed(parts))
    assert main(["check", str(project)]) == 0
    assert "house.pptx: warning: not a PowerPoint file python-pptx can open (a slide master " \
           "without a theme)" in capsys.readouterr().err
