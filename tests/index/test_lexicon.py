"""The cross-lingual term lexicon: vocabulary, nearest terms, files; and what the real model makes of it."""

import numpy as np
import pytest

from index import arabic
from index.lexicon import Lexicon, vocabulary


def test_vocabulary_keeps_the_most_frequent_word_of_each_letter_term():
    pairs = vocabulary(["الضحايا والضحايا في ٢٠١٨", "الضحايا of 72/195 victims", "ab"], "snowball")
    terms = dict(pairs)
    assert terms[arabic.tokenize("الضحايا")[0]] == "الضحايا"
    assert terms["victim"] == "victims"
    # Numbers and words under three letters are not bridged: BM25 already matches them as they are.
    assert not [t for t in terms if t[0].isdigit() or t == "ab"]


def test_nearest_matches_a_brute_force_scan(hashing_encoder):
    lexicon = Lexicon.build(["صدقت فيجي واليابان على البروتوكول", "the fund supports victims"], "snowball", hashing_encoder)
    queries = hashing_encoder.encode_queries(["اليابان", "victims fund", "شيء آخر"])
    rows, similarity = lexicon.nearest(queries)
    for query, row, cosine in zip(queries, rows, similarity):
        brute = [float(np.dot(query, v)) for v in lexicon.vectors]
        assert cosine == pytest.approx(max(brute), abs=1e-6)
        assert brute[row] == pytest.approx(max(brute), abs=1e-6)


@pytest.mark.parametrize("among", [[0], [1, 3], [2, 4, 5], None])
def test_nearest_among_some_terms_matches_a_brute_force_scan_of_them(hashing_encoder, among):
    lexicon = Lexicon.build(["صدقت فيجي واليابان على البروتوكول", "the fund supports victims"], "snowball", hashing_encoder)
    queries = hashing_encoder.encode_queries(["اليابان", "victims fund", "شيء آخر"])
    rows, similarity = lexicon.nearest(queries, None if among is None else np.array(among))
    allowed = list(range(len(lexicon))) if among is None else among
    for query, row, cosine in zip(queries, rows, similarity):
        brute = {r: float(np.dot(query, lexicon.vectors[r])) for r in allowed}
        assert row in allowed
        assert cosine == pytest.approx(max(brute.values()), abs=1e-6) == pytest.approx(brute[row], abs=1e-6)


def test_nearest_among_no_terms_is_refused(hashing_encoder):
    lexicon = Lexicon.build(["the fund supports victims"], "snowball", hashing_encoder)
    with pytest.raises(ValueError, match="no terms"):
        lexicon.nearest(hashing_encoder.encode_queries(["fund"]), np.array([], dtype=np.int64))


def test_rows_of_skips_terms_the_lexicon_lacks(hashing_encoder):
    lexicon = Lexicon.build(["the fund supports victims"], "snowball", hashing_encoder)
    assert [lexicon.terms[r] for r in lexicon.rows_of(["victim", "absent", "fund", "victim"])] == sorted(["victim", "fund"], key=lexicon.terms.index)


def test_round_trip_through_plain_files(hashing_encoder, tmp_path):
    lexicon = Lexicon.build(["صدقت فيجي واليابان على البروتوكول"], "snowball", hashing_encoder)
    lexicon.save(tmp_path)
    loaded = Lexicon.load(tmp_path)
    assert (loaded.terms, loaded.words) == (lexicon.terms, lexicon.words)
    np.testing.assert_allclose(loaded.vectors, lexicon.vectors, atol=1e-3)  # stored as float16


@pytest.mark.slow
def test_the_real_model_bridges_english_words_to_the_reports_arabic_terms(real_assistant):
    store = real_assistant.store
    translations = {"legislation": "القوانين", "conflict": "النزاع", "countries": "البلدان", "women": "النساء"}
    rows, similarity = store.lexicon.nearest(real_assistant.encoder.encode_queries(list(translations)))
    # A term is a stem; the word shown for it is its commonest form in the text ('النزاعات' or 'النزاع').
    assert [store.lexicon.terms[row] for row in rows] == [arabic.tokenize(w, store.stemming)[0] for w in translations.values()]
    assert similarity.min() > 0.85
