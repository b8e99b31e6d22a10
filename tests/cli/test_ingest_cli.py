import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from refwatch.cli import app
from refwatch.demo.site import DemoSite
from refwatch.text.gate import check_relevance

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus"
DEV = [json.loads(line) for line in (CORPUS / "dev.jsonl").read_text(encoding="utf-8").splitlines()]
GATE_PASSES = sum(check_relevance(f"{d['title']}\n{d['text']}").passed for d in DEV)


@pytest.fixture(autouse=True)
def no_other_stages(monkeypatch):
    """These tests are about ingestion: stages other modules register (extraction ...) stay out."""
    monkeypatch.setattr("refwatch.sources.watch.POST_INGEST_HOOKS", [])
    monkeypatch.setattr("refwatch.pipeline.AFTER_INGEST", [])


@pytest.fixture
def env(tmp_path):
    return {"REFWATCH_DATA_DIR": str(tmp_path / "data"), "REFWATCH_HOST_INTERVAL": "0",
            "REFWATCH_DATABASE_URL": "", "REFWATCH_ALLOW_NETWORKS": ""}


def invoke(env, *args):
    return CliRunner().invoke(app, list(args), env=env)


def test_ingest_cli_ingests_files_and_names_each_bad_input(env, tmp_path):
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"%PDF")
    result = invoke(env, "ingest", str(CORPUS / "dev.jsonl"), str(bad), "http://10.1.2.3/admin")
    assert result.exit_code == 1
    assert f"{bad}: cannot ingest .pdf" in result.output
    assert "http://10.1.2.3/admin: 10.1.2.3 resolves to 10.1.2.3, a private address; refused [RW201]" in result.output
    expected = (f"102 items: {GATE_PASSES} new, 0 new versions, 0 already kept, {100 - GATE_PASSES} skipped by the "
                "gate, 2 errors")
    assert expected in result.output
    again = invoke(env, "ingest", str(CORPUS / "dev.jsonl"))
    assert again.exit_code == 0
    assert "100 already kept" in again.output
    listed = invoke(env, "reports", "list", "--state", "skipped")
    assert f"{100 - GATE_PASSES} of {100 - GATE_PASSES} reports" in listed.output


def test_ingest_cli_sources_add_list_remove(env):
    added = invoke(env, "sources", "add", "https://example.org/feed.xml", "--name", "Example", "--interval", "600")
    assert added.exit_code == 0 and "added source 1: feed https://example.org/feed.xml (every 600 s)" in added.output
    duplicate = invoke(env, "sources", "add", "https://example.org/feed.xml")
    assert duplicate.exit_code == 1 and "already a source (id 1)" in duplicate.output
    refused = invoke(env, "sources", "add", "file:///etc/passwd")
    assert refused.exit_code == 1 and "a source must be an http or https URL" in refused.output
    assert "Example" in invoke(env, "sources", "list").output
    removed = invoke(env, "sources", "remove", "1")
    assert removed.exit_code == 0 and "removed source 1" in removed.output
    assert invoke(env, "sources", "remove", "1").exit_code == 1


def test_ingest_cli_watch_once_polls_the_demo_site(env):
    with DemoSite() as site:
        for url in site.feed_urls():
            assert invoke(env, "sources", "add", url).exit_code == 0
        result = invoke(env, "watch", "--once", "--allow-network", "127.0.0.0/8")
    assert result.exit_code == 0, result.output
    assert "3 sources polled (0 unchanged, 0 failed); 40 items:" in result.output
    assert "stopped after 1 cycle" in result.output


def test_ingest_cli_watch_refuses_loopback_without_the_option(env):
    with DemoSite() as site:
        invoke(env, "sources", "add", site.feed_urls()[0])
        result = invoke(env, "watch", "--once")
    assert "source failed" in result.output and "loopback address; refused" in result.output
    assert "1 sources polled (0 unchanged, 1 failed)" in result.output


def test_ingest_cli_demo_ingests_the_bundled_data(env):
    result = invoke(env, "demo", "--no-serve")
    assert result.exit_code == 0, result.output
    numbers = re.search(r"ingested 112 items: (\d+) new, (\d+) new versions, (\d+) already kept, "
                        r"(\d+) skipped by the gate, 0 errors", result.output)
    assert numbers, result.output
    new, versions, kept, skipped = map(int, numbers.groups())
    assert new + versions + kept + skipped == 112
    assert kept >= 1 and versions >= 1  # pages and records that carry the same article are recognised
    assert skipped == 100 - GATE_PASSES  # every rejected record, none of the pages
    assert f"reports kept: {new + versions + skipped} ({new + versions} new, {skipped} skipped)" in result.output


def test_ingest_cli_hands_new_reports_to_the_registered_hooks(env, monkeypatch):
    seen = []
    monkeypatch.setattr("refwatch.sources.watch.POST_INGEST_HOOKS", [lambda factory, ids: seen.extend(ids)])
    result = invoke(env, "ingest", str(CORPUS / "dev.jsonl"))
    assert result.exit_code == 0
    assert len(seen) == GATE_PASSES  # every new report, none of the skipped ones


def test_ingest_cli_a_bad_setting_is_one_line_naming_the_variable(env):
    for args in (["reports", "list"], ["ingest", "nothing.txt"]):
        result = invoke({**env, "REFWATCH_FETCH_TIMEOUT": "soon"}, *args)
        assert result.exit_code == 2, result.output
        assert "REFWATCH_FETCH_TIMEOUT: could not convert string to float: 'soon'" in result.output
        assert "Traceback" not in result.output
