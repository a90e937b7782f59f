"""Programs for the tensor level (numpy storage, tensor-level autograd), each printing what a
learner would check: values, gradients, dtypes, grad_fn names. Their golden output is what real
torch prints (tests/golden/tensor_golden.json, ``python -m tests.golden.make_tensor_golden``)."""

POLY_FIT = """\
import torch
import math
torch.manual_seed(0)
x = torch.linspace(-math.pi, math.pi, 2000)
y = x - x ** 3 / 6 + x * x * x * x * x / 120
a = torch.randn(())
b = torch.randn(())
c = torch.randn(())
d = torch.randn(())
learning_rate = 1e-6
for t in range({steps}):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    loss = (y_pred - y).pow(2).sum().item()
    if t % {every} == {last}:
        print(t, loss)
    grad_y_pred = 2.0 * (y_pred - y)
    grad_a = grad_y_pred.sum()
    grad_b = (grad_y_pred * x).sum()
    grad_c = (grad_y_pred * x ** 2).sum()
    grad_d = (grad_y_pred * x ** 3).sum()
    a -= learning_rate * grad_a
    b -= learning_rate * grad_b
    c -= learning_rate * grad_c
    d -= learning_rate * grad_d
print(f'Result: y = {{a.item()}} + {{b.item()}} x + {{c.item()}} x^2 + {{d.item()}} x^3')
"""

POLY_FIT_AUTOGRAD = """\
import torch
import math
torch.manual_seed(0)
x = torch.linspace(-math.pi, math.pi, 2000)
y = x - x ** 3 / 6 + x * x * x * x * x / 120
a = torch.randn((), requires_grad=True)
b = torch.randn((), requires_grad=True)
c = torch.randn((), requires_grad=True)
d = torch.randn((), requires_grad=True)
learning_rate = 1e-6
for t in range({steps}):
    y_pred = a + b * x + c * x ** 2 + d * x ** 3
    loss = (y_pred - y).pow(2).sum()
    if t % {every} == {last}:
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
print(f'Result: y = {{a.item()}} + {{b.item()}} x + {{c.item()}} x^2 + {{d.item()}} x^3')
"""

LINEAR_MODEL = """\
import torch
torch.manual_seed(3)
X = torch.randn(64, 3)
true_w = torch.tensor([[1.5], [-2.0], [0.7]])
Y = X @ true_w + 0.3 + 0.1 * torch.randn(64, 1)
w = torch.randn(3, 1, requires_grad=True)
b = torch.zeros(1, requires_grad=True)
lr = 0.05
for step in range(100):
    pred = X @ w + b
    loss = ((pred - Y) ** 2).mean()
    loss.backward()
    print(step, loss.item())
    with torch.no_grad():
        w -= lr * w.grad
        b -= lr * b.grad
    w.grad.zero_()
    b.grad.zero_()
print(w)
print(b)
"""

