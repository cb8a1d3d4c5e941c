"""`sanad add`, `remove`, `docs` and `--doc` as a user runs them, and `sanad add` killed in the middle.

The child processes embed with the hashing encoder (``qa.library.load_encoder`` replaced before
``ui.cli.main`` runs): what is tested is the library's plumbing and its crash safety, not the model.
"""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from index.library import Library
from index.store import IndexConfig, Store

ROOT = Path(__file__).resolve().parents[2]
TESTS = ROOT / "tests"

# A child: the hashing encoder, an optional deadly hook, then the real command line.
CHILD = """
import os, signal, sys
sys.path[:0] = [{root!r}, {tests!r}]
from conftest import HashingEncoder
import qa.library
qa.library.load_encoder = lambda config: {encoder}
hook = {hook!r}
if hook == "before-swap":  # every piece and the staged library written, the rename not done
    import index.library
    index.library.replace_directory = lambda staging, directory: os.kill(os.getpid(), signal.SIGKILL)
elif hook == "between-renames":  # the old library moved aside, the new one not yet in its place
    real_rename, moved = os.rename, []
    def rename(a, b):
        if moved:
            os.kill(os.getpid(), signal.SIGKILL)
        if str(a).endswith("/library/current"):
            moved.append(a)
        real_rename(a, b)
    os.rename = rename
import ui.cli
def load_assistant(args):  # the library, searched with the hashing encoder (Assistant.load would load the model)
    from index.library import Library
    from index.store import IndexConfig
    from qa.assistant import Assistant
    return Assistant(Library().open(IndexConfig.for_model(None)), HashingEncoder())
ui.cli._load_assistant = load_assistant
sys.exit(ui.cli.main(sys.argv[1:]))
"""


def sanad(home: Path, *args: str, hook: str = "", embed: bool = True) -> subprocess.CompletedProcess:
    encoder = "HashingEncoder()" if embed else "(_ for _ in ()).throw(AssertionError('nothing should be embedded'))"
    code = CHILD.format(root=str(ROOT), tests=str(TESTS), encoder=encoder, hook=hook)
    env = {**os.environ, "SANAD_HOME": str(home)}
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture()
def home(tmp_path, hashing_encoder):
    """A SANAD_HOME whose library holds two documents (the config is the default one, as `sanad add` uses)."""
    home = tmp_path / "home"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "alpha.txt").write_text("صدقت فيجي على البروتوكول.\n\nحثت الجمعية العامة الدول على التصديق.", encoding="utf-8")
    (folder / "beta.txt").write_text("The fund helps victims.\n\nVictims received assistance in 2018.", encoding="utf-8")
    (folder / "gamma.txt").write_text("Japan ratified the protocol in July 2017.\n\nThe office trained judges.", encoding="utf-8")
    Library(home / "library").add([folder / "alpha.txt", folder / "beta.txt"], IndexConfig.for_model(None), lambda: hashing_encoder)
    return home


def _state(home: Path):
    library = Library(home / "library")
    ids = [d.id for d in library.documents()]
    store = Store.load(library.current / "index")  # checks every file against its manifest
    return ids, sorted({p.doc.id for p in store.passages})


@pytest.mark.parametrize("hook", ["before-swap", "between-renames"])
def test_a_killed_add_leaves_the_previous_library_and_a_rerun_completes(home, tmp_path, hook):
    gamma = tmp_path / "in" / "gamma.txt"
    killed = sanad(home, "add", str(gamma), hook=hook)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    if hook == "between-renames":  # the moment itself: no library in place, the previous one aside
        assert not (home / "library" / "current").exists() and (home / "library" / ".current.previous").exists()
    assert _state(home) == (["alpha", "beta"], ["alpha", "beta"])
    pieces = sorted(p.name for p in (home / "library" / "pieces").iterdir() if not p.name.startswith("."))
    assert len(pieces) == 3  # gamma's piece was written before the kill
    # The rerun embeds nothing: gamma's piece is reused (the encoder would raise).
    rerun = sanad(home, "add", str(gamma), embed=False)
    assert rerun.returncode == 0, rerun.stderr
    assert "added gamma" in rerun.stdout
    assert _state(home) == (["alpha", "beta", "gamma"], ["alpha", "beta", "gamma"])
    assert not [p for p in (home / "library").iterdir() if p.name.startswith(".current")]


