"""Backprop Explorer's scalar autograd engine: PyTorch's semantics, micrograd's API."""

from .value import Value, topological_order

__all__ = ["Value", "topological_order"]
