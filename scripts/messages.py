"""Extract the interface strings and merge them into every catalog (`make messages`).

    python scripts/messages.py

Reads every string of templates/ and generator/ that goes through gettext (`_`, `gettext`,
`ngettext`, `{% trans %}`, and N_ in Python), writes generator/locales/messages.pot, and merges it
into each generator/locales/<language>/LC_MESSAGES/messages.po: new messages are added untranslated,
messages no longer used are dropped, translations and headers are kept. Then `make test` says
which messages of a shipped catalog still need a translation (tests/test_catalogs.py).
"""
from __future__ import annotations

import re
import sys
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from generator import i18n  # noqa: E402

HEADER = "Interface strings of the explainer generator (make messages updates this file)."


BOILERPLATE = re.compile(rb'^"(?:Report-Msgid-Bugs-To|Last-Translator|Language-Team): .*\n', re.M)


def write(catalog: Catalog, path: Path) -> None:
    """The catalog as a .po file, without Babel's placeholder header fields (no one's address is kept)."""
    out = BytesIO()
    write_po(out, catalog, width=0, no_location=True, omit_header=False, sort_output=True, ignore_obsolete=True)
    text = BOILERPLATE.sub(b"", out.getvalue()).replace(b'"Project-Id-Version:  explainer', b'"Project-Id-Version: explainer')
    path.write_bytes(text.replace(b'"Project-Id-Version: explainer VERSION', b'"Project-Id-Version: explainer'))


def main() -> None:
    template = Catalog(project="explainer", header_comment=f"# {HEADER}\n#", fuzzy=False)
    for message, forms in i18n.extract(REPO).items():
        template.add(forms if len(forms) > 1 else message, flags=("python-format",) if "%(" in "".join(forms) else ())
    write(template, i18n.LOCALES / "messages.pot")
    for po in sorted(i18n.LOCALES.glob(f"*/LC_MESSAGES/{i18n.DOMAIN}.po")):
        with open(po, "rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        catalog.update(template, no_fuzzy_matching=True)
        write(catalog, po)
        missing = sum(1 for m in catalog if m.id and not all(m.string if isinstance(m.string, tuple) else (m.string,)))
        print(f"{po.relative_to(REPO)}: {len(catalog) - 1} messages, {missing} to translate")


if __name__ == "__main__":
    main()
