"""The snippet corpus: the code the Explore page's presets start from, the golden files are
generated from (tests/golden/make_snippets_golden.py runs it with real torch) and the tests run.

Each snippet is written once. A "torch" snippet is plain PyTorch code; a "micrograd" snippet is
micrograd-style code (``Value``, ``MLP(..., seed=s)``). Preset titles are catalogue keys
(``preset.<key>``); the code is the same in every language.
"""

# --- the golden corpus: what torch prints for each of these is in tests/golden/snippets.json ----

TUTORIAL = {  # the tutorial this app grew from: nn.L1Loss, nn.MSELoss, nn.CrossEntropyLoss
    "tutorial_l1": """\
import torch
from torch.nn import L1Loss

input = torch.tensor([1, 2, 3], dtype=torch.float32)
target = torch.tensor([1, 2, 5], dtype=torch.float32)
input = torch.reshape(input, (1, 1, 1, 3))
target = torch.reshape(target, (1, 1, 1, 3))
loss1 = L1Loss()
loss2 = L1Loss(reduction='sum')
result_sum = loss2(input, target)
result = loss1(input, target)
print(result, result_sum)
""",
    "tutorial_mse": """\
import torch
from torch.nn import MSELoss

input = torch.tensor([1, 2, 3], dtype=torch.float32)
target = torch.tensor([1, 2, 5], dtype=torch.float32)
input = torch.reshape(input, (1, 1, 1, 3))
target = torch.reshape(target, (1, 1, 1, 3))
loss1 = MSELoss()
loss2 = MSELoss(reduction='sum')
result_sum = loss2(input, target)
result = loss1(input, target)
print(result, result_sum)
""",
    "tutorial_cross_entropy": """\
import torch
from torch import nn

x = torch.tensor([0.1, 0.2, 0.3])
y = torch.tensor([1])
x = torch.reshape(x, (1, 3))
loss_sum = nn.CrossEntropyLoss(reduction='sum')
loss_mean = nn.CrossEntropyLoss()
result_sum = loss_sum(x, y)
result = loss_mean(x, y)
print(result, result_sum)
""",
}

_REG = """\
import torch
import torch.nn as nn
x = torch.tensor([[0.2, -1.5, 3.0], [0.7, 0.0, -2.25]], requires_grad=True)
y = torch.tensor([[0.2, 0.5, 1.0], [1.2, -0.4, -2.0]])
"""
_CLS = """\
import torch
import torch.nn as nn
import torch.nn.functional as F
scores = torch.tensor([[0.1, 0.2, 0.3], [1.0, -1.0, 0.0], [2.0, 0.5, -0.5]], requires_grad=True)
labels = torch.tensor([1, 2, 0])
"""
_BIN = """\
import torch
import torch.nn as nn
p = torch.tensor([0.2, 0.7, 0.9, 0.5], requires_grad=True)
t = torch.tensor([0.0, 1.0, 1.0, 0.5])
"""

LOSSES = {
    "l1_mean_backward": _REG + """\
loss = nn.L1Loss()(x, y)
loss.backward()
print(loss)
print(x.grad)
""",
    "l1_none": _REG + "print(nn.L1Loss(reduction='none')(x, y))\n",
    "mse_sum_backward": _REG + """\
loss = nn.MSELoss(reduction='sum')(x, y)
loss.backward()
print(loss.item())
print(x.grad)
""",
    "mse_none": _REG + "print(nn.MSELoss(reduction='none')(x, y))\n",
    "huber_deltas": _REG + """\
for d in [0.5, 1.0, 2.5]:
    print(d, nn.HuberLoss(delta=d)(x, y))
""",
    "huber_none_backward": _REG + """\
loss = nn.HuberLoss(reduction='none', delta=0.5)(x, y)
print(loss)
loss.sum().backward()
print(x.grad)
""",
    "smooth_l1_betas": _REG + """\
for b in [1.0, 0.5, 2.5]:
    print(b, nn.SmoothL1Loss(beta=b)(x, y), nn.SmoothL1Loss(beta=b, reduction='sum')(x, y))
""",
    "smooth_l1_backward": _REG + """\
loss = nn.SmoothL1Loss(beta=0.5)(x, y)
loss.backward()
print(x.grad)
""",
    "functional_regression": _REG + """\
import torch.nn.functional as F
print(F.l1_loss(x, y), F.mse_loss(x, y, reduction='sum'))
print(F.huber_loss(x, y, delta=2.0), F.smooth_l1_loss(x, y, beta=0.25))
""",
    "cross_entropy_backward": _CLS + """\
loss = nn.CrossEntropyLoss()(scores, labels)
loss.backward()
print(loss)
print(scores.grad)
""",
    "cross_entropy_none": _CLS + "print(nn.CrossEntropyLoss(reduction='none')(scores, labels))\n",
    "cross_entropy_weight": _CLS + """\
w = torch.tensor([1.0, 2.0, 3.0])
loss = nn.CrossEntropyLoss(weight=w)(scores, labels)
loss.backward()
print(loss)
print(scores.grad)
""",
    "cross_entropy_ignore_index": _CLS + """\
print(nn.CrossEntropyLoss()(scores, torch.tensor([1, -100, 0])))
print(nn.CrossEntropyLoss(ignore_index=0, reduction='sum')(scores, labels))
print(nn.CrossEntropyLoss()(scores, torch.tensor([-100, -100, -100])))
""",
    "cross_entropy_label_smoothing": _CLS + """\
loss = F.cross_entropy(scores, labels, label_smoothing=0.1)
loss.backward()
print(loss)
print(scores.grad)
""",
    "cross_entropy_probabilities": _CLS + """\
target = torch.tensor([[0.2, 0.3, 0.5], [1.0, 0.0, 0.0], [0.1, 0.1, 0.8]])
print(F.cross_entropy(scores, target))
print(F.cross_entropy(scores, target, reduction='none'))
""",
    "nll_loss_log_softmax": _CLS + """\
logp = F.log_softmax(scores, dim=1)
print(logp)
loss = nn.NLLLoss()(logp, labels)
loss.backward()
print(loss, scores.grad)
""",
    "nll_loss_weight_sum": _CLS + """\
logp = scores.log_softmax(dim=1)
print(F.nll_loss(logp, labels, weight=torch.tensor([0.5, 1.0, 2.0]), reduction='sum'))
""",
    "bce_backward": _BIN + """\
loss = nn.BCELoss()(p, t)
loss.backward()
print(loss)
print(p.grad)
""",
    "bce_weight_none": _BIN + """\
print(nn.BCELoss(weight=torch.tensor([1.0, 2.0, 0.5, 1.0]), reduction='none')(p, t))
""",
    "bce_clamp": """\
import torch
import torch.nn.functional as F
p = torch.tensor([0.0, 1.0, 0.0, 1.0])
t = torch.tensor([0.0, 1.0, 1.0, 0.0])
print(F.binary_cross_entropy(p, t), F.binary_cross_entropy(p, t, reduction='none'))
""",
    "bce_with_logits_pos_weight": """\
import torch
import torch.nn as nn
z = torch.tensor([[0.0, -1.5, 3.0], [50.0, -50.0, 1000.0]], requires_grad=True)
t = torch.tensor([[0.0, 1.0, 1.0], [0.5, 0.0, 1.0]])
loss = nn.BCEWithLogitsLoss(pos_weight=torch.tensor([3.0, 0.5, 1.0]))(z, t)
loss.backward()
print(loss)
print(z.grad)
print(nn.BCEWithLogitsLoss(reduction='sum', weight=torch.tensor([2.0, 1.0, 0.5]))(z, t))
""",
    "integer_target_mse": """\
import torch
import torch.nn as nn
x = torch.tensor([1.0, 2.0, 4.0])
y = torch.tensor([1.0, 3.0, 5.0], dtype=torch.float64)
print(nn.MSELoss()(x.double(), y))
""",
}

