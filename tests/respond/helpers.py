"""Small builders shared by respond tests."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from refwatch.respond import tokens
from refwatch.store.models import Subscriber


class Clock:
    """A clock tests move by hand, so retries and leases come due without sleeping."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now = self.now + timedelta(seconds=seconds)
        return self.now


def add_subscriber(session: Session, email: str, *, language: str = "en", countries: list[str] | None = None,
                   urgent_only: bool = False, state: str = "active") -> Subscriber:
    row = Subscriber(email=email, state=state, language=language, countries=countries or [],
                     urgent_only=urgent_only, token_salt=tokens.new_nonce())
    session.add(row)
    session.flush()
    return row
