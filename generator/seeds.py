"""Read a seed document and split it into lede, headings, paragraphs and sentences.

Offsets, lines and columns refer to the decoded text with any BOM removed and
line endings turned into "\\n", so a BOM or CRLF seed anchors like its plain form.
"""
from __future__ import annotations

import errno
import functools
import os
import re
import stat
from pathlib import Path

from .errors import Location, Problem
from .model import Block, Sentence

MAX_SEED_BYTES = 2 * 1024 * 1024
HEADING_MAX_CHARS = 100
END_PUNCTUATION = ".!?:;,\"'”’»)…。！？؟」』›"
ABBREVIATIONS = {
    # English
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "col", "lt", "sgt", "rev", "jr", "sr", "vs", "no", "u.s", "u.k",
    "u.n", "e.g", "i.e", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    # Ukrainian and Russian: місто/город, стаття/статья, так званий/так называемый, тисяча, рік/год, вулиця...
    "м", "г", "ст", "зв", "наз", "тис", "р", "рр", "гг", "вул", "ул", "обл", "див", "см", "напр", "ін", "др", "пп", "п",
    "ім", "им", "акад", "проф", "т.д", "т.п", "т.зв", "т.н",
}
SENTENCE_MARKS = ".!?…؟"  # a full stop, ! ? …, and the Arabic question mark, followed by a space
CJK_SENTENCE_MARKS = "。！？"  # these end a sentence with no space after them
CLOSERS = "\"'”’»›)]」』"
OPENERS = "\"'“‘„«‹([「『—–-"
QUOTE_PAIRS = {"«": "»", "「": "」", "『": "』"}  # marks that open and close unambiguously


def _starts_sentence(char: str) -> bool:
    """A capital letter of any script, a digit, or a letter of a script without case (Arabic, CJK...)."""
    return char.isupper() or char.isdigit() or (char.isalpha() and not char.islower())


class SeedError(Exception):
    def __init__(self, problem: Problem):
        self.problem = problem
        super().__init__(str(problem))


