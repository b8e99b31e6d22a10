import pytest
from sqlalchemy import select

from refwatch.errors import InvalidResponse, RateLimited
from refwatch.respond import responses
from refwatch.respond.responses import Submission
from refwatch.store import transaction
from refwatch.store.audit import verify_chain
from refwatch.store.models import AuditEntry, RateHit, ReaderResponse
from tests.respond.conftest import NOW


def _submit(factory, ctx, **changes):
    base = {"target_type": "incident", "target_key": "2026-11-cn-shenyang-10", "address": "203.0.113.7",
            "body": "I wrote to the embassy.", "seconds_on_form": 30.0}
    with transaction(factory) as s:
        return responses.submit(s, Submission(**{**base, **changes}), settings=ctx.settings, now=NOW)


def test_responses_are_sanitised_held_and_shown_only_after_approval(factory, ctx):
    row = _submit(factory, ctx, body='Hi <script>alert(1)</script><a href="javascript:x">a</a>\n\n'
                                     '<a href="https://example.org" onclick="x()">b</a>', display_name="<b>Min</b>")
    assert row.state == "held" and "<script" not in row.body_html and "javascript:" not in row.body_html
    assert 'rel="nofollow ugc noopener noreferrer"' in row.body_html and "onclick" not in row.body_html
    assert row.display_name == "Min" and row.body_text.startswith("Hi")
    with factory() as s:
        assert responses.approved_for(s, "incident", "2026-11-cn-shenyang-10") == []
        assert [r.id for r in responses.moderation_queue(s)] == [row.id]
    with transaction(factory) as s:
        responses.moderate(s, row.id, "approved", moderator="mod1", note="fine", now=NOW)
    with factory() as s:
        assert [r.id for r in responses.approved_for(s, "incident", "2026-11-cn-shenyang-10")] == [row.id]
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "response.approved")).one()
        assert (entry.actor, entry.before, entry.after["state"]) == ("mod1", {"state": "held"}, "approved")
        assert verify_chain(s).ok


def test_responses_honeypot_and_too_fast_forms_are_quietly_spam(factory, ctx):
    assert _submit(factory, ctx, honeypot="http://spam.example").state == "spam"
    fast = _submit(factory, ctx, seconds_on_form=0.4)
    assert fast.state == "spam" and fast.signals == ["too_fast"]
    assert _submit(factory, ctx, body=" ".join(f"https://x{n}.example" for n in range(5))).signals == ["many_links"]


def test_responses_rate_limit_per_address_is_kept_in_the_database_without_the_address(factory, ctx):
    for _ in range(ctx.settings.response_rate_limit):
        _submit(factory, ctx)
    with pytest.raises(RateLimited):
        _submit(factory, ctx)
    _submit(factory, ctx, address="198.51.100.9")  # another reader is not blocked
    with factory() as s:
        hashes = set(s.scalars(select(RateHit.key_hash)))
        assert len(hashes) == 2 and "203.0.113.7" not in str(hashes)
        assert "203.0.113.7" not in str(s.scalars(select(ReaderResponse.ip_hash)).all())


@pytest.mark.parametrize("changes", [{"body": "   "}, {"body": "x" * 4001}, {"target_type": "user"},
                                     {"body": "<script>only</script>"}])
def test_responses_refuse_empty_long_or_misplaced_responses(factory, ctx, changes):
    with pytest.raises(InvalidResponse):
        _submit(factory, ctx, **changes)


def test_responses_unknown_decisions_are_refused(factory, ctx):
    row = _submit(factory, ctx)
    with transaction(factory) as s, pytest.raises(Exception, match="decision must be one of"):
        responses.moderate(s, row.id, "publish", moderator="mod1", now=NOW)


def test_responses_html_is_balanced_whatever_the_reader_left_open(factory, ctx):
    from html.parser import HTMLParser

    class Nesting(HTMLParser):
        def __init__(self):
            super().__init__()
            self.open, self.errors = [], []

        def handle_starttag(self, tag, attrs):
            if tag != "br":
                self.open.append(tag)

        def handle_endtag(self, tag):
            if not self.open or self.open.pop() != tag:
                self.errors.append(tag)

    for body in ("<b>we called\n\n<i>the embassy</b> twice</i>", "<blockquote>they said\n\nno</blockquote>",
                 '<a href="https://example.org/a">read\n\nthis</a>', "<b>never closed\n\nat all"):
        shown = _submit(factory, ctx, body=body).body_html
        parser = Nesting()
        parser.feed(shown)
        assert parser.errors == [] and parser.open == [], shown
