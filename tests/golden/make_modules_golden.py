"""Regenerate modules_golden.json: what real torch prints for programs using torch.nn's modules
and torch.optim's optimizers.

Run from the repository root: ``python -m tests.golden.make_modules_golden`` (needs
torch==2.13.0). Each program is plain PyTorch code, run as it is with torch's default dtype
(float32); the engine must print the same lines, character for character. The optimizer
programs train a small seeded network for 100 steps in float32 and in float64 and print every
loss. This is a development tool: it executes our own programs, never a user's.
"""

import json
from pathlib import Path

from tests.golden.make_snippets_golden import run_snippet

GOLDEN = Path(__file__).with_name("modules_golden.json")

_HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"

MODULE_PROGRAMS = {
    "linear_init_and_forward": _HEAD + """\
torch.manual_seed(0)
lin = nn.Linear(3, 2)
print(lin)
print(lin.weight)
print(lin.bias)
for shape in [(3,), (4, 3), (2, 4, 3)]:
    x = torch.randn(*shape, requires_grad=True)
    y = lin(x)
    print(y)
    y.sum().backward()
    print(x.grad)
print(lin.weight.grad, lin.bias.grad)
nobias = nn.Linear(3, 2, bias=False)
print(nobias, nobias.bias)
for shape in [(3,), (4, 3), (2, 4, 3)]:
    print(nobias(torch.randn(*shape, requires_grad=True)))
print(F.linear(torch.ones(2, 3), nobias.weight), F.linear(torch.ones(3), lin.weight, lin.bias))
print(nn.Linear(5, 4, dtype=torch.float64).weight)
""",
    "linear_sizes": _HEAD + """\
for seed in (0, 1, 7):
    torch.manual_seed(seed)
    for n_in, n_out in [(1, 1), (2, 16), (16, 16), (16, 1), (7, 3), (20, 5)]:
        lin = nn.Linear(n_in, n_out)
        print(n_in, n_out, lin.weight.sum().item(), lin.bias.tolist()[:2],
              lin.weight.flatten().tolist()[-1])
""",
    "activations": _HEAD + """\
x = torch.tensor([[-2.0, -0.5, 0.0], [0.5, 1.5, 3.0]], requires_grad=True)
for m in [nn.ReLU(), nn.LeakyReLU(), nn.LeakyReLU(0.2), nn.Sigmoid(), nn.Tanh(), nn.Softplus(),
          nn.Softplus(beta=2, threshold=10), nn.Softmax(dim=1), nn.Softmax(dim=0),
          nn.LogSoftmax(dim=1), nn.Identity(), nn.Flatten()]:
    y = m(x)
    print(m)
    print(y)
    (y * torch.tensor([[1.0, 2.0, 3.0], [-1.0, 0.5, 2.0]])).sum().backward()
    print(x.grad)
    x.grad = None
print(nn.Flatten()(torch.ones(2, 3, 2, requires_grad=True)), nn.Flatten(0)(x))
print(nn.Softplus()(torch.tensor([25.0, -30.0, 19.0])), nn.Softplus(2, 5)(torch.tensor([3.0])))
""",
    "sequential_print_and_walk": _HEAD + """\
torch.manual_seed(3)
model = nn.Sequential(
    nn.Flatten(),
    nn.Linear(4, 8),
    nn.ReLU(),
    nn.Sequential(nn.Linear(8, 8), nn.Tanh()),
    nn.Linear(8, 3),
    nn.LogSoftmax(dim=1),
)
print(model)
print(len(model), model[1], model[-1], model[3][0])
print(model[1:3])
for name, p in model.named_parameters():
    print(name, p.shape, p.requires_grad)
print(sum(p.numel() for p in model.parameters()))
print(list(model.children())[3], list(model.named_children())[0])
print(len(list(model.modules())), model.training, model.eval().training, model.train().training)
sd = model.state_dict()
print(list(sd.keys()))
print(sd['4.bias'])
x = torch.randn(2, 2, 2)
out = model(x)
print(out)
loss = nn.NLLLoss()(out, torch.tensor([0, 2]))
loss.backward()
print(loss)
print(model[4].bias.grad)
model.zero_grad()
print(model[4].bias.grad, model[1].weight.grad)
print(nn.Sequential(nn.Linear(2, 2), nn.MSELoss(), nn.CrossEntropyLoss()))
""",
    "parameter": _HEAD + """\
w = nn.Parameter(torch.tensor([1.0, -2.0, 3.0]))
print(w)
print(w.requires_grad, w.is_leaf, w.shape)
frozen = nn.Parameter(torch.zeros(2, 2), requires_grad=False)
print(frozen)
loss = (w * w).sum()
loss.backward()
print(w.grad, loss)
print(w * 2)
print(w.detach())
""",
    "module_requires_grad_and_dtype": _HEAD + """\
torch.manual_seed(5)
model = nn.Sequential(nn.Linear(2, 3), nn.Sigmoid(), nn.Linear(3, 1))
model.requires_grad_(False)
print([p.requires_grad for p in model.parameters()])
model[2].requires_grad_()
print([p.requires_grad for p in model.parameters()])
model.double()
print(model[0].weight)
print(model(torch.ones(1, 2, dtype=torch.float64)))
""",
}


