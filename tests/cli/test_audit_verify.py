from sqlalchemy import update
from typer.testing import CliRunner

from refwatch.cli import app
from refwatch.settings import load_settings
from refwatch.store import engine_for, migrate, session_factory, transaction
from refwatch.store.audit import record
from refwatch.store.models import AuditEntry

runner = CliRunner()


def test_audit_verify_exit_code_names_the_first_bad_entry(tmp_path):
    env = {"REFWATCH_DATA_DIR": str(tmp_path / "data"), "REFWATCH_DATABASE_URL": ""}
    engine = engine_for(load_settings({}, data_dir=str(tmp_path / "data")))
    migrate(engine)
    factory = session_factory(engine)
    with transaction(factory) as db:
        ids = [record(db, actor="eve", action="event.correct", entity_type="event", entity_id=n,
                      before={"count": n}, after={"count": n + 1}).id for n in range(4)]
    intact = runner.invoke(app, ["audit", "verify"], env=env)
    assert intact.exit_code == 0 and "intact: 4 entries" in intact.output
    with transaction(factory) as db:
        db.execute(update(AuditEntry).where(AuditEntry.id == ids[2]).values(actor="mallory"))
    broken = runner.invoke(app, ["audit", "verify"], env=env)
    assert broken.exit_code == 1
    assert f"broken at entry {ids[2]}" in broken.output