TENSORS = {
    "scientific_notation": """\
import torch
print(torch.tensor([2e-05, 2.0, 500.0]))
print(torch.tensor([1e-10, 1.0]), torch.tensor([123456789.0]))
print(torch.tensor([0.001, 0.01]))
""",
    "printing_shapes": """\
import torch
a = torch.tensor([[0.3006, -0.6678, 0.3672]])
print(a)
print(torch.tensor([1, 2, 5]), torch.tensor([True, False]))
print(a.shape, a.dim(), a.numel(), a.size(1))
print(torch.zeros(2, 3))
print(torch.arange(5), torch.linspace(0, 1, 5))
print(torch.ones(2, 2, dtype=torch.float64))
""",
    "grad_fn_printing": """\
import torch
w = torch.tensor([1.0, -2.0, 3.0], requires_grad=True)
print(w)
y = (w * 2).sum()
print(y)
print(w.mean(), w.exp().sum())
print(w.grad)
y.backward()
print(w.grad)
""",
    "broadcast_matmul": """\
import torch
a = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
b = torch.tensor([0.5, -1.0])
c = a @ b
print(c)
d = (a * b + 1).sum()
d.backward()
print(d, a.grad)
print(a.T, a.sum(dim=0), a.mean(dim=1, keepdim=True))
""",
    "softmax_and_indexing": """\
import torch
x = torch.tensor([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
s = torch.softmax(x, dim=1)
print(s)
print(s[0], s[1, 2], s[:, 0])
print(x.max(), x.argmax(), x.max(dim=1))
""",
    "unary_ops": """\
import torch
x = torch.tensor([0.5, 1.0, 2.0], requires_grad=True)
y = (x.tanh() + x.sigmoid() + x.relu() + x.log() + x.sqrt() + x.sin() + x.cos()).sum()
y.backward()
print(y)
print(x.grad)
""",
    "functional_activations": """\
import torch
import torch.nn.functional as F
x = torch.tensor([-3.0, -0.5, 0.0, 1.0, 30.0], requires_grad=True)
print(F.softplus(torch.tensor([1., 30.]), beta=2))
print(F.softplus(x, beta=2, threshold=5), F.softplus(x))
print(F.leaky_relu(x, negative_slope=0.2), F.leaky_relu(x))
y = (F.softplus(x, beta=2, threshold=5) + F.leaky_relu(x, 0.2)).sum()
y.backward()
print(y, x.grad)
""",
    "sign_log1p_square": """\
import torch
x = torch.tensor([-2.0, -0.0, 0.0, 0.5, 3.0], requires_grad=True)
print(torch.sign(x), x.log1p(), torch.square(x))
y = (x.sign() * 5 + torch.log1p(x * x) + x.square()).sum()
y.backward()
print(y, x.grad)
print(torch.sign(torch.tensor([-3, 0, 4])), torch.tensor([-3, 2]).square())
""",
    "reshape_views": """\
import torch
x = torch.arange(6, dtype=torch.float32)
y = x.reshape(2, 3)
print(y, y.view(3, 2), y.flatten())
print(y.unsqueeze(0).shape, y.unsqueeze(0).squeeze().shape, y.transpose(0, 1))
""",
    "detach_item_tolist": """\
import torch
x = torch.tensor([1.5, 2.5], requires_grad=True)
y = x * x
print(y.detach(), y.sum().item(), y.tolist())
print(y.requires_grad, y.detach().requires_grad, x.is_leaf, y.is_leaf)
""",
}

