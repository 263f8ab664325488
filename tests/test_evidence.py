"""Evidence in place (issue 14): citation labels, popovers with the cited words, the highlights of a
source page, statements in context, text fragments; and the source page's list of cited passages,
one line per passage (issue 17, point 12). The browser side is in tests/browser/test_evidence.py."""
from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from hypothesis import given, settings, strategies as st

from conftest import EXPLAINER, EXPLAINER_FILE, RECORDS, RECORDS_FILE, SEED, SEEDS, SEEDS_FILE, SEED_FILE, make_project
from generator import i18n
from generator.model import CONTEXT_CHARS, ItemRef, Seed, Span
from generator.render import citations, highlight, text_fragment
from generator.seeds import split_blocks


def build(tmp_path: Path, cli, files: dict | None = None) -> Path:
    project = make_project(tmp_path / "p", files)
    result = cli(project, "build", "--no-search")
    assert result.code == 0, result.err
    return project / "site"


def words(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def evidence_lines(html: str) -> list[str]:
    """The HTML of each item's citation list on a page."""
    return re.findall(r'<span class="ev" data-pagefind-ignore>(.*?)</p>', html, flags=re.S)


def popovers(html: str) -> dict[str, str]:
    """Each popover's HTML by its id."""
    return dict(re.findall(r'<span class="pop" id="([^"]+)" popover>(.*?)popovertargetaction="hide">Close</button></span>',
                           html, flags=re.S))


def visible_labels(line: str) -> list[str]:
    """The labels a reader sees in one citation list (the fallback links: the buttons show the same),
    each with the seed's name its group shows once ("Report, ¶2, ¶5" gives "Report, ¶2", "Report, ¶5")."""
    labels, name = [], ""
    for kind, inner in re.findall(r'<a class="(ev-a|ev-s)" href="[^"]*">(.*?)</a>', line, flags=re.S):
        shown = words(re.sub(r'<span class="vh">.*?</span>', "", inner))
        if kind == "ev-a" and "," in shown:
            name = shown.rsplit(", ", 1)[0]
        labels.append(shown if kind == "ev-s" or "," in shown else f"{name}, {shown}")
    return labels


def accessible_names(line: str) -> list[str]:
    """What a screen reader hears for each citation of a list (the text minus aria-hidden parts)."""
    return [words(re.sub(r'<span aria-hidden="true">.*?</span>', "", inner))
            for inner in re.findall(r'<button class="ev-b"[^>]*>(.*?)</button>|<a class="ev-s"[^>]*>(.*?)</a>', line, flags=re.S)
            for inner in inner if inner]


# paragraph numbers, short names, the sentence around a span --------------------------------------------

ARTICLE = """\
Harbour deal signed
The port and the union signed a deal on Monday. It ends a strike of ten days.
What it gives
Dock workers get a raise of 6 percent. The port keeps its night shifts. Both sides called it fair.
The union's leader, Ana Berg, said the deal was "a good day for the docks." She thanked the mediators.
"""


def seed_of(text: str, spans=(), **fields) -> Seed:
    values = {"publisher": "Harbour Post", **fields}
    return Seed("h", "seeds/h.txt", "Harbour deal signed", values.pop("publisher"), "", values.pop("url", ""), "en",
                text, split_blocks(text), tuple(spans), **values)


def test_paragraphs_are_numbered_from_the_lede_and_headings_are_not():
    seed = seed_of(ARTICLE)
    assert [b.kind for b in seed.blocks] == ["heading", "lede", "heading", "paragraph", "paragraph"]
    assert seed.paragraph_numbers == (0, 1, 0, 2, 3)
    at = ARTICLE.index
    assert seed.paragraph_at(at("It ends")) == 1
    assert seed.paragraph_at(at("The port keeps")) == 2
    assert seed.paragraph_at(at("She thanked")) == 3
    assert seed.paragraph_at(at("What it gives")) == 2  # a heading counts with the paragraph it heads
    assert seed.paragraph_at(at("Harbour deal signed")) == 1  # the title line above the lede too
    assert seed_of("Ends here.\nA heading at the end").paragraph_at(len("Ends here.\n")) == 1  # the last one before it


def test_a_seed_is_named_by_its_short_name_else_a_short_publisher_else_nothing():
    assert seed_of(ARTICLE, short="Report").short_name == "Report"
    assert seed_of(ARTICLE).short_name == "Harbour Post"
    assert seed_of(ARTICLE, publisher="Twenty characters ok").short_name == "Twenty characters ok"
    assert seed_of(ARTICLE, publisher="Written for this project from public sources").short_name == ""
    assert seed_of(ARTICLE, publisher="Written for this project", short="Report").short_name == "Report"


def test_the_context_of_a_span_is_the_sentence_or_sentences_that_hold_it():
    seed = seed_of(ARTICLE)
    words_at = ARTICLE.index("a raise of 6 percent")
    context = seed.context(words_at, words_at + len("a raise of 6 percent"))
    assert context.text == "Dock workers get a raise of 6 percent."
    assert (context.start, context.cut_before, context.cut_after) == (ARTICLE.index("Dock workers"), False, False)
    across = ARTICLE.index("night shifts. Both")
    assert seed.context(across, across + len("night shifts. Both")).text == "The port keeps its night shifts. Both sides called it fair."
    title = ARTICLE.index("Harbour deal")
    assert seed.context(title, title + len("Harbour deal")).text == "Harbour deal"  # a heading has no sentence


def test_a_long_sentence_is_cut_at_word_ends_around_the_words():
    long = " ".join(f"word{n}" for n in range(200))
    text = f"{long} the cited words {long}."
    seed = seed_of(text)
    at = text.index("the cited words")
    context = seed.context(at, at + len("the cited words"))
    before, after = context.text.split("the cited words")
    assert context.cut_before and context.cut_after
    assert 0 < len(before) <= CONTEXT_CHARS and 0 < len(after) <= CONTEXT_CHARS
    assert before.split()[0] in long.split() and after.split()[-1] in long.split()  # whole words only
    assert text[context.start:context.end] == context.text


# citations: labels, grouping, the popover's words ----------------------------------------------------

TWO_IN_ONE_PARAGRAPH = RECORDS.replace(
    "      - seed: lakeside\n        exact: Northland's envoy Ana Berg said the talks were\n",
    "      - seed: lakeside\n        exact: Northland's envoy Ana Berg said the talks were\n"
    "      - seed: lakeside\n        exact: and promised more\n"
    "      - source: north-paper\n"
    "      - seed: lakeside\n        exact: It is about a river's water.\n"
    "      - source: north-paper\n")


def test_an_item_s_citations_are_one_list_labelled_by_source_and_paragraph(tmp_path, cli):
    site = build(tmp_path, cli, {RECORDS_FILE: TWO_IN_ONE_PARAGRAPH})
    statements = (site / "lakeside/statements.html").read_text(encoding="utf-8")
    card = statements.split('id="berg-useful"', 1)[1].split("</article>", 1)[0]
    [line] = evidence_lines(card)
    # the seed's two spans of ¶3 are one citation; the seed's citations stand together; the source once
    assert visible_labels(line) == ["Test Wire, ¶2", "Test Wire, ¶3", "Northland Government, 1 April 2024"]
    buttons = [words(re.sub(r'<span class="vh">.*?</span>', "", b)) for b in re.findall(r'<button class="ev-b"[^>]*>(.*?)</button>', line)]
    assert buttons == ["Test Wire, ¶2", "¶3"]  # the buttons show what the fallback links show
    assert accessible_names(line) == ["Source: Test Wire, paragraph 2", "Source: Test Wire, paragraph 3",
                                      "Source: Northland Government, 1 April 2024"]


def test_every_citation_list_of_the_repository_has_distinct_labels_and_names_that_say_what_they_are(tmp_path):
    repo = Path(__file__).resolve().parent.parent
    from generator.cli import main
    assert main(["--project", str(repo), "build", "--no-search", "--out", str(tmp_path / "site")]) == 0
    checked = 0
    for page in (tmp_path / "site").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        interface = i18n.translator(re.search(r'<html lang="([^"]+)"', html).group(1))  # the words in the page's language
        source, paragraph = interface.ngettext("Source:", "Sources:", 1), interface.gettext("paragraph")
        for line in evidence_lines(html):
            labels, names = visible_labels(line), accessible_names(line)
            assert len(labels) == len(set(labels)) == len(names), (page, labels)
            for label, name in zip(labels, names):
                assert name == f"{source} " + label.replace("¶", f"{paragraph} "), (page, label, name)
            checked += len(labels)
    assert checked > 100


def test_a_seed_without_a_short_name_is_the_source_article_and_one_with_it_is_named_so(tmp_path, cli):
    long = SEEDS.replace("publisher: Test Wire", "publisher: Written for this project from public sources")
    overview = (build(tmp_path / "a", cli, {SEEDS_FILE: long}) / "lakeside/index.html").read_text(encoding="utf-8")
    assert visible_labels(evidence_lines(overview)[0]) == ["Source article, ¶1"]
    short = long.replace("    language: en\n", "    language: en\n    short: Report\n")
    overview = (build(tmp_path / "b", cli, {SEEDS_FILE: short}) / "lakeside/index.html").read_text(encoding="utf-8")
    assert visible_labels(evidence_lines(overview)[0]) == ["Report, ¶1"]


def test_two_seeds_of_one_name_are_told_apart_by_their_titles(tmp_path, cli):
    seeds = SEEDS + "  - id: other\n    file: seeds/other.txt\n    title: Other talks\n    publisher: Test Wire\n    language: en\n"
    explainer = EXPLAINER.replace("      cite: [{seed: lakeside, exact: ended in Lakeside}]",
                                  "      cite: [{seed: lakeside, exact: ended in Lakeside}, {seed: other, exact: Other words.}]")
    overview = (build(tmp_path, cli, {SEEDS_FILE: seeds, "seeds/other.txt": "Other words.\n", EXPLAINER_FILE: explainer})
                / "lakeside/index.html").read_text(encoding="utf-8")
    glance = overview.split('id="glance_1"', 1)[1]
    assert visible_labels(evidence_lines(glance)[0]) == ["“Lakeside talks end”, ¶1", "“Other talks”, ¶1"]


def test_the_popover_holds_the_cited_words_in_their_sentence_the_source_and_links_to_the_passage(tmp_path, cli):
    site = build(tmp_path, cli)
    overview = (site / "lakeside/index.html").read_text(encoding="utf-8")
    glance = evidence_lines(overview.split('id="glance_1"', 1)[1])[0]
    target = re.search(r'popovertarget="(ev_\d+)"', glance).group(1)
    popover = popovers(overview)[target]
    assert re.search(r"<mark><a href=\"../sources/lakeside.html#c-lakeside-glance-1-1\">ended in Lakeside</a></mark>", popover)
    assert words(popover.split('class="pop-q">', 1)[1].split("</span>", 1)[0]) == \
        "Talks between Northland and Southland ended in Lakeside on Friday."
    assert "<cite>Lakeside talks end</cite>, Test Wire" in popover
    assert '<a href="../sources/lakeside.html#c-lakeside-glance-1-1">in the source article</a>' in popover
    assert "in the original" not in popover  # the seed has no url
    assert '<a class="ev-a" href="../sources/lakeside.html#c-lakeside-glance-1-1">' in glance  # without popovers


def test_a_passage_cited_twice_on_a_page_has_one_popover_that_both_citations_open(tmp_path, cli):
    explainer = EXPLAINER.replace("    cite:\n      - seed: lakeside\n        exact: Talks between",
                                  "    cite:\n      - seed: lakeside\n        exact: ended in Lakeside\n"
                                  "      - seed: lakeside\n        exact: Talks between")
    explainer = explainer.replace("cite: [{source: north-paper}]", "cite: [{seed: lakeside, exact: ended in Lakeside}]")
    overview = (build(tmp_path, cli, {EXPLAINER_FILE: explainer}) / "lakeside/index.html").read_text(encoding="utf-8")
    targets = [re.findall(r'popovertarget="(ev_\d+)"', line) for line in evidence_lines(overview)]
    glance, fact = targets[0], targets[1]
    assert glance == fact == ["ev_1"]  # "ended in Lakeside", from the glance and the event's fact
    assert len(popovers(overview)) == len({t for line in targets for t in line})
    assert list(popovers(overview)).count("ev_1") == 1
    numbers = re.findall(r'<span class="ev-n" aria-hidden="true">\[(\d+)\]</span>', overview)
    assert numbers[:2] == ["1", "1"]  # one printed note, named by both


def test_popovers_are_written_once_each_in_page_order_and_numbered_as_their_print_notes(tmp_path, cli):
    site = build(tmp_path, cli)
    for page in ("lakeside/index.html", "lakeside/statements.html", "lakeside/background.html",
                 "lakeside/issues.html", "lakeside/repercussions.html"):
        html = (site / page).read_text(encoding="utf-8")
        found = popovers(html)
        assert found and list(found) == [f"ev_{n}" for n in range(1, len(found) + 1)], page
        for number, body in found.items():
            assert f'<span class="pop-n">{number[3:]}.</span>' in body
        assert set(re.findall(r'popovertarget="(ev_\d+)"', html)) == set(found), page


def test_citations_group_a_seeds_spans_by_paragraph_and_flag_labels_two_would_share():
    seed = seed_of(ARTICLE)
    ref = ItemRef("statement", "x", "a/statements.html#x", "a")

    def cite(words_: str):
        from generator.model import Evidence
        at = ARTICLE.index(words_)
        span = Span(f"c-{at}", "h", at, at + len(words_), words_, 1, 1, ref)
        return Evidence(span=span, seed=seed.ref, paragraph=seed.paragraph_at(at), context=seed.context(span.start, span.end))

    items = (cite("She thanked"), cite("raise of 6 percent"), cite("Ana Berg"), cite("It ends"))
    groups = citations(items)
    assert [(c.paragraph, c.first, [s.text for s in c.spans]) for c in groups] == [
        (1, True, ["It ends"]), (2, False, ["raise of 6 percent"]), (3, False, ["Ana Berg", "She thanked"])]
    assert [[(text, bool(span)) for text, span in window] for window in groups[2].windows] == [
        [("The union's leader, ", False), ("Ana Berg", True), (', said the deal was "a good day for the docks." ', False),
         ("She thanked", True), (" the mediators.", False)]]
    assert not any(c.clash for c in groups)


# text fragments -----------------------------------------------------------------------------------------

def fragment_texts(url: str) -> list[list[str]]:
    """The texts a text fragment names: for each `text=` directive, its one or two parts, decoded."""
    directives = url.split(":~:", 1)[1].split("&")
    return [[unquote(part) for part in d.removeprefix("text=").split(",")] for d in directives]


def test_a_text_fragment_names_the_words_percent_encoded_as_the_spec_asks():
    for words_ in ["the deal", "co-operation & trust, at last", "Berg’s “good day” – 100%", "a#b?c=d/e", "ñandú 日本"]:
        url = text_fragment("https://example.org/a", [words_])
        fragment = url.split("#:~:text=", 1)[1]
        assert "-" not in fragment and "&" not in fragment and "," not in fragment and " " not in fragment
        assert re.fullmatch(r"[A-Za-z0-9_.~%]+", fragment), fragment
        assert fragment_texts(url) == [[words_]]


def test_a_long_text_fragment_gives_the_first_and_last_words_and_keeps_the_page_s_own_fragment():
    long = "one two three four five six seven eight nine ten eleven twelve"
    assert fragment_texts(text_fragment("https://example.org/a", [long])) == [["one two three four five", "eight nine ten eleven twelve"]]
    assert text_fragment("https://example.org/a#part", ["x y"]) == "https://example.org/a#part:~:text=x%20y"
    assert text_fragment("https://example.org/a", ["x", "line\nbreak  here"]) == \
        "https://example.org/a#:~:text=x&text=line%20break%20here"
    assert text_fragment("https://example.org/a", [" "]) == "https://example.org/a"


def test_the_original_link_of_a_seed_with_an_address_scrolls_to_the_cited_words(tmp_path, cli):
    seeds = SEEDS.replace("    language: en\n", "    language: en\n    url: https://example.org/news/lakeside-talks\n")
    overview = (build(tmp_path, cli, {SEEDS_FILE: seeds}) / "lakeside/index.html").read_text(encoding="utf-8")
    found = popovers(overview)
    assert found
    for body in found.values():
        href = unescape(re.search(r'<a href="([^"]+)" rel="external noopener noreferrer">in the original</a>', body).group(1))
        cited = [words(m) for m in re.findall(r"<mark>(.*?)</mark>", body)]
        assert href.startswith("https://example.org/news/lakeside-talks#:~:text=")
        assert [" ".join(parts) for parts in fragment_texts(href)] == cited


# the source page -----------------------------------------------------------------------------------------

def test_highlight_strength_follows_how_many_items_cite_the_text():
    text = "Alpha beta gamma delta epsilon.\n"
    refs = [ItemRef("statement", f"s{n}", f"statements.html#s{n}") for n in range(6)]
    spans = [Span("c-a", "t", 0, 31, text[0:31], 1, 1, refs[0]),  # the whole sentence: 1 item
             Span("c-b", "t", 6, 22, text[6:22], 1, 7, refs[1]),  # "beta gamma delta": 2
             Span("c-c", "t", 11, 22, text[11:22], 1, 12, refs[2]),  # "gamma delta": 3
             Span("c-d", "t", 17, 22, text[17:22], 1, 18, refs[3]),  # "delta": 4
             Span("c-e", "t", 17, 22, text[17:22], 1, 18, refs[4])]  # "delta" again: 5, shown as 4 or more
    seed = Seed("t", "seeds/t.txt", "T", "P", "", "", "en", text, split_blocks(text), tuple(spans))
    html = str(highlight(seed, seed.blocks[0], lambda url: url))
    marked = re.findall(r'<mark class="k(\d)"><a href="[^"]+">([^<]*)</a></mark>', html)
    assert [(k, t.strip()) for k, t in marked] == [("1", "Alpha"), ("2", "beta"), ("3", "gamma"), ("4", "delta"), ("1", "epsilon.")]


def test_a_passage_holds_the_ids_of_all_its_citations_and_the_items_citing_it_follow_it():
    text = "Alpha beta gamma.\n"
    refs = [ItemRef("statement", f"s{n}", f"statements.html#s{n}") for n in range(2)]
    spans = (Span("c-a", "t", 6, 10, "beta", 1, 7, refs[0]), Span("c-b", "t", 6, 10, "beta", 1, 7, refs[1]))
    seed = Seed("t", "seeds/t.txt", "T", "P", "", "", "en", text, split_blocks(text), spans)
    html = str(highlight(seed, seed.blocks[0], lambda url: url, lambda items: f'<span class="by">{len(items)}</span>'))
    assert html == ('<span id="s1"></span>Alpha <span class="psg" id="c-a"><span class="cid" id="c-b"></span>'
                    '<mark class="k2"><a href="statements.html#s0">beta</a></mark></span><span class="by">2</span> gamma.')


def test_overlapping_passages_are_nested_or_split_and_the_markup_stays_balanced():
    text = "one two three four five.\n"
    ref = ItemRef("statement", "s", "statements.html#s")
    spans = (Span("c-a", "t", 0, 13, text[0:13], 1, 1, ref), Span("c-b", "t", 8, 18, text[8:18], 1, 9, ref))
    seed = Seed("t", "seeds/t.txt", "T", "P", "", "", "en", text, split_blocks(text), spans)
    html = str(highlight(seed, seed.blocks[0], lambda url: url, lambda items: '<span class="by"></span>'))
    # b begins inside a and goes on after it ends: its second part has no id and no list of its own
    assert html.count('<span class="psg" id="c-b">') == 1 and html.count('<span class="psg">') == 1
    assert html.count('<span class="by"></span>') == 2
    assert words(html) == text.strip()


pieces = st.lists(st.sampled_from(["a", "b", " ", ".", "“", "”", "\n", "A.", "B c"]), min_size=1, max_size=40).map("".join)


@given(pieces, st.lists(st.tuples(st.integers(0, 60), st.integers(1, 20), st.integers(0, 4)), max_size=10))
@settings(max_examples=300, deadline=None)
def test_any_passages_leave_the_seed_text_whole_in_balanced_markup(text, raw):
    refs = [ItemRef("statement", f"s{n}", f"statements.html#s{n}") for n in range(5)]
    spans = tuple(Span(f"c-{n}", "s", a, min(a + w, len(text)), "", 1, 1, refs[r]) for n, (a, w, r) in enumerate(raw) if a < len(text))
    seed = Seed("s", "seeds/s.txt", "t", "p", "", "", "en", text, split_blocks(text), spans)
    ids = []
    for block in seed.blocks:
        parser = Balance()
        parser.feed(str(highlight(seed, block, lambda url: url, lambda items: f'<span class="by" data-n="{len(items)}"></span>')))
        assert parser.ok and not parser.stack
        assert "".join(parser.text) == text[block.start:block.end]
        ids += parser.ids
    assert sorted(i for i in ids if i.startswith("c-")) == sorted({s.id for s in spans if any(
        b.start <= s.start < b.end for b in seed.blocks)})  # every citation that begins in a block, once


class Balance(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.text, self.ids, self.ok = [], [], [], True

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        self.ids += [v for k, v in attrs if k == "id"]

    def handle_endtag(self, tag):
        self.ok = self.ok and bool(self.stack) and self.stack.pop() == tag

    def handle_data(self, data):
        self.text.append(data)


def test_the_source_page_lists_each_cited_passage_once_with_every_item_citing_it(tmp_path, cli):
    """Issue 17, point 12: three items citing one passage are one line naming the three, not three lines."""
    explainer = EXPLAINER.replace("cite: [{source: north-paper}]", "cite: [{seed: lakeside, exact: ended in Lakeside}]")
    explainer = explainer.replace("      cite: [{seed: lakeside, exact: promised more}]",
                                  "      cite: [{seed: lakeside, exact: promised more}, {seed: lakeside, exact: ended in Lakeside}]")
    html = (build(tmp_path, cli, {EXPLAINER_FILE: explainer}) / "sources/lakeside.html").read_text(encoding="utf-8")
    cited = html.split('id="cited"', 1)[1]
    lines = re.findall(r'<li><a class="span-link" href="#([^"]+)">(.*?)</a>\s*<ul class="cited-by">(.*?)</ul></li>', cited, flags=re.S)
    texts = [words(text) for _, text, _ in lines]
    assert texts.count("“ended in Lakeside”") == 1
    [(anchor, _, items)] = [line for line in lines if words(line[1]) == "“ended in Lakeside”"]
    assert [words(i) for i in re.findall(r"<li>(.*?)</li>", items, flags=re.S)] == [
        "The event: Mediated by", "At a glance: Where", "What comes next: Next"]
    assert f'<span class="psg" id="{anchor}">' in html  # the line leads to the passage
    assert len(lines) == len(set(texts))


def test_the_source_page_numbers_its_paragraphs_and_explains_the_highlights(tmp_path, cli):
    html = (build(tmp_path, cli) / "sources/lakeside.html").read_text(encoding="utf-8")
    assert re.findall(r'<p(?: class="lede")? data-n="(\d+)">', html) == ["1", "2", "3"]
    assert '<span class="sw k1">one</span>' in html and '<span class="sw k4">four or more</span>' in html


def test_an_uncited_sentence_has_no_mark(tmp_path, cli):
    seed = SEED.replace("It is about a river's water.", "It is about a river's water. Nobody cites this one.")
    html = (build(tmp_path, cli, {SEED_FILE: seed}) / "sources/lakeside.html").read_text(encoding="utf-8")
    assert re.search(r'</span> <span id="s5"></span>Nobody cites this one\.</p>', html)
    assert "4 of 5 sentences" not in html and "5 of 6 sentences cited" in html


# statements in context ------------------------------------------------------------------------------------

def test_a_quote_shows_its_sentence_on_request_unless_it_is_the_whole_sentence(tmp_path, cli):
    statements = (build(tmp_path / "a", cli) / "lakeside/statements.html").read_text(encoding="utf-8")
    card = statements.split('id="berg-useful"', 1)[1].split("</article>", 1)[0]
    details = re.search(r'<details class="in-context">\s*<summary>(.*?)</summary>\s*<p>(.*?)</p>', card, flags=re.S)
    assert details.group(1) == "The sentence in the source"
    assert details.group(2) == ("Northland&#39;s envoy Ana Berg said the talks were <mark>“useful but hard,”</mark> and "
                                "promised more.")
    records = RECORDS.replace("""      exact: '"useful but hard,"'\n      prefix: said the talks were\n""",
                              "      exact: Northland's envoy Ana Berg said the talks were “useful but hard,” and promised more.\n")
    records = records.replace("      - seed: lakeside\n        exact: Northland's envoy Ana Berg said the talks were\n",
                              "      - seed: lakeside\n        exact: Both delegations\n")
    statements = (build(tmp_path / "b", cli, {RECORDS_FILE: records}) / "lakeside/statements.html").read_text(encoding="utf-8")
    assert "in-context" not in statements.split('id="berg-useful"', 1)[1].split("</article>", 1)[0]  # nothing more to show


# the seed record's short name --------------------------------------------------------------------------------

def test_a_short_name_must_be_text(tmp_path, cli):
    for value, message in (('""', "`short` is empty"), ("[a]", "`short` must be text")):
        project = make_project(tmp_path / f"p{len(value)}", {SEEDS_FILE: SEEDS.replace("    language: en\n", f"    language: en\n    short: {value}\n")})
        result = cli(project, "check")
        assert result.code == 1
        assert any(line.startswith("content/seeds.yaml:7:12: ") and message in line for line in result.problems), result.problems
