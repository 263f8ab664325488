"""The interface in the language of each page: an explainer's pages in its own, the site's pages in the
site's, from the catalogs; plural forms by the language's rules; a language without a catalog in English."""
from __future__ import annotations

import re
from html import unescape

import pytest

from generator import i18n
from tests.conftest import ENTITIES, ENTITIES_FILE, EXPLAINER, EXPLAINER_FILE, SITE_FILE, make_project


def with_language(tmp_path, language: str, site_language: str = "en"):
    explainer = EXPLAINER.replace("  language: en\n", f"  language: {language}\n", 1)
    return make_project(tmp_path / "p", {EXPLAINER_FILE: explainer,
                                         SITE_FILE: f"site:\n  title: Talks\n  language: {site_language}\n"})


def text(out, path) -> str:
    """A page's words as a reader sees them: tags left out, entities decoded, spaces collapsed."""
    html = (out / path).read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize("language", ["uk", "ru", "ar"])
def test_an_explainers_pages_speak_its_language(tmp_path, cli, language):
    project = with_language(tmp_path, language)
    out = tmp_path / "site"
    assert cli(project, "build", "--out", str(out)).code == 0
    t = i18n.translator(language)
    overview, statements = text(out, "lakeside/index.html"), text(out, "lakeside/statements.html")
    for english in ("Overview", "Statements", "Skip to content", "Updates feed", "Every claim on this site links to the exact words of its source."):
        assert t.gettext(english) != english  # the catalog has it
        assert t.gettext(english) in overview
    assert "Skip to content" not in overview and "Updates feed" not in overview
    assert t.gettext("Read it in the source") in statements and "Read it in the source" not in statements
    # counts take the language's plural form, and numbers its digits' grouping
    n = len(re.findall(r'<article class="card', (out / "lakeside/statements.html").read_text(encoding="utf-8")))
    said = t.ngettext("Who said what, in the words of the sources: %(shown)s statement.",
                      "Who said what, in the words of the sources: %(shown)s statements.", n) % {"shown": n}
    assert said in overview
    # the site's own pages stay in the site's language
    assert "Skip to content" in text(out, "sources/index.html")


def test_the_sites_language_names_the_sites_own_pages(tmp_path, cli):
    project = with_language(tmp_path, "en", site_language="uk")
    out = tmp_path / "site"
    assert cli(project, "build", "--out", str(out)).code == 0
    uk = i18n.translator("uk")
    assert f"<title>{uk.gettext('Sources')} · Talks</title>" in (out / "sources/index.html").read_text(encoding="utf-8")
    assert uk.gettext("Page not found") in text(out, "404.html")
    assert "Skip to content" in text(out, "lakeside/index.html")  # the explainer is in English


def test_a_language_without_a_catalog_has_the_english_interface(tmp_path, cli):
    project = with_language(tmp_path, "haw")
    out = tmp_path / "site"
    assert cli(project, "build", "--out", str(out)).code == 0
    page = (out / "lakeside/index.html").read_text(encoding="utf-8")
    assert '<html lang="haw" dir="ltr">' in page and "Skip to content" in page


def test_a_regional_tag_uses_its_languages_catalog():
    assert i18n.catalog_for("uk-UA") == "uk" and i18n.catalog_for("ar-EG") == "ar"
    assert i18n.catalog_for("haw") is None and i18n.catalog_for("en-GB") == "en"
    assert {"en", "uk", "ru", "ar"} <= set(i18n.catalog_languages())


def test_plural_forms_follow_each_languages_rules():
    said = ("Who said what, in the words of the sources: %(shown)s statement.",
            "Who said what, in the words of the sources: %(shown)s statements.")
    for language in ("uk", "ru"):  # one, few, many: 1 and 21, 3, 5
        forms = {n: i18n.translator(language).ngettext(*said, n) for n in (1, 3, 5, 21)}
        assert len({forms[1], forms[3], forms[5]}) == 3 and forms[21] == forms[1]
    arabic = {n: i18n.translator("ar").ngettext("%(shown)s sentence", "%(shown)s sentences", n) for n in (0, 1, 2, 3, 11, 100)}
    assert len({arabic[2], arabic[3], arabic[11]}) == 3  # the dual, the plural of 3-10, the singular of 11-99


def test_an_entity_is_named_in_the_pages_language(tmp_path, cli):
    entities = ENTITIES.replace("    name: Northland\n", "    name: Northland\n    names: [{language: uk, name: Північна земля}]\n", 1)
    project = make_project(tmp_path / "p", {ENTITIES_FILE: entities})
    uk = make_project(tmp_path / "q", {ENTITIES_FILE: entities, EXPLAINER_FILE: EXPLAINER.replace("  language: en\n", "  language: uk-UA\n")})
    for folder, shown, hidden in ((project, "Northland", "Північна земля"), (uk, "Північна земля", ">Northland<")):
        out = folder / "site"
        assert cli(folder, "build", "--out", str(out)).code == 0
        issues = (out / "lakeside/issues.html").read_text(encoding="utf-8")
        assert f'side-1">{shown}</span>' in issues and hidden not in issues
    # the entity's own page (a page of the site, in English) keeps its name, and lists the other as an alternate
    page = (uk / "site/entities/northland.html").read_text(encoding="utf-8")
    assert "<h1>Northland</h1>" in page and '"alternateName":["Північна земля"]' in page


def test_a_name_given_twice_in_one_language_is_refused(tmp_path, cli):
    entities = ENTITIES.replace("    name: Northland\n", "    name: Northland\n    names:\n      - {language: uk, name: A}\n"
                                                           "      - {language: UK, name: B}\n", 1)
    run = cli(make_project(tmp_path / "p", {ENTITIES_FILE: entities}), "build")
    assert run.code == 1
    assert "content/entities.yaml:7:9: `names` gives a name in `UK` twice; keep one" in run.err
