"""Counting requests per address in the database, so limits hold across web processes.

Addresses are stored only as keyed hashes (HMAC with a key derived from the master secret):
the table can count repeat visitors without becoming a log of who wrote what from where.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from refwatch.errors import RateLimited
from refwatch.settings import Settings
from refwatch.store.models import RateHit
from refwatch.store.secrets import derive_key, master_secret


def address_hash(settings: Settings, address: str) -> str:
    key = derive_key(master_secret(settings), "rate-limit")
    return hmac.new(key, address.encode("utf-8"), hashlib.sha256).hexdigest()


def hit(session: Session, *, bucket: str, key_hash: str, limit: int, window_s: int, now: datetime) -> int:
    """Count one request; raises RateLimited when `limit` were already counted within the window."""
    since = now - timedelta(seconds=window_s)
    session.execute(delete(RateHit).where(RateHit.bucket == bucket, RateHit.key_hash == key_hash,
                                          RateHit.at < since))
    seen = session.scalar(select(func.count()).select_from(RateHit).where(
        RateHit.bucket == bucket, RateHit.key_hash == key_hash, RateHit.at >= since)) or 0
    if seen >= limit:
        raise RateLimited(f"too many {bucket} requests from this address; please try again later", where=bucket)
    session.add(RateHit(bucket=bucket, key_hash=key_hash, at=now))
    session.flush()
    return int(seen) + 1
