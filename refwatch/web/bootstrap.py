"""First-run helpers for `refwatch demo`: an admin account to sign in with.

The password is random, returned once for the caller to print, and never written anywhere;
if the account already exists nothing is changed and the password is None (reset it with
`refwatch users passwd demo-admin`).
"""

from __future__ import annotations

import secrets

from refwatch.store import transaction
from refwatch.store.users import add_user, find_user
from refwatch.web.app import StoreHandle

DEMO_ADMIN = "demo-admin"


def ensure_demo_admin(store: StoreHandle, *, username: str = DEMO_ADMIN) -> tuple[str, str | None]:
    """(username, password) of a new admin, or (username, None) when it existed already."""
    with transaction(store.factory) as db:
        if find_user(db, username) is not None:
            return username, None
        password = secrets.token_urlsafe(15)
        add_user(db, username=username, password=password, role="admin", actor="refwatch demo")
    return username, password
