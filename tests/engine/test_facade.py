"""The public contract of DESIGN.md: what the facade `engine` names, and the module paths of v1."""

import importlib

import engine
from engine.autograd import gradcheck, graph, nn, optim, tape
from engine.torchlike import losses


def test_facade_names_the_contract():
    for name in ("Value", "evaluate", "Evaluation", "InputError", "Group", "topological_order"):
        assert name in engine.__all__ and hasattr(engine, name)
    assert issubclass(engine.InputError, ValueError)


def test_version_one_module_paths_still_import():
    # `import engine.tape`, `from engine.losses import ...` keep working after the move into layers
    for name, module in {"losses": losses, "nn": nn, "optim": optim, "tape": tape,
                         "graph": graph, "gradcheck": gradcheck}.items():
        assert importlib.import_module(f"engine.{name}") is module
        assert getattr(engine, name) is module
    from engine.losses import mse_loss
    from engine.tape import Tape
    assert mse_loss is losses.mse_loss and Tape is tape.Tape


def test_a_user_program_runs_through_the_facade():
    ev = engine.evaluate("x = Value(3.0)\ny = x * x\ny.backward()\nprint(x.grad)\n")
    assert ev.printed == ["6.0"]
    assert ev.names["x"].grad == 6.0
