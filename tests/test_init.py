"""`explainer init DIR`: a new site that checks and builds as it stands."""
from __future__ import annotations

from pathlib import Path

from generator.cli import main


def test_a_new_site_checks_and_builds_with_its_example_explainer(tmp_path: Path, cli):
    site = tmp_path / "newsroom"
    run = cli(tmp_path, "init", str(site))
    assert run.code == 0, run.err
    assert "Created a new site" in run.out
    for name in ("README.md", ".gitignore", "templates/base.html", "content/site.yaml"):
        assert (site / name).is_file(), name
    assert list((site / "content" / "explainers").iterdir()), "an example explainer"
    assert any((site / "seeds").iterdir())
    assert cli(site, "check").code == 0
    run = cli(site, "build", "--no-search")
    assert run.code == 0, run.err
    home = (site / "site" / "index.html").read_text(encoding="utf-8")
    slug = next((site / "content" / "explainers").iterdir()).name
    assert f'href="{slug}/index.html"' in home
    assert (site / "site" / slug / "statements.html").is_file()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, cli):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "notes.txt").write_text("mine", encoding="utf-8")
    run = cli(tmp_path, "init", str(tmp_path / "taken"))
    assert run.code == 2
    assert "already exists and is not an empty folder" in run.err
    assert [p.name for p in (tmp_path / "taken").iterdir()] == ["notes.txt"]


def test_init_refuses_a_file_and_accepts_an_empty_folder(tmp_path: Path, capsys):
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert main(["init", str(tmp_path / "file")]) == 2
    (tmp_path / "empty").mkdir()
    assert main(["init", str(tmp_path / "empty")]) == 0
    assert (tmp_path / "empty" / "content").is_dir()
    capsys.readouterr()