TRAINING = {
    "manual_descent_no_grad": """\
import torch
w = torch.tensor([0.0, 0.0], requires_grad=True)
x = torch.tensor([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
y = torch.tensor([5.0, 11.0, 17.0])
lr = 0.01
for step in range(5):
    loss = ((x @ w - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= lr * w.grad
    w.grad.zero_()
    print(step, loss)
print(w)
""",
    "manual_descent_scalar": """\
import torch
w = torch.tensor(1.0, requires_grad=True)
b = torch.tensor(0.0, requires_grad=True)
for i in range(4):
    loss = (w * 3.0 + b - 7.0) ** 2
    loss.backward()
    with torch.no_grad():
        w -= 0.05 * w.grad
        b -= 0.05 * b.grad
    w.grad.zero_()
    b.grad.zero_()
print(w, b, loss)
""",
    "sgd_loop": """\
import torch
import torch.nn as nn
w = torch.tensor([0.5, -0.5], requires_grad=True)
x = torch.tensor([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
y = torch.tensor([1.0, 2.0, 3.0])
opt = torch.optim.SGD([w], lr=0.1)
loss_fn = nn.MSELoss()
for epoch in range(5):
    opt.zero_grad()
    loss = loss_fn(x @ w, y)
    loss.backward()
    opt.step()
    print(epoch, loss.item())
print(w)
""",
    "sgd_momentum": """\
import torch
w = torch.tensor([2.0], requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1, momentum=0.9)
for i in range(5):
    opt.zero_grad()
    loss = (w ** 2).sum()
    loss.backward()
    opt.step()
print(w, w.grad)
""",
    "adam_loop": """\
import torch
from torch import optim
w = torch.tensor([1.0, -1.0], requires_grad=True)
target = torch.tensor([0.25, 0.75])
opt = optim.Adam([w], lr=0.1)
for i in range(6):
    opt.zero_grad()
    loss = ((w - target) ** 2).sum()
    loss.backward()
    opt.step()
    if i % 2 == 0:
        print(i, loss)
print(w)
""",
    "classifier_cross_entropy_sgd": """\
import torch
import torch.nn.functional as F
W = torch.tensor([[0.1, -0.2], [0.0, 0.3], [-0.1, 0.1]], requires_grad=True)
x = torch.tensor([[1.0, 2.0], [2.0, -1.0]])
y = torch.tensor([0, 2])
opt = torch.optim.SGD([W], lr=0.5)
for i in range(3):
    opt.zero_grad()
    logits = x @ W.T
    loss = F.cross_entropy(logits, y)
    loss.backward()
    opt.step()
    print(loss)
print(W)
""",
    "grad_accumulates": """\
import torch
x = torch.tensor(2.0, requires_grad=True)
for i in range(3):
    y = x ** 3
    y.backward()
    print(x.grad)
""",
}

