"""Explainers in several languages: `translation_of`, lang and dir, hreflang alternates, the language
switcher, the sitemap's alternates, the home page's one entry per group, citations marked with their
seed's language, and social cards in other scripts."""
from __future__ import annotations

import re

import pytest

from generator import cards
from generator.structured import language_name, text_direction
from tests.conftest import EXPLAINER, EXPLAINER_FILE, SITE_FILE, make_project

UK_DIR = "content/explainers/lakeside-uk"
UK_FILE = f"{UK_DIR}/explainer.yaml"
UK = """\
explainer:
  title: Переговори в Лейксайді
  summary: Нортленд і Саутленд *провели переговори*.
  language: uk
  translation_of: lakeside
  updated: 2024-05-02
  event:
    what: Переговори
    cite:
      - seed: lakeside
        exact: Talks between Northland and Southland ended in Lakeside on Friday.
"""


def translated(tmp_path, files=None):
    return make_project(tmp_path / "p", {UK_FILE: UK, **(files or {})})


def read(out, path):
    return (out / path).read_text(encoding="utf-8")


def test_pages_of_a_translation_have_its_language_and_link_to_each_other(tmp_path, cli):
    project = translated(tmp_path)
    out = tmp_path / "site"
    assert cli(project, "build", "--out", str(out)).code == 0
    uk, en = read(out, "lakeside-uk/index.html"), read(out, "lakeside/index.html")
    assert '<html lang="uk" dir="ltr">' in uk and '<html lang="en" dir="ltr">' in en
    for page in (uk, en):
        assert '<link rel="alternate" hreflang="en" href="../lakeside/index.html">' in page
        assert '<link rel="alternate" hreflang="uk" href="../lakeside-uk/index.html">' in page
        assert '<link rel="alternate" hreflang="x-default" href="../lakeside/index.html">' in page
    assert '<li lang="en" dir="ltr"><a href="../lakeside/index.html" hreflang="en">English</a></li>' in uk
    assert '<li lang="uk" dir="ltr"><span aria-current="page">Українська</span></li>' in uk
    assert '<li lang="uk" dir="ltr"><a href="../lakeside-uk/index.html" hreflang="uk">Українська</a></li>' in en
    # a section the translation does not have: its alternate is the translation's overview
    statements = read(out, "lakeside/statements.html")
    assert '<link rel="alternate" hreflang="uk" href="../lakeside-uk/index.html">' in statements
    assert not (out / "lakeside-uk/statements.html").exists()
    # pages of no explainer, and explainers without translations, have no alternates
    assert "hreflang" not in read(out, "sources/index.html")


def test_the_home_page_lists_a_group_once_in_the_sites_language(tmp_path, cli):
    for language, shown, other, name in (("en", "lakeside", "lakeside-uk", "Українська"),
                                         ("uk", "lakeside-uk", "lakeside", "English")):
        project = translated(tmp_path / language, {SITE_FILE: f"site:\n  title: Talks\n  language: {language}\n"})
        out = tmp_path / language / "site"
        assert cli(project, "build", "--out", str(out)).code == 0
        home = read(out, "index.html")
        assert re.findall(r'<h3><a href="([^"]+)">', home) == [f"{shown}/index.html"]
        assert f'<a href="{other}/index.html" lang="{other[-2:] if other.endswith("uk") else "en"}" dir="ltr" hreflang=' in home
        assert f">{name}</a></p>" in home


def test_the_sitemap_gives_each_pages_alternates(tmp_path, cli):
    project = translated(tmp_path)
    out = tmp_path / "site"
    assert cli(project, "build", "--out", str(out), "--base-url", "https://example.org/x/").code == 0
    sitemap = read(out, "sitemap.xml")
    assert '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">' in sitemap
    entry = re.search(r"<url><loc>https://example.org/x/lakeside-uk/</loc>.*?</url>", sitemap).group()
    assert ('<xhtml:link rel="alternate" hreflang="en" href="https://example.org/x/lakeside/"/>'
            '<xhtml:link rel="alternate" hreflang="uk" href="https://example.org/x/lakeside-uk/"/>'
            '<xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/x/lakeside/"/>') in entry
    assert "xhtml:link" not in re.search(r"<url><loc>https://example.org/x/sources/</loc>.*?</url>", sitemap).group()
    page = read(out, "lakeside-uk/index.html")
    assert '<link rel="alternate" hreflang="en" href="https://example.org/x/lakeside/">' in page


def test_a_site_without_translations_has_no_alternates(project, tmp_path, cli):
    out = tmp_path / "site"
    assert cli(project, "build", "--out", str(out), "--base-url", "https://example.org/x/").code == 0
    assert "xhtml" not in read(out, "sitemap.xml")
    assert "hreflang" not in read(out, "lakeside/index.html") and 'class="languages"' not in read(out, "lakeside/index.html")


def test_citations_in_another_language_than_the_page_are_marked(tmp_path, cli):
    project = translated(tmp_path)
    out = tmp_path / "site"
    assert cli(project, "build", "--out", str(out)).code == 0
    assert re.findall(r'<span class="pop-q"[^>]*>', read(out, "lakeside-uk/index.html")) == ['<span class="pop-q" lang="en">']
    assert all(tag == '<span class="pop-q">' for tag in re.findall(r'<span class="pop-q"[^>]*>', read(out, "lakeside/index.html")))
    assert '<article class="seed-text" lang="en" dir="ltr">' in read(out, "sources/lakeside.html")


