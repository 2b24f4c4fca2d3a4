"""Bullets shared over slides: each slide within the limits (six points, 70 words) and fitting
its box at 18 pt or more, the slides evened out; a point too big for a slide of its own goes on
in sentences (then clauses) over the next ones, never cut."""

from __future__ import annotations

from dataclasses import replace

from handbook.model import Span
from handbook.slides.points import in_columns, top_level
from handbook.slides.sentences import STRONG, sentences
from handbook.slides.spec import MAX_BULLETS, MAX_WORDS, MIN_BODY_PT, Bullet
from handbook.slides.textfit import fitting_scale


class Fitting:
    """The bullet-splitting half of the Planner (it has `geometry` and `warnings`)."""

    _layout: str | None = None  # the author's layout while a section's points are planned
    _narrow: float = 0.0  # points taken from the body's width
    _max_top: int = MAX_BULLETS  # bullets a slide may hold

    def _scale(self, bullets: list[Bullet]) -> float | None:
        """The font scale at which the bullets fit (each column of a multi-column layout)."""
        box, columns = self.geometry.body, 1
        if self._layout is not None:
            box, columns = self.geometry.layouts[self._layout]
        if self._narrow:
            box = replace(box, width_pt=box.width_pt - self._narrow)
        scales = [fitting_scale([(b.text, b.level) for b in group], box, self.geometry.levels,
                                MIN_BODY_PT) for group in in_columns(bullets, columns)]
        return None if None in scales else min(scales, default=1.0)

    def _fits(self, bullets: list[Bullet]) -> bool:
        words = sum(b.words for b in bullets)
        return (top_level(bullets) <= self._max_top and words <= MAX_WORDS
                and self._scale(bullets) is not None)

    def _split(self, units: list[list[Bullet]]) -> list[list[Bullet]]:
        """Greedy split into fitting slides, then evened out over the same number of slides."""
        units = [part for unit in units for part in self._pieces(unit)]
        greedy = self._greedy(units, len(units))
        if len(greedy) > 1:
            per = -(-len(units) // len(greedy))
            balanced = self._greedy(units, per)
            if len(balanced) == len(greedy):
                return balanced
        return greedy

    def _greedy(self, units: list[list[Bullet]], max_units: int) -> list[list[Bullet]]:
        chunks: list[list[Bullet]] = []
        current: list[Bullet] = []
        count = 0
        for unit in units:
            if current and (count >= max_units or not self._fits(current + unit)):
                chunks.append(current)
                current, count = [], 0
            current = current + unit
            count += 1
        if current:
            chunks.append(current)
        return chunks

    def _pieces(self, unit: list[Bullet]) -> list[list[Bullet]]:
        """A bullet with its sub-bullets, as units that each fit a slide: the sub-bullets
        apart from their parent, a long bullet as its sentences, a long sentence as its
        clauses."""
        if self._fits(unit):
            return [unit]
        if len(unit) > 1:
            return [p for part in ([unit[0]], *([b] for b in unit[1:])) for p in
                    self._pieces(part)]
        bullet = unit[0]
        parts = sentences(bullet.text)
        if len(parts) == 1:
            parts = [p for p in STRONG.split(bullet.text) if p]
        if len(parts) == 1:
            runs = self._word_runs(bullet)
            self.warnings.append(f"a point too long for a slide of its own: {bullet.text[:60]}"
                                 f" (no sentence or clause ends in its {bullet.words} words: it "
                                 f"goes on over {len(runs)} parts; break it into sentences)")
            return runs
        return [p for text in parts for p in self._pieces([Bullet((Span(text),), bullet.level)])]

    def _word_runs(self, bullet: Bullet) -> list[list[Bullet]]:
        """A point with no sentence or clause to end at, as runs of words that each fit a
        slide at a readable size, marked as going on ("… "), never cut."""
        words = bullet.text.split()
        size = MAX_WORDS * 6 // 7  # as many words as a slide takes at its smallest type
        while True:
            count = -(-len(words) // size)
            per = -(-len(words) // count)
            texts = [" ".join(words[i:i + per]) for i in range(0, len(words), per)]
            texts = [("… " if i else "") + t + (" …" if i < len(texts) - 1 else "")
                     for i, t in enumerate(texts)]
            runs = [[Bullet((Span(t),), bullet.level)] for t in texts]
            if size <= 5 or all(self._fits(run) for run in runs):
                return runs
            size = size * 3 // 4
