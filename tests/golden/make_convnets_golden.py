"""Regenerate convnets_golden.json: what real torch prints for programs using nn.Conv2d,
MaxPool2d, AvgPool2d, Embedding, Dropout, ModuleList and ModuleDict.

Run from the repository root: ``python -m tests.golden.make_convnets_golden`` (needs
torch==2.13.0). Each program is plain PyTorch code with torch's default dtype (float32); the
engine must print the same lines, character for character. The convolutions' inputs are chosen so
that torch's 4 printed digits do not depend on the order its float32 sums run in (oneDNN's,
ours is the correctly rounded sum). This is a development tool: it executes our own programs,
never a user's.
"""

import json
from pathlib import Path

from tests.golden.make_snippets_golden import run_snippet

GOLDEN = Path(__file__).with_name("convnets_golden.json")

_HEAD = "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"

PROGRAMS = {
    "conv2d_init_and_print": _HEAD + """\
torch.manual_seed(0)
conv = nn.Conv2d(1, 2, 3)
print(conv)
print(conv.weight)
print(conv.bias)
print(nn.Conv2d(3, 32, 5, padding=2))
print(nn.Conv2d(4, 6, (3, 5), stride=2, padding=1, dilation=2, groups=2, bias=False))
print(nn.Conv2d(4, 4, 3, padding='same'), nn.Conv2d(4, 4, 3, padding='valid'))
print(nn.Conv2d(2, 3, 2).weight.shape, nn.Conv2d(4, 6, 3, groups=2).weight.shape)
print([p.shape for p in nn.Conv2d(3, 8, 3).parameters()])
""",
    "conv2d_forward_backward": _HEAD + """\
torch.manual_seed(1)
conv = nn.Conv2d(2, 3, 3, padding=1)
x = torch.arange(32.).reshape(1, 2, 4, 4).div(8).requires_grad_()
y = conv(x)
print(y.shape, y.grad_fn.name())
print(y)
y.sum().backward()
print(x.grad)
print(conv.weight.grad)
print(conv.bias.grad)
img = torch.ones(2, 5, 5, requires_grad=True)
z = F.conv2d(img, torch.ones(1, 2, 2, 2), stride=2)
print(z, z.grad_fn.name())
z.sum().backward()
print(img.grad)
w = torch.tensor([[[[1., 0.], [0., -1.]]], [[[0.5, 0.5], [0.5, 0.5]]]])
print(F.conv2d(torch.arange(9.).reshape(1, 1, 3, 3), w, torch.tensor([0., 1.]), padding='same'))
print(F.conv2d(torch.arange(16.).reshape(1, 2, 2, 4), torch.ones(2, 1, 1, 3), groups=2,
               dilation=(1, 1)))
""",
    "course_network": _HEAD + """\
torch.manual_seed(0)
model = nn.Sequential(
    nn.Conv2d(3, 32, 5, padding=2),
    nn.MaxPool2d(2),
    nn.Conv2d(32, 32, 5, padding=2),
    nn.MaxPool2d(2),
    nn.Conv2d(32, 64, 5, padding=2),
    nn.MaxPool2d(2),
    nn.Flatten(),
    nn.Linear(1024, 64),
    nn.Linear(64, 10),
)
print(model)
x = torch.ones((2, 3, 32, 32))
output = model(x)
print(output.shape)
print(output)
""",
    "pooling": _HEAD + """\
x = torch.tensor([[[[1., 5., 2., 0.], [3., 3., 8., 1.], [0., 2., 4., 4.], [7., 1., 1., 6.]]]],
                 requires_grad=True)
for pool in [nn.MaxPool2d(2), nn.MaxPool2d(3, stride=1), nn.MaxPool2d(2, 1, 1),
             nn.MaxPool2d(3, 2, ceil_mode=True), nn.MaxPool2d((1, 2), dilation=(1, 2)),
             nn.AvgPool2d(2), nn.AvgPool2d(3, 1, 1), nn.AvgPool2d(3, 2, 1, ceil_mode=True),
             nn.AvgPool2d(3, 1, 1, count_include_pad=False), nn.AvgPool2d(2, divisor_override=3)]:
    y = pool(x)
    print(pool)
    print(y)
    (y * torch.arange(y.numel()).reshape(y.shape)).sum().backward()
    print(x.grad)
    x.grad = None
print(F.max_pool2d(torch.arange(12.).reshape(1, 3, 4), 2), F.avg_pool2d(torch.ones(1, 2, 2), 2))
values, indices = F.max_pool2d(x, 2, return_indices=True)
print(values, indices)
""",
    "embedding": _HEAD + """\
torch.manual_seed(0)
emb = nn.Embedding(10, 3)
print(emb)
print(emb.weight)
words = torch.tensor([[1, 2, 4, 5], [4, 3, 2, 9]])
out = emb(words)
print(out.shape, out.grad_fn.name())
print(out)
out.sum().backward()
print(emb.weight.grad)
pad = nn.Embedding(5, 2, padding_idx=0)
print(pad, pad.weight)
y = pad(torch.tensor([0, 2, 0, 1]))
print(y)
(y * 2).sum().backward()
print(pad.weight.grad)
print(nn.Embedding(4, 2, padding_idx=-1))
print(F.embedding(torch.tensor([1, 1]), torch.arange(6.).reshape(3, 2)))
""",
    "dropout": _HEAD + """\
torch.manual_seed(0)
drop = nn.Dropout(p=0.5)
print(drop, nn.Dropout(0.2, inplace=True))
x = torch.ones(4, 5, requires_grad=True)
y = drop(x)
print(y)
y.sum().backward()
print(x.grad)
drop.eval()
print(drop(x) is x, drop.training)
print(F.dropout(torch.arange(1., 9.), 0.25))
print(F.dropout(torch.arange(1., 9.), 0.25, training=False))
print(F.dropout(torch.ones(3), 1.0), F.dropout(torch.ones(3), 0.0))
net = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Dropout(0.3), nn.Linear(8, 1))
print(net)
print(net(torch.ones(2, 4)))
net.eval()
print(net(torch.ones(2, 4)))
print(torch.empty(3, 4).bernoulli_(0.3), torch.zeros(70).bernoulli_(0.9).sum())
""",
    "module_list_and_dict": _HEAD + """\
torch.manual_seed(2)


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(3, 3) for _ in range(3)])
        self.layers.append(nn.ReLU())
        self.heads = nn.ModuleDict({'a': nn.Linear(3, 1), 'b': nn.Linear(3, 2)})

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return self.heads['a'](x), self.heads['b'](x)


net = Net()
print(net)
a, b = net(torch.ones(2, 3))
print(a, b)
print(len(net.layers), net.layers[0], net.layers[-1], len(list(net.parameters())))
print(nn.ModuleList(), nn.ModuleList([nn.ReLU(), nn.ReLU(), nn.Tanh(), nn.ReLU()]))
print(list(net.heads.keys()), 'a' in net.heads, len(net.heads))
for name, p in net.named_parameters():
    print(name, p.shape)
""",
}


def main():
    import torch

    printed = {name: run_snippet(torch, "torch", source) for name, source in PROGRAMS.items()}
    GOLDEN.write_text(json.dumps({"torch": torch.__version__, "programs": printed}, indent=1)
                      + "\n")
    print(f"wrote {len(printed)} programs to {GOLDEN.name}")


if __name__ == "__main__":
    main()
