from pathlib import Path

from refwatch.demo import DEMO_PAGES
from refwatch.text.clean import excerpt, fast_text, normalize_text, title_suffix

HTTP_FIXTURES = Path(__file__).parent.parent / "fixtures" / "http"
CORPUS_PAGES = DEMO_PAGES  # the corpus pages, bundled with the demo


def test_clean_fast_text_keeps_prose_and_drops_scripts_menus_and_related_boxes():
    page = fast_text((HTTP_FIXTURES / "article-en.html").read_text(encoding="utf-8"))
    assert page.title == "Police detain five North Koreans at a bus station in Kunming - Loopback Ledger"
    assert "detained five North Koreans" in page.text
    assert "Markets close higher" not in page.text  # related box
    assert "We use cookies" not in page.text
    assert "schema.org" not in page.text and "Home" not in page.text
    assert page.for_gate.startswith(page.title)


def test_clean_fast_text_drops_reader_comments():
    page = fast_text((CORPUS_PAGES / "dev-033.html").read_text(encoding="utf-8"))
    assert "says:" not in page.text
    assert "Kunming" in page.text


def test_clean_og_title_is_preferred_to_the_title_tag():
    page = fast_text('<html><head><title>Headline | Site</title><meta property="og:title" content="Headline">'
                     "</head><body><p>x</p></body></html>")
    assert page.title == "Headline"


def test_clean_normalize_text_folds_spaces_and_keeps_paragraphs():
    assert normalize_text("  a\u00a0 b \r\n\r\n\n c\u3000d ") == "a b\n\nc d"
    assert normalize_text("한\u1100\u1161") == "한가"  # NFC


def test_clean_title_suffix_is_the_site_name():
    assert title_suffix("Kunming eight sent back – Tumen Watch", "Kunming eight sent back") == "Tumen Watch"
    assert title_suffix("No separator here", None) is None


def test_clean_excerpt_cuts_long_text_at_a_space():
    text = "word " * 1000
    short = excerpt(text, 1500)
    assert len(short) <= 1502 and short.endswith(" …") and "wor …" not in short
    assert excerpt("short text", 1500) == "short text"
