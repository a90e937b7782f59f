"""Programs whose float32 gradients the scalar level computes as torch does, bit for bit.

Each program makes float32 leaves that require grad, runs one backward and leaves them in its
namespace; the test reads every such leaf's ``.grad``. The values are picked where float64
arithmetic rounded once to float32 lands one ulp away from torch's float32 steps (x = 0.1,
0.2, 0.7, 3.3...). Our own code, run by real torch in tests/golden/make_float32_grads_golden.py.
"""

_HEAD = ("import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
         "x = torch.tensor([0.1, -0.7, 0.2, 3.3, -1.9], requires_grad=True)\n")
_POSITIVE = ("import torch\nimport torch.nn.functional as F\n"
             "x = torch.tensor([0.1, 0.7, 0.2, 3.3, 1.9], requires_grad=True)\n")


def _elementwise(expression, head=_HEAD):
    return head + f"y = ({expression}).sum()\ny.backward()\n"


PROGRAMS = {
    # one op at a time: torch's formula for its backward, in float32
    "mul_div": _elementwise("x * 0.3 / (x + 7.1) - (x - 2.9) / (x * x + 1.3)"),
    "pow": _elementwise("x ** 2 * 0.7 + x ** 3 * 0.1 + (x * x + 1.1) ** 0.5 + (x + 5.3) ** -1"),
    "exp_log": _elementwise("torch.exp(x * 0.3) * 1.7 + torch.log(x * 0.7 + 3.1)"),
    "sigmoid": _elementwise("torch.sigmoid(x * 1.1) * 0.9"),
    "relu_abs_sign": _elementwise("torch.relu(x * 1.3) * 0.7 + torch.abs(x) * 0.3 "
                                  "+ torch.sign(x) * 5"),
    "sqrt_log1p": _elementwise("torch.sqrt(x) * 0.3 + torch.log1p(x * 0.7)", _POSITIVE),
    "sin_cos_square": _elementwise("torch.sin(x) * 0.3 + torch.cos(x * 0.7) + "
                                   "torch.square(x) * 0.1"),
    "softplus_leaky_relu": _elementwise("F.softplus(x, beta=2, threshold=5) * 0.3 "
                                        "+ F.leaky_relu(x, 0.2) * 0.7"),
    "mean": _HEAD + "y = (x * 0.3 - 0.1).mean() * 1.7\ny.backward()\n",
    # a tensor exponent: torch's pow of two tensors rounds each power once (its scalar code,
    # under 32 elements), where a number exponent multiplies (x * x * x); d/dy takes log x
    # rounded to float32
    "pow_tensor_exponent": "import torch\n"
                           "x = torch.tensor([0.9574041, 0.2617921, 1.3254197, 2.5238223, "
                           "0.2462731], requires_grad=True)\n"
                           "e = torch.tensor([4.0, -1.0, 0.5, -0.5, 4.0], requires_grad=True)\n"
                           "c = torch.tensor(4.0, requires_grad=True)\n"
                           "y = (x ** e).sum() + (x ** c * 0.3).sum() + (1.7 ** e).sum()\n"
                           "y.backward()\n",
    # a leaf used by several ops: torch adds their gradients in float32
    "used_twice": _elementwise("x * x * 0.3 + x * 0.7"),
    # an element an op broadcast: torch sums the op's gradients for it in its sum kernel's
    # order and adds the sum once
    "bias_over_rows": "import torch\nimport torch.nn.functional as F\n"
                      "w = torch.tensor([[0.5, -0.3, 0.1], [0.2, 0.7, -1.1]], "
                      "requires_grad=True)\n"
                      "b = torch.tensor([0.1, -0.2], requires_grad=True)\n"
                      "a = torch.linspace(-3.1, 2.9, 111).reshape(37, 3)\n"
                      "y = (F.linear(a, w, b) ** 2).sum()\ny.backward()\n",
    "scalar_times_vector": "import torch\nimport math\n"
                           "c = torch.tensor(0.7, requires_grad=True)\n"
                           "d = torch.tensor(-0.3, requires_grad=True)\n"
                           "x = torch.linspace(-math.pi, math.pi, 100)\n"
                           "y = ((d + c * x - torch.sin(x)) ** 2).sum()\ny.backward()\n",
    "broadcast_3x1_1x4": "import torch\n"
                         "u = torch.tensor([[0.1], [-0.7], [3.3]], requires_grad=True)\n"
                         "v = torch.tensor([[0.2, 1.9, -0.4, 0.3]], requires_grad=True)\n"
                         "m = torch.tensor([[1e8, -1e8, 1.1, 0.7], [-1e8, 2e7, -2e7, 1.3], "
                         "[0.3, 0.9, 1.3, 1.7]])\n"
                         "y = ((u + v) * m).sum()\ny.backward()\n",
    "broadcast_by_two_ops": "import torch\n"
                            "b = torch.tensor([0.1, -0.7, 0.2], requires_grad=True)\n"
                            "a = torch.linspace(-2.3, 4.1, 60).reshape(20, 3)\n"
                            "y = ((a + b) ** 2).sum() + (a * b * b).sum() * 0.3\n"
                            "y.backward()\n",
    "broadcast_both_operands": "import torch\n"
                               "u = torch.tensor([[0.1], [-0.7], [3.3]], requires_grad=True)\n"
                               "m = torch.tensor([[1e8, -1e8, 1.1], [-1e8, 2e7, -2e7], "
                               "[0.3, 0.9, 1.3]])\n"
                               "y = ((u + u.t()) * m).sum() + (u * u.t()).sum()\n"
                               "y.backward()\n",
    # an element a view repeats (expand, indexing with repeated positions): torch sums the
    # view's gradient for it (sum_to, index_put's accumulation) and adds the sum once
    "expand_rows": "import torch\n"
                   "torch.manual_seed(3)\n"
                   "b = torch.tensor([0.1, -0.7, 0.2], requires_grad=True)\n"
                   "m = torch.randn(40, 3) * torch.tensor([1e-3, 1.0, 1e3])\n"
                   "y = (b.expand(40, 3) * m).sum() + (b * b).sum()\ny.backward()\n",
    "expand_then_transpose": "import torch\n"
                             "torch.manual_seed(5)\n"
                             "u = torch.tensor([[0.1], [-0.7], [3.3]], requires_grad=True)\n"
                             "m = torch.randn(50, 3) * torch.tensor([1e3, 1e-3, 1.0])\n"
                             "y = (u.expand(3, 50).t() * m).sum()\ny.backward()\n",
    "expand_and_broadcast": "import torch\n"
                            "torch.manual_seed(7)\n"
                            "u = torch.tensor([[0.1], [-0.7], [3.3]], requires_grad=True)\n"
                            "v = torch.linspace(-0.9, 1.3, 40).requires_grad_()\n"
                            "m = torch.randn(3, 40) * torch.randn(40) ** 4 * 100\n"
                            "y = ((u.expand(3, 40) + v) * m).sum()\ny.backward()\n",
    "expand_reshape_sigmoid": "import torch\n"
                              "torch.manual_seed(19)\n"
                              "b = torch.tensor([0.1, -0.7, 0.2], requires_grad=True)\n"
                              "m = (torch.randn(40, 3) * torch.tensor([1e-3, 1.0, 1e3]))"
                              ".reshape(120)\n"
                              "y = (torch.sigmoid(b.expand(40, 3).reshape(120)) * m).sum()\n"
                              "y.backward()\n",
    "index_repeated": "import torch\n"
                      "torch.manual_seed(11)\n"
                      "x = torch.tensor([0.1, -0.7, 0.2, 3.3, -1.9], requires_grad=True)\n"
                      "idx = torch.randint(0, 5, (150,))\n"
                      "m = (torch.randn(50, 3) * torch.tensor([1e-3, 1.0, 1e3])).reshape(150)\n"
                      "y = (x[idx] * m).sum() + (x * x).sum()\ny.backward()\n",
    "index_repeated_rows": "import torch\n"
                           "torch.manual_seed(13)\n"
                           "w = torch.tensor([[0.5, -0.3, 0.1], [0.2, 0.7, -1.1]], "
                           "requires_grad=True)\n"
                           "m = torch.randn(60, 3) * torch.tensor([1e3, 1e-3, 1.0])\n"
                           "y = (w[[0, 1, 1] * 20] * m).sum()\ny.backward()\n",
    # losses: torch's fused kernels
    "mse_mean": _HEAD + "t = torch.tensor([0.2, 0.5, 1.0, 1.2, -0.4])\n"
                        "y = nn.MSELoss()(x, t)\ny.backward()\n",
    "mse_sum": _HEAD + "t = torch.tensor([0.2, 0.5, 1.0, 1.2, -0.4])\n"
                       "y = F.mse_loss(x, t, reduction='sum') * 0.3\ny.backward()\n",
    "linear_regression": _HEAD + "w = torch.tensor([0.5, -0.3], requires_grad=True)\n"
                                 "a = torch.tensor([[1.1, 0.3], [0.7, -1.3], [0.2, 2.9]])\n"
                                 "t = torch.tensor([1.3, 2.1, 0.7])\n"
                                 "y = F.mse_loss(a @ w, t)\ny.backward()\n",
    "bce_mean": "import torch\nimport torch.nn as nn\n"
                "p = torch.tensor([0.2, 0.7, 0.9, 0.5, 0.33], requires_grad=True)\n"
                "t = torch.tensor([0.0, 1.0, 1.0, 0.5, 0.1])\n"
                "y = nn.BCELoss()(p, t)\ny.backward()\n",
    "bce_none": "import torch\nimport torch.nn.functional as F\n"
                "p = torch.tensor([0.2, 0.7, 0.9, 0.5, 0.33], requires_grad=True)\n"
                "t = torch.tensor([0.0, 1.0, 1.0, 0.5, 0.1])\n"
                "y = (F.binary_cross_entropy(p, t, reduction='none') * 0.3).sum()\n"
                "y.backward()\n",
    "bce_with_logits": _HEAD + "t = torch.tensor([0.0, 1.0, 1.0, 0.5, 0.1])\n"
                               "pw = torch.tensor([2.0, 0.5, 1.3, 1.0, 3.1])\n"
                               "y = F.binary_cross_entropy_with_logits(x, t, pos_weight=pw)\n"
                               "y.backward()\n",
    "cross_entropy": "import torch\nimport torch.nn as nn\n"
                     "s = torch.tensor([[0.1, 0.2, 0.3], [1.0, -1.0, 0.0], [2.0, 0.5, -0.5]], "
                     "requires_grad=True)\n"
                     "y = nn.CrossEntropyLoss()(s, torch.tensor([1, 2, 0]))\ny.backward()\n",
    "cross_entropy_weight": "import torch\nimport torch.nn.functional as F\n"
                            "s = torch.tensor([[0.1, 0.2, 0.3], [1.0, -1.0, 0.0], "
                            "[2.0, 0.5, -0.5]], requires_grad=True)\n"
                            "w = torch.tensor([0.3, 1.7, 0.9])\n"
                            "y = F.cross_entropy(s, torch.tensor([1, 2, 0]), weight=w)\n"
                            "y.backward()\n",
    "cross_entropy_probabilities": "import torch\nimport torch.nn.functional as F\n"
                                   "s = torch.tensor([[0.1, 0.2, 0.3], [1.0, -1.0, 0.0]], "
                                   "requires_grad=True)\n"
                                   "p = torch.tensor([[0.3, 1.1, -0.2], [0.7, 0.1, 0.4]])"
                                   ".softmax(1)\n"
                                   "y = F.cross_entropy(s, p)\ny.backward()\n",
    "nll_log_softmax": "import torch\nimport torch.nn.functional as F\n"
                       "s = torch.tensor([[0.1, 0.2, 0.3], [1.0, -1.0, 0.0], [2.0, 0.5, -0.5]], "
                       "requires_grad=True)\n"
                       "y = F.nll_loss(F.log_softmax(s, dim=1), torch.tensor([1, 2, 0]))\n"
                       "y.backward()\n",
    "softmax": "import torch\n"
               "s = torch.tensor([[0.1, 0.2, 0.3], [1.0, -1.0, 0.0]], requires_grad=True)\n"
               "y = (s.softmax(1) * torch.tensor([[0.3, 1.7, -0.9], [1.1, 0.2, 0.7]])).sum()\n"
               "y.backward()\n",
}


def leaves(names):
    """The leaves a program left that hold a gradient, by name."""
    return {k: v for k, v in names.items()
            if getattr(v, "is_leaf", False) is True and v.grad is not None}


def bits(values):
    """float32 values as the hex of their bits, so a golden file keeps them exactly."""
    import struct

    return [struct.pack(">f", v).hex() for v in values]
