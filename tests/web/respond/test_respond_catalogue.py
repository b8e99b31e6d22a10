import re
from pathlib import Path

import pytest

from refwatch.respond.actions import CLOSING_OUTCOMES
from refwatch.respond.events import KINDS
from refwatch.web.i18n import LANGUAGES, catalogue
from tests.web.conftest import login
from tests.web.respond.conftest import KEY

TEMPLATES = Path(__file__).parents[3] / "refwatch" / "web" / "templates" / "respond"
STATIC = re.compile(r"""\bt\(\s*["'](respond\.[a-z0-9_.]+)["']\s*[,)]""")
DYNAMIC = re.compile(r"""\bt\(\s*["'](respond\.[a-z0-9_.]+)["']\s*\+""")
FAMILIES = {
    "respond.action.basis_": ("deadline", "expected_transfer", "none"),
    "respond.action.closed_": (*CLOSING_OUTCOMES, "returned", "other"),
    "respond.event.kind_": KINDS,
    "respond.manage.state_": ("pending", "active", "unsubscribed"),
    "respond.mod.state_": ("held", "spam", "approved", "rejected"),
    "respond.ws.state_": ("pending", "sending", "sent", "dead", "cancelled"),
    "respond.ws.close_": ("released", "arrived", "returned"),
    "respond.ws.f_": ("title_en", "title_ko", "background_en", "background_ko", "place_name", "city", "address",
                      "online_url", "organiser", "organiser_contact", "incident_key", "description_en",
                      "description_ko", "what_to_bring_en", "what_to_bring_ko", "accessibility_en",
                      "accessibility_ko"),
}
MESSAGES = ("respond.subscribe.check_mail", "respond.rate_limited", "respond.link_invalid", "respond.confirm.ask",
            "respond.confirm.done", "respond.unsubscribe.ask", "respond.unsubscribe.done", "respond.rsvp.cancelled",
            "respond.rsvp.cancel_ask",
            "respond.rsvp.check_mail", "respond.responses.held", "respond.responses.invalid")


def test_respond_catalogue_has_every_key_the_pages_use_in_both_languages():
    used = {f"{m}.{part}" for m in MESSAGES for part in ("title", "text")}
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        used |= set(STATIC.findall(text))
        for prefix in DYNAMIC.findall(text):
            assert prefix in FAMILIES, f"{template.name}: {prefix} has no listed values"
    used |= {prefix + value for prefix, values in FAMILIES.items() for value in values}
    for lang in LANGUAGES:
        assert not used - set(catalogue(lang)), f"{lang} lacks {sorted(used - set(catalogue(lang)))}"


@pytest.mark.anyio
async def test_respond_pages_in_korean_show_no_raw_keys(client, users, published):
    await login(client, "eve")
    for path in ("/subscribe", "/events", f"/share/incident/{KEY}", "/workspace/respond",
                 "/workspace/respond/responses", "/workspace/respond/events/new",
                 f"/workspace/respond/actions/new?incident={KEY}"):
        page = await client.get(path + ("&" if "?" in path else "?") + "lang=ko")
        assert page.status_code == 200, path
        assert "respond." not in re.sub(r"<[^>]+>", " ", page.text), path
