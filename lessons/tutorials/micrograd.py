"""micrograd (github.com/karpathy/micrograd): its README's examples and its tests' bodies as
scripts, and the torch cell of Karpathy's lecture "The spelled-out intro to neural networks and
backpropagation: building micrograd" (github.com/karpathy/nn-zero-to-hero)."""

from lessons.tutorials.tutorial import Tutorial

_REPO = "https://github.com/karpathy/micrograd/blob/master/"
TEST_BODY = "the test function's body run as a script, its imports first"

MICROGRAD = {
    "micrograd_readme_example": Tutorial(_REPO + "README.md", """\
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
print(f'{g.data:.4f}') # prints 24.7041, the outcome of this forward pass
g.backward()
print(f'{a.grad:.4f}') # prints 138.8338, i.e. the numerical value of dg/da
print(f'{b.grad:.4f}') # prints 645.5773, i.e. the numerical value of dg/db
"""),
    "micrograd_readme_neuron": Tutorial(_REPO + "README.md", """\
import random
from micrograd.engine import Value
from micrograd import nn

random.seed(0)
n = nn.Neuron(2)
x = [Value(1.0), Value(-2.0)]
y = n(x)
print(y)
""", "the imports, random.seed(0) and print(y) in place of draw_dot(y)"),
    "micrograd_test_sanity_check": Tutorial(_REPO + "test/test_engine.py", """\
import torch
from micrograd.engine import Value

x = Value(-4.0)
z = 2 * x + 2 + x
q = z.relu() + z * x
h = (z * z).relu()
y = h + q + q * x
y.backward()
xmg, ymg = x, y

x = torch.Tensor([-4.0]).double()
x.requires_grad = True
z = 2 * x + 2 + x
q = z.relu() + z * x
h = (z * z).relu()
y = h + q + q * x
y.backward()
xpt, ypt = x, y

# forward pass went well
assert ymg.data == ypt.data.item()
# backward pass went well
assert xmg.grad == xpt.grad.item()
""", TEST_BODY),
    "micrograd_test_more_ops": Tutorial(_REPO + "test/test_engine.py", """\
import torch
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
amg, bmg, gmg = a, b, g

a = torch.Tensor([-4.0]).double()
b = torch.Tensor([2.0]).double()
a.requires_grad = True
b.requires_grad = True
c = a + b
d = a * b + b**3
c = c + c + 1
c = c + 1 + c + (-a)
d = d + d * 2 + (b + a).relu()
d = d + 3 * d + (b - a).relu()
e = c - d
f = e**2
g = f / 2.0
g = g + 10.0 / f
g.backward()
apt, bpt, gpt = a, b, g

tol = 1e-6
# forward pass went well
assert abs(gmg.data - gpt.data.item()) < tol
# backward pass went well
assert abs(amg.grad - apt.grad.item()) < tol
assert abs(bmg.grad - bpt.grad.item()) < tol
""", TEST_BODY),
    "micrograd_mlp_training": Tutorial(_REPO + "demo.ipynb", """\
import random
from micrograd.engine import Value
from micrograd.nn import MLP

random.seed(1337)
model = MLP(2, [16, 16, 1])
print(model)
print("number of parameters", len(model.parameters()))

xs = [[2.0, 3.0], [3.0, -1.0], [0.5, 1.0], [1.0, 1.0]]
ys = [1.0, -1.0, -1.0, 1.0]
for k in range(10):
    scores = [model([Value(x) for x in xrow]) for xrow in xs]
    losses = [(1 + -yi*scorei).relu() for yi, scorei in zip(ys, scores)]
    data_loss = sum(losses) * (1.0 / len(losses))
    alpha = 1e-4
    reg_loss = alpha * sum((p*p for p in model.parameters()))
    total_loss = data_loss + reg_loss
    model.zero_grad()
    total_loss.backward()
    learning_rate = 1.0 - 0.9*k/100
    for p in model.parameters():
        p.data -= learning_rate * p.grad
    print(f"step {k} loss {total_loss.data}")
""", "the demo's model, max-margin loss, L2 regularisation and SGD on four points in place of "
         "sklearn's make_moons; 10 steps"),
    "karpathy_lecture_torch_neuron": Tutorial(
        "https://github.com/karpathy/nn-zero-to-hero/blob/master/lectures/micrograd/"
        "micrograd_lecture_second_half_roughly.ipynb", """\
import torch

x1 = torch.Tensor([2.0]).double()                ; x1.requires_grad = True
x2 = torch.Tensor([0.0]).double()                ; x2.requires_grad = True
w1 = torch.Tensor([-3.0]).double()               ; w1.requires_grad = True
w2 = torch.Tensor([1.0]).double()                ; w2.requires_grad = True
b = torch.Tensor([6.8813735870195432]).double()  ; b.requires_grad = True
n = x1*w1 + x2*w2 + b
o = torch.tanh(n)

print(o.data.item())
o.backward()

print('---')
print('x2', x2.grad.item())
print('w2', w2.grad.item())
print('x1', x1.grad.item())
print('w1', w1.grad.item())
"""),
    "karpathy_lecture_derivative": Tutorial(
        "https://github.com/karpathy/nn-zero-to-hero/blob/master/lectures/micrograd/"
        "micrograd_lecture_first_half_roughly.ipynb", """\
import math

def f(x):
  return 3*x**2 - 4*x + 5

print(f(3.0))

h = 0.000001
x = 2/3
print((f(x + h) - f(x))/h)

h = 0.0001

# inputs
a = 2.0
b = -3.0
c = 10.0

d1 = a*b + c
c += h
d2 = a*b + c

print('d1', d1)
print('d2', d2)
print('slope', (d2 - d1)/h)
""", "three of the notebook's first cells together, the values they display printed"),
}
