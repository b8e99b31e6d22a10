"""The gazetteer on sentences written for these tests, English and Korean."""

import pytest

from refwatch.extract.places import find_places, korean_place_names, lookup_place
from refwatch.extract.places.build import ascii_name, name_key, read_aliases

CASES = [
    ("Border guards caught the group in Lang Son province on Oct. 26.", [("Lang Son", "VN")]),
    ("They were driven to the bridge at Tumen and handed over.", [("Tumen", "CN")]),
    ("Police in Hunchun said the women came from Onsong.", [("Hunchun", "CN"), ("Onsong", "KP")]),
    ("The family reached the embassy in Ulan Bator last week.", [("Ulaanbaatar", "MN")]),
    ("Eleven people crossed from China's Guangxi region into Mong Cai.",
     [("China", "CN"), ("Guangxi", "CN"), ("Mong Cai", "VN")]),
    ("A boat capsized on the Mekong River near Chiang Khong.", [("Mekong River", "TH"), ("Chiang Khong", "TH")]),
    ("The four were picked up near Zamyn-Uud in February.", [("Zamyn-Uud", "MN")]),
    ("중국 공안은 지난 3일 지린성 투먼·훈춘과 랴오닝성 단둥에서 탈북민을 붙잡았다.",
     [("China", "CN"), ("Jilin Province", "CN"), ("Tumen", "CN"), ("Hunchun", "CN"), ("Liaoning", "CN"),
      ("Dandong", "CN")]),
    ("함경북도 무산군 출신 여성은 옌지 방향으로 가다 검문에 걸렸다.",
     [("North Hamgyong", "KP"), ("Musan", "KP"), ("Yanji", "CN")]),
    ("라오스 경찰은 이들을 보텐 국경검문소로 데려갔다.", [("Laos", "LA"), ("Boten", "LA")]),
    ("남양주에 사는 주민이 말했다.", [("Namyangju", "KR")]),
    ("라오스서 붙잡힌 일행은 선양역에서 다시 체포됐다.", [("Laos", "LA"), ("Shenyang", "CN")]),
    ("윈난성 원산주 공안이 이들을 넘겨받았다.", [("Yunnan", "CN"), ("Wenshan", "CN")]),
    ("몽까이에서 붙잡힌 일행은 하장성으로 옮겨졌다.", [("Mong Cai", "VN"), ("Ha Giang", "VN")]),
]


@pytest.mark.parametrize(("sentence", "expected"), CASES)
def test_gazetteer_finds_places_in_order(sentence, expected):
    found = [(m.name, m.country) for m in find_places(sentence)]
    assert found == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Police said on Monday that the president would visit.",
        "Reporters from the Sunday paper waited outside the court.",
        "조선족 기사도 함께 연행됐다.",
        "고성능 장비를 갖춘 경비대가 나라 곳곳에 있다.",
        "소식통은 본지와의 통화에서 법원이 선원들에게 코로나 검사를 명령했다고 말했다.",
        "The Long March was a long walk, said Kim.",
        "The Mekong Wire quoted Anna Sokolova of the ministry.",
    ],
)
def test_gazetteer_ignores_words_that_only_look_like_places(sentence):
    assert [m.name for m in find_places(sentence) if m.kind != "country"] == []


def test_gazetteer_offsets_point_at_the_text():
    sentence = "북송된 이들은 단둥에서 신의주로 넘겨졌다."
    for mention in find_places(sentence):
        assert sentence[mention.start:mention.end] == mention.text


def test_gazetteer_lookup_prefers_the_country_asked_for():
    assert lookup_place("Tumen").country == "CN"
    assert lookup_place("Pingxiang", "CN").name == "Pingxiang"
    assert lookup_place("Nowhere-on-Earth-123") is None


def test_gazetteer_places_have_coordinates_except_countries():
    for name in ("Dandong", "Zamyn-Uud", "Boten", "Chiang Saen", "Hyesan"):
        place = lookup_place(name)
        assert place is not None and place.lat is not None and place.lon is not None, name


def test_gazetteer_offers_korean_names_for_the_tokenizer():
    names = set(korean_place_names())
    assert {"단둥", "투먼", "훈춘", "몽까이", "창바이"} <= names
    assert "나라" not in names


def test_aliases_file_is_well_formed():
    places = read_aliases()
    assert len(places) > 100
    kinds = {p.kind for p in places}
    assert kinds <= {"city", "admin1", "crossing", "water", "region", "country"}
    for place in places:
        assert len(place.country) == 2 and place.country.isupper(), place


@pytest.mark.parametrize(("raw", "key"), [("Móng Cái", "mong cai"), ("Ji'an", "jian"), ("Zamyn-Uud", "zamyn uud"),
                                           ("단 둥", "단둥"), ("Lạng Sơn", "lang son")])
def test_name_key_folds_diacritics_case_and_hyphens(raw, key):
    assert name_key(raw) == key


def test_ascii_name_keeps_plain_names():
    assert ascii_name("Đồng Đăng") == "Dong Dang"
