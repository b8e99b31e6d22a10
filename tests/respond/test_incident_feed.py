from sqlalchemy import select

from refwatch.respond import incident_feed
from refwatch.store import transaction
from refwatch.store.models import Alert, Incident, SensitiveField
from tests.respond.conftest import NOW
from tests.respond.helpers import add_subscriber


def _incident(session, **values):
    base = {"key": "2026-11-cn-shenyang-10", "status": "detained", "published": False, "country": "CN",
            "place": "Shenyang", "people_min": 10, "people_max": 10, "title_en": "Ten detained", "updated_at": NOW}
    row = Incident(**{**base, **values})
    session.add(row)
    session.flush()
    return row


def test_incident_feed_publishing_then_moving_alerts_once_each(factory, ctx):
    with transaction(factory) as s:
        add_subscriber(s, "a@example.org")
        _incident(s)
        assert incident_feed.scan_changes(s, ctx=ctx) == []  # nothing public yet
    with transaction(factory) as s:
        s.scalars(select(Incident)).one().published = True
        (alert,) = incident_feed.scan_changes(s, ctx=ctx)
        assert [r["code"] for r in alert.content["reasons"]] == ["published"]
        assert incident_feed.scan_changes(s, ctx=ctx) == []
    with transaction(factory) as s:
        row = s.scalars(select(Incident)).one()
        row.status, row.summary_en = "transferred", "Moved to Dandong."
        (alert,) = incident_feed.scan_changes(s, ctx=ctx)
        assert alert.content["reasons"][0]["detail"] == {"from": "detained", "to": "transferred"}
    with transaction(factory) as s:
        s.scalars(select(Incident)).one().report_count = 7  # not a public field: no alert
        assert incident_feed.scan_changes(s, ctx=ctx) == []
    with factory() as s:
        assert len(s.scalars(select(Alert)).all()) == 2


def test_incident_feed_first_scan_of_a_live_site_announces_nothing(factory, ctx):
    with transaction(factory) as s:
        _incident(s, published=True)
        assert incident_feed.scan_changes(s, ctx=ctx) == []
        s.scalars(select(Incident)).one().status = "repatriated"
        assert len(incident_feed.scan_changes(s, ctx=ctx)) == 1


def test_incident_feed_projection_never_reads_sensitive_fields(factory, ctx):
    with transaction(factory) as s:
        row = _incident(s, published=True)
        s.add(SensitiveField(entity_type="incident", entity_id=str(row.id), field="names", ciphertext=b"x",
                             created_by="monitor"))
        public = incident_feed.public_incident(row)
    assert set(public.to_public_dict()) == {
        "key", "status", "published", "title_en", "title_ko", "summary_en", "summary_ko", "country", "place",
        "place_ko", "people_min", "people_max", "children", "urgent", "first_reported", "last_news_at",
        "updated_at"}


def test_incident_feed_a_snapshot_written_by_older_code_is_no_news(factory, ctx):
    from refwatch.store.models import IncidentSnapshot

    with transaction(factory) as s:
        _incident(s, published=True, place="Atlantis")
        incident_feed.scan_changes(s, ctx=ctx, baseline=True)
        kept = s.get(IncidentSnapshot, "2026-11-cn-shenyang-10")
        kept.public = {k: v for k, v in kept.public.items() if k != "place_ko"}  # a field added since
    with transaction(factory) as s:
        assert incident_feed.scan_changes(s, ctx=ctx) == []
        s.scalars(select(Incident)).one().status = "transferred"
        (alert,) = incident_feed.scan_changes(s, ctx=ctx)  # a real change still is
        assert alert.content["reasons"][0]["detail"] == {"from": "detained", "to": "transferred"}


def test_incident_feed_record_baseline_keeps_what_is_public_before_a_change(factory, ctx):
    with transaction(factory) as s:
        _incident(s, published=True)
        assert incident_feed.record_baseline(s, ctx=ctx) is True
        assert incident_feed.record_baseline(s, ctx=ctx) is False  # once only
        _incident(s, key="2026-11-vn-mongcai-4", country="VN", place="Mong Cai", published=True)
        (alert,) = incident_feed.scan_changes(s, ctx=ctx)
        assert alert.incident_key == "2026-11-vn-mongcai-4"
