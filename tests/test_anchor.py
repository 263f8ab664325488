"""Finding quotes in seeds: normalisation, prefix/suffix, ambiguity, closest candidate."""
import unicodedata

from generator.anchor import Ambiguous, Match, NotFound, OutOfContext, find_quote, normalise

TEXT = 'He called it "difficult but serious," and left.\nShe said “difficult,”  and  Russia’s  aims   were clear.'


def found_text(text, *args):
    result = find_quote(normalise(text), *args)
    assert isinstance(result, Match), result
    return text[result.start:result.end]


def test_curly_quotes_match_straight_and_highlight_the_original():
    assert found_text(TEXT, "“difficult but serious,”") == '"difficult but serious,"'
    assert found_text(TEXT, "Russia's aims were clear.") == "Russia’s  aims   were clear."


def test_whitespace_runs_and_line_breaks_fold_to_one_space():
    assert found_text(TEXT, "and left. She said") == "and left.\nShe said"


def test_nfd_quote_matches_nfc_seed_and_the_reverse():
    nfc = "The café in Genève closed."
    nfd = unicodedata.normalize("NFD", nfc)
    assert found_text(nfc, unicodedata.normalize("NFD", "café in Genève")) == "café in Genève"
    assert found_text(nfd, "café in Genève") == unicodedata.normalize("NFD", "café in Genève")


def test_repeated_text_is_ambiguous_with_every_place():
    result = find_quote(normalise(TEXT), "difficult")
    assert isinstance(result, Ambiguous)
    assert [TEXT[m.start:m.end] for m in result.matches] == ["difficult", "difficult"]


def test_prefix_and_suffix_pick_one_place():
    by_prefix = find_quote(normalise(TEXT), "difficult", "She said “")
    by_suffix = find_quote(normalise(TEXT), "difficult", "", " but serious")
    assert isinstance(by_prefix, Match) and isinstance(by_suffix, Match)
    assert by_prefix.start == TEXT.index("difficult,”")
    assert by_suffix.start == TEXT.index("difficult but")


def test_text_present_but_not_after_the_prefix_is_out_of_context():
    result = find_quote(normalise(TEXT), "difficult", "nobody said")
    assert isinstance(result, OutOfContext) and len(result.matches) == 2


def test_missing_quote_offers_the_closest_passage():
    result = find_quote(normalise(TEXT), "dificult but serius")
    assert isinstance(result, NotFound)
    assert TEXT[result.closest.start:result.closest.end] == '"difficult but serious,"'
    assert result.similarity > 0.8


def test_nothing_alike_gives_no_candidate():
    result = find_quote(normalise(TEXT), "zebra crossing quantum")
    assert isinstance(result, NotFound) and result.closest is None


QUOTE_STYLES = {  # language: (seed, the same words quoted with other marks, what must be highlighted)
    "uk": ("Міністр сказав, що «жодних поступок» не буде.", '"жодних поступок"', "«жодних поступок»"),
    "uk inner": ("Він назвав це „важкою, але чесною“ розмовою.", "«важкою, але чесною»", "„важкою, але чесною“"),
    "ru": ("Представитель заявил: «Переговоры продолжатся».", "“Переговоры продолжатся”", "«Переговоры продолжатся»"),
    "de": ("Sie sagte: „Wir bleiben“ und ‚vorerst‘ ruhig.", "\"Wir bleiben\" und 'vorerst'", "„Wir bleiben“ und ‚vorerst‘"),
    "fr": ("Il a parlé de « progrès réels » hier.", '"progrès réels"', "« progrès réels »"),
    "fr single": ("Le mot ‹ trêve › revient.", "'trêve'", "‹ trêve ›"),
    "ja": ("首相は「対話を続ける」と述べ、『最終案』を示した。", '"対話を続ける"と述べ、"最終案"', "「対話を続ける」と述べ、『最終案』"),
    "en": ("He said it was ‘fine’ and “final”.", "'fine' and \"final\"", "‘fine’ and “final”"),
    "ar": ("قال الوزير «لن نتراجع» أمس.", '"لن نتراجع"', "«لن نتراجع»"),
}


def test_every_languages_quote_marks_anchor_to_any_other_style_and_highlight_the_original():
    for name, (seed, quote, original) in QUOTE_STYLES.items():
        if "« " in original or "‹ " in original:  # French spaces inside the marks are the seed's own
            quote = quote[0] + " " + quote[1:-1] + " " + quote[-1]
        assert found_text(seed, quote) == original, name


def test_a_citation_across_no_break_and_narrow_no_break_spaces_anchors():
    seed = "Le budget atteint 2\u202f500\u00a0millions d’euros\u202f: un record."
    assert found_text(seed, "2 500 millions d'euros : un record") == "2\u202f500\u00a0millions d’euros\u202f: un record"
