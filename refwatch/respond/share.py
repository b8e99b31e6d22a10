"""Share kits: ready texts for X, Bluesky, Mastodon, Facebook and KakaoTalk, in English and Korean.

Each network counts differently, and a text cut off by the network loses its link, so each
text is measured the way its network measures it before it is offered:

- X (twitter-text v3): code points up to U+10FF and a few punctuation ranges weigh 1, all
  others (Hangul, CJK, emoji) weigh 2, every URL weighs 23; at most 280.
- Bluesky: grapheme clusters, the URL counted in full as typed; at most 300.
- Mastodon: grapheme clusters with every URL counted as 23; at most 500.
- KakaoTalk text messages: at most 200 characters; Facebook: no practical limit.

A text is built from a required core, optional details and hashtags; when it is too long the
hashtags go first, then details, and only then is the core shortened with an ellipsis. The link
is never dropped.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

import regex

from refwatch.respond.public import IN_CUSTODY, PublicIncident
from refwatch.respond.timefmt import when
from refwatch.respond.words import country_name, language
from refwatch.store.models import ProtestEvent

URL = regex.compile(r"https?://[^\s]+")
X_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
X_URL_WEIGHT = 23
HASHTAGS = {
    "en": ("#NorthKorea", "#refugees", "#StopForcedRepatriation"),
    "ko": ("#탈북민", "#강제북송반대", "#북한인권"),
}
NETWORKS = ("x", "bluesky", "mastodon", "facebook", "kakaotalk")


def _x_weight(char: str) -> int:
    code = ord(char)
    return 1 if any(low <= code <= high for low, high in X_LIGHT_RANGES) else 2


def x_length(text: str) -> int:
    """Length as X counts it (twitter-text v3 weights, URLs 23)."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    for piece in URL.split(text):
        for cluster in regex.findall(r"\X", piece):
            light = all(_x_weight(c) == 1 for c in cluster)
            total += sum(_x_weight(c) for c in cluster) if light else 2
    return total + X_URL_WEIGHT * len(URL.findall(text))


def grapheme_length(text: str) -> int:
    return len(regex.findall(r"\X", unicodedata.normalize("NFC", text)))


def mastodon_length(text: str) -> int:
    return grapheme_length(URL.sub("x" * 23, text))


@dataclass(frozen=True, slots=True)
class Network:
    name: str
    label: str
    limit: int | None
    measure: Callable[[str], int]
    hashtags: bool = True

    def intent_url(self, text: str, link: str) -> str | None:
        """A page on the network that opens a post with the text, when the network has one."""
        if self.name == "x":
            return f"https://x.com/intent/post?text={quote(text)}"
        if self.name == "bluesky":
            return f"https://bsky.app/intent/compose?text={quote(text)}"
        if self.name == "facebook":
            return f"https://www.facebook.com/sharer/sharer.php?u={quote(link, safe='')}"
        return None


NETWORK_RULES = {
    "x": Network("x", "X", 280, x_length),
    "bluesky": Network("bluesky", "Bluesky", 300, grapheme_length),
    "mastodon": Network("mastodon", "Mastodon", 500, mastodon_length),
    "facebook": Network("facebook", "Facebook", None, grapheme_length),
    "kakaotalk": Network("kakaotalk", "KakaoTalk", 200, grapheme_length, hashtags=False),
}


@dataclass(frozen=True, slots=True)
class ShareText:
    network: str
    lang: str
    text: str
    length: int
    limit: int | None
    intent_url: str | None


def fit(network: Network, *, core: str, details: Sequence[str], link: str, hashtags: Sequence[str]) -> str:
    """The longest text from these parts that the network accepts, link always kept."""
    tags = list(hashtags) if network.hashtags else []
    extra = list(details)

    def join(head: str) -> str:
        body = " ".join([head, *extra]).strip()
        return "\n\n".join(p for p in (body, link, " ".join(tags)) if p)

    text = join(core)
    if network.limit is None:
        return text
    while network.measure(text) > network.limit and tags:
        tags.pop()
        text = join(core)
    while network.measure(text) > network.limit and extra:
        extra.pop()
        text = join(core)
    head = core
    while network.measure(text) > network.limit and head:
        head = head[:-2].rstrip() if len(head) > 1 else ""
        text = join(head + "…" if head else "")
    return text


def _kit(parts: dict[str, tuple[str, list[str], list[str]]], link: str) -> list[ShareText]:
    texts = []
    for name in NETWORKS:
        network = NETWORK_RULES[name]
        for lang, (core, details, long_details) in parts.items():
            chosen = details + long_details if network.limit is None else details
            text = fit(network, core=core, details=chosen, link=link, hashtags=HASHTAGS[lang])
            texts.append(ShareText(name, lang, text, network.measure(text), network.limit,
                                   network.intent_url(text, link)))
    return texts


def _call_to_action(incident: PublicIncident, lang: str) -> str:
    ko = language(lang) == "ko"
    holder = country_name(incident.country, lang)
    if incident.status in IN_CUSTODY:
        if ko:
            return f"{holder} 정부에 강제북송 중단을 요구해 주세요." if holder else "강제북송을 막아 주세요."
        return f"Urge {holder} not to send them back." if holder else "Help stop their forced return."
    if incident.status == "repatriated":
        return "북한 당국에 이들의 행방 공개를 요구해 주세요." if ko else "Ask North Korea to say where they are held."
    return "함께해 주신 모든 분께 감사드립니다." if ko else "Thank you to everyone who acted."


def incident_kit(incident: PublicIncident, *, link: str) -> list[ShareText]:
    """Texts for every network and language about one published incident."""
    parts: dict[str, tuple[str, list[str], list[str]]] = {}
    for lang in ("en", "ko"):
        core = incident.headline(lang) + (f" ({incident.children_phrase(lang)})" if incident.children else "") + "."
        long_details = [incident.summary(lang)] if incident.summary(lang) else []
        parts[lang] = (core, [_call_to_action(incident, lang)], long_details)
    return _kit(parts, link)


def event_kit(event: ProtestEvent, *, link: str, now: datetime) -> list[ShareText]:
    """Texts for every network and language about one event: what, when, where, what to bring."""
    parts: dict[str, tuple[str, list[str], list[str]]] = {}
    for lang in ("en", "ko"):
        other = "ko" if lang == "en" else "en"
        title = getattr(event, f"title_{lang}") or getattr(event, f"title_{other}")
        moment = when(event.starts_at, event.ends_at, event.timezone, lang=lang, now=now)
        place = ", ".join(p for p in (event.place_name, event.city) if p)
        if event.state == "cancelled":
            core = f"[취소] {title}" if lang == "ko" else f"Cancelled: {title}"
            parts[lang] = (core + ".", [], [])
            continue
        core = f"{title} — {moment}" + (f", {place}" if place else "") + "."
        bring = getattr(event, f"what_to_bring_{lang}") or getattr(event, f"what_to_bring_{other}")
        details = [("준비물: " if lang == "ko" else "Bring: ") + bring.rstrip(".") + "."] if bring else []
        description = getattr(event, f"description_{lang}") or ""
        parts[lang] = (core, details, [description] if description else [])
    return _kit(parts, link)
