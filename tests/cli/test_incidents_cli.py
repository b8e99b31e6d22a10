import json

import pytest
from typer.testing import CliRunner

from refwatch.cli import app
from refwatch.incidents import incident_of_report
from refwatch.store import make_engine, migrate, session_factory, transaction
from refwatch.store.audit import verify_chain
from refwatch.store.models import AuditEntry
from tests.incidents.helpers import corpus, gold_items, store_items

KEYS = ("2016-10-cn-yanji-6", "2019-10-vn-langson-11")
DOCS = [d for d in corpus() if d.gold.get("incident_key") in KEYS]


@pytest.fixture
def env(tmp_path):
    url = f"sqlite:///{tmp_path / 'refwatch.db'}"
    engine = make_engine(url)
    migrate(engine)
    with transaction(session_factory(engine)) as session:
        ids = store_items(session, gold_items(DOCS))
    engine.dispose()
    return {"REFWATCH_DATABASE_URL": url, "REFWATCH_DATA_DIR": str(tmp_path), "REFWATCH_LINK_EMBEDDINGS": "0",
            "ids": dict(zip([d.doc_id for d in DOCS], ids, strict=True))}


def invoke(env, *args):
    settings = {k: v for k, v in env.items() if k.startswith("REFWATCH_")}
    return CliRunner().invoke(app, list(args), env={**settings, "COLUMNS": "200"})


def _key_of(env, report_id: int) -> str:
    engine = make_engine(env["REFWATCH_DATABASE_URL"])
    with session_factory(engine)() as session:
        key = incident_of_report(session, report_id)
    engine.dispose()
    assert key is not None
    return key


def test_incidents_cli_link_list_and_show(env):
    linked = invoke(env, "incidents", "link")
    assert linked.exit_code == 0, linked.output
    assert f"{len(DOCS)} linked, 2 new incidents" in linked.output
    listed = invoke(env, "incidents", "list")
    assert "2 incidents" in listed.output and "Yanji" in listed.output and "Lang Son" in listed.output
    key = _key_of(env, env["ids"]["dev-013"])
    shown = invoke(env, "incidents", "show", key)
    assert shown.exit_code == 0
    assert "timeline" in shown.output and "refuted by" in shown.output and "independent chains" in shown.output
    record = json.loads(invoke(env, "incidents", "show", key, "--json").output)
    assert record["key"] == key and record["status"] == "arrived" and record["people_max"] == 11


def test_incidents_cli_decisions_are_audited(env):
    invoke(env, "incidents", "link")
    yanji, langson = _key_of(env, env["ids"]["dev-036"]), _key_of(env, env["ids"]["dev-013"])
    pinned = invoke(env, "incidents", "pin", yanji, "people_max", "7", "--by", "tester", "--note", "NGO figure")
    assert pinned.exit_code == 0 and f"pinned people_max=7 on {yanji}" in pinned.output
    split = invoke(env, "incidents", "split", langson, str(env["ids"]["dev-007"]), "--by", "tester")
    assert split.exit_code == 0 and f"split 1 reports from {langson}" in split.output
    moved = invoke(env, "incidents", "move", str(env["ids"]["dev-007"]), "--to", langson, "--by", "tester")
    assert moved.exit_code == 0 and f"is now in {langson}" in moved.output
    merged = invoke(env, "incidents", "merge", yanji, langson, "--by", "tester")
    assert merged.exit_code == 0 and f"merged {yanji} into {langson}" in merged.output
    engine = make_engine(env["REFWATCH_DATABASE_URL"])
    with session_factory(engine)() as session:
        actions = [e.action for e in session.query(AuditEntry).order_by(AuditEntry.id)]
        assert actions == ["incident.pin", "incident.split", "incident.move", "incident.merge"]
        assert verify_chain(session).ok
    engine.dispose()
    assert invoke(env, "incidents", "relink").exit_code == 0
    assert _key_of(env, env["ids"]["dev-036"]) == langson


def test_incidents_cli_unknown_incident_is_an_error_not_a_traceback(env):
    result = invoke(env, "incidents", "show", "inc-nosuchthing")
    assert result.exit_code == 1
    assert "no incident inc-nosuchthing [RW801]" in result.output
    bad_pin = invoke(env, "incidents", "pin", "inc-nosuchthing", "colour", "red")
    assert bad_pin.exit_code == 1
