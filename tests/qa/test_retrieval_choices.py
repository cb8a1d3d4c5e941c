"""Issue #11's retrieval choices, with the real model over the real report (eval/results/retrieval.md)."""

import numpy as np
import pytest

from qa.retriever import FusionConfig, Retriever

pytestmark = pytest.mark.slow

# Paragraph 139 is chapter IX, "التوصيات"; its text says "يوصى", never "توصيات" or "recommend".
RECOMMEND_EN = "What does the Secretary-General recommend to Member States?"
RECOMMEND_AR = "ما هي توصيات الأمين العام للدول الأعضاء؟"
# Only 139 (د) ‘٧’: "اتخاذ تدابير لجمع شمل ضحايا الاتِّجار بالأشخاص مع أفراد أسرهم".
REUNITE = "Does the report recommend reuniting victims with their families?"
# 139 (و): States engaging with ICAT; 113 is about ICAT itself.
ENGAGE = "بماذا يوصي التقرير فيما يخص تعامل الدول مع فريق التنسيق المشترك؟"


def numbers(hits):
    return [hit.passage.number for hit in hits]


def test_the_recommendations_chapter_is_found_in_arabic(real_assistant):
    assert numbers(real_assistant.search(RECOMMEND_AR, k=3))[0] == 139


def test_the_recommendations_chapter_is_found_in_english(real_assistant):
    # The heading in the embedded text: without it, dense search puts paragraph 6 first.
    assert numbers(real_assistant.search(RECOMMEND_EN, k=3, mode="dense"))[0] == 139
    assert 139 in numbers(real_assistant.search(RECOMMEND_EN, k=2))


def test_a_sub_item_is_found_on_its_own_under_its_paragraphs_citation(real_assistant):
    store = real_assistant.store
    hits = real_assistant.search(REUNITE, k=3, mode="dense")
    assert hits[0].passage.id == "a74-trafficking#139" and hits[0].passage.label() == "paragraph 139"
    # Its best piece is one of 139's sub-item vectors, which follow every window in the dense index.
    counts = store.manifest.counts
    first_item_row = counts.windows - counts.item_vectors
    row = store.by_id["a74-trafficking#139"]
    cosines = store.dense.row_scores(real_assistant.encoder.encode_queries([REUNITE])[0])
    pieces = np.flatnonzero(store.dense.owner == row)
    assert pieces[np.argmax(cosines[pieces])] >= first_item_row
    assert counts.item_vectors >= 17  # 139's sixteen innermost items, and those of 37, 72, 77 …


def test_the_second_stage_reorders_only_hybrids_top_by_sentence_coverage(real_assistant):
    """With a weight large enough to decide, the winner is the top-20 passage whose one sentence holds
    most of the query's idf mass (checked by brute force), and nothing outside the top 20 enters."""
    from index import arabic
    from qa import rerank

    retriever = real_assistant.retriever
    depth = FusionConfig().rerank_depth
    plain = retriever.search(ENGAGE, k=depth)
    reranking = Retriever(retriever.store, retriever.encoder, FusionConfig(rerank_weight=50.0))
    reranked = reranking.search(ENGAGE, k=depth)
    assert {h.passage.id for h in reranked} == {h.passage.id for h in plain}
    weights = rerank.query_weights(arabic.tokenize(ENGAGE, retriever.store.stemming), retriever.term_idf, retriever.whole.unknown_idf)
    row = {p.id: i for i, p in enumerate(retriever.store.passages)}
    best = max(plain, key=lambda h: rerank.coverage(weights, retriever.sentence_terms(row[h.passage.id])))
    assert reranked[0].passage.id == best.passage.id


def test_the_summary_ranks_after_the_paragraphs_it_restates(real_assistant):
    retriever = real_assistant.retriever
    assert retriever.search(REUNITE, k=1)[0].passage.number is not None
    keeping = Retriever(retriever.store, retriever.encoder, FusionConfig(front_matter_last=False))
    assert keeping.search(REUNITE, k=1)[0].passage.label() == "summary"