PROGRAMS = {
    "float32_widened": """\
import torch
print(torch.tensor(0.1).double().item())
print(torch.tensor(0.1).to(torch.float64).item())
x = torch.tensor([0.1, 0.2], requires_grad=True)
y = x.double() * 3
y.sum().backward()
print(y, x.grad)
""",
    "float32_ulp_grad": """\
import torch
w = torch.tensor([1.0983999967575073], requires_grad=True)
l = (3.0 * w - 6.0) ** 2
l.backward()
print(w.grad.item())
""",
    "karpathy_neuron_double": """\
import torch
x1 = torch.Tensor([2.0]).double(); x1.requires_grad = True
x2 = torch.Tensor([0.0]).double(); x2.requires_grad = True
w1 = torch.Tensor([-3.0]).double(); w1.requires_grad = True
w2 = torch.Tensor([1.0]).double(); w2.requires_grad = True
b = torch.Tensor([6.8813735870195432]).double(); b.requires_grad = True
n = x1*w1 + x2*w2 + b
o = torch.tanh(n)
print(o.data.item())
o.backward()
print('---')
print('x2', x2.grad.item())
print('w2', w2.grad.item())
print('x1', x1.grad.item())
print('w1', w1.grad.item())
""",
    "broadcast_grads": """\
import torch
a = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
b = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)
c = torch.tensor(3.0, requires_grad=True)
y = (a * b + c) / (b + 4.0)
y.sum().backward()
print(y)
print(a.grad)
print(b.grad)
print(c.grad)
""",
    "scalar_divides_tensor": """\
import torch
x = torch.tensor([0.3, 1.7, -2.2, 5.0], requires_grad=True)
y = 2 / x + 1 - x
y.sum().backward()
print(y, x.grad)
""",
    "pow_specials": """\
import torch
x = torch.tensor([0.3, 1.7, 2.2, 5.5, 0.9], requires_grad=True)
for e in (2, 3, -1, -2, 0.5, -0.5, 1.5, 0, 1):
    y = x ** e
    x.grad = None
    y.sum().backward()
    print(e, y, x.grad)
""",
    "sums_and_means": """\
import torch
torch.manual_seed(7)
x = torch.randn(37, 29, requires_grad=True)
print(x.sum().item(), x.mean().item())
print(x.sum(0)[:5])
print(x.sum(1)[:5])
print(x.mean(dim=1, keepdim=True).shape)
(x.sum(0) * torch.arange(29.)).sum().backward()
print(x.grad[0, :6])
z = torch.randn(3, 4, 5)
print(z.sum((0, 2)), z.sum(1)[0])
""",
    "sums_over_axes": """\
import torch
torch.manual_seed(5)
x = torch.randn(20, 31, 40) * 10.0 ** torch.randint(-3, 4, (20, 31, 40))
for y in (x, x.permute(2, 0, 1), x.transpose(0, 1)):
    for dims in ((0, 2), (0, 1), (1, 2), (0,), (1,), (0, 1, 2)):
        print(dims, y.sum(dims).reshape(-1)[:4].tolist(), y.mean(dims).reshape(-1)[-1].item())
w = torch.randn(6, 30, 9, 20) * 10.0 ** torch.randint(-3, 4, (6, 30, 9, 20))
b = torch.randn(30, 1, 1, requires_grad=True)
((w * b) ** 2).sum().backward()
print(b.grad[:4].reshape(-1).tolist())
""",
    "long_sums": """\
import torch
torch.manual_seed(11)
for n in (7, 8, 100, 511, 512, 513, 2000, 5000):
    x = torch.randn(n)
    print(n, x.sum().item(), x.double().sum().item(), (x * x).mean().item())
""",
    "matmul_small": """\
import torch
torch.manual_seed(2)
A = torch.randn(4, 3, requires_grad=True)
B = torch.randn(3, 2, requires_grad=True)
v = torch.randn(3, requires_grad=True)
C = A @ B
d = A @ v
(C.sum() + d.sum() + v @ v).backward()
print(C)
print(d)
print(A.grad)
print(B.grad)
print(v.grad)
""",
    "views_and_inplace": """\
import torch
x = torch.arange(12.).reshape(3, 4)
v = x[1]
v[2] = 100.0
print(x)
t = x.t()
t[0, 0] = -1.0
print(x)
y = x.view(2, 6)
y += 1
print(x)
""",
    "indexing_grads": """\
import torch
x = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
y = x[0, 1] * 2 + x[:, 2].sum() + x[[1, 1, 0], [0, 0, 2]].sum()
y.backward()
print(y, x.grad)
m = x > 2.5
print(m, x[m])
""",
    "max_min_grads": """\
import torch
x = torch.tensor([[1.0, 7.0, 3.0], [7.0, 5.0, 6.0]], requires_grad=True)
y = x.max() + x.min(dim=1).values.sum() + x.max(dim=0).values.sum()
y.backward()
print(y, x.grad)
print(x.argmax(), x.argmin(dim=1), x.max(dim=1))
""",
    "softmax_small": """\
import torch
x = torch.tensor([[1.0, 2.0, 3.0], [0.5, -1.0, 4.0]], requires_grad=True)
s = x.softmax(dim=1)
l = x.log_softmax(dim=1)
(s[:, 0].sum() + l[:, 2].sum()).backward()
print(s)
print(l)
print(x.grad)
""",
    "retain_and_no_grad": """\
import torch
x = torch.tensor([1.0, 2.0], requires_grad=True)
h = x * 3
h.retain_grad()
y = (h * h).sum()
y.backward()
print(h.grad, x.grad)
with torch.no_grad():
    z = x * 2
print(z.requires_grad, z.grad_fn)
g = torch.tensor([1.0, -1.0])
(x * 5).backward(gradient=g)
print(x.grad)
""",
    "cat_stack_grads": """\
import torch
a = torch.tensor([1.0, 2.0], requires_grad=True)
b = torch.tensor([3.0], requires_grad=True)
c = torch.cat([a, b * 2])
s = torch.stack([a, a * a])
(c * torch.tensor([1.0, 2.0, 3.0])).sum().backward()
print(c, s)
print(a.grad, b.grad)
""",
    "dtypes_and_promotion": """\
import torch
i = torch.tensor([1, 2, 3])
f = torch.tensor([0.5, 1.5, 2.5])
d = torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
print(i + f, i * 2, i / 2, i + 1.5, f + d, (i > 1), i.sum(), i.float().mean())
print(torch.arange(5), torch.arange(0, 1, 0.25), torch.linspace(0, 1, 5))
print(torch.linspace(-3.14159, 3.14159, 2001)[1000:1003])
""",
    "random_tensor_level": """\
import torch
torch.manual_seed(42)
print(torch.randn(3, 4))
print(torch.rand(20)[-3:])
print(torch.randint(0, 10, (2, 5)))
w = torch.empty(2, 3)
torch.nn.init.normal_(w)
print(w)
""",
    "vector_kernels": """\
import torch
import torch.nn.functional as F
x = torch.linspace(-8, 8, 1001, requires_grad=True)
s = torch.sigmoid(x)
p = F.softplus(x, beta=2)
q = torch.log1p(x.abs())
y = x[:1000].reshape(40, 25)
sm = y.softmax(dim=1)
lsm = y.log_softmax(dim=-1)
total = s.sum() + p.sum() + q.sum() + (sm * torch.arange(25.)).sum() + lsm[:, 3].sum()
total.backward()
print(s.sum().item(), p.sum().item(), q.sum().item(), sm.sum().item(), lsm.sum().item())
print(total.item())
print(x.grad[::97])
""",
    "large_print": """\
import torch
torch.manual_seed(5)
x = torch.randn(40, 50, requires_grad=True)
y = x * 2
print(y)
""",
    "poly_fit_raw": POLY_FIT.format(steps=2000, every=100, last=99),
    "poly_fit_autograd": POLY_FIT_AUTOGRAD.format(steps=2000, every=100, last=99),
    "linear_model_100_steps": LINEAR_MODEL,
}
