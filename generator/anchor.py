"""Find a quoted passage in a seed, as the W3C TextQuoteSelector does.

Matching normalises only Unicode NFC, runs of whitespace (no-break and narrow no-break
spaces included) and quote marks and apostrophes of every language, which count as one mark;
the result is always offsets into the original text.
"""
from __future__ import annotations

import difflib
import functools
import heapq
import re
import unicodedata
from array import array
from dataclasses import dataclass

# Every language's quote marks and apostrophes are one mark to anchoring: an author may quote a
# Ukrainian «…», a German „…“ or a Japanese 「…」 with straight quotes, and the reverse.
DOUBLE_QUOTES = "\"“”„‟«»″＂「」『』〝〞"
SINGLE_QUOTES = "'‘’‚‛′＇‹›"
QUOTE_FOLD = str.maketrans({c: '"' for c in DOUBLE_QUOTES + SINGLE_QUOTES})
CANDIDATE_MIN_RATIO = 0.6
# The closest-passage search is bounded whatever the seed and quote lengths: windows of the seed
# are ranked by the character trigrams they share with the quote (one pass over the seed's words),
# and only the best CLOSEST_CANDIDATES are compared in full; quotes longer than CLOSEST_CHAR_LIMIT
# characters are compared word by word rather than character by character.
CLOSEST_CANDIDATES = 12
CLOSEST_CHAR_LIMIT = 300
WHITESPACE_RUN = re.compile(r"\s+")


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: normalise() gives one per text
class NormalisedText:
    """Normalised text plus, for each of its characters, the original characters behind it."""

    text: str
    starts: array  # of int; arrays, as tuples of ints would take nine times the memory
    ends: array

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of normalised text[start:end]."""
        return self.starts[start], self.ends[end - 1]


@functools.lru_cache(maxsize=2048)  # a long-running preview re-reads only the seeds that changed
def normalise(text: str) -> NormalisedText:
    if unicodedata.is_normalized("NFC", text):
        return _normalise_composed(text)
    return _normalise_by_runs(text)


def _normalise_composed(text: str) -> NormalisedText:
    """The common case, text already in NFC: one character in, one out, but for whitespace runs."""
    folded = text.translate(QUOTE_FOLD)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    at = 0
    for run in WHITESPACE_RUN.finditer(folded):
        pieces += (folded[at:run.start()], " ")
        starts += range(at, run.start())
        ends += range(at + 1, run.start() + 1)
        starts.append(run.start())
        ends.append(run.end())
        at = run.end()
    pieces.append(folded[at:])
    starts += range(at, len(folded))
    ends += range(at + 1, len(folded) + 1)
    return NormalisedText("".join(pieces), array("i", starts), array("i", ends))


def _normalise_by_runs(text: str) -> NormalisedText:
    """Text with decomposed characters: compose each character with its marks, keeping offsets."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for run_start, run_end in _composition_runs(text):
        run = text[run_start:run_end]
        composed = unicodedata.normalize("NFC", run) if not run.isascii() else run
        if len(composed) == len(run):
            origins = [(i, i + 1) for i in range(run_start, run_end)]
        else:
            origins = [(run_start, run_end)] * len(composed)
        for char, (start, end) in zip(composed.translate(QUOTE_FOLD), origins):
            if char.isspace():
                if chars and chars[-1] == " ":
                    ends[-1] = end
                    continue
                char = " "
            chars.append(char)
            starts.append(start)
            ends.append(end)
    return NormalisedText("".join(chars), array("i", starts), array("i", ends))


def normalise_quote(quote: str) -> str:
    """The normalised form of a quote: the same text normalise() gives, without the offsets."""
    folded = unicodedata.normalize("NFC", quote).translate(QUOTE_FOLD)
    return WHITESPACE_RUN.sub(" ", folded)


