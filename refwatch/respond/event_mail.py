"""Mail to people who RSVPed: the confirmation (with the hidden address), reminders and changes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from refwatch.errors import DeliveryFailed
from refwatch.respond import links, messages, tokens
from refwatch.respond.channel import AlertView, OutboxItem
from refwatch.respond.messages import Composed, Link
from refwatch.respond.timefmt import when
from refwatch.settings import Settings
from refwatch.store.models import ProtestEvent, Rsvp

if TYPE_CHECKING:
    from refwatch.respond.email_channel import Built

EVENT_KINDS = frozenset({"rsvp", "event_reminder", "event_update"})


def recipients(session: Session, alert: AlertView) -> Iterable[str]:
    if alert.kind == "rsvp":
        return [f"rsvp:{int(alert.content['rsvp_id'])}"]
    if alert.kind in EVENT_KINDS:
        ids = session.scalars(select(Rsvp.id).where(Rsvp.event_id == int(alert.content["event_id"]),
                                                    Rsvp.state == "going"))
        return [f"rsvp:{i}" for i in ids]
    return []


def _title(event: ProtestEvent, lang: str) -> str:
    return (event.title_ko or event.title_en) if lang == "ko" else (event.title_en or event.title_ko)


def _field(event: ProtestEvent, name: str, lang: str) -> str:
    own, other = getattr(event, f"{name}_{lang}"), getattr(event, f"{name}_{'en' if lang == 'ko' else 'ko'}")
    return str(own or other or "")


def _details(event: ProtestEvent, lang: str) -> list[str]:
    ko = lang == "ko"
    place = ", ".join(p for p in (event.place_name, event.address, event.city) if p)
    lines = [("언제: " if ko else "When: ") + when(event.starts_at, event.ends_at, event.timezone, lang=lang)]
    if place:
        lines.append(("어디서: " if ko else "Where: ") + place)
    if event.online_url:
        lines.append(("온라인: " if ko else "Online: ") + event.online_url)
    for name, label_en, label_ko in (("what_to_bring", "Bring: ", "준비물: "),
                                     ("accessibility", "Access: ", "접근성: ")):
        if _field(event, name, lang):
            lines.append((label_ko if ko else label_en) + _field(event, name, lang))
    if event.organiser:
        lines.append(("주최: " if ko else "Organised by: ") + event.organiser)
    return lines


def _compose(kind: str, change: str, event: ProtestEvent, rsvp: Rsvp, settings: Settings) -> Composed:
    lang = "ko" if rsvp.language == "ko" else "en"
    ko = lang == "ko"
    title = _title(event, lang)
    token = tokens.make_token(tokens.link_key(settings), purpose="rsvp", ident=rsvp.id, nonce=rsvp.token_salt)
    page = links.rsvp(settings, event.slug, token)
    if kind == "event_update" and change == "cancelled":
        subject = f"[취소] {title}" if ko else f"Cancelled: {title}"
        lead = "이 행사는 취소되었습니다. 함께해 주시려던 마음에 감사드립니다." if ko else \
            "This event has been cancelled. Thank you for being ready to come."
        return Composed(lang=lang, subject=subject, heading=subject, paragraphs=(lead,), urgent=True,
                        links=(Link("행사 페이지" if ko else "Event page", links.event(settings, event.slug)),))
    if kind == "event_update":
        subject = f"[변경] {title}" if ko else f"Changed: {title}"
        lead = "행사 내용이 바뀌었습니다. 아래 새 정보를 확인해 주세요." if ko else \
            "Details of this event have changed. Here is what holds now."
    elif kind == "event_reminder":
        subject = f"[알림] {title}" if ko else f"Reminder: {title}"
        lead = "곧 열리는 행사를 알려 드립니다." if ko else "A reminder of the event you said you would join."
    else:
        subject = f"참가 신청 완료: {title}" if ko else f"You're going: {title}"
        lead = f"{rsvp.party_size}명 참가 신청을 받았습니다." if ko else \
            f"We have you down for {rsvp.party_size} {'person' if rsvp.party_size == 1 else 'people'}."
    footer = ("참가를 취소하거나 알림을 그만 받으려면 아래 링크를 쓰세요." if ko else
              "To cancel your place or stop these mails, use the link below.")
    return Composed(lang=lang, subject=subject, heading=title, paragraphs=(lead, *_details(event, lang)),
                    button=Link("행사 정보와 주소 보기" if ko else "Event details and address", page),
                    links=(Link("캘린더에 추가 (.ics)" if ko else "Add to calendar (.ics)",
                                links.event_ics(settings, event.slug)),),
                    urgent=kind != "rsvp", footer=footer,
                    footer_links=(Link("참가 취소" if ko else "Cancel my place", page),))


def build_event_mails(session: Session, items: Sequence[OutboxItem], settings: Settings) -> Built:
    from refwatch.respond.email_channel import Outgoing

    rsvp_ids = {int(i.recipient.split(":", 1)[1]) for i in items if i.recipient.startswith("rsvp:")}
    rsvps = {r.id: r for r in session.scalars(select(Rsvp).where(Rsvp.id.in_(rsvp_ids)))}
    event_ids = {int(i.alert.content["event_id"]) for i in items}
    events = {e.id: e for e in session.scalars(select(ProtestEvent).where(ProtestEvent.id.in_(event_ids)))}
    built: Built = {}
    for item in items:
        row = rsvps.get(int(item.recipient.split(":", 1)[1])) if item.recipient.startswith("rsvp:") else None
        event = events.get(int(item.alert.content["event_id"]))
        if row is None or event is None or row.state != "going":
            built[item.delivery_id] = DeliveryFailed("skipped: the RSVP was cancelled or removed", permanent=True)
            continue
        composed = _compose(item.alert.kind, str(item.alert.content.get("change", "")), event, row, settings)
        token = tokens.make_token(tokens.link_key(settings), purpose="rsvp", ident=row.id, nonce=row.token_salt)
        built[item.delivery_id] = Outgoing(row.email, composed.lang, messages.render(composed),
                                           links.rsvp_unsubscribe(settings, token))
    return built


BUILDERS = {kind: build_event_mails for kind in EVENT_KINDS}
