from sqlalchemy import update

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
