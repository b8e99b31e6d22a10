import json

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
