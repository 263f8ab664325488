"""The interface in the reader's language: gettext catalogs (generator/locales/<lang>/LC_MESSAGES/
messages.po), compiled with Babel when first used, and the Jinja i18n extension's callables that pick
the catalog of the page being rendered.

Templates write `{{ _("Sources") }}` and `{% trans count=n %}…{% pluralize %}…{% endtrans %}`; Python
marks its strings with N_() where they are defined and translates them with `translator(language)`
where they are shown. `make messages` extracts the template (messages.pot) and updates the catalogs.
"""
from __future__ import annotations

import functools
import gettext
import hashlib
from io import BytesIO
from pathlib import Path

import jinja2
from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES = Path(__file__).resolve().parent / "locales"
DOMAIN = "messages"


def N_(message: str) -> str:
    """Marks a string for extraction; it is translated where it is shown."""
    return message


def catalog_languages() -> tuple[str, ...]:
    """The languages the generator has an interface catalog for."""
    return tuple(sorted(p.parent.parent.name for p in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po")))


def catalog_for(language: str) -> str | None:
    """The catalog that serves a language tag: its own (pt_BR for pt-BR), else its language's (uk for
    uk-UA), else none (the interface then stays in the source strings, English)."""
    available = set(catalog_languages())
    try:
        locale = Locale.parse(language.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        locale = None
    candidates = [language.replace("-", "_")]
    if locale is not None:
        candidates += [str(locale), locale.language]
    return next((c for c in candidates if c in available), None)


@functools.lru_cache(maxsize=None)
def translator(language: str) -> gettext.NullTranslations:
    """gettext/ngettext for a language tag, from its catalog compiled in memory (plural forms included)."""
    name = catalog_for(language)
    if name is None:
        return gettext.NullTranslations()
    with open(LOCALES / name / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as po:
        catalog = read_po(po, locale=name, domain=DOMAIN)
    compiled = BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def extract(root: Path) -> dict[str, tuple[str, ...]]:
    """Every message of root's templates/ and generator/ (Babel's extractors): msgid -> its forms
    (one, or the singular and plural of an ngettext or a {% trans %} with {% pluralize %})."""
    from babel.messages.extract import extract_from_dir  # for catalogs' upkeep only, never in a build
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
    folders = {"templates": ("**.html", "jinja2", {"trimmed": "true", "extensions": "jinja2.ext.i18n"}),
               "generator": ("**.py", "python", {})}
    messages: dict[str, tuple[str, ...]] = {}
    for folder, (pattern, method, options) in folders.items():
        for _, _, message, _, _ in extract_from_dir(root / folder, [(pattern, method)], {pattern: options}, keywords):
            forms = message if isinstance(message, tuple) else (message,)
            messages[forms[0]] = forms
    return dict(sorted(messages.items()))


def digest() -> str:
    """A hash of every catalog, part of the code a page's cache key covers."""
    h = hashlib.sha256()
    for po in sorted(LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        h.update(po.relative_to(LOCALES).as_posix().encode() + b"\0" + po.read_bytes() + b"\0")
    return h.hexdigest()


def install(env: jinja2.Environment) -> None:
    """The i18n extension's gettext, ngettext and _ for env, each translating into the language of the
    page being rendered (its `page_lang`); autoescaping and %(name)s placeholders as in Jinja's newstyle."""
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True  # a {% trans %} block's line breaks and indents are one space

    @jinja2.pass_context
    def _gettext(context, message: str) -> str:
        return translator(context["page_lang"]).gettext(message)

    @jinja2.pass_context
    def _ngettext(context, singular: str, plural: str, n: int) -> str:
        return translator(context["page_lang"]).ngettext(singular, plural, n)

    env.install_gettext_callables(_gettext, _ngettext, newstyle=True)  # type: ignore[attr-defined]