LANGUAGE = {  # the Python around the torch code: f-strings, functions, dicts, while, % and format
    "fstring_linear_regression": """\
import torch

X = torch.tensor([1, 2, 3, 4], dtype=torch.float32)
Y = torch.tensor([2, 4, 6, 8], dtype=torch.float32)
w = torch.tensor(0.0, dtype=torch.float32, requires_grad=True)


def forward(x):
    return w * x


def loss(y, y_pred):
    return ((y_pred - y) ** 2).mean()


print(f'Prediction before training: f(5) = {forward(5).item():.3f}')
learning_rate = 0.01
n_iters = 20
for epoch in range(n_iters):
    y_pred = forward(X)
    l = loss(Y, y_pred)
    l.backward()
    with torch.no_grad():
        w -= learning_rate * w.grad
    w.grad.zero_()
    if epoch % 2 == 0:
        print(f'epoch {epoch+1}: w = {w.item():.3f}, loss = {l:.8f}')
print(f'Prediction after training: f(5) = {forward(5).item():.3f}')
""",
    "functions_history_dict": """\
import torch
import torch.nn as nn


def make_data(n, slope=2.0, bias=-1.0):
    x = torch.linspace(-1, 1, n)
    return x, slope * x + bias


def train(x, y, steps=4, lr=0.5, **options):
    w = torch.tensor(0.0, requires_grad=True)
    b = torch.tensor(0.0, requires_grad=True)
    loss_fn = nn.MSELoss(**options)
    history = {'loss': [], 'w': []}
    step = 0
    while step < steps:
        loss = loss_fn(w * x + b, y)
        loss.backward()
        with torch.no_grad():
            w -= lr * w.grad
            b -= lr * b.grad
        w.grad.zero_()
        b.grad.zero_()
        history['loss'].append(round(loss.item(), 4))
        history['w'].append(round(w.item(), 4))
        step += 1
    return w, b, history


x, y = make_data(5)
w, b, history = train(x, y, reduction='mean')
for key, values in sorted(history.items()):
    print(key, values)
print('w = %.4f, b = %.4f' % (w.item(), b.item()))
print('{:>6}|{:<8}|{n}'.format('steps', len(history['loss']), n=len(history)))
""",
    "lambda_loss_table": """\
import torch
import torch.nn.functional as F

pred = torch.tensor([0.2, 0.7, 1.5])
target = torch.tensor([0.0, 1.0, 1.0])
losses = {
    'l1': F.l1_loss,
    'mse': F.mse_loss,
    'smooth_l1': lambda a, b: F.smooth_l1_loss(a, b, beta=0.5),
    'huber': lambda a, b: F.huber_loss(a, b, delta=0.5),
}
values = {name: fn(pred, target) for name, fn in losses.items()}
for name, value in sorted(values.items(), key=lambda kv: kv[1].item()):
    print(f'{name:>10}: {value:.4f} ({value})')
best = min(values, key=lambda k: values[k].item())
print('best:', best, sorted({round(v.item(), 1) for v in values.values()}))
print(all(v.item() > 0 for v in values.values()), any(v.item() > 1 for v in values.values()))
""",
    "class_linear_model": """\
import torch


class LinearModel:
    \"\"\"y = x @ w + b, trained with torch.optim.\"\"\"

    def __init__(self, n_inputs):
        self.w = torch.zeros(n_inputs, requires_grad=True)
        self.b = torch.tensor(0.0, requires_grad=True)

    def __call__(self, x):
        return x @ self.w + self.b

    def parameters(self):
        return [self.w, self.b]

    def __repr__(self):
        w = ', '.join(f'{v:.4f}' for v in self.w.tolist())
        return f'LinearModel(w=[{w}], b={self.b.item():.4f})'


class Trainer:
    def __init__(self, model, lr=0.1):
        self.model = model
        self.opt = torch.optim.SGD(model.parameters(), lr=lr)
        self.losses = []

    def step(self, x, y):
        self.opt.zero_grad()
        loss = ((self.model(x) - y) ** 2).mean()
        loss.backward()
        self.opt.step()
        self.losses.append(loss.item())
        return loss


x = torch.tensor([[1.0, 2.0], [2.0, 0.5], [0.0, 1.0]])
y = torch.tensor([3.0, 2.5, 1.0])
trainer = Trainer(LinearModel(2), lr=0.05)
for epoch in range(4):
    loss = trainer.step(x, y)
    print(f'epoch {epoch}: loss {loss:.4f}', loss)
print(trainer.model)
print(isinstance(trainer.model, LinearModel), len(trainer.losses))
""",
    "format_and_percent": """\
import torch

t = torch.tensor([[1.0, -2.0], [0.5, 3.0]], requires_grad=True)
s = (t ** 2).sum()
s.backward()
print('sum = %.3f, grad =' % s.item(), t.grad)
print('{0} has {1} elements, mean {2:.4f}'.format(tuple(t.shape), t.numel(), t.mean().item()))
print(f'{s!r} | {s.item():>10.2f} | {t.grad.sum():e} | {s}')
row = 0
while row < t.shape[0]:
    print(' '.join(f'{v:7.3f}' for v in t[row].tolist()))
    row += 1
""",
}