def read_seed_text(path: Path, shown_path: str) -> str:
    """Decode a seed file: UTF-8 only, BOM dropped, line endings made "\\n"."""
    try:
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:  # a FIFO in its place must not hang
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise SeedError(Problem(Location(shown_path), "is not a regular file; put the article's text in a file there"))
            size = info.st_size
            if size > MAX_SEED_BYTES:
                raise SeedError(Problem(Location(shown_path), f"seed is {size:,} bytes; the limit is {MAX_SEED_BYTES:,}; split the document"))
            data = file.read(MAX_SEED_BYTES + 1)
    except OSError as exc:
        raise SeedError(Problem(Location(shown_path), seed_file_problem(path, exc) or f"cannot be read: {exc.strerror or exc}")) from None
    if len(data) > MAX_SEED_BYTES:  # grew while being read
        raise SeedError(Problem(Location(shown_path), f"seed is over {MAX_SEED_BYTES:,} bytes; the limit is {MAX_SEED_BYTES:,}; split the document"))
    if b"\0" in data:
        raise SeedError(Problem(_location_of_byte(data, data.index(b"\0"), shown_path), "NUL byte: this looks like a binary file, not a text seed; save the article as UTF-8 text"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SeedError(Problem(_location_of_byte(data, exc.start, shown_path), "not valid UTF-8; save the seed as UTF-8 text")) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def seed_file_problem(path: Path, error: OSError | None = None) -> str | None:
    """What keeps a seed file from being opened, in words, when it is more than a missing file
    (which the caller reports itself): a symlink loop, a name too long, no permission..."""
    if error is None:
        try:
            path.stat()
            return None
        except OSError as exc:
            error = exc
        except ValueError:  # a NUL or a character the file system's encoding lacks: it cannot exist
            return None
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return None
    if error.errno == errno.ELOOP:
        return "is a symbolic link that leads back to itself (a loop); make it point at the article, or put the article there"
    if error.errno == errno.ENAMETOOLONG:
        longest = max(len(os.fsencode(part)) for part in path.parts)
        return (f"is too long a file name: {longest:,} bytes in one part, more than the file system allows (usually 255); "
                "rename the file and this `file`")
    if error.errno == errno.EISDIR:
        return "is a folder; name the article's file"
    return f"cannot be read: {error.strerror or error}; check that the file can be read"


def seed_is_blank(path: Path) -> bool:
    """True for a seed file that is empty or holds only whitespace (checked for files of up to 64 KiB)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size > 65536:  # a FIFO or device would block a read
            return False
        return not path.read_bytes().decode("utf-8", "replace").strip("\ufeff \t\n\r\f\v")
    except (OSError, ValueError):
        return False


def _location_of_byte(data: bytes, index: int, shown_path: str) -> Location:
    before = data[:index].removeprefix(b"\xef\xbb\xbf").replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    line_start = before.rfind(b"\n") + 1
    col = len(before[line_start:].decode("utf-8", "replace")) + 1
    return Location(shown_path, before.count(b"\n") + 1, col)


@functools.lru_cache(maxsize=2048)  # a long-running preview re-splits only the seeds that changed
def split_blocks(text: str, markdown: bool = False) -> tuple[Block, ...]:
    """Split seed text into blocks (the first paragraph is the lede) with their sentences."""
    lines = _lines_with_offsets(text)
    hard_wrapped = markdown or re.search(r"\S[ \t]*\n[ \t]*\n[ \t]*\S", text) is not None
    raw: list[tuple[str, int, int]] = []  # (kind, start, end)
    current: list[tuple[int, int]] = []

    def flush() -> None:
        if current:
            raw.append(("paragraph", current[0][0], current[-1][1]))
            current.clear()

    for index, (start, end) in enumerate(lines):
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        heading = _markdown_heading_start(line) if markdown else None
        if heading is None and not markdown and _looks_like_heading(lines, index, text):
            heading = len(line) - len(line.lstrip())
        if heading is not None:
            flush()
            raw.append(("heading", start + heading, start + len(line.rstrip())))
            continue
        lead = len(line) - len(line.lstrip())
        current.append((start + lead, start + len(line.rstrip())))
        if not hard_wrapped:
            flush()
    flush()

    blocks = []
    seen_paragraph = False
    sentence_number = 0
    for kind, start, end in raw:
        if kind == "paragraph" and not seen_paragraph:
            kind, seen_paragraph = "lede", True
        sentences = ()
        if kind != "heading":
            sentences = tuple(
                Sentence(sentence_number + i + 1, s, e, *line_col(text, s))
                for i, (s, e) in enumerate(split_sentences(text, start, end))
            )
            sentence_number += len(sentences)
        blocks.append(Block(kind, start, end, line_col(text, start)[0], sentences))
    return tuple(blocks)


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence boundaries inside text[start:end], as (start, end) offsets.

    A sentence ends at a sentence mark (and any closing quotes or brackets) followed by a space
    and a capital, a digit or a letter of a caseless script, possibly after opening quotes or a
    dash; or at 。！？. Not after an abbreviation or an initial ("В. Кравець"), and not inside
    «…» or 「…」: a quotation with its attribution ("«…», — заявила …") is one sentence.
    """
    result = []
    begin = at = start
    open_quotes: list[str] = []
    while at < end:
        char = text[at]
        if char in QUOTE_PAIRS:
            open_quotes.append(QUOTE_PAIRS[char])
        elif open_quotes and char == open_quotes[-1]:
            open_quotes.pop()
        if char in SENTENCE_MARKS or char in CJK_SENTENCE_MARKS:
            stop = at + 1
            while stop < end and text[stop] in CLOSERS:
                if open_quotes and text[stop] == open_quotes[-1]:
                    open_quotes.pop()
                stop += 1
            if not open_quotes and _ends_sentence(text, begin, at, stop, end):
                result.append((begin, stop))
                begin = stop
                while begin < end and text[begin].isspace():
                    begin += 1
                at = begin
                continue
            at = stop
            continue
        at += 1
    if begin < end:
        result.append((begin, end))
    return result


def _ends_sentence(text: str, begin: int, mark: int, stop: int, end: int) -> bool:
    """Whether the sentence mark at `mark` (closers up to `stop`) ends a sentence."""
    if stop >= end:
        return False
    if text[mark] in CJK_SENTENCE_MARKS:
        return True
    following = stop
    while following < end and text[following].isspace():
        following += 1
    if following == stop or following >= end:
        return False  # no space after it: a decimal point, an ellipsis inside a word, "U.S."
    while following < end and (text[following] in OPENERS or text[following].isspace()):
        following += 1
    if following >= end or not _starts_sentence(text[following]):
        return False
    if text[mark] == ".":
        word = re.search(r"([\w.]+)\.$", text[begin:mark + 1])
        if word and (word.group(1).lower() in ABBREVIATIONS or _is_initial(word.group(1))):
            return False
    return True


def _is_initial(word: str) -> bool:
    """One capital letter: the initial of a name ("О. Гнатюк", "J. Smith")."""
    return len(word) == 1 and word.isupper()


def line_col(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


def _lines_with_offsets(text: str) -> list[tuple[int, int]]:
    result, start = [], 0
    for line in text.split("\n"):
        result.append((start, start + len(line)))
        start += len(line) + 1
    return result


def _markdown_heading_start(line: str) -> int | None:
    match = re.match(r"\s{0,3}#{1,6}\s+", line)
    return match.end() if match else None


def _looks_like_heading(lines: list[tuple[int, int]], index: int, text: str) -> bool:
    """A short line without end punctuation, after a finished paragraph or at the top."""
    start, end = lines[index]
    line = text[start:end].strip()
    if len(line) > HEADING_MAX_CHARS or line.endswith(tuple(END_PUNCTUATION)):
        return False
    if index == 0:
        return True  # a title line above the lede
    previous = text[lines[index - 1][0]:lines[index - 1][1]].rstrip()
    return not previous or previous.endswith(tuple(".!?\"'”’»)…"))
