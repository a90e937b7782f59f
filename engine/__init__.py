"""Backprop Explorer's engine: the facade for the public contract.

Layers, each importing only those below it: ``autograd`` (the scalar core, micrograd's API),
``torchlike`` (torch's tensors, printing and losses), ``snippets`` (the safe snippet language).
``engine.losses``, ``engine.nn``, ``engine.optim``, ``engine.tape``, ``engine.graph`` and
``engine.gradcheck`` name the modules that hold them (``import engine.tape`` works too).
"""

import sys

from .autograd import gradcheck, graph, nn, optim, tape
from .autograd.value import Group, Value, topological_order
from .snippets.interpreter import Evaluation, InputError, evaluate
from .torchlike import losses

for _module in (gradcheck, graph, losses, nn, optim, tape):
    sys.modules.setdefault(f"{__name__}.{_module.__name__.rsplit('.', 1)[1]}", _module)

__all__ = ["Evaluation", "Group", "InputError", "Value", "evaluate", "gradcheck", "graph",
           "losses", "nn", "optim", "tape", "topological_order"]