def _composition_runs(text: str):
    """Runs of text that NFC composes independently: a starter and its combining marks."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or unicodedata.combining(text[index]) == 0 and not _joins(text, index):
            yield start, index
            start = index


def _joins(text: str, index: int) -> bool:
    """True when two starters compose with each other (e.g. Hangul jamo)."""
    pair = text[index - 1:index + 1]
    return not pair.isascii() and len(unicodedata.normalize("NFC", pair)) < 2


@dataclass(frozen=True)
class Match:
    start: int
    end: int


@dataclass(frozen=True)
class NotFound:
    closest: Match | None
    similarity: float


@dataclass(frozen=True)
class Ambiguous:
    matches: tuple[Match, ...]


@dataclass(frozen=True)
class OutOfContext:
    """The exact text occurs, but never between the given prefix and suffix."""

    matches: tuple[Match, ...]


@functools.lru_cache(maxsize=1 << 17)  # a long-running preview re-anchors only the quotes of seeds that changed
def find_quote(seed: NormalisedText, exact: str, prefix: str = "", suffix: str = "") -> Match | NotFound | Ambiguous | OutOfContext:
    """Locate exact (optionally between prefix and suffix) in a normalised seed."""
    needle = normalise_quote(exact).strip()
    before = normalise_quote(prefix).strip()
    after = normalise_quote(suffix).strip()
    hay = seed.text
    found, anywhere = [], []
    at = hay.find(needle)
    while needle and at != -1:
        end = at + len(needle)
        anywhere.append(Match(*seed.span(at, end)))
        # whitespace is one space in normalised text: look only as far as the prefix and suffix reach
        if (hay[max(0, at - len(before) - 1):at].rstrip().endswith(before)
                and hay[end:end + len(after) + 1].lstrip().startswith(after)):
            found.append(anywhere[-1])
        at = hay.find(needle, at + 1)
    if len(found) == 1:
        return found[0]
    if found:
        return Ambiguous(tuple(found))
    if anywhere:
        return OutOfContext(tuple(anywhere))
    return _closest(seed, needle)


def _closest(seed: NormalisedText, needle: str) -> NotFound:
    """The passage of the seed most like the needle, among word windows of about its length.

    Bounded in time: the windows are ranked by a cheap score in one pass over the seed, and
    only the best few are compared with difflib (by words, for a long needle)."""
    words = [(m.start(), m.end()) for m in re.finditer(r"\S+", seed.text)]
    if not needle or not words:
        return NotFound(None, 0.0)
    needle_words = needle.split()
    size = max(1, len(needle_words))
    by_words = len(needle) > CLOSEST_CHAR_LIMIT
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(needle_words if by_words else needle)
    shifts = (0,) if by_words else (-1, 0, 1)
    widths = (size,) if by_words else tuple(sorted({max(1, size - 1), size, size + 1}))
    best, best_ratio, tried = None, 0.0, set()
    for start_word in _candidate_windows(seed.text, words, needle_words, size):
        for shift in shifts:
            for width in widths:
                i = start_word + shift
                if i < 0 or i >= len(words) or (i, width) in tried:
                    continue
                tried.add((i, width))
                j = min(i + width, len(words)) - 1
                start, end = words[i][0], words[j][1]
                window = seed.text[start:end]
                matcher.set_seq1(window.split() if by_words else window)
                if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                    continue
                ratio = matcher.ratio()
                if ratio > best_ratio:
                    best, best_ratio = (start, end), ratio
    if best is None or best_ratio < CANDIDATE_MIN_RATIO:
        return NotFound(None, best_ratio)
    return NotFound(Match(*seed.span(*best)), best_ratio)


def _candidate_windows(text: str, words: list[tuple[int, int]], needle_words: list[str], size: int) -> list[int]:
    """The first words of the CLOSEST_CANDIDATES windows of `size` words sharing the most character
    trigrams with the needle, best first, no two starting within a quarter window of each other."""
    wanted = {gram for word in needle_words for gram in _trigrams(word)}
    scores: dict[str, int] = {}
    weights = []
    for start, end in words:
        word = text[start:end]
        if word not in scores:
            scores[word] = sum(gram in wanted for gram in _trigrams(word))
        weights.append(scores[word])
    width = min(size, len(words))
    window = sum(weights[:width])
    sums = [window]
    for i in range(width, len(words)):
        window += weights[i] - weights[i - width]
        sums.append(window)
    radius = max(1, size // 4)
    ranked = [(-score, i) for i, score in enumerate(sums)]
    heapq.heapify(ranked)
    chosen: list[int] = []
    while ranked and len(chosen) < CLOSEST_CANDIDATES:
        _, i = heapq.heappop(ranked)
        if all(abs(i - c) > radius for c in chosen):
            chosen.append(i)
    return chosen


def _trigrams(word: str) -> list[str]:
    padded = f" {word.lower()} "
    return [padded[i:i + 3] for i in range(len(padded) - 2)]
