"""Hostile and merely unusual images: pixel bombs, files cut short, absurd shapes, SVGs with
entities (Illustrator), entity bombs, XXE, references to other files and to the network, a logo
that is not an image. Each is a `path:line:` error, a warning, or works; none is a traceback
and none reads a file outside the project or makes a request."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image
from pptx import Presentation

from handbook.slides.pictures import picture_png

from .conftest import build_cli

ILLUSTRATOR = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [
  <!ENTITY ns_svg "http://www.w3.org/2000/svg">
  <!ENTITY st0 "fill:#0B6E6E;">
]>
<svg version="1.1" xmlns="&ns_svg;" width="400" height="200" viewBox="0 0 400 200">
  <rect style="&st0;" x="10" y="10" width="380" height="180"/>
  <text x="200" y="110" font-size="32" text-anchor="middle">Exported</text>
</svg>
"""


def png_header(width: int, height: int) -> bytes:
    """A PNG that claims WIDTH × HEIGHT pixels and holds almost nothing (a pixel bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))


def use(project, name: str, data: bytes | str, alt: str = "A picture") -> None:
    """Put the image in content/images/ and show it in the third chapter (line 23)."""
    path = project / "content" / "images" / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    chapter = project / "content" / "03-without-part.md"
    chapter.write_text(chapter.read_text() + f"\n![{alt}](images/{name})\n")


@pytest.mark.parametrize(("width", "height"), [(20000, 20000), (9500, 9500), (8000, 6000)])
def test_a_pixel_bomb_is_an_error_before_any_library_decodes_it(project, capsys, width, height):
    use(project, "huge.png", png_header(width, height))
    code, err = build_cli(project, capsys)
    assert code == 1
    assert "03-without-part.md:23: error: image 'images/huge.png' " in err
    assert "more than 40 million; scale it down" in err or \
        "has more than 40 million pixels; scale it down" in err
    assert "DecompressionBomb" not in err


def test_a_png_cut_short_is_an_error(project, capsys):
    picture = io.BytesIO()
    Image.effect_noise((300, 300), 80).convert("RGB").save(picture, "PNG")
    use(project, "cut.png", picture.getvalue()[: len(picture.getvalue()) * 2 // 3])
    code, err = build_cli(project, capsys)
    assert code == 1
    assert "03-without-part.md:23: error: image 'images/cut.png' is not a readable image" in err


def test_absurd_shapes_are_errors(project, capsys):
    use(project, "tall.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="10" '
                             'height="100000"><rect width="10" height="100000"/></svg>')
    use(project, "thin.png", png_header(5000, 2))
    code, err = build_cli(project, capsys)
    assert code == 1
    assert "error: image 'images/tall.svg' is 10 × 100000: more than 100 times longer" in err
    assert "error: image 'images/thin.png' is 5000 × 2: more than 100 times longer" in err


def test_a_tall_svg_is_drawn_within_the_slide_s_limits(tmp_path):
    path = tmp_path / "tall.svg"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="1500">'
                    '<rect width="100" height="1500" fill="teal"/></svg>')
    data, size = picture_png(path)
    assert size == (133, 2000) and data[:4] == b"\x89PNG"


def test_an_illustrator_svg_with_entities_reaches_both_outputs(project, capsys, tmp_path):
    use(project, "exported.svg", ILLUSTRATOR, alt="An exported drawing")
    out = tmp_path / "out"
    code, err = build_cli(project, capsys, "-o", str(out))
    assert code == 0, err
    deck = Presentation(str(out / "slides" / "03-without-part.pptx"))
    pictures = [shape for slide in deck.slides for shape in slide.shapes
                if shape.shape_type == 13 and shape.name == "Picture: exported.svg"]
    assert pictures, "the exported drawing is on a slide"
    pixels = Image.open(io.BytesIO(pictures[0].image.blob)).convert("RGB")
    assert pixels.getpixel((pixels.width // 4, pixels.height // 4)) == (11, 110, 110)


def test_entity_bombs_and_external_entities_are_errors(project, capsys, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("The outside secret is 4711.")
    levels = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10}">' for n in range(1, 10))
    use(project, "bomb.svg", f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY e0 "lol">{levels}]>'
                             '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                             "<text>&e9;</text></svg>")
    use(project, "xxe.svg", f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM '
                            f'"{secret.as_uri()}">]><svg xmlns="http://www.w3.org/2000/svg" '
                            'width="10" height="10"><text>&x;</text></svg>')
    code, err = build_cli(project, capsys)
    assert code == 1
    assert "image 'images/bomb.svg' is not a usable SVG image (limit on input amplification" \
           in err
    assert "image 'images/xxe.svg' is not a usable SVG image (undefined entity" in err
    assert "4711" not in err


def test_an_svg_that_points_outside_or_online_reads_nothing(project, capsys, tmp_path, server):
    base, requests = server
    secret = tmp_path / "secret.png"
    secret.write_bytes((project / "content" / "images" / "square.png").read_bytes())
    use(project, "refs.svg", '<svg xmlns="http://www.w3.org/2000/svg" '
                             'xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="50">'
                             f'<image xlink:href="{secret.as_uri()}" width="10" height="10"/>'
                             '<image href="../../../secret.png" width="10" height="10"/>'
                             f'<image href="{base}/tracker.png" width="10" height="10"/>'
                             '<rect width="5" height="5"/></svg>')
    use(project, "styled.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
                               f'<style>@import url({base}/more.css);</style>'
                               '<rect width="5" height="5"/></svg>')
    code, err = build_cli(project, capsys, "-o", str(tmp_path / "out"))
    assert code == 1, err
    assert f"PDF: refused to load {secret.as_uri()}" in err
    assert f"PDF: refused to load {base}/tracker.png" in err
    assert "warning: PDF: Failed to load image at 'handbook://project/content/images/styled.svg'" \
        in err  # WeasyPrint gives up on an SVG that imports a stylesheet
    assert requests == []


def test_a_logo_that_is_not_an_image(project, capsys):
    (project / "styles").mkdir()
    (project / "styles" / "logo.png").write_text("not a picture")
    config = project / "handbook.toml"
    config.write_text(config.read_text() + 'logo = "styles/logo.png"\n')
    line = len(config.read_text().splitlines())
    code, err = build_cli(project, capsys)
    assert code == 1, err
    assert f"handbook.toml:{line}: error: 'logo' = \"styles/logo.png\" is not a readable image " \
           "(cannot identify image file); save it again" in err


def test_an_svg_a_library_cannot_draw_is_a_warning_in_the_deck(project, capsys, tmp_path):
    use(project, "loop.svg", '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
                             '<g id="a"><use href="#a"/></g></svg>', alt="A loop")
    out = tmp_path / "out"
    code, err = build_cli(project, capsys, "-o", str(out), "--slides-only")
    assert code == 0
    # found when the chapter is read, so at its line, for the PDF and the slides alike
    assert "content/03-without-part.md:23: warning: SVG 'images/loop.svg' cannot be drawn " \
           "(CairoSVG: maximum recursion depth exceeded)" in err
    deck = Presentation(str(out / "slides" / "03-without-part.pptx"))
    described = [shape._element.nvPicPr.cNvPr.get("descr") for slide in deck.slides
                 for shape in slide.shapes if shape.shape_type == 13]
    assert "A loop" in described  # the placeholder, described by the alt text


def test_a_picture_a_deck_cannot_draw_is_warned_at_its_line(project, capsys, monkeypatch):
    """Left out of the slides (the PDF still shows it), and said once, at the chapter line
    that shows it, on the terminal and in the report."""
    import json

    from handbook.slides import pictures

    draw = pictures.picture_png

    def undrawable(path):
        if path.name == "diagram.svg":
            raise pictures.PictureError("cannot be drawn on a slide (a test)")
        return draw(path)

    monkeypatch.setattr(pictures, "picture_png", undrawable)
    report = project / "report.json"
    code, err = build_cli(project, capsys, "--slides-only", "-q", "--report", str(report))
    assert code == 0, err
    said = [line for line in err.splitlines() if "diagram.svg" in line]
    assert [line.split(": warning: ", 1) for line in said] == [[
        f"{project / 'content' / '03-without-part.md'}:13",
        "slides: picture diagram.svg cannot be drawn on a slide (a test); left out of the "
        "slide"]]
    found = [p for p in json.loads(report.read_text())["problems"] if "diagram" in p["message"]]
    assert [(p["file"], p["line"]) for p in found] == [("content/03-without-part.md", 13)]
