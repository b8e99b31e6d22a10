from sqlalchemy import select
from typer.testing import CliRunner

from refwatch.cli import app
from refwatch.settings import load_settings
from refwatch.store import engine_for, session_factory, transaction
from refwatch.store.models import AuditEntry
from refwatch.store.users import account_for_token, verify_password

runner = CliRunner()


def env(tmp_path):
    return {"REFWATCH_DATA_DIR": str(tmp_path / "data"), "REFWATCH_DATABASE_URL": "", "REFWATCH_SECRET_KEY": ""}


def factory_for(tmp_path):
    return session_factory(engine_for(load_settings({}, data_dir=str(tmp_path / "data"))))


def test_users_cli_add_with_password_from_stdin_and_mint_token(tmp_path):
    added = runner.invoke(app, ["users", "add", "Eve", "--role", "editor", "--password-stdin"],
                          input="a long enough password\n", env=env(tmp_path))
    assert added.exit_code == 0, added.output
    assert "added eve (editor)" in added.output
    minted = runner.invoke(app, ["users", "token", "eve", "--name", "laptop"], env=env(tmp_path))
    assert minted.exit_code == 0, minted.output
    token = minted.output.strip().splitlines()[-1]
    factory = factory_for(tmp_path)
    with transaction(factory) as db:
        assert verify_password(db, "eve", "a long enough password") is not None
        assert account_for_token(db, token).username == "eve"
        actions = [e.action for e in db.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actions == ["user.add", "token.mint"]
    listed = runner.invoke(app, ["users", "list"], env=env(tmp_path))
    assert listed.output.splitlines()[0].split() == ["eve", "editor", "active"]
    assert token not in listed.output


def test_users_cli_prompts_twice_and_refuses_short_passwords(tmp_path):
    prompted = runner.invoke(app, ["users", "add", "vic", "--role", "viewer"],
                             input="a long enough password\na long enough password\n", env=env(tmp_path))
    assert prompted.exit_code == 0, prompted.output
    short = runner.invoke(app, ["users", "add", "bob", "--password-stdin"], input="short\n", env=env(tmp_path))
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    duplicate = runner.invoke(app, ["users", "add", "vic", "--password-stdin"], input="a long enough password\n",
                              env=env(tmp_path))
    assert duplicate.exit_code == 1 and "already exists" in duplicate.output
