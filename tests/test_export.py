"""`explainer export annotations`: every citation as a W3C Web Annotation whose selectors find their text."""
from __future__ import annotations

import json

from conftest import EXPLAINER, EXPLAINER_DIR, EXPLAINER_FILE, REPO, SEED_FILE, SEEDS, SEEDS_FILE, make_project
from generator.build import load
from generator.seeds import read_seed_text

MOTIVATIONS = {"assessing", "bookmarking", "classifying", "commenting", "describing", "editing", "highlighting",
               "identifying", "linking", "moderating", "questioning", "replying", "tagging"}
DRAFT = """\
statements:
  - id: berg-more
    speaker: ana-berg
    role: Envoy
    side: northland
    quote: {seed: lakeside, exact: promised more}
    context: Drafted.
    cite: [{seed: lakeside, exact: "Northland's envoy Ana Berg said"}]
    draft: true
"""


def export(cli, project, *args) -> dict:
    result = cli(project, "export", "annotations", *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def is_iri(value: str) -> bool:
    return value.startswith(("urn:uuid:", "https://", "http://"))


def check_w3c_annotations(project, data: dict) -> list[dict]:
    """The collection and every annotation follow the W3C model, and each one's selectors find its text."""
    assert data["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and is_iri(data["id"])
    page = data["first"]
    assert page["type"] == "AnnotationPage" and is_iri(page["id"]) and page["partOf"] == data["id"]
    items = page["items"]
    site = load(project, drafts=False)
    assert data["total"] == len(items) == sum(len(seed.spans) for seed in site.seeds) > 0
    assert len({a["id"] for a in items}) == len(items)

    seeds = {seed.url or seed.file: read_seed_text(project / seed.file, seed.file) for seed in site.seeds}  # by target
    for a in items:
        # the W3C model's required fields
        assert is_iri(a["id"]) and a["type"] == "Annotation" and a["motivation"] in MOTIVATIONS
        assert a["body"] and a["target"]["source"] in seeds
        text = seeds[a["target"]["source"]]
        selectors = {s["type"]: s for s in a["target"]["selector"]}
        quote, position = selectors["TextQuoteSelector"], selectors["TextPositionSelector"]
        assert text[position["start"]:position["end"]] == quote["exact"]
        prefix, suffix = quote.get("prefix", ""), quote.get("suffix", "")
        assert len(prefix) <= 32 and len(suffix) <= 32
        assert prefix + quote["exact"] + suffix in text
        assert text[position["start"] - len(prefix):position["end"] + len(suffix)] == prefix + quote["exact"] + suffix
        assert prefix or position["start"] == 0
        assert suffix or position["end"] == len(text)
        described, link = a["body"]
        assert described["type"] == "TextualBody" and described["value"]
        assert link["type"] == "Text" and link["format"] == "text/html"

    # a statement's quote is "Quoted in" it; its paraphrase and its other evidence are not
    for ex in site.explainers:
        for st in ex.statements:
            quoted = [a["target"]["selector"][0]["exact"] for a in items
                      if a["body"][1]["id"] == site.info.base_url + st.url and a["body"][0]["value"].startswith("Quoted in")]
            assert quoted == ([st.quote.text] if st.verbatim else []), st.url
    return items


def test_every_citation_of_the_real_project_is_a_w3c_annotation_whose_selectors_find_their_text(cli):
    check_w3c_annotations(REPO, export(cli, REPO))


def test_every_citation_of_the_test_project_is_a_w3c_annotation_and_quotes_say_so(tmp_path, cli):
    project = make_project(tmp_path / "p")
    items = check_w3c_annotations(project, export(cli, project))
    berg = [a for a in items if a["body"][1]["id"] == "lakeside/statements.html#berg-useful"]
    quoted = [a for a in berg if a["body"][0]["value"].startswith("Quoted in")]
    assert [a["target"]["selector"][0]["exact"] for a in quoted] == ["“useful but hard,”"]  # the seed's own words
    assert len(berg) == 2  # the quote and the statement's `cite`


def test_the_export_is_the_same_every_time(cli):
    assert cli(REPO, "export", "annotations").out == cli(REPO, "export", "annotations").out


def test_a_seed_url_is_the_target_and_the_base_url_makes_every_id_absolute(tmp_path, cli):
    seeds = SEEDS.replace("    publisher: Test Wire\n", "    publisher: Test Wire\n    url: https://news.example/lakeside\n")
    project = make_project(tmp_path / "p", {SEEDS_FILE: seeds})
    data = export(cli, project, "--base-url", "https://example.org/lakeside")
    assert data["id"] == "https://example.org/lakeside/annotations.jsonld"
    for a in data["first"]["items"]:
        assert a["target"]["source"] == "https://news.example/lakeside"
        assert a["id"].startswith("https://example.org/lakeside/annotations.jsonld#c-")
        assert a["body"][1]["id"].startswith("https://example.org/lakeside/")


def test_drafts_are_exported_only_when_asked(tmp_path, cli):
    project = make_project(tmp_path / "p", {f"{EXPLAINER_DIR}/drafts/more.yaml": DRAFT})
    without = export(cli, project)
    with_drafts = export(cli, project, "--drafts")
    assert with_drafts["total"] == without["total"] + 2
    assert any(a["body"][1]["id"] == "lakeside/statements.html#berg-more" for a in with_drafts["first"]["items"])


def test_out_writes_a_file_and_refuses_the_input_folders(tmp_path, cli):
    project = make_project(tmp_path / "p")
    out = tmp_path / "annotations.jsonld"
    result = cli(project, "export", "annotations", "--out", str(out))
    assert result.code == 0
    assert result.out.startswith("Wrote 8 annotations to ")
    assert json.loads(out.read_text(encoding="utf-8"))["total"] == 8
    before = (project / SEED_FILE).read_bytes()
    for target in (SEED_FILE, "content/x.jsonld", "seeds"):
        refused = cli(project, "export", "annotations", "--out", str(project / target))
        assert refused.code == 2
    assert (project / SEED_FILE).read_bytes() == before


def test_a_project_with_problems_exports_nothing(tmp_path, cli):
    broken = EXPLAINER.replace("exact: promised more", "exact: promised nothing")
    project = make_project(tmp_path / "p", {EXPLAINER_FILE: broken})
    result = cli(project, "export", "annotations")
    assert result.code == 1 and result.out == ""
