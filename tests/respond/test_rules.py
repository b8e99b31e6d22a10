from datetime import timedelta

from refwatch.respond.plugins import load_rules
from refwatch.respond.rules import (
    IncidentChange,
    children_involved,
    newly_published,
    quiet_reason,
    reasons_for,
    status_changed,
)
from tests.respond.conftest import NOW, incident


def _change(before, after):
    return IncidentChange(before, after, NOW)


def test_rules_publishing_alerts_once_and_unpublished_changes_alert_nobody():
    draft = incident(published=False)
    assert [r.code for r in newly_published(_change(draft, incident()))] == ["published"]
    assert newly_published(_change(incident(), incident(summary_en="more"))) == []
    assert reasons_for(_change(None, draft), load_rules()) == []
    assert reasons_for(_change(draft, incident(published=False, status="transferred")), load_rules()) == []


def test_rules_status_moves_are_urgent_toward_return_and_not_when_safe():
    moved = status_changed(_change(incident(), incident(status="transferred")))
    returned = status_changed(_change(incident(status="transferred"), incident(status="repatriated")))
    safe = status_changed(_change(incident(), incident(status="arrived")))
    assert [(r.code, r.urgent, r.detail["to"]) for r in moved + returned + safe] == [
        ("status", True, "transferred"), ("status", True, "repatriated"), ("status", False, "arrived")]
    again = status_changed(_change(incident(), incident(status="transferred")))
    assert again[0].key == moved[0].key  # the same change gives the same key: told once
    later = status_changed(_change(incident(), incident(status="transferred", updated_at=NOW + timedelta(days=3))))
    assert later[0].key != moved[0].key  # a new move later is new news


def test_rules_children_are_news_when_they_first_become_known():
    assert children_involved(_change(incident(), incident(children=2)))[0].urgent
    assert children_involved(_change(incident(children=2), incident(children=3))) == []
    assert children_involved(_change(incident(), incident())) == []


def test_rules_quiet_fires_after_n_days_for_groups_still_held_only():
    held = incident(last_news_at=NOW - timedelta(days=15))
    reason = quiet_reason(held, now=NOW, days=14)
    assert reason is not None and reason.detail["days"] == 15
    assert quiet_reason(incident(last_news_at=NOW - timedelta(days=13)), now=NOW, days=14) is None
    assert quiet_reason(incident(status="arrived", last_news_at=NOW - timedelta(days=90)), now=NOW, days=14) is None
    assert quiet_reason(held, now=NOW + timedelta(days=5), days=14).key == reason.key


def test_rules_from_plugins_include_ours_in_order():
    names = [rule.__name__ for rule in load_rules()]
    assert names[:3] == ["newly_published", "status_changed", "children_involved"]
