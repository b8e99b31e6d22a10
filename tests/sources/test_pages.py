import codecs
import json
from pathlib import Path

import pytest

from refwatch.demo import DEMO_PAGES
from refwatch.errors import NoArticle, UnreadableText
from refwatch.sources.pages import (
    EXTRACT_TARGET,
    MAX_EXTRACT_CHARS,
    PageMeta,
    _bounded_markup,
    declared_charset,
    decode_html,
    read_article,
)
from refwatch.sources.timebox import TimeBox
from tests.sources.loopback import HTTP_FIXTURES, korean_page

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus"
KOREAN_SENTENCE = "중국 지린성 투먼에서 탈북민 4명이 공안에 체포돼"


@pytest.fixture(scope="module")
def timebox():
    box = TimeBox(EXTRACT_TARGET, timeout=60)
    yield box
    box.close()


def test_pages_euckr_declared_in_the_http_header_is_decoded():
    body = korean_page("euc-kr")
    assert declared_charset(body, "text/html; charset=EUC-KR") == "cp949"
    assert KOREAN_SENTENCE in decode_html(body, content_type="text/html; charset=EUC-KR", where="t")


def test_pages_euckr_declared_in_meta_is_decoded():
    body = korean_page("euc-kr", declare="euc-kr")
    assert declared_charset(body, "text/html") == "cp949"
    assert KOREAN_SENTENCE in decode_html(body, content_type="text/html", where="t")


def test_pages_cp949_only_characters_decode_under_an_euckr_label():
    body = "똠방각하 탈북민".encode("cp949")  # 똠 exists in CP949, not in plain EUC-KR
    with pytest.raises(UnicodeDecodeError):
        body.decode("euc-kr")
    assert decode_html(body, content_type="text/html; charset=euc-kr", where="t") == "똠방각하 탈북민"


def test_pages_undeclared_cp949_is_detected():
    body = korean_page("cp949")
    assert declared_charset(body, "text/html") is None
    assert KOREAN_SENTENCE in decode_html(body, content_type="text/html", where="t")


def test_pages_a_wrong_declaration_falls_back_to_detection():
    body = korean_page("cp949")
    assert KOREAN_SENTENCE in decode_html(body, content_type="text/html; charset=utf-8", where="t")


def test_pages_byte_order_mark_wins():
    body = codecs.BOM_UTF16_LE + "<p>탈북민 체포</p>".encode("utf-16-le")
    assert decode_html(body, content_type="text/html; charset=iso-8859-1", where="t") == "<p>탈북민 체포</p>"


def test_pages_a_few_invalid_bytes_in_utf8_are_replaced_not_fatal():
    body = ("<p>" + "North Koreans detained. " * 40 + "</p>").encode() + b"\xff\xfe"
    text = decode_html(body, content_type="text/html; charset=utf-8", where="t")
    assert text.startswith("<p>North Koreans detained.")


def test_pages_binary_bytes_are_unreadable_with_the_source_named():
    with pytest.raises(UnreadableText, match="cannot decode") as raised:
        decode_html(bytes(range(256)) * 64, content_type="text/html", where="http://x.test/bin")
    assert raised.value.where == "http://x.test/bin"


def _gold(doc_id):
    for line in (CORPUS / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"] == doc_id:
            return record
    raise KeyError(doc_id)


@pytest.mark.parametrize("page", sorted(p.stem for p in DEMO_PAGES.glob("*.html")))
def test_pages_corpus_page_gives_its_article_title_date_and_outlet(page, timebox):
    gold = _gold(page)
    html = (DEMO_PAGES / f"{page}.html").read_text(encoding="utf-8")
    report = read_article(html, PageMeta(url=gold["url"]), timebox=timebox)
    folded = " ".join(report.text.split())
    paragraphs = [" ".join(p.split()) for p in gold["text"].split("\n\n")]
    found = [p for p in paragraphs if p in folded]
    assert len(found) >= len(paragraphs) - 2  # a byline and a caption may be dropped as furniture
    assert max(paragraphs, key=len) in folded
    assert report.title == gold["title"]
    assert report.outlet == gold["outlet"]
    assert report.published[: len(gold["published"] or "")] == (gold["published"] or "")
    assert "says:" not in report.text  # reader comments are not article text


def test_pages_page_without_an_article_is_no_article(timebox):
    html = (HTTP_FIXTURES / "no-article.html").read_text(encoding="utf-8")
    with pytest.raises(NoArticle, match="no article text") as raised:
        read_article(html, PageMeta(url="http://x.test/search"), timebox=timebox)
    assert raised.value.where == "http://x.test/search"


def test_pages_oversized_markup_is_cut_before_extraction():
    script = "<script>" + "var a = 1;" * 200_000 + "</script>"
    ld = '<script type="application/ld+json">{"headline": "kept"}</script>'
    html = "<html><head>" + ld + script + "</head><body>" + "<p>text</p>" * 200_000 + "</body></html>"
    bounded = _bounded_markup(html)
    assert len(bounded) <= MAX_EXTRACT_CHARS
    assert "var a = 1;" not in bounded and '"headline": "kept"' in bounded
