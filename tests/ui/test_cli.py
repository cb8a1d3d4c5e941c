"""The one ``sanad`` command (``ui.cli``): every subcommand there from a source checkout, valid values from the Enums."""

import subprocess
import sys
from pathlib import Path

import pytest

from index.dense import DenseKind
from qa.inputs import MAX_K, Mode
from ui.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = ["passages", "repair", "index", "add", "remove", "docs", "cache", "search", "ask", "eval", "serve"]


def _help(*argv) -> str:
    # From the checkout itself (cwd first on sys.path): no entry point, no installed metadata needed.
    done = subprocess.run([sys.executable, "-m", "ui", *argv, "--help"], cwd=ROOT, capture_output=True, text=True, check=True)
    return done.stdout


def test_every_subcommand_is_listed_from_a_source_checkout():
    text = _help()
    assert all(command in text for command in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_subcommand_has_its_help(command):
    assert f"usage: sanad {command}" in _help(command)


def test_valid_values_come_from_the_enums():
    parser = build_parser()
    index = parser.parse_args(["index"])
    assert index.dense == DenseKind.FLAT.value
    with pytest.raises(SystemExit):
        parser.parse_args(["index", "--dense", "ivf"])
    search_help = _help("search")
    assert all(repr(mode.value) in search_help for mode in Mode) and f"1-{MAX_K}" in search_help
    assert all(kind.value in _help("index") for kind in DenseKind)
