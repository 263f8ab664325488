"""Export every citation as a W3C Web Annotation (JSON-LD), so any annotation client can replay them.

One annotation per seed span: the spans of `cite` lists and the quotes of statements.
Its target is the seed (its URL, else its path in the project) with a
TextQuoteSelector (the seed's own words, with up to 32 characters of real seed text
before and after) and a TextPositionSelector (offsets in Unicode code points into
the seed text as `read_seed_text` reads it: BOM removed, line endings "\\n"). Its body
links to the item of the explainer that cites the passage.
"""
from __future__ import annotations

import json
import os
import tempfile
import uuid
from pathlib import Path

from .model import Seed, Site, Span

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_CHARS = 32  # characters of seed text kept before and after each quote
FILE_NAME = "annotations.jsonld"


def _iri(base: str, path: str, key: str) -> str:
    """An IRI under the published site when its address is known, else a stable urn:uuid."""
    if base:
        return base + path
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'explainer:' + key)}"


def annotation(seed: Seed, span: Span, base: str, quoted: bool, language: str) -> dict:
    text = seed.text
    quote = {"type": "TextQuoteSelector", "exact": text[span.start:span.end]}
    prefix, suffix = text[max(0, span.start - CONTEXT_CHARS):span.start], text[span.end:span.end + CONTEXT_CHARS]
    if prefix:
        quote["prefix"] = prefix
    if suffix:
        quote["suffix"] = suffix
    item = span.cited_by
    verb = "Quoted in" if quoted else "Cited as evidence by"
    return {
        "id": _iri(base, f"{FILE_NAME}#{span.id}", f"{seed.file}#{span.id}"),
        "type": "Annotation",
        "motivation": "linking",
        "body": [
            {"type": "TextualBody", "purpose": "describing", "format": "text/plain", "language": language,
             "value": f"{verb} the explainer's {item.kind}: {item.title}"},
            {"id": base + item.url, "type": "Text", "format": "text/html", "language": language, "purpose": "linking"},
        ],
        "target": {
            "source": seed.url or seed.file,
            "selector": [quote, {"type": "TextPositionSelector", "start": span.start, "end": span.end}],
        },
    }


def annotations(site: Site, base_url: str = "") -> dict:
    """Every citation of the site, as one W3C AnnotationCollection with a single page."""
    base = base_url.rstrip("/") + "/" if base_url else site.info.base_url
    quotes = {s.quote.id for ex in site.explainers for s in ex.statements if s.verbatim}
    languages = {ex.slug: ex.language for ex in site.explainers}
    items = [annotation(seed, span, base, span.id in quotes, languages.get(span.cited_by.explainer, site.info.language))
             for seed in site.seeds for span in seed.spans]
    collection = _iri(base, FILE_NAME, "annotations")
    return {
        "@context": CONTEXT,
        "id": collection,
        "type": "AnnotationCollection",
        "label": f"Citations in “{site.info.title}”",
        "total": len(items),
        "first": {
            "id": _iri(base, f"{FILE_NAME}#page-1", "annotations#page-1"),
            "type": "AnnotationPage",
            "partOf": collection,
            "startIndex": 0,
            "items": items,
        },
    }


def to_json(data: dict) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def write(path: Path, text: str) -> None:
    """Write text to path whole or not at all (a temporary file renamed into place)."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".explainer-export-", suffix=".part")  # a short name, whatever path's
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
