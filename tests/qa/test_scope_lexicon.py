"""A scope's lexicon (``qa.scope._lexicon``) from the library's, checked against reading every passage
of the scope (``_lexicon_read``, what ``Store.build`` over those passages gives): same terms in the same
order, same words, same vectors."""

import dataclasses

import numpy as np
import pytest

from index import pieces
from index.lexicon import Lexicon
from index.passage import DocRef, Passage
from index.store import IndexConfig, Store
from qa import scope

AR, AR2, EN = DocRef("a", "A"), DocRef("b", "B"), DocRef("e", "E", "en")
# Shared terms: digits, and Latin words in Arabic text whose forms differ from the English document's
# ("Protocols" twice in Arabic, "protocol" three times in English: the library's word is "protocols",
# the English scope's "protocol"), one only as a two-letter form in one language ("UN", not a lexicon
# word), and a term whose first occurrence is outside the English scope.
TEXTS = {
    AR: [
        "اعتمدت الجمعية Protocols جديدة في ٢٠١٧ بعد مشاورات طويلة مع UNODC.",
        "ناقشت الجمعية البروتوكول PROTOCOLS وقرار الأمم المتحدة UN عام 2017.",
        "يدعم الصندوق الاستئماني ضحايا الاتجار بالأشخاص.",
    ],
    AR2: ["صدقت اليابان على البروتوكول في ١١ تموز/يوليه ٢٠١٧ وأيدته Protocols."],
    EN: [
        "The protocol was adopted in 2017 after long consultations.",
        "Victims of trafficking: the Protocol and the protocols of UNODC unodc.",
        "The fund supports victims of trafficking; the protocol entered into force.",
        "UNs and trafficking victims.",
    ],
}


def _passages(texts=TEXTS):
    return [Passage(f"{doc.id}#{i}", doc, i, (), text) for doc, lines in texts.items() for i, text in enumerate(lines, start=1)]


def _assert_same(fast: Lexicon, slow: Lexicon):
    assert fast.terms == slow.terms
    assert fast.words == slow.words
    np.testing.assert_array_equal(fast.vectors, slow.vectors)


def _both(store, rows, encoder):
    rows = np.asarray(rows, dtype=np.int64)
    restricted = scope.restrict(store, rows, encoder)
    slow = scope._lexicon_read(store, [store.passages[r] for r in rows], encoder)
    return restricted.lexicon, slow


@pytest.fixture(scope="module")
def store(hashing_encoder):
    return Store.build(_passages(), hashing_encoder, IndexConfig.for_model(hashing_encoder.name))


def test_the_library_lexicon_says_its_words_are_the_most_frequent(store, tmp_path):
    assert store.lexicon.most_frequent
    store.lexicon.save(tmp_path)
    assert Lexicon.load(tmp_path).most_frequent


@pytest.mark.parametrize("rows", [[0, 1, 2, 3], [4, 5, 6, 7], [0, 4, 5], [1, 6], [3], [2, 3, 7], [0, 1, 2, 3, 4]])
def test_the_fast_lexicon_is_the_slow_one(store, hashing_encoder, rows):
    fast, slow = _both(store, rows, hashing_encoder)
    _assert_same(fast, slow)


def test_the_corpus_has_what_the_check_needs(store, hashing_encoder):
    """Shared terms (Latin words, digits) and a scope word the library lacks: the fast path is exercised."""
    english, _ = _both(store, [4, 5, 6, 7], hashing_encoder)
    arabic, _ = _both(store, [0, 1, 2, 3], hashing_encoder)
    library = dict(zip(store.lexicon.terms, store.lexicon.words))
    assert library["protocol"] == "protocols" and dict(zip(english.terms, english.words))["protocol"] == "protocol"
    assert dict(zip(arabic.terms, arabic.words))["protocol"] == "protocols"
    bm25 = store.bm25.restricted(np.arange(4))
    assert not bm25.whole_columns()[bm25.term_ids["protocol"]] and not bm25.whole_columns()[bm25.term_ids["unodc"]]


