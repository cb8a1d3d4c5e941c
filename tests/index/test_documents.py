import pytest

from index.documents import bundled_report_path, doc_id_for, load_many, load_passages
from index.common import InputFileError


def test_plain_text_paragraphs_are_numbered(tmp_path):
    path = tmp_path / "My Notes.txt"
    path.write_text("First paragraph\ncontinues here.\n\n\nSecond one.\n\nالفقرة الثالثة.\n", encoding="utf-8")
    passages = load_passages(path)
    assert [p.number for p in passages] == [1, 2, 3]
    assert passages[0].text == "First paragraph continues here."
    assert passages[0].doc.title == "My Notes.txt"
    assert passages[2].id == "my-notes#3"


def test_markdown_headings_become_the_section_path(tmp_path):
    path = tmp_path / "brief.md"
    path.write_text("# Brief\n\nIntro.\n\n## Findings\n\nOne.\n\n### Detail\n\nTwo.\n\n## Next\n\nThree.\n", encoding="utf-8")
    passages = load_passages(path)
    assert [(p.number, p.section) for p in passages] == [
        (1, ("Brief",)),
        (2, ("Brief", "Findings")),
        (3, ("Brief", "Findings", "Detail")),
        (4, ("Brief", "Next")),
    ]


def test_default_is_the_bundled_report():
    passages = load_many()
    assert sum(p.number is not None for p in passages) == 139
    assert passages[0].doc.id == doc_id_for(bundled_report_path())


@pytest.mark.parametrize(
    "content, message",
    [
        (None, "no such file"),
        (b"", "is empty"),
        (b"   \n\n ", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("قرار".encode("cp1256"), "not valid UTF-8"),
    ],
)
def test_bad_files_name_the_file_and_the_problem(tmp_path, content, message):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputFileError, match=message) as info:
        load_passages(path)
    assert str(path) in str(info.value)


def test_directory_is_refused(tmp_path):
    with pytest.raises(InputFileError, match="is a directory"):
        load_passages(tmp_path)


def test_two_files_with_one_id_are_refused(tmp_path):
    (tmp_path / "a").mkdir()
    for folder in ("a", "."):
        (tmp_path / folder / "x.txt").write_text("text\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="same document id"):
        load_many([tmp_path / "x.txt", tmp_path / "a" / "x.txt"])
