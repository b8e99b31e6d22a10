"""`refwatch extract` end to end, as the contract describes it, on fixture reports."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from refwatch.cli import app
from refwatch.demo import DEMO_PAGES

FIXTURES = Path(__file__).parent.parent / "fixtures"
MIXED = FIXTURES / "extract" / "cli-mixed.jsonl"


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_extract_jsonl_one_line_per_report_in_input_order_and_errors_on_stderr() -> None:
    result = CliRunner().invoke(app, ["extract", str(MIXED)])
    assert result.exit_code == 1  # malformed lines make the run fail after everything else is coded
    lines = _lines(result.stdout)
    assert [line["id"] for line in lines] == ["m1", "m2", "m5", "m6"]
    first = lines[0]
    assert first["relevant"] is True and first["incident"] == "inc-1"
    assert set(first) >= {"id", "language", "relevant", "score", "incident", "events", "sources"}
    event = next(e for e in first["events"] if e["type"] == "detained")
    assert (event["country"], event["place"], event["count"], event["date"]) == ("VN", "Lang Son", 11, "2019-10-26")
    assert lines[1]["relevant"] is False and lines[1]["events"] == [] and lines[1]["incident"] is None
    assert lines[2]["relevant"] is False and "error" in lines[2] and lines[2]["incident"] is None
    assert lines[3]["language"] == "ko"
    assert f"{MIXED}:3" in result.stderr and "not JSON" in result.stderr
    assert f"{MIXED}:4" in result.stderr and "id" in result.stderr


def test_extract_writes_output_file(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["extract", str(FIXTURES / "extract" / "note.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    (line,) = _lines(out.read_text(encoding="utf-8"))
    assert line["id"] == "note" and line["language"] == "en" and line["relevant"] is True
    detained = next(e for e in line["events"] if e["type"] == "detained")
    assert detained["count"] == 14 and detained["children"] == 3 and detained["country"] == "TH"


def test_extract_html_page_goes_through_the_page_reader(tmp_path: Path) -> None:
    page = tmp_path / "dev-054.html"
    shutil.copy(DEMO_PAGES / "dev-054.html", page)
    result = CliRunner().invoke(app, ["extract", str(page)])
    assert result.exit_code == 0, result.stderr
    (line,) = _lines(result.stdout)
    assert line["id"] == "dev-054" and line["relevant"] is True
    assert {e["type"] for e in line["events"]} >= {"detained", "transferred"}


def test_extract_unknown_file_type_is_named(tmp_path: Path) -> None:
    odd = tmp_path / "report.pdf"
    odd.write_bytes(b"%PDF-1.4")
    result = CliRunner().invoke(app, ["extract", str(odd)])
    assert result.exit_code == 1
    assert "report.pdf" in result.stderr and "unknown file type" in result.stderr


def _corpus_lines(ids: list[str]) -> str:
    rows = {}
    for line in (FIXTURES / "corpus" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        rows[row["id"]] = line
    return "\n".join(rows[i] for i in ids) + "\n"


def test_extract_links_reports_about_one_group_within_the_run(tmp_path: Path) -> None:
    # dev-013 (English, arrest in Lang Son) and dev-007 (English, arrival in Seoul) tell of one group;
    # dev-051 is a Korean report of it; dev-009 is a different group (Bangkok raid).
    pile = tmp_path / "pile.jsonl"
    pile.write_text(_corpus_lines(["dev-013", "dev-009", "dev-007", "dev-051"]), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(pile)])
    assert result.exit_code == 0, result.stderr
    labels = {line["id"]: line["incident"] for line in _lines(result.stdout)}
    assert labels["dev-013"] == labels["dev-007"] == labels["dev-051"]
    assert labels["dev-009"] not in (None, labels["dev-013"])


def test_extract_no_link_streams_lines_without_incidents(tmp_path: Path) -> None:
    pile = tmp_path / "pile.jsonl"
    pile.write_text(_corpus_lines(["dev-013", "dev-007"]), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "--no-link", str(pile)])
    assert result.exit_code == 0, result.stderr
    assert [line["incident"] for line in _lines(result.stdout)] == [None, None]
