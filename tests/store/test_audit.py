import threading
import time

import pytest
from sqlalchemy import select, text, update

from refwatch.store import transaction
from refwatch.store.audit import record, verify_chain
from refwatch.store.models import AuditEntry


def test_audit_chain_verifies_and_detects_tampering(factory):
    with transaction(factory) as s:
        for n in range(3):
            record(s, actor="editor", action="event.correct", entity_type="event", entity_id=n,
                   before={"count": n}, after={"count": n + 1})
    with factory() as s:
        check = verify_chain(s)
    assert check.ok and check.entries == 3
    with transaction(factory) as s:
        second = s.query(AuditEntry).order_by(AuditEntry.id).all()[1]
        s.execute(update(AuditEntry).where(AuditEntry.id == second.id).values(after={"count": 99}))
    with factory() as s:
        check = verify_chain(s)
    assert not check.ok
    assert check.first_bad_id == second.id


def _backend_waits_for_a_lock(engine, pid: int) -> bool:
    with engine.connect() as connection:
        return bool(connection.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = :pid AND wait_event_type = 'Lock'"), {"pid": pid},
        ).scalar())


@pytest.mark.postgres
@pytest.mark.parametrize("engine", ["postgres"], indirect=True)  # SQLite has one writer at a time anyway
def test_audit_two_people_deciding_at_once_keep_one_chain(engine, factory):
    with transaction(factory) as s:
        record(s, actor="setup", action="user.add", entity_type="user", entity_id=1)
    first = factory()
    record(first, actor="ada", action="event.accept", entity_type="event", entity_id=1)  # not committed yet
    second_pid, second_done = [], threading.Event()

    def second_person():
        try:
            with transaction(factory) as s:
                second_pid.append(s.execute(text("SELECT pg_backend_pid()")).scalar())
                record(s, actor="vic", action="event.reject", entity_type="event", entity_id=2)
        finally:
            second_done.set()

    worker = threading.Thread(target=second_person)
    worker.start()
    give_up = time.monotonic() + 60  # a safety net against a hang, not a timing assertion
    while not second_done.is_set() and not (second_pid and _backend_waits_for_a_lock(engine, second_pid[0])):
        assert time.monotonic() < give_up, "the second writer neither waited nor finished"
    first.commit()
    first.close()
    worker.join()
    with factory() as s:
        check = verify_chain(s)
        actors = [e.actor for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]
    assert actors == ["setup", "ada", "vic"]
    assert check.ok, f"chain broken at entry {check.first_bad_id}"
