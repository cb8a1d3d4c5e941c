"""The project-wide base: SANAD_HOME's rule, the one text reader, the one file hash."""

import enum
import hashlib

import pytest

from index.common import InputFileError, OptionError, parse_enum, read_text, sanad_home, sha256_file, valid_values


def test_sanad_home_follows_the_variable_then_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("SANAD_HOME", str(tmp_path / "home"))
    assert sanad_home() == tmp_path / "home"
    monkeypatch.delenv("SANAD_HOME")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert sanad_home() == tmp_path / "cache" / "sanad"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")  # the XDG spec says to ignore it
    assert sanad_home().parent.is_absolute() and sanad_home().name == "sanad"


@pytest.mark.parametrize(
    "content, message",
    [(b"", "is empty"), (b"  \n", "is empty"), (b"a\x00b", "looks binary"), (b"\xff\xfe\xfa", "not valid UTF-8")],
)
def test_read_text_names_the_file_and_the_problem(tmp_path, content, message):
    path = tmp_path / "doc.txt"
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=f"doc.txt: {message}"):
        read_text(path)


def test_read_text_refuses_a_directory_and_a_large_file(tmp_path):
    with pytest.raises(InputFileError, match="is a directory, expected a dataset file"):
        read_text(tmp_path, expected="a dataset file")
    path = tmp_path / "big.txt"
    path.write_text("x" * 11, encoding="utf-8")
    with pytest.raises(InputFileError, match="11 bytes is more than the 10-byte limit"):
        read_text(path, max_bytes=10)
    path.write_bytes("\ufeffنص".encode("utf-8"))
    assert read_text(path) == "نص"  # the BOM is dropped


def test_sha256_file_matches_hashlib_across_blocks(tmp_path):
    data = bytes(range(256)) * 5000  # more than one 1 MiB block
    path = tmp_path / "blob.bin"
    path.write_bytes(data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()


def test_enum_errors_list_every_value():
    class Kind(enum.Enum):
        A = "a"
        B = "b"

    assert valid_values(Kind) == "'a', 'b'"
    with pytest.raises(OptionError, match=r"unknown kind 'c'. Use one of the supported values: \['a', 'b'\]"):
        parse_enum(Kind, "c", "kind")
