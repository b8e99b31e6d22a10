from datetime import timedelta

import pytest
from sqlalchemy import update

from refwatch.errors import InputError
from refwatch.store import transaction
from refwatch.store.models import ApiToken, User, utcnow
from refwatch.store.users import account_for_token, add_user, mint_token, revoke_token, set_password, verify_password

PASSWORD = "a long enough password"


def test_users_accounts_passwords_are_argon2id_and_verify(factory):
    with transaction(factory) as db:
        account = add_user(db, username=" Eve ", password=PASSWORD, role="editor", actor="test")
    assert account.username == "eve" and account.can("viewer") and account.can("editor") and not account.can("admin")
    with factory() as db:
        stored = db.get(User, account.id).password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    with transaction(factory) as db:
        assert verify_password(db, "EVE", PASSWORD) == account
        assert verify_password(db, "eve", "wrong password here") is None
        assert verify_password(db, "nobody", PASSWORD) is None


def test_users_accounts_refuse_bad_input(factory):
    with transaction(factory) as db:
        add_user(db, username="eve", password=PASSWORD, role="editor", actor="test")
    for kwargs in (dict(username="eve"), dict(username="new one"), dict(role="owner"), dict(password="short")):
        values = dict(username="newbie", password=PASSWORD, role="viewer") | kwargs
        with pytest.raises(InputError), transaction(factory) as db:
            add_user(db, actor="test", **values)


def test_users_accounts_disabled_user_cannot_sign_in(factory):
    with transaction(factory) as db:
        add_user(db, username="eve", password=PASSWORD, role="editor", actor="test")
        db.execute(update(User).values(active=False))
    with transaction(factory) as db:
        assert verify_password(db, "eve", PASSWORD) is None


def test_users_accounts_password_change(factory):
    with transaction(factory) as db:
        add_user(db, username="eve", password=PASSWORD, role="editor", actor="test")
        set_password(db, username="eve", password="another long password", actor="test")
    with transaction(factory) as db:
        assert verify_password(db, "eve", PASSWORD) is None
        assert verify_password(db, "eve", "another long password") is not None


def test_users_tokens_are_hashed_and_can_expire_or_be_revoked(factory):
    with transaction(factory) as db:
        add_user(db, username="eve", password=PASSWORD, role="viewer", actor="test")
        token_id, token = mint_token(db, username="eve", name="research", actor="test")
        _, short_lived = mint_token(db, username="eve", name="short", actor="test", days=1)
    with factory() as db:
        stored = [row.token_hash for row in db.query(ApiToken)]
    assert token not in stored and all(len(h) == 64 for h in stored)
    with transaction(factory) as db:
        assert account_for_token(db, token).username == "eve"
        assert account_for_token(db, "rw_nothing") is None
        db.execute(update(ApiToken).where(ApiToken.name == "short").values(expires_at=utcnow() - timedelta(seconds=1)))
    with transaction(factory) as db:
        assert account_for_token(db, short_lived) is None
        assert revoke_token(db, token_id=token_id, actor="test")
        assert not revoke_token(db, token_id=token_id, actor="test")
    with transaction(factory) as db:
        assert account_for_token(db, token) is None