def test_docs_remove_and_doc_filter(home, tmp_path):
    listed = sanad(home, "docs", "--json")
    assert [d["id"] for d in json.loads(listed.stdout)] == ["alpha", "beta"]
    table = sanad(home, "docs").stdout.splitlines()
    assert table[0].split("\t")[:5] == ["alpha", "alpha.txt", "ar", "2 passages", "alpha.txt"]
    bad = sanad(home, "remove", "delta")
    assert bad.returncode == 2 and bad.stderr.strip() == "sanad: error: no document 'delta' in the library; its documents: ['alpha', 'beta']"
    removed = sanad(home, "remove", "beta", embed=False)
    assert removed.returncode == 0 and _state(home) == (["alpha"], ["alpha"])


def test_add_reports_each_bad_file_and_exits_2(home, tmp_path):
    empty = tmp_path / "in" / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    result = sanad(home, "add", str(empty), str(tmp_path / "in" / "gamma.txt"))
    assert result.returncode == 2
    assert "added gamma" in result.stdout
    assert [line for line in result.stderr.splitlines() if line.startswith("sanad: error:")] == [f"sanad: error: {empty}: is empty"]


def test_search_within_a_document_and_an_unknown_one(home):
    found = sanad(home, "search", "victims assistance", "--doc", "beta", "--json")
    assert found.returncode == 0, found.stderr
    assert {hit["doc"]["id"] for hit in json.loads(found.stdout)["hits"]} == {"beta"}
    unknown = sanad(home, "ask", "victims?", "--doc", "beta", "--doc", "delta")
    assert unknown.returncode == 2 and unknown.stdout == ""
    assert unknown.stderr.strip() == "sanad: error: unknown document 'delta'. Use one of the indexed documents: ['alpha', 'beta']"


# A server over the library, its queries embedded by the hashing encoder (Assistant.load replaced).
SERVER = """
import sys
sys.path[:0] = [{root!r}, {tests!r}]
from conftest import HashingEncoder
import qa.assistant
from index.library import Library
from index.store import IndexConfig
def load(cls, index_dir=None, **options):
    library = Library()
    return cls(library.open(IndexConfig.for_model(None)), HashingEncoder(), library=library)
qa.assistant.Assistant.load = classmethod(load)
import ui.cli
sys.exit(ui.cli.main(sys.argv[1:]))
"""


def test_a_running_server_sees_documents_another_process_adds_and_removes(home, tmp_path):
    import socket
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    code = SERVER.format(root=str(ROOT), tests=str(TESTS))
    env = {**os.environ, "SANAD_HOME": str(home)}
    server = subprocess.Popen([sys.executable, "-c", code, "serve", "--port", str(port)], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()  # the ready line, once it listens (EOF if it died)
        assert line.startswith("sanad: ready"), line

        def get(path: str):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
                return json.loads(response.read())

        assert [d["id"] for d in get("/api/documents")] == ["alpha", "beta"]
        added = sanad(home, "add", str(tmp_path / "in" / "gamma.txt"))  # another process, as in a second shell
        assert added.returncode == 0, added.stderr
        assert [d["id"] for d in get("/api/documents")] == ["alpha", "beta", "gamma"]
        hits = get("/api/search?q=Japan%20ratified%20the%20protocol&doc=gamma")["hits"]
        assert hits and {hit["doc"]["id"] for hit in hits} == {"gamma"}
        removed = sanad(home, "remove", "beta", embed=False)
        assert removed.returncode == 0, removed.stderr
        assert [d["id"] for d in get("/api/documents")] == ["alpha", "gamma"]
    finally:
        server.terminate()
        server.wait(timeout=60)