MICROGRAD = {
    "karpathy_neuron": """\
x1 = Value(2.0)
x2 = Value(0.0)
w1 = Value(-3.0)
w2 = Value(1.0)
b = Value(6.8813735870195432)
x1w1 = x1 * w1
x2w2 = x2 * w2
x1w1x2w2 = x1w1 + x2w2
n = x1w1x2w2 + b
o = n.tanh()
o.backward()
print(o.data, x1.grad, w1.grad, x2.grad, w2.grad)
""",
    "micrograd_expression": """\
from micrograd.engine import Value
a = Value(-4.0)
b = Value(2.0)
c = a + b
d = a * b + b**3
c += c + 1
c += 1 + c + (-a)
d += d * 2 + (b + a).relu()
d += 3 * d + (b - a).relu()
e = c - d
f = e**2
g = f / 2.0
g += 10.0 / f
g.backward()
print(g.data, a.grad, b.grad)
""",
    "micrograd_unary": """\
x = Value(0.7)
y = x.exp() + x.log() + x.sigmoid() + x.sqrt() + x.sin() * x.cos() + (x - 1).abs()
y.backward()
print(y.data, x.grad)
""",
    "micrograd_new_ops": """\
x = Value(-0.4)
y = x.softplus(beta=2, threshold=5) + x.leaky_relu(0.1) + x.sign() + x.log1p() + x.square()
y.backward()
print(y.data, x.grad)
z = Value(4.0).softplus(beta=2, threshold=5)
print(z.data)
""",
    "micrograd_neuron_by_hand": """\
xs = [Value(1.0), Value(-2.0), Value(3.0)]
ws = [Value(0.5), Value(0.25), Value(-0.75)]
b = Value(0.1)
act = sum((wi * xi for wi, xi in zip(ws, xs)), b)
out = act.tanh()
out.backward()
print(out.data)
print([w.grad for w in ws], b.grad)
""",
    "micrograd_mlp_forward": """\
model = MLP(3, [4, 4, 1], seed=5)
x = [2.0, 3.0, -1.0]
y = model(x)
y.backward()
print(y.data, len(model.parameters()))
print(model.parameters()[0].grad, model.parameters()[-1].grad)
""",
    "micrograd_mlp_training": """\
model = MLP(3, [4, 4, 1], seed=1)
xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
ys = [1.0, -1.0, -1.0, 1.0]
for k in range(5):
    ypred = [model(x) for x in xs]
    loss = sum((yout - ygt) ** 2 for ygt, yout in zip(ys, ypred))
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data += -0.05 * p.grad
    print(k, loss.data)
""",
    "micrograd_loop_accumulate": """\
x = Value(1.5)
total = Value(0.0)
for i in range(1, 5):
    total = total + x ** i / i
total.backward()
print(total.data, x.grad)
""",
    "micrograd_comparisons": """\
a = Value(3.0)
b = Value(-1.0)
c = a * b if a > b else a + b
m = max([a, b, c])
print(c.data, m.data, min(a, b).data, abs(b).data)
""",
    "micrograd_functions": """\
def neuron(xs, ws, b):
    act = sum((wi * xi for wi, xi in zip(ws, xs)), b)
    return act.tanh()


def squared_error(preds, targets):
    return sum((p - t) ** 2 for p, t in zip(preds, targets))


xs = [[2.0, 3.0], [3.0, -1.0], [0.5, 1.0]]
ys = [1.0, -1.0, 1.0]
ws = [Value(0.5), Value(-0.25)]
b = Value(0.1)
step = 0
while step < 3:
    preds = [neuron(x, ws, b) for x in xs]
    loss = squared_error(preds, ys)
    for p in ws + [b]:
        p.grad = 0.0
    loss.backward()
    for p in ws + [b]:
        p.data += -0.1 * p.grad
    print(f'step {step}: loss {loss.data:.6f}', ' '.join(f'{p.data:+.4f}' for p in ws))
    step += 1
""",    "karpathy_classes": """\
class Neuron:
    def __init__(self, nin, seed):
        self.w = [Value(((seed * 7 + i * 3) % 11) / 10 - 0.5) for i in range(nin)]
        self.b = Value(0.1)

    def __call__(self, x):
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.tanh()

    def parameters(self):
        return self.w + [self.b]


class Layer:
    def __init__(self, nin, nout):
        self.neurons = [Neuron(nin, seed) for seed in range(nout)]

    def __call__(self, x):
        outs = [n(x) for n in self.neurons]
        return outs[0] if len(outs) == 1 else outs

    def parameters(self):
        return [p for n in self.neurons for p in n.parameters()]


class MLP:
    def __init__(self, nin, nouts):
        sz = [nin] + nouts
        self.layers = [Layer(sz[i], sz[i + 1]) for i in range(len(nouts))]

    def __call__(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def parameters(self):
        return [p for layer in self.layers for p in layer.parameters()]


model = MLP(3, [4, 4, 1])
xs = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
ys = [1.0, -1.0, -1.0, 1.0]
for k in range(5):
    ypred = [model(x) for x in xs]
    loss = sum((yout - ygt) ** 2 for ygt, yout in zip(ys, ypred))
    for p in model.parameters():
        p.grad = 0.0
    loss.backward()
    for p in model.parameters():
        p.data += -0.05 * p.grad
    print(k, f'{loss.data:.6f}', len(model.parameters()))
""",
}

# PyTorch's own docstring examples of the losses, seeded (a docstring draws unseeded numbers)
_SEEDED = "import torch\nimport torch.nn as nn\ntorch.manual_seed({seed})\n"
DOCSTRINGS = {
    "doc_l1loss": _SEEDED.format(seed=0) + """\
loss = nn.L1Loss()
input = torch.randn(3, 5, requires_grad=True)
target = torch.randn(3, 5)
output = loss(input, target)
output.backward()
print(output)
print(input.grad)
""",
    "doc_mseloss": _SEEDED.format(seed=1) + """\
loss = nn.MSELoss()
input = torch.randn(3, 5, requires_grad=True)
target = torch.randn(3, 5)
output = loss(input, target)
output.backward()
print(output)
print(input.grad)
""",
    "doc_cross_entropy": _SEEDED.format(seed=2) + """\
# Example of target with class indices
loss = nn.CrossEntropyLoss()
input = torch.randn(3, 5, requires_grad=True)
target = torch.empty(3, dtype=torch.long).random_(5)
output = loss(input, target)
output.backward()
print(target, output)
# Example of target with class probabilities
input = torch.randn(3, 5, requires_grad=True)
target = torch.randn(3, 5).softmax(dim=1)
output = loss(input, target)
output.backward()
print(output)
print(input.grad)
""",
    "doc_bce_with_logits": _SEEDED.format(seed=3) + """\
loss = nn.BCEWithLogitsLoss()
input = torch.randn(3, requires_grad=True)
target = torch.empty(3).random_(2)
output = loss(input, target)
output.backward()
print(target, output)
print(input.grad)
""",
    "random_draws": _SEEDED.format(seed=1337) + """\
print(torch.rand(2, 3))
print(torch.randn(20)[-3:])
print(torch.randint(0, 10, (6,)), torch.randperm(5))
print(torch.normal(0.5, 2.0, size=(2,)), torch.rand(2, dtype=torch.float64))
g = torch.Generator().manual_seed(42)
print(torch.randn(2, generator=g), torch.empty(4).uniform_(-1, 1))
""",
}

