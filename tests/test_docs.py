"""Docs stay honest: the generated references match the code, the architecture names every stage."""

from __future__ import annotations

from pathlib import Path

from refwatch.cli._docs import cli_markdown, settings_markdown

ROOT = Path(__file__).parent.parent
DOCS = ROOT / "docs"


def test_docs_settings_reference_is_current():
    assert (DOCS / "settings.md").read_text(encoding="utf-8") == settings_markdown(), "run scripts/gen-docs"


def test_docs_cli_reference_is_current():
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == cli_markdown(), "run scripts/gen-docs"


def test_docs_architecture_names_every_package_folder():
    architecture = (DOCS / "architecture.md").read_text(encoding="utf-8")
    folders = sorted(p.name for p in (ROOT / "refwatch").iterdir() if p.is_dir() and not p.name.startswith("_"))
    missing = [name for name in folders if f"{name}/" not in architecture]
    assert missing == [], f"docs/architecture.md does not mention {missing}"


def test_docs_decision_records_are_numbered_and_titled():
    records = sorted((DOCS / "decisions").glob("*.md"))
    assert records
    for record in records:
        number = record.name.split("-", 1)[0]
        assert number.isdigit() and len(number) == 4, record.name
        assert record.read_text(encoding="utf-8").startswith(f"# {number}"), record.name
