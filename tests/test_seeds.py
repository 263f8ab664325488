"""Reading and splitting seeds: lede, headings, sentences, line and column."""
import hashlib
from pathlib import Path

import pytest

from generator.seeds import SeedError, read_seed_text, split_blocks

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "seeds" / "geneva-second-round.txt"


ARTICLE_SHA256 = "174fe4717d8148b323e730f67574ef02b52b73963bb080b03f1e488eeeb2b8c2"


def test_the_seed_is_the_original_article_byte_for_byte():
    assert hashlib.sha256(SEED.read_bytes()).hexdigest() == ARTICLE_SHA256
    shared = REPO.parent / "shared" / "seeds" / "000_c27ea95cfef71281.txt"
    if shared.exists():  # beside every checkout of the project
        assert SEED.read_bytes() == shared.read_bytes()


def test_geneva_seed_splits_into_lede_three_sections_and_fifteen_sentences():
    text = read_seed_text(SEED, "seed")
    blocks = split_blocks(text)
    assert [b.kind for b in blocks] == ["lede", "heading", "paragraph", "heading", "paragraph", "heading", "paragraph"]
    assert [text[b.start:b.end] for b in blocks if b.kind == "heading"] == [
        "Background of the conflict and roots of the tension",
        "Conflicting statements and ongoing challenges",
        "Regional and international importance of the negotiations",
    ]
    sentences = [s for b in blocks for s in b.sentences]
    assert len(sentences) == 15
    medinsky = sentences[7]
    assert text[medinsky.start:medinsky.end].endswith("“in the near future.”")
    assert (medinsky.line, medinsky.col) == (5, 1)
    zelensky = sentences[8]
    assert text[zelensky.start:zelensky.end].startswith("For his part")
    assert (zelensky.line, zelensky.col) == (5, 211)


def test_abbreviations_do_not_end_sentences():
    text = "Mr. Smith met Dr. Jones in the U.S. capital. They talked.\n"
    sentences = [text[s.start:s.end] for b in split_blocks(text) for s in b.sentences]
    assert sentences == ["Mr. Smith met Dr. Jones in the U.S. capital.", "They talked."]


def test_hard_wrapped_paragraphs_are_joined_and_markdown_headings_found():
    text = "# Title\n\nFirst line of the lede\ncontinues here. Second sentence.\n\n## Section\n\nBody text.\n"
    blocks = split_blocks(text, markdown=True)
    assert [(b.kind, text[b.start:b.end]) for b in blocks] == [
        ("heading", "Title"),
        ("lede", "First line of the lede\ncontinues here. Second sentence."),
        ("heading", "Section"),
        ("paragraph", "Body text."),
    ]


def test_bom_and_crlf_give_the_same_text_as_plain(tmp_path):
    plain = "Lede here.\nHeading\nBody “quoted.”\n"
    (tmp_path / "plain.txt").write_bytes(plain.encode())
    (tmp_path / "crlf.txt").write_bytes(b"\xef\xbb\xbf" + plain.replace("\n", "\r\n").encode())
    a = read_seed_text(tmp_path / "plain.txt", "plain.txt")
    b = read_seed_text(tmp_path / "crlf.txt", "crlf.txt")
    assert a == b and split_blocks(a) == split_blocks(b)


@pytest.mark.parametrize("data, message", [
    (b"Good text\nbad \xff byte\n", "seeds/x.txt:2:5: not valid UTF-8; save the seed as UTF-8 text"),
    (b"PK\x03\x04\x00\x00binary", "seeds/x.txt:1:5: NUL byte: this looks like a binary file, not a text seed; save the article as UTF-8 text"),
])
def test_undecodable_seeds_are_refused_with_their_place(tmp_path, data, message):
    (tmp_path / "x.txt").write_bytes(data)
    with pytest.raises(SeedError) as caught:
        read_seed_text(tmp_path / "x.txt", "seeds/x.txt")
    assert str(caught.value) == message
