"""Points made short without cutting a sentence: a topic sentence, a clause boundary, the
sentence's own ending; never an ellipsis."""

from __future__ import annotations

import pytest

from handbook.model import Span
from handbook.slides.sentences import point, point_spans, sentences, shortened


@pytest.mark.parametrize(("text", "expected"), [
    ("Dr. Smith went home. He slept.", ["Dr. Smith went home.", "He slept."]),
    ("Use e.g. a table. Or not.", ["Use e.g. a table.", "Or not."]),
    ("One sentence only", ["One sentence only"]),
])
def test_sentences(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # short enough: whole
    ("The model predicts the next token.", "The model predicts the next token."),
    # a rhetorical question: the sentence that answers it
    ("How does it work? It predicts one token at a time.", "It predicts one token at a time."),
    # a sentence pointing at a table: the next one
    ("The table below sums it up. The rule: check what you cannot verify.",
     "The rule: check what you cannot verify."),
    # a teaser: with the sentence it announces
    ("AI has a physical side. Running models takes a lot of electricity.",
     "AI has a physical side. Running models takes a lot of electricity."),
])
def test_point_is_a_whole_topic_sentence(text, expected):
    assert point(text, 28) == expected


def test_a_long_sentence_is_shortened_at_a_clause_and_keeps_its_ending():
    long = ("Is this a task AI is good at, such as drafting, summarising or rephrasing, where "
            "the risks of using a tool are small and easy to check for anyone in the team?")
    assert shortened(long, 20) == ("Is this a task AI is good at, such as drafting, summarising"
                                   " or rephrasing?")
    semicolon = ("Context windows have grown quickly, from a few thousand tokens in early chat "
                 "assistants to hundreds of thousands in many tools by 2025; some models accept "
                 "a million or more.")
    assert shortened(semicolon, 28).endswith("by 2025.")


def test_no_cut_inside_what_a_colon_announces_nor_without_a_boundary():
    announced = ("The current wave builds on two developments: deep learning, which took off "
                 "around 2012, and the Transformer, a design for language models introduced in "
                 "2017 that most large language models still use.")
    assert shortened(announced, 20) == announced  # no fragment, no ellipsis
    plain = " ".join(["word"] * 40) + "."
    assert shortened(plain, 20) == plain


def test_formatting_survives_the_cut():
    spans = (Span("Narrow AI", bold=True), Span(" is built for particular tasks; it cannot "
                                                "do anything else, whatever its makers say "
                                                "about the future of the field and of work."))
    found = point_spans(spans, 8)
    assert found[0] == Span("Narrow AI", bold=True)
    assert "".join(s.text for s in found) == "Narrow AI is built for particular tasks."
