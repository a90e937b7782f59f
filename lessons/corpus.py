"""The Explore page's presets: snippets a learner can start from, each a key and its code.

Titles are catalogue keys (``preset.<key>``); the code is the same in every language.
"""

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

L1 = """\
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
"""

MSE = """\
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
"""

CROSS_ENTROPY = """\
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
    "l1": L1,
    "mse": MSE,
    "cross_entropy": CROSS_ENTROPY,
    "mlp": MLP,
    "softmax": SOFTMAX,
    "accumulate": ACCUMULATE,
    "optim": OPTIM,
}
DEFAULT_PRESET = "neuron"