@pytest.mark.parametrize("by_language", [True, False])
@pytest.mark.parametrize("docs", [None, frozenset({"a", "e"}), frozenset({"b", "e"}), frozenset({"e"})])
def test_every_scope_of_a_search_has_the_slow_lexicon(store, hashing_encoder, docs, by_language):
    for group in scope.scopes(store, docs, by_language, hashing_encoder):
        if not group.whole:
            _assert_same(group.lexicon, scope._lexicon_read(store, [store.passages[r] for r in group.rows], hashing_encoder))


def test_a_merged_library_lexicon_is_read_again(hashing_encoder, tmp_path):
    """A library assembled from pieces chooses each term's word among its documents' choices, not over
    all the text: its lexicon does not claim ``most_frequent`` (on disk neither), so scopes read the text."""
    config = IndexConfig.for_model(hashing_encoder.name)
    by_doc = {}
    for p in _passages():
        by_doc.setdefault(p.doc.id, []).append(p)
    parts = [pieces.Piece.embed(doc, passages, hashing_encoder, config) for doc, passages in by_doc.items()]
    store = pieces.assemble(parts, config, ())
    assert not store.lexicon.most_frequent
    store.save(tmp_path / "index")
    loaded = Store.load(tmp_path / "index")
    assert not loaded.lexicon.most_frequent
    for rows in ([0, 1, 2, 3], [4, 5, 6, 7], [0, 4]):
        _assert_same(*_both(loaded, rows, hashing_encoder))


@pytest.fixture(scope="module")
def report_store(report_passages, hashing_encoder):
    """The real report with an English copy of a few paragraphs (their Latin words and digits shared)."""
    english = [dataclasses.replace(p, id=f"en#{p.id}", doc=DocRef("en", "English", "en")) for p in report_passages[:40]]
    return Store.build(list(report_passages) + english, hashing_encoder, IndexConfig.for_model(hashing_encoder.name))


@pytest.mark.parametrize("by_language", [True, False])
def test_the_real_report_scopes_have_the_slow_lexicon(report_store, report_passages, hashing_encoder, by_language):
    n = len(report_passages)
    docs = frozenset({report_passages[0].doc.id, "en"})
    for group in scope.scopes(report_store, docs, by_language, hashing_encoder):
        if not group.whole:
            _assert_same(group.lexicon, scope._lexicon_read(report_store, [report_store.passages[r] for r in group.rows], hashing_encoder))
    for rows in (np.arange(0, n, 3), np.arange(n // 2, n + 40)):
        _assert_same(*_both(report_store, rows, hashing_encoder))


def test_concurrent_first_questions_make_the_scopes_once(store, hashing_encoder, monkeypatch):
    """Two first questions at once share one making of the scopes (at 1M passages it takes 19 s and
    holds the language scopes' lexicons in memory): the second waits for the first's."""
    import threading

    from qa.retriever import Retriever

    class AnnouncedLock:
        """The retriever's lock, which says when a second caller has come to wait for it."""

        def __init__(self):
            self.lock, self.second_waits = threading.Lock(), threading.Event()

        def __enter__(self):
            if self.lock.locked():
                self.second_waits.set()
            self.lock.acquire()

        def __exit__(self, *exc):
            self.lock.release()

    retriever = Retriever(store, hashing_encoder)
    retriever._scopes_lock = lock = AnnouncedLock()
    made, entered = [], threading.Event()
    real = scope.scopes

    def held_scopes(*args):
        made.append(args[1])
        entered.set()
        # The first maker holds here until the second question waits at the lock (without the lock it
        # never does: both make the scopes, after the timeout).
        lock.second_waits.wait(timeout=30)
        return real(*args)

    monkeypatch.setattr(scope, "scopes", held_scopes)
    results = []
    first = threading.Thread(target=lambda: results.append(retriever.scopes(None)))
    first.start()
    assert entered.wait(timeout=60)
    second = threading.Thread(target=lambda: results.append(retriever.scopes(None)))
    second.start()
    first.join()
    second.join()
    assert lock.second_waits.is_set()
    assert made == [None] and len(results) == 2 and results[0] is results[1]
