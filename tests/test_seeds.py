"""Reading and splitting seeds: lede, headings, sentences, line and column."""
import hashlib
from pathlib import Path

import pytest

from generator.seeds import SeedError, read_seed_text, split_blocks

REPO = Path(__file__).resolve().parent.parent

# Articles handed to the project: a seed file of this name must be the original, byte for byte
# (and equal the copy kept beside every checkout, when there is one).
ORIGINALS = {
    "geneva-second-round.txt": ("174fe4717d8148b323e730f67574ef02b52b73963bb080b03f1e488eeeb2b8c2", "000_c27ea95cfef71281.txt"),
}


@pytest.mark.parametrize("name", sorted(ORIGINALS))
def test_a_known_article_is_the_original_byte_for_byte(name):
    seed = REPO / "seeds" / name
    if not seed.exists():
        pytest.skip(f"the project holds no seeds/{name}")
    sha256, shared_name = ORIGINALS[name]
    assert hashlib.sha256(seed.read_bytes()).hexdigest() == sha256
    shared = REPO.parent / "shared" / "seeds" / shared_name
    if shared.exists():  # beside every checkout of the project
        assert seed.read_bytes() == shared.read_bytes()


ARTICLE = """\
Talks between Northland and Southland ended in Lakeside. Both sides hinted at a new round.
Background of the dispute
The dispute began in 2019. It is about a river's water.
What was said
Northland's envoy Ana Berg said the talks would resume “in the near future.” For his part, Southland's minister Omar Diaz said nothing. Observers were not surprised.
Why it matters
The river feeds three countries.
"""


def test_an_article_splits_into_lede_three_sections_and_its_sentences(tmp_path):
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    text = read_seed_text(tmp_path / "article.txt", "seed")
    blocks = split_blocks(text)
    assert [b.kind for b in blocks] == ["lede", "heading", "paragraph", "heading", "paragraph", "heading", "paragraph"]
    assert [text[b.start:b.end] for b in blocks if b.kind == "heading"] == [
        "Background of the dispute",
        "What was said",
        "Why it matters",
    ]
    sentences = [s for b in blocks for s in b.sentences]
    assert len(sentences) == 8
    berg = sentences[4]
    assert text[berg.start:berg.end].endswith("“in the near future.”")  # a closing quote mark ends the sentence
    assert (berg.line, berg.col) == (5, 1)
    diaz = sentences[5]
    assert text[diaz.start:diaz.end].startswith("For his part")
    assert (diaz.line, diaz.col) == (5, 78)


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