# what older tutorials and device-minded code write: legacy constructors, devices, aliases
BEGINNER = {
    "legacy_and_devices": """\
import torch
from torch.autograd import Variable

device = torch.device('cuda' if torch.cuda.is_available() else 'cpu')
x = Variable(torch.Tensor([[1.0, 2.0], [3.0, 4.0]]), requires_grad=True)
w = torch.FloatTensor([0.5, -1.0]).to(device)
y = torch.matmul(input=x, other=w)
loss = y.sum(axis=0) * torch.pi
loss.backward()
print(device, x.device, torch.eye(2, dtype=torch.long), torch.LongTensor([1.7, -2.5]))
print(y, loss)
print(x.grad)
z = torch.zeros(2, 3, device=device)
print(z.cpu().shape, torch.ones(2).to('cpu', torch.float64), x.mean(axis=1))
print(torch.accelerator.current_accelerator(), torch.eye(2, 3))
""",
    "nn_init": """\
import math
import torch
import torch.nn as nn

torch.manual_seed(0)
w = torch.empty(3, 5)
nn.init.xavier_uniform_(w, gain=nn.init.calculate_gain('relu'))
print(w)
v = torch.empty(4, 2, requires_grad=True)
nn.init.kaiming_uniform_(v, a=math.sqrt(5))
print(v)
nn.init.kaiming_normal_(v, mode='fan_out', nonlinearity='relu')
b = torch.empty(20)
nn.init.normal_(b, 1.0, 0.02)
print(v.tolist(), b[:3].tolist())
nn.init.zeros_(b)
nn.init.constant_(w, 0.5)
print(b.sum(), w.mean(), nn.init.calculate_gain('leaky_relu', 0.2))
""",
}

# "Learning PyTorch with Examples" (PyTorch's tutorials): a cubic fit of sin(x) on 2,000 points for
# 2,000 steps, with hand-written gradients and with autograd. They run on the tensor level (their
# scalar graph would have millions of Values); bench/bench_tensor.py times them against torch.
LEARNING_PYTORCH = {
    "cubic_fit_tensors": """\
import torch
import math

dtype = torch.float
device = torch.device("cpu")

# Create random input and output data
x = torch.linspace(-math.pi, math.pi, 2000, device=device, dtype=dtype)
y = torch.sin(x)

# Randomly initialize weights
a = torch.randn((), device=device, dtype=dtype)
b = torch.randn((), device=device, dtype=dtype)
c = torch.randn((), device=device, dtype=dtype)
d = torch.randn((), device=device, dtype=dtype)

learning_rate = 1e-6
for t in range(2000):
    # Forward pass: compute predicted y
    y_pred = a + b * x + c * x ** 2 + d * x ** 3

    # Compute and print loss
    loss = (y_pred - y).pow(2).sum().item()
    if t % 100 == 99:
        print(t, loss)

    # Backprop to compute gradients of a, b, c, d with respect to loss
    grad_y_pred = 2.0 * (y_pred - y)
    grad_a = grad_y_pred.sum()
    grad_b = (grad_y_pred * x).sum()
    grad_c = (grad_y_pred * x ** 2).sum()
    grad_d = (grad_y_pred * x ** 3).sum()

    # Update weights using gradient descent
    a -= learning_rate * grad_a
    b -= learning_rate * grad_b
    c -= learning_rate * grad_c
    d -= learning_rate * grad_d


print(f'Result: y = {a.item()} + {b.item()} x + {c.item()} x^2 + {d.item()} x^3')
""",
    "cubic_fit_autograd": """\
import torch
import math

dtype = torch.float
device = "cpu"

# Create Tensors to hold input and outputs.
x = torch.linspace(-math.pi, math.pi, 2000, dtype=dtype, device=device)
y = torch.sin(x)

# Create random Tensors for weights.
a = torch.randn((), dtype=dtype, device=device, requires_grad=True)
b = torch.randn((), dtype=dtype, device=device, requires_grad=True)
c = torch.randn((), dtype=dtype, device=device, requires_grad=True)
d = torch.randn((), dtype=dtype, device=device, requires_grad=True)

learning_rate = 1e-6
for t in range(2000):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3

    loss = (y_pred - y).pow(2).sum()
    if t % 100 == 99:
        print(t, loss.item())

    loss.backward()

    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad

        # Manually zero the gradients after updating weights
        a.grad = None
        b.grad = None
        c.grad = None
        d.grad = None

print(f'Result: y = {a.item()} + {b.item()} x + {c.item()} x^2 + {d.item()} x^3')
""",
}

# numpy before torch, as "Learning PyTorch with Examples" starts (its warm-up fits a third-order
# polynomial to sin(x) by hand, here on 200 points for 500 steps), and numpy data into torch
NUMPY = {
    "numpy_warmup": """\
import numpy as np
import math

# Create random input and output data
x = np.linspace(-math.pi, math.pi, 200)
y = np.sin(x)

# Randomly initialize weights
np.random.seed(0)
a = np.random.randn()
b = np.random.randn()
c = np.random.randn()
d = np.random.randn()

learning_rate = 1e-5
for t in range(500):
    # Forward pass: compute predicted y
    # y = a + b x + c x^2 + d x^3
    y_pred = a + b * x + c * x ** 2 + d * x ** 3

    # Compute and print loss
    loss = np.square(y_pred - y).sum()
    if t % 100 == 99:
        print(t, loss)

    # Backprop to compute gradients of a, b, c, d with respect to loss
    grad_y_pred = 2.0 * (y_pred - y)
    grad_a = grad_y_pred.sum()
    grad_b = (grad_y_pred * x).sum()
    grad_c = (grad_y_pred * x ** 2).sum()
    grad_d = (grad_y_pred * x ** 3).sum()

    # Update weights
    a -= learning_rate * grad_a
    b -= learning_rate * grad_b
    c -= learning_rate * grad_c
    d -= learning_rate * grad_d

print(f'Result: y = {a} + {b} x + {c} x^2 + {d} x^3')
""",
    "numpy_to_torch": """\
import numpy as np
import torch

np.random.seed(0)
x = np.linspace(-1, 1, 20)
y = 3 * x - 0.5 + np.random.normal(0, 0.1, size=x.shape)
print(x[:3], y.mean(), y.dtype, x.shape)

X = torch.from_numpy(x)
Y = torch.tensor(y)
w = torch.zeros(2, dtype=torch.float64, requires_grad=True)
for step in range(50):
    pred = w[0] * X + w[1]
    loss = ((pred - Y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        w -= 0.3 * w.grad
    w.grad.zero_()
    if step % 10 == 9:
        print(step, f'{loss.item():.6f}')
print(w, X.dtype)
print(w.detach().numpy(), np.round(w.detach().numpy(), 2))
""",
}

