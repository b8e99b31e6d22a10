import pytest

from refwatch.respond import events
from refwatch.respond.share import (
    NETWORK_RULES,
    event_kit,
    fit,
    grapheme_length,
    incident_kit,
    mastodon_length,
    x_length,
)
from refwatch.store import transaction
from tests.respond.conftest import NOW, incident
from tests.respond.test_events import _with

LINK = "https://refwatch.test/act/2026-11-cn-shenyang-10"


@pytest.mark.parametrize(("changes", "english", "korean"), [
    ({}, "10 people from North Korea detained in Shenyang, China", "탈북민 10명 중국 선양에서 체포·구금됨"),
    ({"status": "repatriated"}, "10 people from North Korea forcibly returned to North Korea from Shenyang, China",
     "탈북민 10명 중국 선양에서 북한으로 강제북송됨"),
    ({"status": "arrived", "place": "Lang Son", "place_ko": "랑선", "country": "VN"},
     "10 people from North Korea arrived safely, via Lang Son, Vietnam",
     "탈북민 10명 안전하게 도착함 (베트남 랑선 경유)"),
    ({"status": "arrived", "place": "Seoul", "place_ko": "서울", "country": "KR"},
     "10 people from North Korea arrived safely in Seoul, South Korea", "탈북민 10명 한국 서울에서 안전하게 도착함"),
    ({"status": "released", "place": None, "place_ko": None, "country": None, "people_min": None,
      "people_max": None}, "A group of people from North Korea released", "탈북민 일행 석방됨"),
])
def test_share_headline_tells_where_by_what_happened(changes, english, korean):
    """A return is told "from" the last place held, a safe arrival elsewhere "via" it."""
    told = incident(**changes)
    assert (told.headline("en"), told.headline("ko")) == (english, korean)


@pytest.mark.parametrize("text,expected", [
    ("hello", 5),
    ("탈북민", 6),  # Hangul weighs 2 on X
    ("café", 4),
    ("👨‍👩‍👧", 2),  # one emoji sequence
    ("see https://example.org/a/very/long/path/that/goes/on?and=on", 4 + 23),
    ("…", 2),  # U+2026 lies outside the light ranges (8192–8205, 8208–8223, 8242–8247)
    ("–", 1),  # U+2013 lies inside them
])
def test_share_x_counts_like_twitter_text(text, expected):
    assert x_length(text) == expected


def test_share_mastodon_counts_urls_as_23_and_bluesky_counts_them_in_full():
    text = "a https://example.org/" + "x" * 60
    assert mastodon_length(text) == 2 + 23
    assert grapheme_length(text) == len(text)


def test_share_kit_has_every_network_and_language_within_limits_with_link_and_tags():
    kit = incident_kit(incident(children=2), link=LINK)
    assert {(t.network, t.lang) for t in kit} == {(n, lang) for n in NETWORK_RULES for lang in ("en", "ko")}
    for text in kit:
        assert LINK in text.text
        assert text.limit is None or text.length <= text.limit
        assert text.length == NETWORK_RULES[text.network].measure(text.text)
    by = {(t.network, t.lang): t.text for t in kit}
    assert "#강제북송반대" in by["x", "ko"] and "#StopForcedRepatriation" in by["bluesky", "en"]
    assert "#" not in by["kakaotalk", "ko"]
    assert "중국 정부에 강제북송 중단을 요구해 주세요." in by["x", "ko"]
    assert "Chinese police detained" in by["facebook", "en"] and "Chinese police" not in by["x", "en"]


def test_share_long_korean_text_is_shortened_for_x_keeping_the_link():
    long_summary = "가" * 400
    kit = incident_kit(incident(title_ko=long_summary, place_ko="선" * 150), link=LINK)
    x_ko = next(t for t in kit if (t.network, t.lang) == ("x", "ko"))
    assert x_ko.length <= 280 and LINK in x_ko.text and "…" in x_ko.text
    mastodon = fit(NETWORK_RULES["mastodon"], core="a" * 600, details=["b"], link=LINK, hashtags=["#c"])
    assert mastodon_length(mastodon) <= 500 and mastodon.endswith(LINK)


def test_share_event_texts_say_when_where_and_what_to_bring(factory, ctx):
    with transaction(factory) as s:
        event = events.create_event(s, _with(), actor="c", ctx=ctx)
        kit = {(t.network, t.lang): t for t in event_kit(event, link="https://refwatch.test/events/p", now=NOW)}
    assert kit["x", "en"].text.startswith(
        "Protest at the Chinese Embassy — tomorrow, 1–2 p.m. (Seoul time), Chinese Embassy, Seoul. "
        "Bring: your own signs.")
    assert kit["x", "ko"].text.startswith("중국대사관 앞 집회 — 내일 오후 1~2시 (현지 시각), Chinese Embassy, Seoul.")
    assert kit["x", "en"].intent_url.startswith("https://x.com/intent/post?text=Protest%20at")
