"""Front matter (the summary, no paragraph number) ranks after the numbered paragraphs, in every mode."""

import numpy as np
import pytest

from index.passage import DocRef, Passage
from index.store import IndexConfig, Store
from qa.retriever import FusionConfig, Mode, Retriever

DOC = DocRef("d", "D")
SUMMARY = "يقدم الصندوق الاستئماني المساعدة إلى الضحايا من النساء والأطفال."
PARAGRAPHS = ["يقدم الصندوق الاستئماني المساعدة إلى الضحايا.", "عقد الفريق اجتماعه الأول في نيويورك."]
QUESTION = "من يساعد الصندوق الاستئماني من النساء والأطفال؟"


@pytest.fixture
def store(hashing_encoder):
    passages = [Passage("d#summary", DOC, None, (), SUMMARY)]
    passages += [Passage(f"d#{n}", DOC, n, (), text) for n, text in enumerate(PARAGRAPHS, 1)]
    return Store.build(passages, hashing_encoder, IndexConfig.for_model(hashing_encoder.name))


@pytest.mark.parametrize("mode", list(Mode))
def test_the_summary_comes_last_and_the_rest_keeps_its_order(store, hashing_encoder, mode):
    kept = Retriever(store, hashing_encoder, FusionConfig(front_matter_last=False)).score(QUESTION, mode).final
    assert np.argmax(kept) == 0  # the summary holds every word of the question
    final = Retriever(store, hashing_encoder).score(QUESTION, mode).final
    assert final[0] < final[1:].min()
    assert np.argsort(-final[1:]).tolist() == np.argsort(-kept[1:]).tolist()
    assert final[1:].tolist() == kept[1:].tolist()
