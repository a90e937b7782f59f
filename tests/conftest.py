"""Shared test helpers: the torch oracle and the browser are optional locally, required in CI."""

import os

import pytest
from hypothesis import settings

# Wall-clock deadlines turn a busy machine into failures; CI replays the same examples every run
# so that what lands is what was checked, while local runs keep exploring new ones.
settings.register_profile("local", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True)
settings.load_profile("ci" if os.environ.get("CI") else "local")


def require_torch():
    """Import torch for a differential test; skip without it unless REQUIRE_TORCH=1 (CI)."""
    try:
        import torch
    except ImportError:
        if os.environ.get("REQUIRE_TORCH") == "1":
            pytest.fail("REQUIRE_TORCH=1 but torch is not installed (pip install torch==2.13.0)")
        pytest.skip("torch is not installed; differential tests need torch==2.13.0")
    torch.set_default_dtype(torch.float64)
    return torch


@pytest.fixture
def torch():
    """The torch module (float64 by default), or a skip when it is missing locally."""
    return require_torch()
