"""Every public URL the respond stage writes into mail, feeds, calendars and share texts.

Kept in one place so the web routes (phase 2) and the texts cannot drift apart: the routes
are registered from the same paths.
"""

from __future__ import annotations

from urllib.parse import quote

from refwatch.settings import Settings

INCIDENT_PATH = "/incidents/{key}"
ACTION_PATH = "/act/{slug}"
EVENT_PATH = "/events/{slug}"
EVENT_ICS_PATH = "/events/{slug}.ics"
CALENDAR_PATH = "/events.ics"
CONFIRM_PATH = "/subscribe/confirm/{token}"
MANAGE_PATH = "/subscribe/manage/{token}"
UNSUBSCRIBE_PATH = "/unsubscribe/{token}"
RSVP_UNSUBSCRIBE_PATH = "/unsubscribe/rsvp/{token}"
RSVP_PATH = "/events/{slug}/rsvp/{token}"
ATOM_PATH = "/alerts.atom"
JSON_FEED_PATH = "/alerts.json"
SHARE_PATH = "/share/{kind}/{key}"
CARD_PATH = "/share/{kind}/{key}.png"


def _base(settings: Settings) -> str:
    return settings.public_base_url.rstrip("/")


def _fill(settings: Settings, path: str, **parts: str) -> str:
    return _base(settings) + path.format(**{k: quote(v, safe="") for k, v in parts.items()})


def home(settings: Settings) -> str:
    return _base(settings) + "/"


def incident(settings: Settings, key: str) -> str:
    return _fill(settings, INCIDENT_PATH, key=key)


def action(settings: Settings, slug: str) -> str:
    return _fill(settings, ACTION_PATH, slug=slug)


def event(settings: Settings, slug: str) -> str:
    return _fill(settings, EVENT_PATH, slug=slug)


def event_ics(settings: Settings, slug: str) -> str:
    return _fill(settings, EVENT_ICS_PATH, slug=slug)


def calendar(settings: Settings) -> str:
    return _base(settings) + CALENDAR_PATH


def confirm(settings: Settings, token: str) -> str:
    return _fill(settings, CONFIRM_PATH, token=token)


def manage(settings: Settings, token: str) -> str:
    return _fill(settings, MANAGE_PATH, token=token)


def unsubscribe(settings: Settings, token: str) -> str:
    return _fill(settings, UNSUBSCRIBE_PATH, token=token)


def rsvp_unsubscribe(settings: Settings, token: str) -> str:
    """One-click (RFC 8058) target of RSVP mails: cancels the place and its reminders."""
    return _fill(settings, RSVP_UNSUBSCRIBE_PATH, token=token)


def rsvp(settings: Settings, slug: str, token: str) -> str:
    return _fill(settings, RSVP_PATH, slug=slug, token=token)


def atom_feed(settings: Settings) -> str:
    return _base(settings) + ATOM_PATH


def json_feed(settings: Settings) -> str:
    return _base(settings) + JSON_FEED_PATH


def share(settings: Settings, kind: str, key: str) -> str:
    return _fill(settings, SHARE_PATH, kind=kind, key=key)


def card(settings: Settings, kind: str, key: str) -> str:
    return _fill(settings, CARD_PATH, kind=kind, key=key)