# PyTorch's beginner tutorials on torch.nn and torch.optim ("Learning PyTorch with Examples"),
# scaled down to the engine's bounds, and a seeded nn.Linear training loop
NN = {
    "tutorial_nn_sequential": """\
# PyTorch's "Learning PyTorch with Examples": nn.Sequential fits a cubic to sin(x)
# (the tutorial's 2000 points and 2000 steps, scaled down to 100 points and 30 steps)
import torch
import math

x = torch.linspace(-math.pi, math.pi, 100)
y = torch.sin(x)
p = torch.tensor([1, 2, 3])
xx = x.unsqueeze(-1).pow(p)

torch.manual_seed(0)
model = torch.nn.Sequential(
    torch.nn.Linear(3, 1),
    torch.nn.Flatten(0, 1)
)
loss_fn = torch.nn.MSELoss(reduction='sum')

learning_rate = 2e-5
for t in range(30):
    y_pred = model(xx)
    loss = loss_fn(y_pred, y)
    if t % 10 == 9:
        print(t, loss.item())
    model.zero_grad()
    loss.backward()
    with torch.no_grad():
        for param in model.parameters():
            param -= learning_rate * param.grad

linear_layer = model[0]
print(f'Result: y = {linear_layer.bias.item()} + {linear_layer.weight[:, 0].item()} x + '
      f'{linear_layer.weight[:, 1].item()} x^2 + {linear_layer.weight[:, 2].item()} x^3')
""",
    "tutorial_nn_module": """\
# PyTorch's "Learning PyTorch with Examples": a custom nn.Module with four Parameters
# (scaled down to 100 points and 30 steps)
import torch
import math


class Polynomial3(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.a = torch.nn.Parameter(torch.randn(()))
        self.b = torch.nn.Parameter(torch.randn(()))
        self.c = torch.nn.Parameter(torch.randn(()))
        self.d = torch.nn.Parameter(torch.randn(()))

    def forward(self, x):
        return self.a + self.b * x + self.c * x ** 2 + self.d * x ** 3

    def string(self):
        return (f'y = {self.a.item()} + {self.b.item()} x + {self.c.item()} x^2 + '
                f'{self.d.item()} x^3')


torch.manual_seed(1)
x = torch.linspace(-math.pi, math.pi, 100)
y = torch.sin(x)
model = Polynomial3()
criterion = torch.nn.MSELoss(reduction='sum')
optimizer = torch.optim.SGD(model.parameters(), lr=1e-5)
for t in range(30):
    y_pred = model(x)
    loss = criterion(y_pred, y)
    if t % 10 == 9:
        print(t, loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

print(f'Result: {model.string()}')
print(model)
print(list(model.state_dict().keys()))
""",
    "tutorial_nn_optim": """\
# PyTorch's "Learning PyTorch with Examples": the same fit with torch.optim.RMSprop
# (scaled down to 100 points and 30 steps)
import torch
import math

x = torch.linspace(-math.pi, math.pi, 100)
y = torch.sin(x)
p = torch.tensor([1, 2, 3])
xx = x.unsqueeze(-1).pow(p)

torch.manual_seed(2)
model = torch.nn.Sequential(
    torch.nn.Linear(3, 1),
    torch.nn.Flatten(0, 1)
)
loss_fn = torch.nn.MSELoss(reduction='sum')

learning_rate = 1e-3
optimizer = torch.optim.RMSprop(model.parameters(), lr=learning_rate)
for t in range(30):
    y_pred = model(xx)
    loss = loss_fn(y_pred, y)
    if t % 10 == 9:
        print(t, loss.item())
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

linear_layer = model[0]
print(f'Result: y = {linear_layer.bias.item()} + {linear_layer.weight[:, 0].item()} x + '
      f'{linear_layer.weight[:, 1].item()} x^2 + {linear_layer.weight[:, 2].item()} x^3')
""",
    "tutorial_autograd_function": """\
# PyTorch's "Learning PyTorch with Examples": a new autograd Function, the Legendre polynomial
# P3 (the tutorial's 2000 points and 2000 steps scaled down to 100 points and 20 steps)
import torch
import math


class LegendrePolynomial3(torch.autograd.Function):
    '''
    We can implement our own custom autograd Functions by subclassing
    torch.autograd.Function and implementing the forward and backward passes
    which operate on Tensors.
    '''

    @staticmethod
    def forward(ctx, input):
        '''
        In the forward pass we receive a Tensor containing the input and return
        a Tensor containing the output. ctx is a context object that can be used
        to stash information for backward computation.
        '''
        ctx.save_for_backward(input)
        return 0.5 * (5 * input ** 3 - 3 * input)

    @staticmethod
    def backward(ctx, grad_output):
        '''
        In the backward pass we receive a Tensor containing the gradient of the loss
        with respect to the output, and we need to compute the gradient of the loss
        with respect to the input.
        '''
        input, = ctx.saved_tensors
        return grad_output * 1.5 * (5 * input ** 2 - 1)


dtype = torch.float
device = torch.device("cpu")

x = torch.linspace(-math.pi, math.pi, 100, device=device, dtype=dtype)
y = torch.sin(x)

a = torch.full((), 0.0, device=device, dtype=dtype, requires_grad=True)
b = torch.full((), -1.0, device=device, dtype=dtype, requires_grad=True)
c = torch.full((), 0.0, device=device, dtype=dtype, requires_grad=True)
d = torch.full((), 0.3, device=device, dtype=dtype, requires_grad=True)

learning_rate = 1e-4
for t in range(20):
    P3 = LegendrePolynomial3.apply
    y_pred = a + b * P3(c + d * x)
    loss = (y_pred - y).pow(2).sum()
    if t % 5 == 4:
        print(t, loss.item())
    loss.backward()
    with torch.no_grad():
        a -= learning_rate * a.grad
        b -= learning_rate * b.grad
        c -= learning_rate * c.grad
        d -= learning_rate * d.grad
        a.grad = None
        b.grad = None
        c.grad = None
        d.grad = None

print(f'Result: y = {a.item()} + {b.item()} * P3({c.item()} + {d.item()} x)')
print(LegendrePolynomial3.apply(c + d * x[:3]), P3(x[:2]))
""",
    "seeded_linear_training": """\
# a seeded nn.Linear trained with torch.optim.SGD: y = 2x - 1 from four points
import torch
import torch.nn as nn

torch.manual_seed(0)
model = nn.Linear(1, 1)
print(model.weight, model.bias)
x = torch.tensor([[0.0], [1.0], [2.0], [3.0]])
y = 2 * x - 1
loss_fn = nn.MSELoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(5):
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    print(epoch, loss)
print(model.weight.grad, model.bias.grad)
""",
}

