"""A small training problem run by engine.autograd.optim and by torch.optim, step for step.

Three scalar parameters are in the loss from the first step; a two-element tensor joins it at
step ``TENSOR_JOINS``, so before that torch sees its gradient as None and skips it (no update,
no state, Adam's step count not started). Used by ``test_optim.py`` and by the golden script.
"""

STEPS = 100
TENSOR_JOINS = 10
SCALARS = (0.8, -1.2, 0.3)
TENSOR = (0.5, -0.4)

CONFIGS = [
    ("SGD", {"lr": 0.05}),
    ("SGD", {"lr": 0.05, "momentum": 0.9}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "dampening": 0.5}),
    ("SGD", {"lr": 0.05, "momentum": 0.9, "nesterov": True}),
    ("SGD", {"lr": 0.05, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.03, "momentum": 0.8, "dampening": 0.1, "weight_decay": 0.05}),
    ("SGD", {"lr": 0.03, "momentum": 0.5, "nesterov": True, "weight_decay": 0.2}),
    ("Adam", {"lr": 0.05}),
    ("Adam", {"lr": 0.05, "amsgrad": True}),
    ("Adam", {"lr": 0.05, "weight_decay": 0.1}),
    ("Adam", {"lr": 0.02, "betas": (0.3, 0.9)}),
    ("Adam", {"lr": 0.05, "betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.01,
              "amsgrad": True}),
]


def config_id(name, kwargs):
    """A readable test id: ``SGD(lr=0.05, momentum=0.9)``."""
    return f"{name}({', '.join(f'{k}={v}' for k, v in kwargs.items())})"


def scalar_loss(p0, p1, p2):
    """The part of the loss on the scalars (Values or 0-dim tensors alike)."""
    return (p0 * p1 - 1.0) ** 2 + (p1 - p2.sin()) ** 2 + 0.1 * p2 * p2 + (p0.tanh() - 0.5) ** 2


def tensor_loss(t):
    """The part of the loss on the tensor (an engine Tensor or a torch tensor)."""
    return (t[0] - 1.5) ** 2 + (t[0] * t[1]).cos() + (t * t).sum() * 0.5


def engine_trajectory(name, kwargs):
    """Parameter values after each of STEPS steps of engine.autograd.optim's ``name``."""
    from engine import Value, optim
    from engine.torchlike.tensor import float64, tensor

    scalars = [Value(x) for x in SCALARS]
    t = tensor(list(TENSOR), dtype=float64, requires_grad=True)
    opt = getattr(optim, name)(scalars + [t], **kwargs)
    path = []
    for step in range(STEPS):
        opt.zero_grad()
        scalar_loss(*scalars).backward()
        if step >= TENSOR_JOINS:
            tensor_loss(t).backward()
        opt.step()
        path.append([v.data for v in scalars] + [v.data for v in t.values()])
    return path


def torch_trajectory(torch, name, kwargs):
    """The same with torch.optim on float64 tensors."""
    scalars = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in SCALARS]
    t = torch.tensor(TENSOR, dtype=torch.float64, requires_grad=True)
    opt = getattr(torch.optim, name)(scalars + [t], **kwargs)
    path = []
    for step in range(STEPS):
        opt.zero_grad()
        loss = scalar_loss(*scalars)
        if step >= TENSOR_JOINS:
            loss = loss + tensor_loss(t)
        loss.backward()
        opt.step()
        path.append([s.item() for s in scalars] + t.tolist())
    return path