def _training(optimizer, options, dtype, steps=100):
    objective = "-loss" if "maximize=True" in options else "loss"
    cast = "" if dtype == "float32" else ".double()"
    return _HEAD + f"""\
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1)){cast}
x = torch.randn(6, 2, dtype=torch.{dtype})
y = (2 * x[:, :1] - x[:, 1:]).sin()
optimizer = torch.optim.{optimizer}(model.parameters(){options})
loss_fn = nn.MSELoss()
for step in range({steps}):
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    ({objective}).backward()
    optimizer.step()
    print(step, loss)
print(model[0].weight)
print(model[2].bias)
optimizer.zero_grad()
print(model[2].bias.grad)
"""


OPTIMIZERS = {
    "sgd": ("SGD", ", lr=0.1"),
    "sgd_momentum": ("SGD", ", lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01"),
    "sgd_nesterov_maximize": ("SGD", ", lr=0.05, momentum=0.8, nesterov=True, maximize=True"),
    "adam": ("Adam", ", lr=0.01"),
    "adam_amsgrad": ("Adam", ", lr=0.02, betas=(0.8, 0.99), amsgrad=True, weight_decay=0.1"),
    "adamw": ("AdamW", ", lr=0.01"),
    "rmsprop": ("RMSprop", ", lr=0.01"),
    "rmsprop_momentum": ("RMSprop", ", lr=0.005, momentum=0.5, weight_decay=0.01"),
    "adagrad": ("Adagrad", ", lr=0.1, lr_decay=0.01, initial_accumulator_value=0.1"),
}
OPTIM_PROGRAMS = {
    f"{name}_{dtype}": _training(optimizer, options, dtype)
    for name, (optimizer, options) in OPTIMIZERS.items() for dtype in ("float32", "float64")
} | {
    "param_groups_and_schedulers": _HEAD + """\
torch.manual_seed(1)
model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
optimizer = torch.optim.SGD([
    {'params': model[0].parameters()},
    {'params': model[2].parameters(), 'lr': 0.5},
], lr=0.1, momentum=0.9)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=3, gamma=0.5)
print(optimizer)
x = torch.randn(5, 2)
y = x.sum(dim=1, keepdim=True)
for epoch in range(8):
    loss = F.mse_loss(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    scheduler.step()
    print(epoch, loss, scheduler.get_last_lr(), optimizer.param_groups[1]['lr'])
adam = torch.optim.Adam(model.parameters(), lr=1.0)
decay = torch.optim.lr_scheduler.ExponentialLR(adam, gamma=0.9)
for epoch in range(3):
    adam.step()
    decay.step()
    print(decay.get_last_lr(), decay.last_epoch)
optimizer.param_groups[0]['lr'] = 0.01
print(optimizer.param_groups[0]['lr'], optimizer.param_groups[0]['initial_lr'])
""",
}
PROGRAMS = MODULE_PROGRAMS | OPTIM_PROGRAMS


def main():
    import torch

    printed = {name: run_snippet(torch, "torch", source) for name, source in PROGRAMS.items()}
    GOLDEN.write_text(json.dumps({"torch": torch.__version__, "programs": printed}, indent=1)
                      + "\n")
    print(f"wrote {len(printed)} programs to {GOLDEN.name}")


if __name__ == "__main__":
    main()
