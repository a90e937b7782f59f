"""The fixture of the tests that start sandbox workers."""

import pytest

from .sandbox_helpers import assert_no_worker_left, descendants


@pytest.fixture(scope="module")
def no_worker_left():
    """After the module's last test, no worker it started is alive."""
    before = descendants()
    yield
    assert_no_worker_left(before)
