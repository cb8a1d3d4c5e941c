"""index.arrays.unique against np.unique (its slow twin here)."""

import numpy as np
import pytest

from index import arrays


@pytest.mark.parametrize("dtype", [np.int64, np.int32])
def test_unique_equals_numpy(dtype):
    rng = np.random.default_rng(3)
    cases = [
        np.zeros(0, dtype=dtype),
        np.array([7], dtype=dtype),
        np.array([5, 5, 5], dtype=dtype),
        np.array([[3, 1], [1, 2]], dtype=dtype),  # flattened, as np.unique does
        rng.integers(0, 50, 500).astype(dtype),
        rng.integers(-(2**30), 2**30, 10_000).astype(dtype),
        np.concatenate([np.sort(rng.choice(100_000, 5_000, replace=False)) for _ in range(4)]).astype(dtype),  # postings runs
    ]
    for values in cases:
        got, want = arrays.unique(values), np.unique(values)
        assert got.dtype == want.dtype
        np.testing.assert_array_equal(got, want)


def test_unique_of_a_list_and_input_left_alone():
    values = np.array([4, 1, 4, 2])
    assert arrays.unique(values).tolist() == [1, 2, 4]
    assert values.tolist() == [4, 1, 4, 2]
    assert arrays.unique([3, 3, 1]).tolist() == [1, 3]
