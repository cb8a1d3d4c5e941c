"""Get an up-to-date index for some input files: reuse it when nothing changed, else rebuild."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path

from index.documents import bundled_report_path, doc_id_for, load_many
from index.common import IndexFileError, restore_interrupted_replace, sanad_home
from index import word_tables
from index.store import IndexConfig, Store, describe_sources, fingerprint
from index.word_table import WordTable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    store: Store
    directory: Path
    built: bool  # False when an existing index was reused
    seconds: float


def default_index_dir() -> Path:
    return sanad_home() / "index" / "default"


def ensure_index(
    files: list[Path | str] | None = None,
    index_dir: Path | str | None = None,
    config: IndexConfig = IndexConfig(),
    *,
    rebuild: bool = False,
    show_progress: bool = False,
    encoder=None,
) -> BuildResult:
    """Load the index in ``index_dir`` if it was built from these inputs, else build it.

    ``files`` default to the inputs of the index already in an ``index_dir`` given that holds other
    documents than the bundled report (``_own_inputs``), else to the bundled report.

    A stale index (anything ``index.store.fingerprint`` covers changed: inputs, model,
    windows, parser, normalizer, format) is rebuilt; so is a corrupted one or one of an
    older format, since its inputs are at hand. One that lacks the word table ``config``
    asks for (built before it existed) gains it in place, its passages' vectors kept.
    """
    started = time.perf_counter()
    directory = Path(index_dir) if index_dir else default_index_dir()
    restore_interrupted_replace(directory)
    # The default directory is the library's bundled report (``Assistant.remove`` of the last document).
    own = _own_inputs(directory) if index_dir and not files else None
    paths = [Path(f) for f in files] if files else own or [bundled_report_path()]
    config = config.resolved()
    sources = describe_sources(paths)
    wanted = fingerprint(sources, config)
    if encoder is None:  # loaded on first use, once: a cached word table and a reused index need none
        encoder = _Lazy(config)
    if not rebuild and (directory / "manifest.json").exists():
        try:
            if Store.read_manifest(directory).fingerprint == wanted:
                store = Store.load(directory)
                if not store.lacks_word_table(config):
                    return BuildResult(store, directory, False, time.perf_counter() - started)
                log.info("index in %s lacks the word table %s; adding it", directory, config.word_table)
                store = store.with_word_table(_word_table(config, encoder, directory), config.word_table)
                store.save(directory)
                return BuildResult(store, directory, True, time.perf_counter() - started)
            log.info("index in %s is stale; rebuilding", directory)
        except IndexFileError as exc:
            log.warning("%s; rebuilding", exc)
    passages = load_many(paths)
    words = _word_table(config, encoder, directory)
    store = Store.build(passages, encoder.get() if isinstance(encoder, _Lazy) else encoder, config, sources=sources, show_progress=show_progress, words=words)
    store.save(directory)
    return BuildResult(store, directory, True, time.perf_counter() - started)


def _own_inputs(directory: Path) -> list[Path] | None:
    """The files an index of other documents than the bundled report in ``directory`` was built from
    (``sanad index FILE --index-dir D`` earlier), for a caller that names none: ``sanad serve --index-dir D``
    serves that index, and rebuilds it from them when stale, rather than replacing someone's work with the
    bundled report. None for no index, an unreadable one or one of the bundled report."""
    try:
        found = Store.read_manifest(directory).sources if (directory / "manifest.json").exists() else ()
    except IndexFileError:
        return None
    if not found or {s.doc for s in found} == {doc_id_for(bundled_report_path())}:
        return None
    missing = [s.path for s in found if not Path(s.path).is_file()]
    if missing:
        raise IndexFileError(
            f"{directory} holds an index of other documents whose files are gone ({', '.join(missing)}): "
            "name the files to index it from (sanad index FILE ... --index-dir DIR)"
        )
    return [Path(s.path) for s in found]


def _word_table(config: IndexConfig, encoder, directory: Path) -> WordTable:
    """The word table an index of ``config`` gets: the machine's shared one (``index.word_tables``),
    put there from the index being replaced (a moved index, an older Sanad) or embedded when the
    cache lacks it; for an encoder that declares no config, the old index's or one embedded in memory."""
    if isinstance(encoder, _Lazy):
        fields, make = config.encoder.vector_fields(), encoder.get
    elif word_tables.encoder_fields(encoder) is None:
        return Store.reusable_word_table(directory, config) or word_tables.for_encoder(encoder, config.word_table)
    else:
        fields, make = word_tables.encoder_fields(encoder), lambda: encoder
    return word_tables.shared(fields, config.word_table, make, seed=lambda: indexed_word_table(config, directory))


def indexed_word_table(config: IndexConfig, *directories: Path) -> WordTable | None:
    """The word table ``config`` asks for as an index already holds it (those in ``directories``, then
    the default index): what fills a cold shared cache on a machine whose indexes were built before it,
    or with an index brought from elsewhere, instead of 166 s of embedding."""
    for directory in (*directories, default_index_dir()):
        if (table := Store.reusable_word_table(directory, config)) is not None:
            return table
    return None


class _Lazy:
    """The encoder of ``config``, loaded by the first ``get()``."""

    def __init__(self, config: IndexConfig):
        self.config, self.encoder = config, None

    def get(self):
        if self.encoder is None:
            self.encoder = _encoder(self.config)
        return self.encoder


def _encoder(config: IndexConfig):
    from index.encoders import load_encoder

    return load_encoder(config=config.encoder)
