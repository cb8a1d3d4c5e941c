"""Shared fixtures: expensive objects are built once per session."""

from __future__ import annotations

import pytest

from index.documents import bundled_report_path


@pytest.fixture(scope="session")
def report_text() -> str:
    return bundled_report_path().read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def report_parse(report_text):
    from index.report import parse_report

    return parse_report(report_text, "a74-trafficking")


@pytest.fixture(scope="session")
def report_passages(report_parse):
    return report_parse[0]


@pytest.fixture(scope="session")
def paragraphs(report_passages):
    return {p.number: p for p in report_passages if p.number is not None}


class CountingEncoder:
    """Passes queries to ``encoder`` and counts the texts it was asked to embed (see ``counting_encoder``)."""

    def __init__(self, encoder):
        self.encoder, self.texts = encoder, 0

    def encode_queries(self, texts):
        self.texts += len(texts)
        return self.encoder.encode_queries(texts)


class HashingEncoder:
    """A deterministic stand-in for the encoder in tests of plumbing (not of quality)."""

    name = "test/hashing-encoder"
    dimension = 64

    def _vector(self, text):
        import zlib

        import numpy as np

        from index.arabic import tokenize

        vector = np.zeros(self.dimension, dtype=np.float32)
        for token in tokenize(text, "none") or ["\u2205"]:
            vector[zlib.crc32(token.encode()) % self.dimension] += 1.0
        return vector / np.linalg.norm(vector)

    def encode_queries(self, texts):
        import numpy as np

        return np.stack([self._vector(t) for t in texts])

    def encode_passages(self, texts, show_progress=False):
        import numpy as np

        return self.encode_queries(texts), np.arange(len(texts), dtype=np.int32)


@pytest.fixture(scope="session")
def hashing_encoder():
    return HashingEncoder()


@pytest.fixture(scope="session", autouse=True)
def sanad_home(tmp_path_factory):
    """Every test runs against a throwaway SANAD_HOME: the user's cache is never read or written.

    Its ``word-tables`` (``index.word_tables``) is the session's shared cache: every index a test
    builds with a real encoder, here or in a subprocess over this home (or over a home linking its
    entries, as ``tests/ui/test_e2e.py``'s library server does), takes the real word table from
    there, so the session embeds it once per encoder instead of once per build (166 s each).
    """
    home = tmp_path_factory.mktemp("sanad-home")
    (home / "word-tables").mkdir()  # present before any test links this home's entries
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SANAD_HOME", str(home))
        env.delenv("SANAD_MODEL", raising=False)
        env.delenv("SANAD_ENCODER", raising=False)
        yield home


@pytest.fixture(scope="session")
def real_assistant(sanad_home):
    """The real model over the default index of the bundled report, built once per session."""
    from qa import Assistant

    return Assistant.load()


@pytest.fixture
def counting_encoder(real_assistant):
    """The real model's query encoder, counting the texts it embeds (a fresh count per test)."""
    return CountingEncoder(real_assistant.encoder)


@pytest.fixture(scope="session")
def serve():
    """``serve(app)`` runs an ASGI app under uvicorn on a free loopback port and returns its base URL.

    The socket listens before the thread starts, so connections wait in the
    backlog until the server accepts them: no polling. Every server stops at
    the end of the session.
    """
    import socket
    import threading

    import uvicorn

    running = []

    def start(app) -> str:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        sock.listen(16)
        server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
        thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
        thread.start()
        running.append((server, thread, sock))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"

    yield start
    for server, thread, sock in running:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


@pytest.fixture(scope="session")
def arabic_report_files(tmp_path_factory, report_passages):
    """The LibreOffice-made Arabic report (eval.pdf_fixture): ``(document, docx, pdf)``, built once
    per session (the conversion takes seconds), in LibreOffice's own throwaway profile."""
    from eval.pdf_fixture import build

    return build(tmp_path_factory.mktemp("arabic-report"), list(report_passages))
