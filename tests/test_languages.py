"""Seeds in any language: quote marks of every style anchor to any other, and sentences are
counted as a reader of the language counts them (hand-counted fixtures in tests/fixtures/quotes)."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.anchor import Match, find_quote, normalise
from generator.seeds import split_blocks

QUOTES = Path(__file__).parent / "fixtures" / "quotes"
CASES = yaml.safe_load((QUOTES / "quotes.yaml").read_text(encoding="utf-8"))


def sentences(text: str) -> list[str]:
    return [text[s.start:s.end] for block in split_blocks(text) for s in block.sentences]


@pytest.mark.parametrize("case", CASES["quotes"], ids=lambda c: f"{c['file']}:{c['exact'][:24]}")
def test_a_quote_written_with_other_marks_anchors_to_the_seeds_own_words(case):
    text = (QUOTES / case["file"]).read_text(encoding="utf-8")
    found = find_quote(normalise(text), case["exact"])
    assert isinstance(found, Match), found
    assert text[found.start:found.end] == case["expect"]  # the original, with its own marks, is highlighted


def test_a_ukrainian_article_has_the_sentences_a_reader_counts():
    text = (QUOTES / "uk-sentences.txt").read_text(encoding="utf-8")
    found = sentences(text)
    assert len(found) == CASES["uk_sentences"], found
    assert "«Ми готові ділитися водою. Але не ціною наших полів», — заявила" in found[3]  # one sentence with its quote
    assert found[-1].startswith("12 громад")


@pytest.mark.parametrize("text, count", [
    ("Переговоры завершились. Стороны, по словам г. Иванова, «договорились о главном». Следующий раунд — в мае.", 3),
    ("Він сказав: «Досить!» — і вийшов. Ніхто не заперечив.", 2),
    ("Міністр В. П. Шевченко прибув до м. Києва. Зустріч тривала 2,5 год. Потім він поїхав.", 3),
    ("قال الوزير إن المحادثات مفيدة. وأضاف أن جولة جديدة ستعقد قريبا. هل ستنجح؟ لا أحد يعرف.", 4),
    ("会談は終わった。双方は「前進した」と述べた！次回は来月だ。", 3),
    ("Talks ended in Geneva. Mr. Smith said the U.S. would return. J. Doe agreed.", 3),
])
def test_sentences_in_several_scripts(text, count):
    assert len(sentences(text)) == count, sentences(text)
