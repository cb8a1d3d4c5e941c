"""A streaming, resumable build: the same index directory as ``Store.build`` + ``Store.save``, from
passages fed in batches, in memory bounded by the batch and the final FAISS and BM25 arrays.

Phase 1 embeds and tokenizes one batch of passages at a time into ``<dir>.partial/batch-NNNNNN/``
(written to a ``.tmp`` sibling and renamed, so a batch directory is complete or absent). A
killed build, run again with the same inputs, skips the batches it finds (their passage ids are
checked) and goes on from the next one; ``progress.json`` names the build it belongs to.
Phase 2 reads the batches back in order: passages.jsonl, BM25 (``index.bm25_stream``), the
lexicon, and the FAISS indexes (trained on a sample strided over all batches when the kind
needs training, then filled batch by batch). The result goes through a temporary directory
and is renamed into place; the partial directory is then removed.

The rows come out in ``Store.build``'s order (every window, then every sub-item vector; the
sentences in passage order), so both builds of the same passages load as the same index
(``tests/index/test_stream_build.py``).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
import math
import os
import shutil
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np

from index import arabic, bm25, dense, dense_kinds, lexicon, word_table, word_tables
from index.bm25_stream import BatchPostings, BM25Builder
from index.common import IndexFileError, SanadError, replace_directory, sha256_file
from index.compose import SectionText, embedding_text, item_texts, search_text, with_section
from index.passage import Passage
from index.sentences import split_sentences
from index.store import MANIFEST, PASSAGES, SENTENCE_SPANS, Checksum, Counts, IndexConfig, Manifest, Source, _library_versions, fingerprint

log = logging.getLogger(__name__)

PROGRESS = "progress.json"
# The test hook: after this many batches of one run, say so on stdout and wait for stdin (the
# test kills the process there, mid-build, without timing anything).
HOLD_ENV = "SANAD_BUILD_HOLD_AFTER"


def partial_dir(directory: Path) -> Path:
    directory = Path(directory)
    return directory.parent / f".{directory.name}.partial"


def _batches(passages: Iterable[Passage], size: int) -> Iterator[list[Passage]]:
    batch = []
    for passage in passages:
        batch.append(passage)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _ids_hash(batch: list[Passage]) -> str:
    return hashlib.sha256("\n".join(p.id for p in batch).encode()).hexdigest()


def _save_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _embed_batch(batch: list[Passage], encoder, config: IndexConfig, out: Path) -> None:
    """One batch's vectors, postings, lexicon forms and passages, into directory ``out``."""
    embedded, sentence_section = SectionText(config.embedded_section), SectionText(config.sentence_section)
    vectors, owner = encoder.encode_passages([embedding_text(with_section(p.text, p, embedded)) for p in batch])
    np.save(out / "windows.npy", np.asarray(vectors, np.float32))
    np.save(out / "window_owner.npy", np.asarray(owner, np.int32))
    items = [(row, text) for row, p in enumerate(batch) for text in item_texts(p, embedded)] if config.item_vectors else []
    if items:
        item_vectors, item_owner = encoder.encode_passages([embedding_text(text) for _, text in items])
        item_rows = np.array([row for row, _ in items], dtype=np.int32)[np.asarray(item_owner)]
    else:
        item_vectors, item_rows = np.zeros((0, np.asarray(vectors).shape[1]), np.float32), np.zeros(0, np.int32)
    np.save(out / "items.npy", np.asarray(item_vectors, np.float32))
    np.save(out / "item_owner.npy", item_rows)
    spans = [(row, a, b) for row, p in enumerate(batch) for a, b in split_sentences(p.text)]
    sentence_vectors, sentence_rows = encoder.encode_passages(
        [embedding_text(with_section(batch[row].text[a:b], batch[row], sentence_section)) for row, a, b in spans]
    )
    sentence_rows = np.asarray(sentence_rows, dtype=np.int64)
    np.save(out / "sentences.npy", np.asarray(sentence_vectors, np.float32))
    np.save(out / "sentence_owner.npy", np.array([spans[i][0] for i in sentence_rows], dtype=np.int32))
    np.save(out / "sentence_spans.npy", np.array([spans[i][1:] for i in sentence_rows], dtype=np.int32).reshape(-1, 2))
    stemming = arabic.Stemming(config.stemming)
    texts = [search_text(p, SectionText(config.bm25_section)) for p in batch]
    pairs = [arabic.search_words(t, stemming) for t in texts]  # arabic.tokenize is its second column
    postings = BatchPostings.of([[term for _, term in words] for words in pairs])
    _save_json(out / "bm25_terms.json", postings.terms)
    for name in ("term", "doc", "tf", "doc_len"):
        np.save(out / f"bm25_{name}.npy", getattr(postings, name))
    forms: dict[str, Counter] = defaultdict(Counter)
    for words in pairs:
        for word, term in words:
            if lexicon.is_word(word):
                forms[term][word] += 1
    _save_json(out / "forms.json", [[term, list(counts.items())] for term, counts in forms.items()])
    documents = sorted({p.doc.id for p in batch})
    _save_json(out / "meta.json", {"ids": _ids_hash(batch), "passages": len(batch), "sentences": len(spans), "documents": documents})
    with open(out / PASSAGES, "w", encoding="utf-8") as handle:
        for passage in batch:
            handle.write(json.dumps(passage.to_json(), ensure_ascii=False) + "\n")


