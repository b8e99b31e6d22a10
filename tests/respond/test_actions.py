from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from refwatch.errors import RespondError, TargetImportError
from refwatch.respond import actions, alerts, letters, targets
from refwatch.respond.actions import ActionInput
from refwatch.respond.rules import IncidentChange
from refwatch.store import transaction
from refwatch.store.models import ActionTarget, AuditEntry, UrgentAction
from tests.respond.conftest import NOW, incident

DIRECTORY = Path(__file__).parent.parent / "fixtures" / "respond" / "targets.csv"
UTC = NOW.tzinfo


def _import(factory):
    with transaction(factory) as s:
        return targets.import_targets(s, targets.read_directory(DIRECTORY), actor="editor")


def _open(factory, ctx, **changes):
    data = ActionInput(title_en="Stop the return of ten people", title_ko="10명의 강제북송을 막아 주세요",
                       expected_transfer_at=NOW + timedelta(days=2, hours=5), transfer_certainty="likely",
                       **changes)
    with transaction(factory) as s:
        return actions.create_action(s, incident(), data, actor="campaigner", ctx=ctx).id


def _slugs(session, action):
    return [t.slug for t in actions.targets_for(session, action)]


def test_actions_directory_import_is_checked_upserted_and_audited(factory, tmp_path):
    assert _import(factory) == (6, 0)
    assert _import(factory) == (0, 0)
    changed = tmp_path / "targets.csv"
    changed.write_text(DIRECTORY.read_text().replace("+82-2-000-0000", "+82-2-111-1111"), encoding="utf-8")
    with transaction(factory) as s:
        assert targets.import_targets(s, targets.read_directory(changed), actor="editor") == (0, 1)
    with factory() as s:
        row = s.scalars(select(ActionTarget).where(ActionTarget.slug == "cn-embassy-seoul")).one()
        assert row.phone == "+82-2-111-1111" and row.phases == ["prevent_return"] and row.countries == ["CN"]
        assert [e.action for e in s.scalars(select(AuditEntry))].count("target.update") == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("slug,name_en,timezone\nok,Name,Mars/Base\n", encoding="utf-8")
    with pytest.raises(TargetImportError, match="row 1"):
        targets.read_directory(bad)


def test_actions_target_the_holding_country_then_north_korea_after_a_return(factory, ctx):
    _import(factory)
    action_id = _open(factory, ctx)
    with factory() as s:
        assert _slugs(s, s.get(UrgentAction, action_id)) == ["cn-embassy-seoul", "kr-mofa", "unhcr", "sr-dprk"]
    with transaction(factory) as s:
        actions.follow_incident(s, IncidentChange(incident(), incident(status="repatriated"), NOW), ctx=ctx)
    with factory() as s:
        action = s.get(UrgentAction, action_id)
        assert (action.state, action.phase, action.outcome) == ("open", "after_return", "returned")
        assert _slugs(s, action) == ["kp-mission-geneva", "kr-mofa", "sr-dprk"]
        inc = incident(status="repatriated")
        assert actions.asks(action, inc, "en")[0].startswith("Disclose where the 10 people returned")
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "action.retarget")).one()
        assert entry.after["phase"] == "after_return" and entry.actor == "rules"


def test_actions_move_to_another_country_retargets_and_release_closes(factory, ctx):
    _import(factory)
    action_id = _open(factory, ctx)
    with transaction(factory) as s:
        actions.follow_incident(s, IncidentChange(incident(), incident(country="VN", status="transferred"), NOW),
                                ctx=ctx)
        assert _slugs(s, s.get(UrgentAction, action_id))[0] == "vn-embassy-seoul"
        actions.follow_incident(s, IncidentChange(incident(country="VN"), incident(status="arrived"), NOW), ctx=ctx)
        action = s.get(UrgentAction, action_id)
        assert (action.state, action.outcome) == ("closed", "arrived")
        assert actions.countdown(action, now=NOW).label("en") == "This action is closed"


