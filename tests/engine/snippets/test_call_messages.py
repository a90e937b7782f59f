"""A call with the wrong arguments says so in the learner's own spelling, for every callable.

Every callable a snippet can reach (the namespaces' functions and classes, Value and Tensor
methods, the built-ins, losses, models and optimizers) is called with too many arguments, with too
few and with a keyword it does not take; the message names the call as written (``F.relu()``,
``print()``, ``x.backward()``) and nothing of the interpreter's inside.
"""

import inspect
import types

import pytest

from engine import InputError, evaluate
from engine.autograd.value import Value
from engine.snippets import interpreter, namespaces
from engine.torchlike.tensor import Tensor

from .test_hostile import INTERNAL_NAMES

PRELUDE = """\
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
import math
import random
x = torch.ones(2, requires_grad=True)
v = Value(1.0)
loss_fn = nn.MSELoss()
model = MLP(2, [2, 1])
opt = optim.SGD([x], lr=0.1)
xs = [1, 2]
"""
SPELLED = {"torch": "torch", "torch.nn": "nn", "torch.nn.functional": "F", "torch.optim": "optim",
           "math": "math", "random": "random"}


def _callables():
    """(spelling, signature) of everything callable a snippet reaches by name or attribute."""
    for module, alias in SPELLED.items():
        for name, member in namespaces.MODULES[module].members.items():
            if isinstance(member, namespaces.Function):
                yield f"{alias}.{name}", interpreter._signature_of(member)
    for name, member in namespaces.MICROGRAD_NAMES.items():
        yield name, interpreter._signature_of(member)
    for name, builtin in interpreter._BUILTINS.items():
        yield name, interpreter._signature_of(builtin)
    objects = {"v": Value(1.0), "x": Tensor.__new__(Tensor), "xs": [1]}
    for spelling, obj in objects.items():
        names = interpreter._LIST_METHODS if isinstance(obj, list) else \
            namespaces.READABLE[type(obj)]
        for name in sorted(names):
            attr = getattr(type(obj), name, None)
            if isinstance(attr, types.FunctionType) or isinstance(obj, list):
                method = (interpreter._ListMethod(obj, name) if isinstance(obj, list)
                          else namespaces.Method(obj, name))
                yield f"{spelling}.{name}", interpreter._signature_of(method)
    yield "loss_fn", interpreter._signature(type(namespaces.NN.members["MSELoss"].fn()).__call__, 1)
    model = inspect.unwrap(namespaces.MICROGRAD_NAMES["MLP"].fn)  # drawing from `random`
    yield "model", interpreter._signature(model.__call__, 1)
    sgd = inspect.unwrap(namespaces.OPTIM.members["SGD"].fn)  # Values go to the scalar engine's
    yield "opt.step", interpreter._signature(sgd.step, 1)


CALLABLES = sorted(set(_callables()), key=lambda c: c[0])


def message_of(call):
    with pytest.raises(InputError) as caught:
        evaluate(PRELUDE + call + "\n")
    err = caught.value
    assert err.line == PRELUDE.count("\n") + 1, err.message
    assert not [n for n in INTERNAL_NAMES if n in err.message], err.message
    assert err.message_in("zh").startswith(f"{call.split('(')[0]}()")
    return err.message


def test_every_callable_has_a_signature_to_check_against():
    assert len(CALLABLES) > 150
    assert [spelling for spelling, signature in CALLABLES if signature is None] == []


def test_no_callable_takes_any_keyword():
    # so that a keyword it does not take is always told of, in the user's spelling; dict(a=1)
    # takes every keyword in Python too, and nn.Identity(54, unused_argument1=0.1) in torch
    assert [spelling for spelling, signature in CALLABLES if signature.varkw] == \
        ["dict", "nn.Identity"]


@pytest.mark.parametrize("spelling, signature", CALLABLES, ids=[c[0] for c in CALLABLES])
def test_an_unknown_keyword_names_the_call(spelling, signature):
    if signature.varkw:
        return
    assert message_of(f"{spelling}(zzz=1)") == (
        f"{spelling}() got an unexpected keyword argument 'zzz'"
    )


@pytest.mark.parametrize("spelling, signature", CALLABLES, ids=[c[0] for c in CALLABLES])
def test_a_wrong_number_of_arguments_names_the_call(spelling, signature):
    if not signature.varargs:
        message = message_of(f"{spelling}({', '.join(['1'] * 12)})")
        assert message.startswith(f"{spelling}() takes ") and "(12 given)" in message
    if signature.required:
        first = "input" if signature.required[0] == "self" else signature.required[0]
        assert message_of(f"{spelling}()") == f"{spelling}() missing required argument '{first}'"


def test_the_examples_of_the_issue():
    assert message_of("print(x, dim=1)") == "print() got an unexpected keyword argument 'dim'"
    assert message_of("F.relu()") == "F.relu() missing required argument 'input'"
    assert message_of("x.relu(1)") == "x.relu() takes no positional arguments (1 given)"
    assert message_of("x.backward(foo=1)") == (
        "x.backward() got an unexpected keyword argument 'foo'"
    )
    assert message_of("loss_fn(x)") == "loss_fn() missing required argument 'target'"
    assert message_of("math.log()") == "math.log() missing required argument 'x'"


def test_a_long_callee_is_shortened_from_the_left():
    long = "[" + ", ".join(["print"] * 40) + "][0]"
    with pytest.raises(InputError) as caught:
        evaluate(f"{long}(dim=1)\n")
    assert caught.value.message == (
        f"…{long[-interpreter.MAX_SPELLING:]}() got an unexpected keyword argument 'dim'"
    )