def _hold(done: int) -> None:
    wanted = os.environ.get(HOLD_ENV)
    if wanted is not None and done == int(wanted):
        print(f"held after batch {done}", flush=True)
        sys.stdin.readline()


def embed_batches(passages: Iterable[Passage], encoder, config: IndexConfig, work: Path, batch_size: int, total: int | None, show_progress: bool) -> list[Path]:
    """Phase 1: every batch directory, reusing the complete ones a killed run left behind."""
    from tqdm import tqdm

    work.mkdir(parents=True, exist_ok=True)
    done, made = [], 0
    bar = tqdm(total=total, unit="passage", desc="embedding", disable=not show_progress, smoothing=0.05)
    with bar:
        for number, batch in enumerate(_batches(passages, batch_size)):
            path = work / f"batch-{number:06d}"
            if path.is_dir():
                meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
                if meta["ids"] != _ids_hash(batch):
                    raise IndexFileError(f"{path} was built from other passages; delete {work} to start over")
            else:
                staging = work / f"batch-{number:06d}.tmp"
                shutil.rmtree(staging, ignore_errors=True)
                staging.mkdir()
                _embed_batch(batch, encoder, config, staging)
                os.replace(staging, path)
                made += 1
                _hold(made)
            done.append(path)
            bar.update(len(batch))
    return done


def _stacked(paths: list[Path], name: str) -> Iterator[np.ndarray]:
    for path in paths:
        yield np.load(path / name, mmap_mode="r")


