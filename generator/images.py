"""Lead images and logos: read from content/, checked, measured, and copied into the site.

An image named in content is a file under content/ (so that the up-to-date check and the
preview see it change), never a symbolic link, a PNG, JPEG or WebP of at most 5 MiB and 40
megapixels. The site gets it as it is, at static/images/<hash>.<ext>; an image shown on an
overview also gets a small WebP copy there (at most 640 pixels wide and 16 KiB), so that a
page stays light whatever the image the author gave.
"""
from __future__ import annotations

import hashlib
import io
import os
import stat
import struct
import warnings
from dataclasses import dataclass
from pathlib import Path

from . import project as layout

FOLDER = "static/images"
MAX_BYTES = 5 * 1024 * 1024  # X/Twitter's limit for a card image; Open Graph's consumers take more
MAX_PIXELS = 40_000_000
FORMATS = {"PNG": ("image/png", ".png"), "JPEG": ("image/jpeg", ".jpg"), "WEBP": ("image/webp", ".webp")}
SHOWN_WIDTHS = (640, 480, 360, 240)  # the shown copy fits a square of the first of these that keeps it small enough
SHOWN_QUALITIES = (80, 70, 60, 50, 40)
SHOWN_BYTES = 16 * 1024
SHOWN_MEDIA_TYPE = "image/webp"


class ImageProblem(Exception):
    """An image that cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class ImageFile:
    data: bytes
    sha256: str
    width: int  # as shown: after the EXIF orientation is applied
    height: int
    media_type: str
    extension: str


def read(project: Path, file: str) -> ImageFile:
    """The image at the project path file (as written in content), checked; ImageProblem otherwise."""
    parts = file.replace("\\", "/").split("/")
    if parts[0] != layout.CONTENT or len(parts) < 2:
        raise ImageProblem(f"`{_short(file)}` is not under content/; put images under content/ (e.g. content/images/), "
                           "where the build and the preview see them change")
    path = layout.content_path(project, file)
    for n in range(1, len(parts) + 1):
        step = project.joinpath(*parts[:n])
        if step.is_symlink():
            raise ImageProblem(f"`{_short('/'.join(parts[:n]))}` is a symbolic link; images may not be links: "
                               "copy the file in instead")
    try:
        info = path.lstat()
    except FileNotFoundError:
        raise ImageProblem(f"image file `{_short(file)}` does not exist; put the image under content/ "
                           "(e.g. content/images/) and name it here") from None
    except OSError as exc:
        raise ImageProblem(f"cannot read `{_short(file)}` ({(exc.strerror or str(exc)).lower()})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ImageProblem(f"`{_short(file)}` is {'a folder' if stat.S_ISDIR(info.st_mode) else 'not a regular file'}; "
                           "name a PNG, JPEG or WebP image file")
    if info.st_size > MAX_BYTES:
        raise ImageProblem(f"image is {info.st_size:,} bytes; the limit is {MAX_BYTES:,} (5 MiB); make it smaller "
                           "(1200 x 630 pixels suits every social network)")
    if info.st_size == 0:
        raise ImageProblem(f"image file `{_short(file)}` is empty; name a PNG, JPEG or WebP image")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ImageProblem(f"cannot read `{_short(file)}` ({(exc.strerror or str(exc)).lower()})") from None
    return measure(data, file)


def measure(data: bytes, file: str) -> ImageFile:
    """Check that data is a PNG, JPEG or WebP image of a size we take, and measure it."""
    from PIL import Image, UnidentifiedImageError
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind, width, height = image.format, image.width, image.height
                checked = kind in FORMATS and width * height <= MAX_PIXELS
                if checked:
                    image.verify()
            orientation = 1
            if checked:
                with Image.open(io.BytesIO(data)) as image:  # verify() leaves the image unusable: open it again
                    orientation = image.getexif().get(0x0112, 1)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ImageProblem(_too_many_pixels(file)) from None
    except UnidentifiedImageError:
        raise ImageProblem(f"`{_short(file)}` is not an image; use a PNG, JPEG or WebP file") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error):
        raise ImageProblem(f"`{_short(file)}` is a damaged image; save it again as PNG, JPEG or WebP") from None
    if kind not in FORMATS:
        raise ImageProblem(f"`{_short(file)}` is a {kind} image; use PNG, JPEG or WebP")
    if width * height > MAX_PIXELS:
        raise ImageProblem(_too_many_pixels(file, width, height))
    if orientation in (5, 6, 7, 8):  # turned a quarter: browsers show it turned, so width and height trade places
        width, height = height, width
    media_type, extension = FORMATS[kind]
    return ImageFile(data, hashlib.sha256(data).hexdigest(), width, height, media_type, extension)


def _too_many_pixels(file: str, width: int = 0, height: int = 0) -> str:
    size = f" is {width:,} x {height:,} pixels ({width * height / 1e6:.0f} megapixels);" if width else " has too many pixels;"
    return f"`{_short(file)}`{size} the limit is {MAX_PIXELS // 1_000_000} megapixels; make it smaller (1200 x 630 suits social cards)"


def site_path(image: ImageFile) -> str:
    return f"{FOLDER}/{image.sha256[:16]}{image.extension}"


_shown: dict[str, tuple[bytes, int, int]] = {}  # by the image's sha256: the preview makes each copy once


def shown_copy(image: ImageFile) -> tuple[bytes, int, int]:
    """A small WebP copy of an image, for showing on a page, its width and height."""
    if image.sha256 not in _shown:
        if len(_shown) > 64:
            _shown.clear()
        _shown[image.sha256] = _make_shown_copy(image.data)
    return _shown[image.sha256]


def _make_shown_copy(data: bytes) -> tuple[bytes, int, int]:
    """The largest of SHOWN_WIDTHS (the image fitting a square of that side, never enlarged) and the best
    of SHOWN_QUALITIES that keep it within SHOWN_BYTES. The same image always gives the same bytes.
    ImageProblem when even the smallest is too heavy."""
    from PIL import Image, ImageOps
    with Image.open(io.BytesIO(data)) as opened:
        opened.draft("RGB", (SHOWN_WIDTHS[0], SHOWN_WIDTHS[0]))  # JPEG: decode at a fraction of the size
        image = ImageOps.exif_transpose(opened)
        alpha = image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info)
        image = image.convert("RGBA" if alpha else "RGB")
    for side in SHOWN_WIDTHS:
        scale = min(1.0, side / max(image.width, image.height))
        size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
        small = image.resize(size, Image.Resampling.LANCZOS) if size != image.size else image
        for quality in SHOWN_QUALITIES:
            out = io.BytesIO()
            small.save(out, "WEBP", quality=quality, method=4)
            if out.tell() <= SHOWN_BYTES:
                return out.getvalue(), size[0], size[1]
    raise ImageProblem(f"even a copy {SHOWN_WIDTHS[-1]} pixels wide is over {SHOWN_BYTES // 1024} KiB; "
                       "leave out `show` (the image stays the social card)")


def shown_path(image: ImageFile, width: int) -> str:
    return f"{FOLDER}/{image.sha256[:16]}-{width}.webp"


def _short(text: str, limit: int = 80) -> str:
    text = text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    return text if len(text) <= limit else text[:limit - 1] + "…"
