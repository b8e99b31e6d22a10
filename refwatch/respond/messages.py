"""The words of every mail the respond stage sends, in English and Korean.

A message is built as structure (heading, paragraphs, one button, links, footer) and then
rendered twice, as plain text and as HTML, so the two can never say different things. Only
the fields of the public projection and editors' public messages are used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from refwatch.respond import links
from refwatch.respond.channel import AlertView
from refwatch.respond.mail import MailContent
from refwatch.respond.public import PublicIncident
from refwatch.respond.rules import Reason
from refwatch.respond.words import country_name, language, status_label
from refwatch.settings import Settings

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Composed:
    """A message before rendering; `footer` and `footer_links` are the per-recipient part."""

    lang: str
    subject: str
    heading: str
    paragraphs: tuple[str, ...]
    button: Link | None = None
    links: tuple[Link, ...] = ()
    urgent: bool = False
    footer: str = ""
    footer_links: tuple[Link, ...] = field(default_factory=tuple)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html"]),
                       trim_blocks=True, lstrip_blocks=True)


def render(composed: Composed) -> MailContent:
    """Plain text and HTML of one composed message."""
    lines = [composed.heading, ""]
    for paragraph in composed.paragraphs:
        lines += [paragraph, ""]
    if composed.button:
        lines += [f"{composed.button.label}: {composed.button.url}", ""]
    lines += [f"{link.label}: {link.url}" for link in composed.links]
    if composed.footer or composed.footer_links:
        lines += ["", "-- ", composed.footer]
        lines += [f"{link.label}: {link.url}" for link in composed.footer_links]
    html = _environment().get_template("mail/message.html").render(
        lang=composed.lang, subject=composed.subject, heading=composed.heading, paragraphs=composed.paragraphs,
        button=composed.button, links=composed.links, urgent=composed.urgent,
        urgent_label="긴급" if composed.lang == "ko" else "Urgent", footer=composed.footer,
        footer_links=composed.footer_links)
    return MailContent(subject=composed.subject, text="\n".join(lines).strip() + "\n", html=html)


def _reason_sentence(reason: Reason, incident: PublicIncident, lang: str) -> str:
    ko = lang == "ko"
    detail = reason.detail
    if reason.code == "published":
        return f"새로 확인된 사건입니다: {incident.headline('ko')}." if ko else \
            f"A new incident has been verified: {incident.headline('en')}."
    if reason.code == "status":
        before, after = status_label(detail["from"], lang), status_label(detail["to"], lang)
        return f"상태가 바뀌었습니다: {before} → {after}." if ko else f"New status: {after} (before: {before})."
    if reason.code == "children":
        return f"어린이 {detail['children']}명이 포함되어 있습니다." if ko else \
            f"Children are among them ({detail['children']})."
    if reason.code == "quiet":
        if ko:
            return (f"{detail['days']}일째 이 일행의 소식이 없습니다. "
                    "아직 구금 중이며, 소식이 없다고 안전한 것은 아닙니다.")
        return (f"There has been no news for {detail['days']} days about this group, who are still held. "
                "Silence does not mean they are safe.")
    if reason.code == "manual":
        own, other = ("message_ko", "message_en") if ko else ("message_en", "message_ko")
        return str(detail.get(own) or detail.get(other) or "")
    return ""


def _subject(reasons: list[Reason], incident: PublicIncident, lang: str, urgent: bool) -> str:
    ko = lang == "ko"
    codes = {r.code for r in reasons}
    prefix = ("[긴급] " if ko else "[Urgent] ") if urgent else ""
    if "status" in codes and "published" not in codes:
        prefix += "[상황 변경] " if ko else "Update: "
    elif codes == {"quiet"}:
        prefix += "[소식 없음] " if ko else "No news: "
    return prefix + incident.headline(lang)


def incident_alert(alert: AlertView, *, lang: str, settings: Settings) -> Composed:
    """The shared part of an incident alert in one language (the footer is added per recipient)."""
    lang = language(lang)
    incident = PublicIncident.from_public_dict(alert.content["incident"])
    reasons = [Reason.from_dict(r) for r in alert.content.get("reasons", [])]
    paragraphs = [s for s in (_reason_sentence(r, incident, lang) for r in reasons) if s]
    if incident.children_phrase(lang) and "children" not in {r.code for r in reasons}:
        paragraphs.append(incident.children_phrase(lang).capitalize() + ".")
    if incident.summary(lang):
        paragraphs.append(incident.summary(lang))
    button = None
    action = alert.content.get("action")
    if action and action.get("state") == "open":
        title = action.get(f"title_{lang}") or action.get("title_en") or ""
        paragraphs.append(("지금 할 수 있는 일: " if lang == "ko" else "What you can do now: ") + title)
        button = Link("행동하기" if lang == "ko" else "Take action", links.action(settings, action["slug"]))
    read_more = Link("자세히 보기" if lang == "ko" else "Read more", links.incident(settings, incident.key))
    return Composed(lang=lang, subject=_subject(reasons, incident, lang, alert.urgent),
                    heading=incident.title(lang), paragraphs=tuple(paragraphs), button=button,
                    links=(read_more,), urgent=alert.urgent)


def subscriber_footer(composed: Composed, *, countries: list[str], manage_url: str, unsubscribe_url: str) -> Composed:
    """Why this person gets the mail and how to stop it, in their language."""
    lang = composed.lang
    if lang == "ko":
        scope = f" ({', '.join(country_name(c, 'ko') for c in countries)})" if countries else ""
        footer = f"refwatch 알림{scope}을 구독하셨기 때문에 이 메일을 받으셨습니다."
        footer_links = (Link("설정 바꾸기", manage_url), Link("구독 취소", unsubscribe_url))
    else:
        scope = f" for {', '.join(country_name(c, 'en') for c in countries)}" if countries else ""
        footer = f"You get this because you subscribed to refwatch alerts{scope}."
        footer_links = (Link("Change preferences", manage_url), Link("Unsubscribe", unsubscribe_url))
    return Composed(lang=lang, subject=composed.subject, heading=composed.heading, paragraphs=composed.paragraphs,
                    button=composed.button, links=composed.links, urgent=composed.urgent, footer=footer,
                    footer_links=footer_links)


def opt_in(*, lang: str, confirm_url: str, settings: Settings) -> Composed:
    """The confirmation mail: the button leads to a page whose own button (a POST) confirms."""
    if language(lang) == "ko":
        return Composed(
            lang="ko", subject=f"{settings.site_name} 알림 구독을 확인해 주세요",
            heading="구독을 확인해 주세요",
            paragraphs=(f"누군가 이 주소로 {settings.site_name} 알림을 신청했습니다. 본인이 맞다면 아래 버튼을 눌러 "
                        "열리는 페이지에서 한 번 더 확인 버튼을 눌러 주세요.",
                        "본인이 신청하지 않았다면 이 메일을 무시하세요. 확인하지 않으면 아무 메일도 보내지 않습니다."),
            button=Link("구독 확인하기", confirm_url))
    return Composed(
        lang="en", subject=f"Please confirm your {settings.site_name} alerts",
        heading="Confirm your subscription",
        paragraphs=(f"Someone asked for {settings.site_name} alerts to be sent to this address. If that was you, "
                    "open the page below and press the confirm button there.",
                    "If it was not you, ignore this message: without confirmation we send nothing more."),
        button=Link("Confirm my subscription", confirm_url))