def _dense_index(paths: list[Path], parts: list[tuple[str, str]], kind: dense.DenseKind, passages: int, offsets: list[int]) -> tuple[dense.DenseIndex, int]:
    """A ``DenseIndex`` over the ``(vectors, owner)`` files ``parts`` of every batch, part after part."""
    sizes = [[len(np.load(p / v, mmap_mode="r")) for p in paths] for v, _ in parts]
    rows = sum(map(sum, sizes))
    dimension = next(np.load(p / parts[0][0], mmap_mode="r").shape[1] for p in paths)
    wanted = dense_kinds.train_size(kind, rows)
    train = None
    if wanted:
        stride = max(1, rows // wanted)
        chunks, seen = [], 0
        for v, _ in parts:
            for array in _stacked(paths, v):
                first = (-seen) % stride
                # A copy, not a view: a view kept every batch file mapped until training ended, and the
                # pages read (all of them, by readahead) counted in the build's RSS: +4 GB at 1M
                # passages (3.5M sentence vectors), the build's peak (eval/results/scale.md, scale9).
                chunks.append(np.array(array[first::stride], dtype=np.float32))
                seen += len(array)
                del array
        train = np.concatenate(chunks)[:wanted]
        del chunks
    # The mean of the strided training sample (every vector's would need one more pass over them all).
    mean = None if train is None else dense_kinds.centre_of(kind, train)
    if mean is not None:
        train -= mean
    index = dense_kinds.new_index(kind, dimension, rows, train)
    owners = []
    for v, o in parts:
        for path, offset in zip(paths, offsets):
            vectors = np.ascontiguousarray(np.load(path / v), dtype=np.float32)
            if len(vectors):
                index.add(vectors if mean is None else vectors - mean)
            owners.append(np.load(path / o).astype(np.int32) + offset)
    return dense.DenseIndex(index, np.concatenate(owners), passages, kind, mean), sum(sizes[0])


def assemble(paths: list[Path], encoder, config: IndexConfig, sources: tuple[Source, ...], staging: Path, show_progress: bool) -> None:
    """Phase 2: the index directory, from the batch directories, into ``staging``."""
    metas = [json.loads((p / "meta.json").read_text(encoding="utf-8")) for p in paths]
    offsets = np.concatenate([[0], np.cumsum([m["passages"] for m in metas])]).tolist()
    passages = offsets[-1]
    documents = set()
    with open(staging / PASSAGES, "wb") as out:
        for path, meta in zip(paths, metas):
            if "documents" in meta:
                documents.update(meta["documents"])
            else:  # a batch written before meta.json named its documents
                with open(path / PASSAGES, encoding="utf-8") as handle:
                    documents.update(json.loads(line)["doc"]["id"] for line in handle)
            with open(path / PASSAGES, "rb") as handle:
                shutil.copyfileobj(handle, out)
    builder = BM25Builder(config.bm25)
    forms: dict[str, Counter] = defaultdict(Counter)
    for path in paths:
        arrays = {n: np.load(path / f"bm25_{n}.npy") for n in ("term", "doc", "tf", "doc_len")}
        builder.add(BatchPostings(json.loads((path / "bm25_terms.json").read_text(encoding="utf-8")), **arrays))
        for term, counts in json.loads((path / "forms.json").read_text(encoding="utf-8")):
            forms[term].update(dict(counts))
    bm25_index = builder.finish()
    bm25_index.save(staging)
    terms = len(bm25_index.vocab)
    # Each finished part is saved and dropped before the next is made: the postings (0.4 GB at 1M
    # passages) and the window index (0.4 GB) were held while the sentence index (1.3 GB) was filled.
    del builder, bm25_index
    pairs = [(term, counts.most_common(1)[0][0]) for term, counts in forms.items()]
    words = [word for _, word in pairs]
    vectors = [encoder.encode_queries(words[i : i + 4096]) for i in range(0, len(words), 4096)]
    term_vectors = np.concatenate(vectors) if vectors else np.zeros((0, 1), np.float32)
    term_lexicon = lexicon.Lexicon([t for t, _ in pairs], words, term_vectors, most_frequent=True)
    term_lexicon.save(staging)
    lexicon_files = term_lexicon.file_names()
    del term_lexicon
    kind = dense.DenseKind(config.dense_kind)
    dense_index, window_rows = _dense_index(paths, [("windows.npy", "window_owner.npy"), ("items.npy", "item_owner.npy")], kind, passages, offsets)
    dense_index.save(staging, "dense")
    dimension, windows, dense_files = int(dense_index.dimension), int(len(dense_index.owner)), dense_index.file_names("dense")
    del dense_index
    sentence_index, _ = _dense_index(paths, [("sentences.npy", "sentence_owner.npy")], kind, passages, offsets)
    sentence_index.save(staging, "sentences")
    sentence_files = sentence_index.file_names("sentences")
    del sentence_index
    np.save(staging / SENTENCE_SPANS, np.concatenate([np.load(p / "sentence_spans.npy") for p in paths]).reshape(-1, 2), allow_pickle=False)
    names = [PASSAGES, *bm25.FILES, *dense_files, *sentence_files, SENTENCE_SPANS, *lexicon_files]
    table = word_tables.for_encoder(encoder, config.word_table)  # the machine's shared table, linked
    if len(table):
        table.save(staging)
        names += word_table.FILES
    manifest = Manifest(
        config=config,
        fingerprint=fingerprint(sources, config),
        dimension=dimension,
        sources=sources,
        counts=Counts(
            passages=passages,
            documents=len(documents),
            windows=windows,
            item_vectors=windows - window_rows,
            sentences=sum(m["sentences"] for m in metas),
            terms=terms,
            lexicon_terms=len(pairs),
        ),
        created=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        libraries=_library_versions(),
        files={name: Checksum((staging / name).stat().st_size, sha256_file(staging / name)) for name in names},
    )
    (staging / MANIFEST).write_text(json.dumps(manifest.to_json(), ensure_ascii=False, indent=2), encoding="utf-8")


def build_streaming(
    passages: Iterable[Passage],
    encoder,
    config: IndexConfig,
    directory: Path,
    *,
    sources: tuple[Source, ...] = (),
    batch_size: int = 256,
    total: int | None = None,
    show_progress: bool = False,
) -> Path:
    """Build the index of ``passages`` into ``directory``, resuming a killed build of the same input.

    ``total`` (the number of passages, when known) gives the progress bar its ETA.
    """
    if batch_size < 1:
        raise SanadError(f"batch size must be at least 1, got {batch_size}")
    directory = Path(directory)
    config = replace(config, encoder=replace(config.encoder, model=config.encoder.model or encoder.name))
    own = getattr(encoder, "config", None)
    if own is not None and hasattr(own, "vector_fields") and own.vector_fields() != config.encoder.vector_fields():
        raise SanadError(f"the encoder embeds with {own.vector_fields()}, the index config says {config.encoder.vector_fields()}")
    work = partial_dir(directory)
    # The batches hold vectors, raw term counts and texts: neither the FAISS kind nor BM25's
    # parameters shape them, so a build that changes only those reuses them.
    phase_one = replace(config, dense_kind=dense.DenseKind.FLAT.value, bm25=bm25.BM25Params())
    record = {"fingerprint": fingerprint(tuple(sources), phase_one), "batch_size": batch_size}
    if work.exists():
        try:
            previous = json.loads((work / PROGRESS).read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            previous = None
        if previous != record:
            log.warning("%s belongs to another build; starting over", work)
            shutil.rmtree(work)
    work.mkdir(parents=True, exist_ok=True)
    (work / PROGRESS).write_text(json.dumps(record), encoding="utf-8")
    paths = embed_batches(passages, encoder, config, work, batch_size, total, show_progress)
    if not paths:
        raise IndexFileError("nothing to index: no passages")
    staging = directory.parent / f".{directory.name}.assembling"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        assemble(paths, encoder, config, tuple(sources), staging, show_progress)
        replace_directory(staging, directory)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    shutil.rmtree(work, ignore_errors=True)
    return directory


def batches_needed(total: int, batch_size: int) -> int:
    return math.ceil(total / batch_size)
