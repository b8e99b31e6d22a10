import codecs
import json
from pathlib import Path

from refwatch.errors import InputError, MalformedLine, UnknownFileType
from refwatch.sources.files import read_path


def _write_jsonl(path, lines):
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_files_malformed_jsonl_lines_are_named_and_the_rest_is_read(tmp_path):
    good = json.dumps({"id": "a", "text": "Ten North Koreans detained in Dandong.", "published": "2024-05"}).encode()
    path = _write_jsonl(tmp_path / "r.jsonl", [
        good,
        b'{"id": "b", "text": "unterminated',
        b'["not", "an", "object"]',
        b'{"id": "c"}',
        b'{"id": "d", "text": "x", "published": "May 2024"}',
        b"\xff\xfe not utf-8",
        b"",
        json.dumps({"id": 7, "html": "<p>page</p>", "outlet": "Ledger"}).encode(),
    ])
    items = list(read_path(path))
    errors = {item.origin: str(item.error) for item in items if item.error}
    assert [type(item.error) for item in items if item.error] == [MalformedLine] * 5
    assert errors[f"{path}:2"].startswith(f"{path}:2: not JSON")
    assert "expected a JSON object" in errors[f"{path}:3"]
    assert "needs a 'text' or an 'html'" in errors[f"{path}:4"]
    assert "'published' must be" in errors[f"{path}:5"]
    assert "not UTF-8" in errors[f"{path}:6"]
    fine = [item for item in items if item.error is None]
    assert [(w.origin, w.kind) for w in fine] == [(f"{path}:1", "report"), (f"{path}:8", "html")]
    assert fine[0].preset.external_id == "a" and fine[0].preset.published == "2024-05"
    assert fine[1].preset.external_id == "7" and fine[1].fetched.body == b"<p>page</p>"


def test_files_unknown_type_is_refused_by_name(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4")
    [item] = read_path(path)
    assert isinstance(item.error, UnknownFileType)
    assert str(item.error).startswith(f"{path}: cannot ingest .pdf")


def test_files_missing_file_is_an_input_error(tmp_path):
    [item] = read_path(tmp_path / "gone.html")
    assert isinstance(item.error, InputError) and "no such file" in str(item.error)


def test_files_folders_are_walked_for_supported_types_only(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.html").write_text("<p>a</p>")
    (tmp_path / "sub" / "b.txt").write_text("b")
    (tmp_path / "notes.md").write_text("ignored in folders")
    (tmp_path / ".hidden.html").write_text("ignored")
    items = list(read_path(tmp_path))
    assert [(item.origin.removeprefix(str(tmp_path)), item.kind) for item in items] == [
        ("/a.html", "html"), ("/sub/b.txt", "text")]
    assert items[0].fetched.url.startswith("file://")


def test_files_jsonl_with_a_byte_order_mark_reads_its_first_line(tmp_path):
    path = tmp_path / "export.jsonl"
    lines = [json.dumps({"id": n, "text": f"Report {n}"}).encode() for n in (1, 2)]
    path.write_bytes(codecs.BOM_UTF8 + b"\r\n".join(lines) + b"\r\n")  # as spreadsheet exports on Windows write it
    items = list(read_path(path))
    assert [(item.origin, item.error) for item in items] == [(f"{path}:1", None), (f"{path}:2", None)]
    assert items[0].preset.external_id == "1"


def test_files_a_link_out_of_a_walked_folder_is_not_followed(tmp_path):
    secret = tmp_path / "home" / "private-notes.txt"
    secret.parent.mkdir()
    secret.write_text("the hiding place of a family")
    drop = tmp_path / "tips"
    drop.mkdir()
    (drop / "tip.txt").write_text("Four people were detained in Tumen.")
    (drop / "innocent.txt").symlink_to(secret)
    (drop / "same-folder.txt").symlink_to(drop / "tip.txt")
    items = list(read_path(drop))
    read = {Path(item.origin).name: item for item in items}
    assert read["innocent.txt"].fetched is None and "outside" in str(read["innocent.txt"].error)
    assert read["tip.txt"].error is None and read["same-folder.txt"].error is None
    assert all(b"hiding place" not in item.fetched.body for item in items if item.fetched)


def test_files_larger_than_the_cap_are_refused_and_long_lines_skipped(tmp_path):
    page = tmp_path / "huge.html"
    page.write_bytes(b"<p>" + b"x" * 2000 + b"</p>")
    [item] = read_path(page, max_bytes=1000)
    assert isinstance(item.error, InputError) and "more than the 1000-byte limit" in str(item.error)
    records = _write_jsonl(tmp_path / "r.jsonl", [
        json.dumps({"id": "long", "text": "y" * 5000}).encode(),
        json.dumps({"id": "fine", "text": "Two North Koreans detained."}).encode(),
    ])
    items = list(read_path(records, max_bytes=1000))
    assert isinstance(items[0].error, MalformedLine) and "longer than the 1000-byte limit" in str(items[0].error)
    assert (items[1].origin, items[1].error, items[1].preset.external_id) == (f"{records}:2", None, "fine")


def test_files_published_dates_take_ascii_digits_only(tmp_path):
    record = {"id": "w", "text": "x", "published": "２０２４-０５"}  # full-width digits
    path = _write_jsonl(tmp_path / "r.jsonl", [json.dumps(record).encode()])
    [item] = read_path(path)
    assert isinstance(item.error, MalformedLine) and "'published' must be" in str(item.error)
