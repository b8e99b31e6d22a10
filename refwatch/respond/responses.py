"""Readers' responses under incidents, actions and events: sanitised, held, moderated.

Nothing a reader writes is shown before a moderator approves it: responses may name people
or places that must stay private, and a refugee's safety outweighs a fast comment section.
Spam is met without puzzles: a honeypot field bots fill in, a minimum time between showing
and sending the form, a per-address rate limit kept in the database. Bot submissions are
accepted silently as `spam`, so the bot learns nothing. Markup is cleaned with nh3 (a small
allow-list; links get `rel="nofollow ugc noopener noreferrer"`). Every moderation decision
goes into the audit log.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import datetime

import nh3
from sqlalchemy import select
from sqlalchemy.orm import Session

from refwatch.errors import InvalidResponse, RespondError
from refwatch.respond.ratelimit import address_hash, hit
from refwatch.respond.words import language
from refwatch.settings import Settings
from refwatch.store.audit import record
from refwatch.store.models import ReaderResponse

TARGET_TYPES = ("incident", "action", "event")
DECISIONS = ("approved", "rejected", "spam")
ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "a", "ul", "ol", "li", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
MAX_CHARS = 4000
MAX_LINKS = 3
LINK_PATTERN = re.compile(r"https?://|<a\s", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Submission:
    """A response form as it arrived; `seconds_on_form` comes from the signed form token."""

    target_type: str
    target_key: str
    body: str
    display_name: str = ""
    lang: str = "en"
    address: str = ""
    honeypot: str = ""
    seconds_on_form: float | None = None


def sanitise(body: str) -> tuple[str, str]:
    """(safe HTML, plain text) of what a reader typed; blank lines become paragraphs.

    The paragraphs are marked up first and cleaned last, so what is stored is nh3's own output,
    balanced: a tag the reader left open cannot run on into the rest of the page.
    """
    typed = body.replace("\r\n", "\n")
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", typed) if p.strip()]
    marked = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in paragraphs)
    safe_html = nh3.clean(marked, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                          url_schemes={"http", "https", "mailto"}, link_rel="nofollow ugc noopener noreferrer")
    text = html.unescape(nh3.clean(typed, tags=set()))
    return safe_html, re.sub(r"[ \t]+", " ", text).strip()


def _signals(submission: Submission, *, settings: Settings) -> list[str]:
    signals = []
    if submission.honeypot.strip():
        signals.append("honeypot")
    if submission.seconds_on_form is not None and submission.seconds_on_form < settings.response_min_seconds:
        signals.append("too_fast")
    if len(LINK_PATTERN.findall(submission.body)) > MAX_LINKS:
        signals.append("many_links")
    return signals


def submit(session: Session, submission: Submission, *, settings: Settings, now: datetime) -> ReaderResponse:
    """Store a response for moderation; RateLimited when the address sent too many."""
    if submission.target_type not in TARGET_TYPES or not submission.target_key:
        raise InvalidResponse("responses go under an incident, an action or an event", where="target")
    if not submission.body.strip():
        raise InvalidResponse("the response is empty", where="body")
    if len(submission.body) > MAX_CHARS:
        raise InvalidResponse(f"a response may be at most {MAX_CHARS} characters", where="body")
    key = address_hash(settings, submission.address or "unknown")
    hit(session, bucket="response", key_hash=key, limit=settings.response_rate_limit,
        window_s=settings.response_rate_window, now=now)
    signals = _signals(submission, settings=settings)
    safe_html, text = sanitise(submission.body)
    if not text:
        raise InvalidResponse("the response has no text left after cleaning", where="body")
    name = nh3.clean(submission.display_name, tags=set()).strip()[:80]
    bot = "honeypot" in signals or "too_fast" in signals
    row = ReaderResponse(target_type=submission.target_type, target_key=submission.target_key[:120],
                         body_html=safe_html, body_text=text, display_name=html.unescape(name),
                         language=language(submission.lang), state="spam" if bot else "held", signals=signals,
                         ip_hash=key, created_at=now)
    session.add(row)
    session.flush()
    record(session, actor="public", action="response.submit", entity_type="response", entity_id=row.id,
           after={"target": f"{row.target_type}:{row.target_key}", "state": row.state, "signals": signals})
    return row


def moderate(session: Session, response_id: int, decision: str, *, moderator: str, note: str = "",
             now: datetime) -> ReaderResponse:
    """Approve, reject or mark as spam; the decision and its reason are audited."""
    if decision not in DECISIONS:
        raise RespondError(f"decision must be one of {', '.join(DECISIONS)}", where="decision")
    row = session.get(ReaderResponse, response_id)
    if row is None:
        raise RespondError(f"no response {response_id}", where="response")
    before = {"state": row.state}
    row.state, row.moderated_by, row.moderated_at, row.moderation_note = decision, moderator, now, note or None
    record(session, actor=moderator, action=f"response.{decision}", entity_type="response", entity_id=row.id,
           before=before, after={"state": decision, "note": note})
    return row


def moderation_queue(session: Session, *, state: str = "held", limit: int = 100) -> list[ReaderResponse]:
    query = select(ReaderResponse).where(ReaderResponse.state == state).order_by(ReaderResponse.created_at)
    return list(session.scalars(query.limit(limit)))


def approved_for(session: Session, target_type: str, target_key: str) -> list[ReaderResponse]:
    query = select(ReaderResponse).where(ReaderResponse.target_type == target_type,
                                         ReaderResponse.target_key == target_key,
                                         ReaderResponse.state == "approved")
    return list(session.scalars(query.order_by(ReaderResponse.created_at)))
