"""`explainer new` measured on the gold set in tests/gold/: precision and recall of what it drafts.

Each gold article is drafted into a small project whose content holds the gold file's `known`
entities (the explainer's sides), exactly as an author would run `explainer new ARTICLE --date
DATE`, and the drafts are compared with the gold records (tests/gold/README.md says how):

- speakers: a drafted statement is right when its quote is a gold statement's and its speaker
  that statement's; recall is the share of gold statements drafted with the right speaker;
- sides: of the drafted statements that name a side, those whose gold statement has that side;
  recall over the gold statements that have one;
- entities: the share of gold entities drafted (by name); kinds: a drafted entity is right when
  it is a gold entity with the same kind;
- dates: a drafted timeline event is right when a gold event has its date and is reported by
  its sentence.

Targets: no wrong side and no wrong date; at least 80% of the gold statements (with their
speaker) and of the gold entities drafted.

Run it as a script to print the table that README.md's drafting section quotes:

    .venv/bin/python tests/test_drafting_gold.py [-v]

with a column for the articles the drafter was improved on ("written first") and one for those
written afterwards and never tuned on ("held out: true" in their gold file); -v lists every
wrong and missed item.
"""
from __future__ import annotations

import contextlib
import io
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from generator.cli import main  # noqa: E402

GOLD = Path(__file__).resolve().parent / "gold"
SLUG = "gold"


@dataclass
class Score:
    """right/drafted (precision) and found/gold (recall) of one field, with what went wrong."""

    right: int = 0
    drafted: int = 0
    found: int = 0
    gold: int = 0
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.right += other.right
        self.drafted += other.drafted
        self.found += other.found
        self.gold += other.gold
        self.wrong += other.wrong
        self.missed += other.missed

    @staticmethod
    def share(a: int, b: int) -> str:
        return f"{a}/{b} ({a / b:.0%})" if b else "-"

    @property
    def precision(self) -> str:
        return self.share(self.right, self.drafted)

    @property
    def recall(self) -> str:
        return self.share(self.found, self.gold)


FIELDS = ("speakers", "sides", "entities", "kinds", "dates")


def _norm(text: str) -> str:
    text = re.sub(r"[“”«»\"]", '"', re.sub(r"[‘’']", "'", text))
    return " ".join(text.split()).strip(" \"',.").lower()


def _project(gold: dict, root: Path) -> Path:
    """A project that checks: the known entities, and one explainer with the gold's sides."""
    known = gold.get("known") or {}
    entities = [*(known.get("sides") or []), *(known.get("others") or [])]
    records = [{**e, "description": "Known before the article."} for e in entities]
    explainer = {"title": "Gold", "summary": "The gold set.", "updated": "2024-01-01"}
    if known.get("sides"):
        explainer["sides"] = [e["id"] for e in known["sides"]]
    (root / "content/explainers" / SLUG).mkdir(parents=True)
    (root / "seeds").mkdir()
    (root / "content/entities.yaml").write_text(yaml.safe_dump({"entities": records}), encoding="utf-8")
    (root / "content/explainers" / SLUG / "explainer.yaml").write_text(
        yaml.safe_dump({"explainer": explainer}), encoding="utf-8")
    return root


def draft(gold_file: Path, root: Path) -> tuple[dict, dict]:
    """(the gold records, what `explainer new` drafted from the gold article)."""
    gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
    project = _project(gold, root)
    article = GOLD / gold["article"]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--project", str(project), "new", str(article), "--date", str(gold["date"]),
                     "--publisher", "Gold"])
    assert code == 0, err.getvalue()
    drafts = project / "content/explainers" / SLUG / "drafts" / f"{article.stem}.yaml"
    return gold, yaml.safe_load(drafts.read_text(encoding="utf-8")) or {}


