"""Sizes from shapes: O(ndim) checks that refuse a result before anything is allocated."""

import pytest

from engine.torchlike import sizes as S
from engine.torchlike import tensor as T

HUGE = 10**18


def test_result_size_is_checked_in_the_number_of_dimensions():
    assert S.result_size((HUGE, 0, HUGE)) == 0
    assert S.result_size((S.MAX_ELEMENTS,)) == S.MAX_ELEMENTS
    for shape, key in [((S.MAX_ELEMENTS + 1,), "limit.tensor"), ((HUGE, HUGE), "limit.tensor"),
                       ((1,) * (S.MAX_DIMS + 1), "limit.dims"),
                       ((2**63, 0), "tensor.size_overflow")]:
        with pytest.raises(ValueError) as info:
            S.result_size(shape)
        assert info.value.key == key
    assert S.broadcast_size((HUGE, 1, 0), (1, HUGE, 0)) == ((HUGE, HUGE, 0), 0)


def test_cat_shape_refuses_before_copying():
    assert S.cat_shape([(2, 0), (2, 3)], 1) == ((2, 3), 6)
    with pytest.raises(ValueError) as info:
        S.cat_shape([(HUGE, 0), (HUGE, 2)], 1)
    assert info.value.key == "limit.tensor"
    with pytest.raises(ValueError) as info:
        S.cat_shape([(2, 3), (3, 3)], 1)
    assert info.value.key == "tensor.cat_size"


@pytest.mark.parametrize("shape, lists", [((), 0), ((5,), 1), ((2, 3), 3), ((2, 3, 4), 9),
                                          ((0, HUGE), 1), ((3, 0, 5), 4)])
def test_nested_lists_counts_what_tolist_builds(shape, lists):
    assert S.nested_lists(shape) == lists
    t = T.zeros(*shape)
    built = t.tolist()

    def count(x):
        return 1 + sum(count(y) for y in x) if isinstance(x, list) else 0

    assert count(built) == lists


def test_tolist_of_a_zero_size_tensor_with_a_huge_leading_size_is_refused():
    assert S.nested_lists((HUGE, 0)) > S.MAX_ELEMENTS
    with pytest.raises(ValueError) as info:
        T.zeros(HUGE, 0).tolist()
    assert info.value.key == "limit.tensor"
