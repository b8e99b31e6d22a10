from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from refwatch.cli import app
from refwatch.settings import load_settings
from refwatch.store import engine_for, migrate, session_factory, transaction
from refwatch.store.models import ActionTarget, Delivery, Incident, WebhookEndpoint
from tests.respond.helpers import add_subscriber
from tests.respond.peers import SmtpPeer

runner = CliRunner()
DIRECTORY = Path(__file__).parents[1] / "fixtures" / "respond" / "targets.csv"


def _env(tmp_path, **extra):
    return {"REFWATCH_DATA_DIR": str(tmp_path / "data"), "REFWATCH_DATABASE_URL": "",
            "REFWATCH_SECRET_KEY": "cli-tests", "COLUMNS": "200", **extra}


def _factory(tmp_path):
    engine = engine_for(load_settings({}, data_dir=str(tmp_path / "data")))
    migrate(engine)
    return session_factory(engine)


def test_respond_cli_targets_import_list_and_bad_file(tmp_path):
    env = _env(tmp_path)
    first = runner.invoke(app, ["targets", "import", str(DIRECTORY), "--actor", "eve"], env=env)
    assert first.exit_code == 0 and "6 added, 0 updated, 0 unchanged" in first.output
    assert "0 added, 0 updated, 6 unchanged" in runner.invoke(app, ["targets", "import", str(DIRECTORY)],
                                                               env=env).output
    with _factory(tmp_path)() as db:
        assert len(db.scalars(select(ActionTarget)).all()) == 6
    bad = tmp_path / "bad.csv"
    bad.write_text("slug,name_en\nNot A Slug,x\n", encoding="utf-8")
    failed = runner.invoke(app, ["targets", "import", str(bad)], env=env)
    assert failed.exit_code == 1 and "RW604" in failed.output


def test_respond_cli_manual_alert_then_send_pending_delivers_by_smtp(tmp_path):
    peer = SmtpPeer().start()
    try:
        env = _env(tmp_path, REFWATCH_SMTP_PORT=str(peer.port), REFWATCH_MAIL_FROM="refwatch <a@refwatch.test>")
        factory = _factory(tmp_path)
        with transaction(factory) as db:
            db.add(Incident(key="inc-1", status="detained", published=True, country="CN", place="Yanji",
                            people_min=4, people_max=4, updated_at=datetime.now(UTC)))
            add_subscriber(db, "reader@example.org")
        queued = runner.invoke(app, ["alerts", "manual", "inc-1", "--en", "Please call today.", "--actor", "eve"],
                               env=env)
        assert queued.exit_code == 0 and "queued" in queued.output
        sent = runner.invoke(app, ["alerts", "send-pending"], env=env)
        assert sent.exit_code == 0 and "sent 1" in sent.output
        mail = peer.mails.wait_for(1)[0]
        assert "Please call today." in mail.message.get_body(("plain",)).get_content()
        status = runner.invoke(app, ["alerts", "status"], env=env)
        assert "sent" in status.output
        with factory() as db:
            assert db.scalars(select(Delivery.state)).all() == ["sent"]
        missing = runner.invoke(app, ["alerts", "manual", "no-such", "--en", "x"], env=env)
        assert missing.exit_code == 1
    finally:
        peer.stop()


def test_respond_cli_webhooks_add_shows_the_secret_once_and_disable(tmp_path):
    env = _env(tmp_path)
    added = runner.invoke(app, ["webhooks", "add", "https://hooks.example.org/rw", "--country", "cn"], env=env)
    assert added.exit_code == 0 and "whsec_" in added.output
    listed = runner.invoke(app, ["webhooks", "list"], env=env)
    assert "whsec_" not in listed.output and "hooks.example.org" in listed.output
    assert runner.invoke(app, ["webhooks", "disable", "1"], env=env).exit_code == 0
    with _factory(tmp_path)() as db:
        row = db.scalars(select(WebhookEndpoint)).one()
        assert (row.active, row.countries) == (False, ["CN"])