def score(gold: dict, drafted: dict) -> dict[str, Score]:
    name = gold["article"]
    scores = {f: Score() for f in FIELDS}
    known = gold.get("known") or {}
    names = {e["id"]: e["name"] for e in [*(known.get("sides") or []), *(known.get("others") or [])]}
    names.update({e["id"]: e["name"] for e in drafted.get("entities") or []})

    # statements: speakers and sides
    speakers, sides = scores["speakers"], scores["sides"]
    gold_statements = gold.get("statements") or []
    speakers.gold = len(gold_statements)
    sides.gold = sum(1 for g in gold_statements if g.get("side"))
    found_speaker, found_side = set(), set()
    for s in drafted.get("statements") or []:
        quote = _norm(s["quote"]["exact"])
        match = next((i for i, g in enumerate(gold_statements)
                      if quote and (_norm(g["quote"]) in quote or quote in _norm(g["quote"]))), None)
        speaker = names.get(s["speaker"], s["speaker"])
        speakers.drafted += 1
        shown = f"{name}: “{s['quote']['exact']}”"
        if match is None:
            speakers.wrong.append(f"{shown} is no gold statement (drafted for {speaker})")
        elif speaker == gold_statements[match]["speaker"]:
            speakers.right += 1
            found_speaker.add(match)
        else:
            speakers.wrong.append(f"{shown}: speaker {speaker}, not {gold_statements[match]['speaker']}")
        if s.get("side") and match is not None:
            sides.drafted += 1
            expected = gold_statements[match].get("side")
            if s["side"] == expected:
                sides.right += 1
                found_side.add(match)
            else:
                sides.wrong.append(f"{shown}: side {s['side']}, not {expected or 'none (the article says none)'}")
    speakers.found, sides.found = len(found_speaker), len(found_side)
    speakers.missed += [f"{name}: “{g['quote']}” ({g['speaker']})" for i, g in enumerate(gold_statements)
                        if i not in found_speaker]
    sides.missed += [f"{name}: “{g['quote']}” ({g['side']})" for i, g in enumerate(gold_statements)
                     if g.get("side") and i not in found_side]

    # entities and their kinds
    entities, kinds = scores["entities"], scores["kinds"]
    gold_entities = gold.get("entities") or []
    entities.gold = kinds.gold = len(gold_entities)
    found_entity, found_kind = set(), set()
    for e in drafted.get("entities") or []:
        forms = {_norm(e["name"]), *(_norm(a) for a in e.get("aliases") or [])}
        match = next((i for i, g in enumerate(gold_entities)
                      if _norm(e["name"]) in {_norm(n) for n in (g["name"], *g.get("also", []))}), None)
        if match is None:
            match = next((i for i, g in enumerate(gold_entities)
                          if forms & {_norm(n) for n in (g["name"], *g.get("also", []))}), None)
        entities.drafted += 1
        kinds.drafted += 1
        if match is None:
            entities.wrong.append(f"{name}: {e['name']} ({e['kind']}) is no gold entity")
            kinds.wrong.append(f"{name}: {e['name']} ({e['kind']}) is no gold entity")
            continue
        entities.right += 1
        found_entity.add(match)
        if e["kind"] == gold_entities[match]["kind"]:
            kinds.right += 1
            found_kind.add(match)
        else:
            kinds.wrong.append(f"{name}: {e['name']} drafted as {e['kind']}, not {gold_entities[match]['kind']}")
    entities.found, kinds.found = len(found_entity), len(found_kind)
    entities.missed += [f"{name}: {g['name']}" for i, g in enumerate(gold_entities) if i not in found_entity]
    kinds.missed += [f"{name}: {g['name']} ({g['kind']})" for i, g in enumerate(gold_entities)
                     if i not in found_kind]

    # timeline dates
    dates = scores["dates"]
    gold_events = gold.get("events") or []
    dates.gold = len(gold_events)
    found_event = set()
    for ev in drafted.get("events") or []:
        sentence = " ".join(c.get("exact", "") for c in ev["cite"])
        match = next((i for i, g in enumerate(gold_events)
                      if str(g["date"]) == str(ev["date"]) and any(p in sentence for p in g["in"])), None)
        dates.drafted += 1
        if match is None:
            dates.wrong.append(f"{name}: {ev['date']} from “{sentence}”")
        else:
            dates.right += 1
            found_event.add(match)
    dates.found = len(found_event)
    dates.missed += [f"{name}: {g['date']} ({g['in'][0]})" for i, g in enumerate(gold_events) if i not in found_event]
    return scores


def measure(root: Path, held_out: bool | None = None) -> dict[str, Score]:
    """Totals per field, drafting each gold article under root: all of them, or only those (not) held out."""
    totals = {f: Score() for f in FIELDS}
    for n, gold_file in enumerate(sorted(GOLD.glob("*.yaml"))):
        if held_out is not None and bool(yaml.safe_load(gold_file.read_text(encoding="utf-8")).get("held_out")) != held_out:
            continue
        gold, drafted = draft(gold_file, root / str(n))
        scores = score(gold, drafted)
        for f in FIELDS:
            totals[f].add(scores[f])
    return totals


LABELS = {"speakers": "statements (speaker)", "sides": "sides", "entities": "entities (name)",
          "kinds": "entity kinds", "dates": "timeline dates"}


def table(columns: dict[str, dict[str, Score]]) -> str:
    """Precision and recall per field, one pair of columns per set of articles."""
    lines = ["| field | " + " | ".join(f"{name}: precision | recall" for name in columns) + " |",
             "| --- |" + " --- | --- |" * len(columns)]
    lines += [f"| {LABELS[f]} | " + " | ".join(f"{t[f].precision} | {t[f].recall}" for t in columns.values()) + " |"
              for f in FIELDS]
    return "\n".join(lines)


def report(totals: dict[str, Score]) -> str:
    lines = []
    for f in FIELDS:
        for what, items in (("wrong", totals[f].wrong), ("missed", totals[f].missed)):
            lines += [f"{f} {what}: {item}" for item in items]
    return "\n".join(lines)


def test_the_gold_set_is_well_formed():
    files = sorted(GOLD.glob("*.yaml"))
    assert len(files) >= 5
    for gold_file in files:
        gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        text = (GOLD / gold["article"]).read_text(encoding="utf-8")
        assert 150 <= len(text.split()) <= 350, gold_file.name
        sides = {e["id"] for e in (gold.get("known") or {}).get("sides") or []}
        for s in gold["statements"]:
            assert s["quote"] in text and (not s.get("side") or s["side"] in sides), (gold_file.name, s)
        for e in gold["entities"]:
            assert any(n.lower() in text.lower() for n in (e["name"], *e.get("also", []))), (gold_file.name, e)
            assert e["kind"] in {"person", "place", "organisation", "group"}
        for e in gold["events"]:
            assert all(p in text for p in e["in"]), (gold_file.name, e)


def test_the_drafter_meets_its_targets_on_the_gold_set(tmp_path):
    totals = measure(tmp_path)
    print("\n" + table({"all": totals}) + "\n" + report(totals))
    assert totals["sides"].wrong == [], "a wrong side"
    assert totals["dates"].wrong == [], "a wrong date"
    assert totals["speakers"].found >= 0.8 * totals["speakers"].gold, totals["speakers"].missed
    assert totals["entities"].found >= 0.8 * totals["entities"].gold, totals["entities"].missed


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as folder:
        columns = {"written first": measure(Path(folder) / "a", held_out=False),
                   "held out": measure(Path(folder) / "b", held_out=True)}
    print(table(columns))
    if "-v" in sys.argv[1:]:
        print(report(columns["written first"]) + "\n" + report(columns["held out"]))
