"""Backprop Explorer's scalar autograd engine: PyTorch's semantics, micrograd's API."""

from .interpreter import Evaluation, InputError, evaluate
from .value import Group, Value, topological_order

__all__ = ["Evaluation", "Group", "InputError", "Value", "evaluate", "topological_order"]