def test_actions_countdown_counts_down_and_says_when_a_date_has_passed(factory, ctx):
    action_id = _open(factory, ctx)
    with factory() as s:
        action = s.get(UrgentAction, action_id)
        ahead = actions.countdown(action, now=NOW)
        passed = actions.countdown(action, now=NOW + timedelta(days=3))
    assert (ahead.state, ahead.basis, ahead.certainty) == ("upcoming", "expected_transfer", "likely")
    assert ahead.label("en") == "2 days 5 hours left" and ahead.label("ko") == "2일 5시간 남음"
    assert passed.state == "passed" and passed.remaining < timedelta(0)
    assert passed.label("en") == "The expected transfer date passed 19 hours ago"
    assert passed.label("ko") == "예상 이송일이 19시간 전에 지났습니다"
    assert actions.certainty_label("likely", "ko") == "가능성 높음"


def test_actions_deadline_wins_and_no_date_asks_to_act_now(factory, ctx):
    deadline = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with_deadline = _open(factory, ctx, deadline_at=deadline)
    with transaction(factory) as s:
        bare = actions.create_action(s, incident(key="other"), ActionInput(), actor="c", ctx=ctx)
        count = actions.countdown(bare, now=NOW)
        assert count.state == "unknown" and count.label("en") == "No date is known — act now"
    with factory() as s:
        count = actions.countdown(s.get(UrgentAction, with_deadline), now=NOW)
    assert (count.basis, count.moment.replace(tzinfo=UTC) if count.moment.tzinfo is None else count.moment) == \
        ("deadline", deadline)


def test_actions_need_a_published_incident_and_a_known_certainty(factory, ctx):
    with transaction(factory) as s, pytest.raises(RespondError):
        actions.create_action(s, incident(published=False), ActionInput(), actor="c", ctx=ctx)
    with transaction(factory) as s, pytest.raises(RespondError, match="certainty"):
        actions.create_action(s, incident(), ActionInput(transfer_certainty="surely"), actor="c", ctx=ctx)


def test_actions_letters_cite_the_law_in_both_languages_with_the_target_salutation(factory, ctx):
    _import(factory)
    action_id = _open(factory, ctx)
    with factory() as s:
        action = s.get(UrgentAction, action_id)
        target = actions.targets_for(s, action)[0]
        en = letters.letter(action, incident(children=2), target=target, lang="en")
        ko = letters.letter(action, incident(children=2), target=target, lang="ko")
    assert en.body.startswith("Dear Ambassador,") and ko.body.startswith("대사님께")
    for text in ("Article 33 of the 1951 Convention", "Article 3 of the Convention against Torture",
                 "In 2014 the UN Commission of Inquiry", "Among them are 2 children.", "in Shenyang, China"):
        assert text in en.body
    for text in ("제33조", "고문방지협약", "2014년 유엔 북한인권조사위원회", "중국 선양에서"):
        assert text in ko.body
    link = letters.mailto_url(target, en)
    assert link.startswith("mailto:embassy-cn@example.org?subject=Urgent%3A%20do%20not%20send")


def test_actions_office_hours_are_read_in_the_targets_own_time_zone(factory):
    _import(factory)
    with factory() as s:
        embassy = s.scalars(select(ActionTarget).where(ActionTarget.slug == "cn-embassy-seoul")).one()
        rapporteur = s.scalars(select(ActionTarget).where(ActionTarget.slug == "sr-dprk")).one()
    monday_morning_seoul = datetime(2026, 11, 30, 1, 30, tzinfo=UTC)  # 10:30 in Seoul
    lunch_seoul = datetime(2026, 11, 30, 3, 30, tzinfo=UTC)  # 12:30 in Seoul
    assert targets.office_status(embassy, now=monday_morning_seoul).open_now is True
    assert targets.office_status(embassy, now=lunch_seoul).open_now is False
    assert targets.office_status(embassy, now=lunch_seoul).local_time.hour == 12
    assert targets.office_status(rapporteur, now=lunch_seoul).open_now is None


def test_actions_status_change_alert_names_the_retargeted_action(factory, ctx):
    _import(factory)
    _open(factory, ctx)
    with transaction(factory) as s:
        alert = alerts.on_incident_change(s, IncidentChange(incident(), incident(status="repatriated"), NOW),
                                          ctx=ctx)
    assert alert.content["action"]["phase"] == "after_return" and alert.content["action"]["outcome"] == "returned"
