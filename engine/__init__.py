"""Backprop Explorer's scalar autograd engine: PyTorch's semantics, micrograd's API."""

from .value import Group, Value, topological_order

__all__ = ["Group", "Value", "topological_order"]