SNIPPETS = (
    [(name, "torch", src)
     for group in (TUTORIAL, LOSSES, TENSORS, TRAINING, DOCSTRINGS, BEGINNER, LANGUAGE,
                   NN, NUMPY)
     for name, src in group.items()]
    + [(name, "micrograd", src) for name, src in MICROGRAD.items()]
)


# --- presets of the Explore page that are not in the golden corpus -------------------------------
# (their numbers are checked against the maths in tests/pages/test_explore.py)

NEURON = """\
# Karpathy's neuron, micrograd style: o = tanh(x1*w1 + x2*w2 + b)
x1 = Value(2.0, label='x1')
x2 = Value(0.0, label='x2')
w1 = Value(-3.0, label='w1')
w2 = Value(1.0, label='w2')
b = Value(6.8813735870195432, label='b')
x1w1 = x1 * w1
x2w2 = x2 * w2
x1w1x2w2 = x1w1 + x2w2
n = x1w1x2w2 + b
o = n.tanh()
o.backward()
print(o)
print(x1.grad, w1.grad)
"""

MLP = """\
# a tiny MLP (2 -> 3 -> 1, tanh) on one sample, trained with mean squared error
import torch
import torch.nn.functional as F

x = torch.tensor([[1.0, -2.0]])
y = torch.tensor([[0.5]])
W1 = torch.tensor([[0.5, -0.3], [0.8, 0.1], [-0.6, 0.4]], requires_grad=True)
b1 = torch.tensor([0.1, -0.1, 0.2], requires_grad=True)
W2 = torch.tensor([[0.7, -0.5, 0.3]], requires_grad=True)
b2 = torch.tensor([0.05], requires_grad=True)
h = (x @ W1.T + b1).tanh()
pred = h @ W2.T + b2
loss = F.mse_loss(pred, y)
loss.backward()
print(pred)
print(loss)
print(W2.grad)
"""

SOFTMAX = """\
# softmax and cross-entropy written out by hand: the gradient is softmax - onehot
import torch

logits = torch.tensor([2.0, 1.0, 0.1], requires_grad=True)
target = 0
exps = logits.exp()
probs = exps / exps.sum()
loss = -probs[target].log()
loss.backward()
print(probs)
print(loss)
print(logits.grad)
"""

ACCUMULATE = """\
# a feeds two consumers (and the product twice): its gradient is the sum, 2a + 1
a = Value(3.0, label='a')
b = a * a + a
b.backward()
print(b.data, a.grad)
"""

OPTIM = """\
# gradient descent with torch.optim: minimise (w - 5)^2 from w = 2
import torch

w = torch.tensor(2.0, requires_grad=True)
opt = torch.optim.SGD([w], lr=0.1)
for step in range(5):
    opt.zero_grad()
    loss = (w - 5) ** 2
    loss.backward()
    opt.step()
    print(step, loss.item(), w.item())
"""


PRESETS = {
    "neuron": NEURON,
    "l1": TUTORIAL["tutorial_l1"],
    "mse": TUTORIAL["tutorial_mse"],
    "cross_entropy": TUTORIAL["tutorial_cross_entropy"],
    "mlp": MLP,
    "softmax": SOFTMAX,
    "accumulate": ACCUMULATE,
    "optim": OPTIM,
    "docstring_l1": DOCSTRINGS["doc_l1loss"],
    "linear_training": NN["seeded_linear_training"],
}
DEFAULT_PRESET = "neuron"
