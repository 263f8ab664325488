"""Social cards: the PNG image a page shares when its explainer (or the site) names no lead image.

One card per explainer and one for the site, 1200 x 630 pixels (what Open Graph and X/Twitter's
large summary card show best): a kicker, the title, the site's name. Drawn with Pillow in DejaVu
Sans where it is installed (FONT: Latin, Cyrillic, Greek, Arabic, Hebrew...), else in the font Pillow
ships (`ImageFont.load_default(size=...)`, basic Latin only), so no system font is needed; the same
texts give the same bytes on any machine with the same Pillow and the same font file (whose digest
is in the card's file name).

A text with letters the font does not have (中 in DejaVu Sans; é, я in Pillow's) is left off the card
rather than drawn with empty boxes; the card's alt text still names it. Right-to-left text is drawn in
its logical order only where Pillow has Raqm; without it such a text is left off too.
"""
from __future__ import annotations

import functools
import hashlib
import io
import unicodedata
from pathlib import Path

WIDTH, HEIGHT = 1200, 630
MEDIA_TYPE = "image/png"
FOLDER = "static/cards"
VERSION = "1"  # of the design below: a new design gives new file names
MARGIN = 80
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
BACKGROUND, ACCENT, TEXT, MUTED = (34, 34, 34), (244, 197, 66), (255, 255, 255), (200, 200, 200)
# Characters drawn as another the font has: dashes, spaces, quotes.
SUBSTITUTES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
                             "\u2212": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "\u200a": " ",
                             "\u2032": "'", "\u2033": '"', "\u201a": ",", "\u201e": '"', "\u2039": "<", "\u203a": ">"})


def path(name: str, texts: tuple[str, ...]) -> str:
    """The card's file in the site: named after its owner and a hash of what is drawn on it, so a
    changed title (or design, or Pillow) is a new address, which social networks fetch again."""
    from PIL import __version__ as pillow
    digest = hashlib.sha256("\0".join((VERSION, pillow, _font_id(), *texts)).encode("utf-8")).hexdigest()[:12]
    return f"{FOLDER}/{name}-{digest}.png"


@functools.lru_cache(maxsize=512)
def render(texts: tuple[str, str, str]) -> bytes:
    """The PNG bytes of a card with a kicker, a title and a footer (any of them may be "")."""
    from PIL import Image, ImageDraw
    kicker, title, footer = (_drawable(t) for t in texts)
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 16, HEIGHT), fill=ACCENT)
    width = WIDTH - 2 * MARGIN
    top = MARGIN
    if kicker:
        font = _font(34)
        draw.text((MARGIN, top), _fit(kicker, font, width), font=font, fill=ACCENT)
        top += 70
    footer_top = HEIGHT - MARGIN - 30
    if footer:
        font = _font(30)
        draw.line((MARGIN, footer_top - 28, MARGIN + 120, footer_top - 28), fill=ACCENT, width=4)
        draw.text((MARGIN, footer_top), _fit(footer, font, width), font=font, fill=MUTED)
    if title:
        room = footer_top - 56 - top
        for size in (72, 60, 50, 42):
            font = _font(size)
            step = round(size * 1.2)
            lines = _wrap(title, font, width)
            if len(lines) * step <= room:
                break
        most = max(1, room // step)
        if len(lines) > most:  # still too long at the smallest size: cut the last line that fits
            lines = lines[:most]
            lines[-1] = _fit(lines[-1] + " …", font, width, force=True)
        for n, line in enumerate(lines):
            draw.text((MARGIN, top + n * step), line, font=font, fill=TEXT)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, compress_level=3)  # fast: a card is made anew each build
    return out.getvalue()


@functools.lru_cache(maxsize=1)
def _font_id() -> str:
    """Which font the cards are drawn in: the digest of DejaVu Sans's file, or "" for Pillow's own."""
    try:
        return hashlib.sha256(FONT.read_bytes()).hexdigest()
    except OSError:
        return ""


@functools.lru_cache(maxsize=16)
def _font(size: int):
    from PIL import ImageFont
    if _font_id():
        return ImageFont.truetype(str(FONT), size=size, layout_engine=ImageFont.Layout.BASIC)
    return ImageFont.load_default(size=size)


_RTL = {"R", "AL", "AN"}  # bidirectional classes of right-to-left letters and Arabic digits


@functools.lru_cache(maxsize=1)
def _missing() -> tuple:
    return _mask("\U0010fffd")  # a private-use character: no font has a glyph for it


def _mask(char: str) -> tuple:
    mask = _font(40).getmask(char)
    return mask.size, bytes(mask)


@functools.lru_cache(maxsize=4096)
def _has(char: str) -> bool:
    return char.isspace() or _mask(char) != _missing()


def _drawable(text: str) -> str:
    """The text as the card's font can draw it (dashes and odd spaces made plain), or "" when
    it holds a letter the font does not have."""
    text = " ".join(unicodedata.normalize("NFC", text).translate(SUBSTITUTES).split())
    if any(unicodedata.bidirectional(c) in _RTL for c in text):
        return ""  # the basic layout draws letters in storage order: right-to-left words would come out reversed
    return text if all(_has(c) for c in set(text)) else ""


def _wrap(text: str, font, width: int) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and font.getlength(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(_fit(word, font, width))
    return lines


def _fit(text: str, font, width: int, force: bool = False) -> str:
    """text, cut with an ellipsis to fit width (force: the ellipsis at its end is kept)."""
    if not force and font.getlength(text) <= width:
        return text
    body = text[:-2] if force else text
    while body and font.getlength(body.rstrip() + " …") > width:
        body = body.rsplit(" ", 1)[0] if " " in body.strip() else body[:-1]  # a word at a time, while there are words
    return body.rstrip() + " …" if body else "…"