@pytest.mark.parametrize("files, problem", [
    ({UK_FILE: UK.replace("translation_of: lakeside", "translation_of: lakeside-uk")},
     f"{UK_FILE}:5:19: `translation_of: lakeside-uk` names this explainer itself; name the explainer it translates, "
     "or remove the field"),
    ({UK_FILE: UK.replace("translation_of: lakeside", "translation_of: lakesid")},
     f"{UK_FILE}:5:19: `translation_of` names no explainer: `lakesid` (did you mean `lakeside`?); write the slug of the "
     "explainer this one translates (its folder's name under content/explainers/)"),
    ({"content/explainers/lakeside-ru/explainer.yaml": UK.replace("language: uk", "language: ru").replace(
        "translation_of: lakeside", "translation_of: lakeside-uk")},
     "content/explainers/lakeside-ru/explainer.yaml:5:19: `lakeside-uk` is itself a translation (of `lakeside`); name "
     "the original: `translation_of: lakeside`"),
    ({UK_FILE: UK.replace("language: uk", "language: en")},
     f"{UK_FILE}:4:13: explainers `lakeside` and `lakeside-uk` are translations of one another in the same language "
     "(en); give `lakeside-uk` its own `language`"),
    ({UK_FILE: UK.replace("  language: uk\n", ""), EXPLAINER_FILE: EXPLAINER.replace("  language: en\n", "")},
     f"{UK_FILE}:2:3: explainers `lakeside` and `lakeside-uk` are translations of one another in the same language "
     "(en); give `lakeside-uk` its own `language`"),
])
def test_a_wrong_translation_of_is_an_error(tmp_path, cli, files, problem):
    project = translated(tmp_path, files)
    result = cli(project, "build", "--out", str(tmp_path / "site"))
    assert (result.code, result.problems) == (1, [problem])
    assert not (tmp_path / "site").exists()


def test_two_explainers_translating_each_other_are_a_chain(tmp_path, cli):
    project = translated(tmp_path, {EXPLAINER_FILE: EXPLAINER.replace("  language: en\n", "  language: en\n  translation_of: lakeside-uk\n")})
    result = cli(project, "build", "--out", str(tmp_path / "site"))
    assert result.code == 1
    assert sorted(result.problems) == [
        f"{UK_FILE}:5:19: `lakeside` is itself a translation (of `lakeside-uk`); name the original: `translation_of: lakeside-uk`",
        f"{EXPLAINER_FILE}:5:19: `lakeside-uk` is itself a translation (of `lakeside`); name the original: `translation_of: lakeside`",
    ]


@pytest.mark.parametrize("tag, direction", [
    ("ar", "rtl"), ("he", "rtl"), ("fa", "rtl"), ("ur", "rtl"), ("ar-EG", "rtl"), ("yi", "rtl"), ("az-Arab", "rtl"),
    ("en", "ltr"), ("uk", "ltr"), ("ru", "ltr"), ("ja", "ltr"), ("pt-BR", "ltr"), ("ha-Latn", "ltr"), ("xx", "ltr"),
])
def test_text_direction(tag, direction):
    assert text_direction(tag) == direction


@pytest.mark.parametrize("tag, name", [("uk", "Українська"), ("ru", "Русский"), ("en", "English"), ("ar", "العربية"),
                                       ("de", "Deutsch"), ("qq", "qq")])
def test_language_names_are_in_the_language_itself(tag, name):
    assert language_name(tag) == name


@pytest.mark.skipif(not cards.FONT.is_file(), reason="DejaVu Sans is not installed")
@pytest.mark.parametrize("title", ["Переговори в Женеві", "Переговоры в Женеве", "Ελληνικά νέα", "Zürich café"])
def test_cards_draw_titles_in_other_scripts(title):
    assert cards._drawable(title) == title
    drawn = cards.render(("Explainer", title, "Site"))
    assert drawn != cards.render(("Explainer", "", "Site"))
    cards.render.cache_clear()
    assert cards.render(("Explainer", title, "Site")) == drawn  # the same bytes for the same font file


@pytest.mark.parametrize("title", ["中文标题", "محادثات الجسر", "שיחות"])
def test_cards_leave_off_a_title_they_cannot_draw_right(title):
    assert cards._drawable(title) == ""


@pytest.mark.parametrize("language, day, month", [
    ("en", "24 February 2022", "March 2014"),
    ("en-US", "February 24, 2022", "March 2014"),
    ("en-GB", "24 February 2022", "March 2014"),
    ("uk", "24 лютого 2022\u00a0р.", "березень 2014\u00a0р."),  # a no-break space before the abbreviation
    ("ru", "24 февраля 2022\u00a0г.", "март 2014\u00a0г."),
    ("ar", "24 فبراير 2022", "مارس 2014"),
    ("de", "24. Februar 2022", "März 2014"),
    ("qq", "24 February 2022", "March 2014"),  # a language CLDR does not know: English
])
def test_dates_are_written_in_the_pages_language(language, day, month):
    from generator.assemble import date_label

    assert date_label("2022-02-24", language) == day
    assert date_label("2014-03", language) == month
    assert date_label("2014", language) == "2014" and date_label("", language) == ""


@pytest.mark.parametrize("language, written", [("en", "12,345"), ("uk", "12\xa0345"), ("ru", "12\xa0345"), ("de", "12.345"),
                                               ("qq", "12,345")])
def test_counts_are_written_in_the_pages_language(language, written):
    from generator.assemble import format_count

    assert format_count(12345, language) == written and format_count(7, language) == "7"


def test_a_translations_pages_give_dates_in_its_language(tmp_path, cli):
    project = translated(tmp_path)
    out = tmp_path / "site"
    assert cli(project, "build", "--out", str(out)).code == 0
    assert '<time datetime="2024-05-02">2 травня 2024\u00a0р.</time>' in read(out, "lakeside-uk/index.html")
    assert '<time datetime="2024-05-01">1 May 2024</time>' in read(out, "lakeside/index.html")
