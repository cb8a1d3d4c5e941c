"""BM25 built batch by batch: the arrays of BM25.index (which takes rank-bm25's idf), bit for bit."""

import random

import numpy as np
import pytest

from index.arabic import tokenize
from index.bm25 import BM25, BM25Params
from index.bm25_stream import BatchPostings, BM25Builder


def _same(a: BM25, b: BM25):
    assert a.vocab == b.vocab
    for name in ("idf", "doc_len", "indptr", "docs", "tf"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name


def _streamed(docs, batch, params=BM25Params()):
    builder = BM25Builder(params)
    for start in range(0, len(docs), batch):
        builder.add(BatchPostings.of(docs[start : start + batch]))
    return builder.finish()


@pytest.mark.parametrize("batch", [1, 7, 500, 10_000])
def test_batches_build_the_rank_bm25_arrays(batch):
    rng = random.Random(batch)
    words = [f"w{i}" for i in range(200)]
    # Zipf-like, with empty documents and words in more than half the documents (negative idf)
    docs = [[words[min(int(rng.paretovariate(1.0)), 199)] for _ in range(rng.randint(0, 30))] for _ in range(2000)]
    _same(_streamed(docs, batch), BM25.index(docs))


def test_report_text_and_other_parameters(report_passages):
    docs = [tokenize(p.text) for p in report_passages]
    params = BM25Params(k1=0.9, b=0.4, epsilon=0.1)
    _same(_streamed(docs, 13, params), BM25.index(docs, params))


def test_nothing_to_build_is_refused():
    with pytest.raises(ValueError, match="at least one document"):
        BM25Builder().finish()
