"""The bridge's word-vector cache: an LRU checked against a brute-force twin, and safe under threads."""

import random
import threading
from collections import OrderedDict

import numpy as np
import pytest

from qa.word_cache import WordVectors


class _Counting:
    """The hashing encoder, counting the texts it embeds."""

    def __init__(self, encoder):
        self.encoder, self.texts, self.calls = encoder, 0, 0

    def encode_queries(self, texts):
        self.texts += len(texts)
        self.calls += 1
        return self.encoder.encode_queries(texts)


def test_vectors_are_the_encoders_and_each_new_word_is_embedded_once(hashing_encoder):
    encoder = _Counting(hashing_encoder)
    cache = WordVectors(encoder, size=10)
    words = ["victims", "protocol", "victims", "ratify"]
    np.testing.assert_array_equal(cache.vectors(words), hashing_encoder.encode_queries(words))
    assert (encoder.texts, encoder.calls) == (3, 1)
    cache.vectors(["ratify", "protocol"])
    assert encoder.texts == 3
    assert cache.missing(["ratify", "japan", "japan"]) == ["japan"]


@pytest.mark.parametrize("size", [0, 1, 3, 8])
def test_the_cache_keeps_the_most_recently_used_words_as_a_brute_force_lru_does(hashing_encoder, size):
    encoder = _Counting(hashing_encoder)
    cache, twin = WordVectors(encoder, size=size), OrderedDict()
    rng = random.Random(size)
    vocabulary = [f"word{i}" for i in range(12)]
    for _ in range(200):
        words = rng.sample(vocabulary, rng.randint(1, 4))
        before = encoder.texts
        cache.vectors(words)
        new = [w for w in dict.fromkeys(words) if w not in twin]
        assert encoder.texts - before == len(new)
        for word in words:  # the twin: hits first (refreshed), then the new words in order
            if word in twin:
                twin.move_to_end(word)
        for word in new:
            twin[word] = True
        while len(twin) > size:
            twin.popitem(last=False)
        assert list(cache._vectors) == list(twin)


def test_concurrent_lookups_get_every_words_own_vector(hashing_encoder):
    cache = WordVectors(hashing_encoder, size=16)
    vocabulary = [f"word{i}" for i in range(40)]
    expected = dict(zip(vocabulary, hashing_encoder.encode_queries(vocabulary)))
    errors = []

    def ask(seed):
        rng = random.Random(seed)
        for _ in range(200):
            words = rng.sample(vocabulary, 5)
            got = cache.vectors(words)
            if not all(np.array_equal(v, expected[w]) for w, v in zip(words, got)):
                errors.append(words)
            if seed == 0 and rng.random() < 0.05:
                cache.clear()

    threads = [threading.Thread(target=ask, args=(seed,)) for seed in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(cache) <= 16


def test_a_negative_size_is_refused(hashing_encoder):
    with pytest.raises(ValueError, match="size >= 0"):
        WordVectors(hashing_encoder, size=-1)
