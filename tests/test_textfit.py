"""Measuring and fitting slide text."""

from __future__ import annotations

from handbook.slides.textfit import Box, LevelStyle, fitting_scale, text_width_pt, wrapped_lines

LEVELS = {0: LevelStyle(24, indent_pt=27, space_before_pt=10, line_spacing=1.05)}
BODY = Box(873, 371)


def test_width_grows_with_text_and_size():
    assert text_width_pt("Hello world", 24) > text_width_pt("Hello", 24) > 0
    assert abs(text_width_pt("Hello", 48) - 2 * text_width_pt("Hello", 24)) < 0.01


def test_wrapping_counts_lines():
    assert wrapped_lines("short", 500, 24) == 1
    assert wrapped_lines("word " * 100, 500, 24) > 5
    assert wrapped_lines("x" * 400, 200, 24) > 3  # a word longer than the line breaks


def test_fitting_scale_shrinks_then_gives_up():
    assert fitting_scale([("A short bullet", 0)], BODY, LEVELS, 18) == 1.0
    crowded = [("A bullet that is long enough to wrap over two lines of the slide " * 3, 0)] * 5
    scale = fitting_scale(crowded, BODY, LEVELS, 18)
    assert scale is not None and 0.75 <= scale < 1.0
    overfull = [("many words " * 40, 0)] * 6
    assert fitting_scale(overfull, BODY, LEVELS, 18) is None
