import json

from refwatch.respond import events
from refwatch.respond.jsonld import event_jsonld, script_json
from refwatch.store import transaction
from tests.respond.test_events import PROTEST, _with


def test_jsonld_event_is_schema_org_with_offset_times_and_no_hidden_address(factory, ctx):
    with transaction(factory) as s:
        event = events.create_event(s, PROTEST, actor="c", ctx=ctx)
        data = event_jsonld(event, settings=ctx.settings, image_url="https://refwatch.test/card.png")
        public = event_jsonld(events.create_event(s, _with(address_hidden=False), actor="c", ctx=ctx),
                              settings=ctx.settings)
        events.cancel_event(s, event, actor="c", ctx=ctx)
        cancelled = event_jsonld(event, settings=ctx.settings, lang="ko")
    assert data["@type"] == "Event" and data["startDate"] == "2026-12-01T13:00:00+09:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["address"] == {"@type": "PostalAddress", "addressLocality": "Seoul",
                                           "addressCountry": "KR"}
    assert public["location"]["address"]["streetAddress"] == "27 Myeongdong 2-gil, Jung-gu"
    assert cancelled["eventStatus"] == "https://schema.org/EventCancelled" and cancelled["name"] == "중국대사관 앞 집회"


def test_jsonld_script_text_cannot_close_its_script_element():
    text = script_json({"name": "</script><script>alert(1)</script> & more"})
    assert "</" not in text and "<script" not in text
    assert json.loads(text)["name"].startswith("</script>")
