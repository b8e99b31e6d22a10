from selectolax.lexbor import LexborHTMLParser

from refwatch.sources.metadata import declared_metadata


def _page(head: str) -> LexborHTMLParser:
    return LexborHTMLParser(f"<html><head>{head}</head><body><p>x</p></body></html>")


def test_metadata_json_ld_article_in_a_graph_wins_over_meta_tags():
    head = (
        '<script type="application/ld+json">{ broken</script>'
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebSite", "name": "Site"},'
        '{"@type": ["NewsArticle"], "headline": "Ten detained in Dandong",'
        ' "datePublished": "2024-05-02T09:30:00+08:00",'
        ' "publisher": {"@type": "Organization", "name": "Loopback Ledger"},'
        ' "mainEntityOfPage": {"@id": "https://news.example.org/a/1"}}]}</script>'
        '<meta property="og:title" content="Other title"><title>Ten detained | Loopback Ledger</title>'
    )
    found = declared_metadata(_page(head))
    assert found == {"title": "Ten detained in Dandong", "date": "2024-05-02T09:30:00+08:00",
                     "sitename": "Loopback Ledger", "url": "https://news.example.org/a/1",
                     "page_title": "Ten detained | Loopback Ledger"}


def test_metadata_open_graph_and_article_tags_fill_in():
    head = ('<meta property="og:title" content="탈북민 4명 체포"><meta property="og:site_name" content="루프백일보">'
            '<meta property="article:published_time" content="2024-05-03T10:00:00+09:00">'
            '<link rel="canonical" href="https://example.kr/a/4">')
    found = declared_metadata(_page(head))
    assert (found["title"], found["sitename"], found["date"], found["url"]) == (
        "탈북민 4명 체포", "루프백일보", "2024-05-03T10:00:00+09:00", "https://example.kr/a/4")


def test_metadata_odd_dates_and_relative_links_are_left_out():
    head = ('<meta property="article:published_time" content="May 2, 2024">'
            '<link rel="canonical" href="/a/1">')
    found = declared_metadata(_page(head))
    assert "date" not in found and "url" not in found
