from refwatch.web.highlight import locate, segments


def test_highlight_locate_exact_and_with_other_white_space():
    text = "Police  detained\nten people.\nThey face return."
    assert locate(text, "They face return.") == (29, 46)
    start, end = locate(text, "Police detained ten people.")
    assert text[start:end] == "Police  detained\nten people."
    assert locate(text, "not in the text") is None
    assert locate(text, "   ") is None


def test_highlight_segments_split_overlaps_and_keep_all_text():
    text = "abcdefghij"
    parts = segments(text, [(0, 6, 1), (4, 8, 2)])
    assert "".join(p.text for p in parts) == text
    assert [(p.text, p.event_ids) for p in parts] == [("abcd", (1,)), ("ef", (1, 2)), ("gh", (2,)), ("ij", ())]
    assert parts[0].starts == (1,) and parts[1].starts == (2,) and parts[1].ends == (1,) and parts[2].ends == (2,)


def test_highlight_segments_korean_text():
    text = "중국 공안이 탈북민 10명을 체포했다. 이들은 강제북송 위기에 처했다."
    where = locate(text, "탈북민 10명을 체포했다")
    parts = segments(text, [(*where, 7)])
    assert [p.text for p in parts if p.marked] == ["탈북민 10명을 체포했다"]
