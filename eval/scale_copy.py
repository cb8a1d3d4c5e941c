"""Bring a COPY of an older scale index up to what a library would hold, without embedding its passages again.

``--relabel``: passages of a build made before the English distractors had English documents
(``eval.scale_corpus``) get the documents the current generator gives them (every text checked
equal, row by row); BM25 is unchanged (Arabic and English share one set of Latin-script rules).
``--real-lexicon``: the bridge's word vectors, modelled (Gaussian samples) for every word the
report lacks, embedded by the real encoder. Both rewrite files in place and their manifest entries.
``--word-table``: the real encoder's word table (the bridge's common words), from the machine's
shared cache (``index.word_tables``; embedded into it once if missing), in place of a modelled
table or none; the index is written again by ``Store.save`` (a temporary directory, renamed).

    python -m eval.scale_copy DIR [--relabel] [--real-lexicon] [--word-table]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np


def _record(directory: Path, name: str, **counts) -> None:
    data = (directory / name).read_bytes()
    manifest = json.loads((directory / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"][name] = {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    manifest["counts"].update(counts)
    (directory / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def relabel(directory: Path) -> None:
    from eval.scale import XQUAD_DIR
    from eval.scale_corpus import corpus, sentence_pool

    lines = (directory / "passages.jsonl").read_text(encoding="utf-8").splitlines()
    old = [json.loads(line) for line in lines]
    report = [p for p in old if not p["doc"]["id"].startswith("synthetic")]
    from index.passage import Passage

    fresh = [p for p, _ in corpus(len(old), [Passage.from_json(p) for p in report], sentence_pool(XQUAD_DIR))]
    out = []
    for before, after in zip(old, fresh, strict=True):
        if before["text"] != after.text:
            raise ValueError(f"{directory}: passage {before['id']} is not what the generator gives (another seed or pool?)")
        if before["doc"]["id"].startswith("synthetic"):
            before.update(id=after.id, number=after.number, doc={"id": after.doc.id, "title": after.doc.title, "language": after.doc.language})
        out.append(json.dumps(before, ensure_ascii=False))
    (directory / "passages.jsonl").write_text("\n".join(out) + "\n", encoding="utf-8")
    _record(directory, "passages.jsonl", documents=len({json.loads(line)["doc"]["id"] for line in out}))


def real_lexicon(directory: Path) -> None:
    from index.encoders.factory import load_encoder
    from index.lexicon import Lexicon

    words = Lexicon.load(directory).words
    encoder = load_encoder()
    stored = np.load(directory / "lexicon.npy")
    vectors = np.concatenate([encoder.encode_queries(words[i : i + 1024]) for i in range(0, len(words), 1024)])
    np.save(directory / "lexicon.npy", vectors.astype(stored.dtype), allow_pickle=False)
    _record(directory, "lexicon.npy")


def real_word_table(directory: Path) -> int:
    """The real encoder's shared word table put into the index in ``directory``; its row count."""
    from index import word_tables
    from index.encoders.factory import load_encoder
    from index.store import IndexConfig, Store

    store = Store.load(directory)
    config = store.manifest.config
    sizes = IndexConfig().word_table
    words = word_tables.shared(config.encoder.vector_fields(), sizes, lambda: load_encoder(config=config.encoder))
    store.with_word_table(words, sizes).save(directory)
    return len(words)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.scale_copy", description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="a copy of a scale index (eval.scale's scale-N)")
    parser.add_argument("--relabel", action="store_true")
    parser.add_argument("--real-lexicon", action="store_true")
    parser.add_argument("--word-table", action="store_true", help="the real encoder's shared word table")
    args = parser.parse_args(argv)
    if not (args.directory / "manifest.json").exists():
        print(f"error: no index in {args.directory}", file=sys.stderr)
        return 2
    if args.relabel:
        relabel(args.directory)
    if args.real_lexicon:
        real_lexicon(args.directory)
    if args.word_table:
        real_word_table(args.directory)
    from index.store import Store

    Store.load(args.directory)  # checksums and counts still hold
    return 0


if __name__ == "__main__":
    sys.exit(main())
