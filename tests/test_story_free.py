"""The generator is not the example: no story's names in generator/ or templates/.

Comments and docstrings may mention a story; code and templates may not. The names come from
the repository's own content (every entity's name and aliases), so the test follows the content,
plus the names of the first example story, which must never come back.
"""
from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

import yaml

from conftest import REPO

FIRST_STORY = ("Geneva", "Medinsky", "Zelensky", "Russia", "Ukraine", "Crimea", "NATO", "Donbas", "Kyiv", "Moscow")
STARTER = REPO / "generator" / "starter"  # the made-up example story that `explainer init` copies: content, not code


def content_names() -> set[str]:
    names = set(FIRST_STORY)
    for path in (REPO / "content").rglob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for entity in data.get("entities", []) if isinstance(data, dict) else []:
            names.update(n for n in [entity.get("name"), *entity.get("aliases", [])] if isinstance(n, str) and len(n) > 3)
    return names


def python_code(path: Path) -> str:
    """The source without its comments and docstrings."""
    kept, previous = [], tokenize.INDENT
    for token in tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline):
        docstring = token.type == tokenize.STRING and previous in (tokenize.INDENT, tokenize.NEWLINE, tokenize.DEDENT)
        if token.type != tokenize.COMMENT and not docstring:
            kept.append(token.string)
        if token.type not in (tokenize.NL, tokenize.COMMENT):
            previous = token.type
    return " ".join(kept)


def template_code(path: Path) -> str:
    """A template or stylesheet without its Jinja, HTML and CSS comments."""
    text = path.read_text(encoding="utf-8")
    return re.sub(r"\{#.*?#\}|<!--.*?-->|/\*.*?\*/", " ", text, flags=re.S)


def code_files() -> list[tuple[Path, str]]:
    files = [(p, python_code(p)) for p in sorted((REPO / "generator").rglob("*.py"))]
    files += [(p, template_code(p)) for p in sorted((REPO / "templates").rglob("*")) if p.is_file()]
    return [(p, code) for p, code in files if not p.is_relative_to(STARTER)]


def test_no_story_names_in_the_generator_or_its_templates():
    pattern = re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(content_names(), key=len, reverse=True)) + r")\b", re.I)
    found = [f"{path.relative_to(REPO)}: {match.group(0)!r}" for path, code in code_files() for match in pattern.finditer(code)]
    assert found == []


def test_the_check_sees_names_in_code_but_not_in_comments(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('"""About Geneva."""\n# Geneva again\nTITLE = "Talks in Geneva"\n', encoding="utf-8")
    assert "Geneva" not in python_code(sample).replace("Talks in Geneva", "")
    assert "Talks in Geneva" in python_code(sample)
    page = tmp_path / "page.html"
    page.write_text("{# Geneva #}<!-- Geneva --><p>Crimea</p>", encoding="utf-8")
    assert template_code(page).count("Geneva") == 0 and "Crimea" in template_code(page)
