"""eval.scale_ab's swap of a module's functions for another tree's, and its config changes."""

import pytest

from eval.scale_ab import Swap, _changed
from index import bm25_topk
from qa.retriever import FusionConfig


def test_swap_puts_the_other_trees_functions_in_and_back(tmp_path):
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "bm25_topk.py").write_text("def top_k(*args, **kwargs):\n    return 'base'\n\ndef only_there():\n    return 1\n")
    ours = bm25_topk.top_k
    swap = Swap(tmp_path, ["index.bm25_topk"])
    try:
        swap.use("base")
        assert bm25_topk.top_k() == "base"
        assert not hasattr(bm25_topk, "only_there")  # only what both define is swapped
    finally:
        swap.use("tree")
    assert bm25_topk.top_k is ours


def test_a_tree_without_the_module_is_refused(tmp_path):
    with pytest.raises(SystemExit, match="bm25_topk.py not found"):
        Swap(tmp_path, ["index.bm25_topk"])


def test_config_changes_take_the_fields_type():
    config = _changed(FusionConfig(), ["cross_language_probes=2", "bm25_weight=0.5"])
    assert config.cross_language_probes == 2 and config.bm25_weight == 0.5
    assert _changed(FusionConfig(), ["weigh_by_evidence=False"]).weigh_by_evidence is False  # bool("False") is True
    with pytest.raises(SystemExit, match="no field 'nope'; its fields: .*bm25_weight"):
        _changed(FusionConfig(), ["nope=1"])
    with pytest.raises(SystemExit, match="takes true or false"):
        _changed(FusionConfig(), ["weigh_by_evidence=0"])
