import io

import pytest
from PIL import Image, ImageFont

from refwatch.errors import FontUnavailable
from refwatch.respond.ogimage import HEIGHT, WIDTH, Card, find_font, has_hangul, render_card, wrap


def test_ogimage_is_a_1200_by_630_png_with_hangul_drawn_not_boxes():
    card = Card("긴급 행동", "탈북민 10명 중국 선양에서 체포·구금됨", "지금 행동해 주세요", "refwatch.test", "urgent")
    png = render_card(card)
    image = Image.open(io.BytesIO(png))
    assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT))
    path, index = find_font()
    assert has_hangul(ImageFont.truetype(path, 40, index=index))
    other = render_card(Card("긴급 행동", "탈북민 12명 베트남에서 체포", "지금 행동해 주세요", "refwatch.test",
                             "urgent"))
    assert other != png and render_card(card) == png  # text drives the pixels; same card, same bytes


def test_ogimage_refuses_a_font_without_hangul():
    latin_only = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    try:
        ImageFont.truetype(latin_only, 20)
    except OSError:
        pytest.skip("DejaVu Sans is not installed")
    with pytest.raises(FontUnavailable):
        find_font(latin_only)


def test_ogimage_wrap_breaks_long_words_and_keeps_lines_within_width():
    path, index = find_font()
    font = ImageFont.truetype(path, 40, index=index)
    lines = wrap("짧은 말 " + "가" * 80, font, 500)
    assert len(lines) > 2 and all(font.getlength(line) <= 500 for line in lines)
    assert "".join(lines).replace(" ", "") == ("짧은말" + "가" * 80)
