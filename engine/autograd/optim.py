"""SGD and Adam with torch.optim's update rules, over Values and tensors of Values.

A parameter is a ``Value`` or a tensor-like object: one with ``.values()`` (its element Values,
flat), ``.grad`` (None while it has no gradient) and ``.grad_to_none()``. As in torch, ``step()``
skips a tensor whose ``.grad`` is None and ``zero_grad()`` sets tensors' gradients to None. A
``Value``'s gradient is a float that is never None, so a scalar parameter is stepped every time
(its gradient is 0 after ``zero_grad()``, as in torch with ``set_to_none=False``).

The updates follow torch's single-tensor implementations step for step (the same operations in
the same order), so trajectories agree with torch.optim in float64.
"""

import math

from ..messages import keyed
from .value import Value


def _check_params(params):
    if isinstance(params, Value) or hasattr(params, "grad_to_none"):
        raise keyed(TypeError, "optim.single_param", kind=type(params).__name__)
    try:
        params = list(params)
    except TypeError:
        raise keyed(TypeError, "optim.params_iterable", kind=type(params).__name__) from None
    if not params:
        raise keyed(ValueError, "optim.empty")
    for p in params:
        if not (isinstance(p, Value) or hasattr(p, "values") and hasattr(p, "grad_to_none")):
            if hasattr(p, "grad_to_none"):  # a tensor of the numpy level
                raise keyed(ValueError, "level.unoffered", name="torch.optim", level="tensor")
            raise keyed(TypeError, "optim.param_type", kind=type(p).__name__)
    if len({id(p) for p in params}) != len(params):
        raise keyed(ValueError, "optim.duplicate")
    return params


def _check_nonnegative(name, x):
    if not x >= 0.0:  # written so that nan fails too
        raise keyed(ValueError, "optim.negative", name=name, value=x)


class Optimizer:
    """What SGD and Adam share: the parameters, per-parameter state, ``zero_grad()``."""

    def __init__(self, params):
        self.params = _check_params(params)
        # All scalar parameters form one block, updated together (each is stepped every time); each
        # tensor is a block of its own, skipped while its gradient is None. A block's state is a
        # dict of per-element float lists, created at its first step, like torch's per-param state.
        self._scalars = [p for p in self.params if isinstance(p, Value)]
        self._tensors = [p for p in self.params if not isinstance(p, Value)]
        self._state = {}

    def zero_grad(self):
        """Reset gradients: 0.0 for a Value, None for a tensor (torch's ``set_to_none=True``)."""
        for p in self._scalars:
            p.grad = 0.0
        for t in self._tensors:
            t.grad_to_none()

    def step(self):
        """Update every parameter that has a gradient, from its ``.grad``."""
        if self._scalars:
            self._update(self._scalars, self._state.setdefault(-1, {}))
        for i, t in enumerate(self._tensors):
            if t.grad is not None:
                self._update(list(t.values()), self._state.setdefault(i, {}))

    def _update(self, values, state):
        raise NotImplementedError


class SGD(Optimizer):
    """Gradient descent with torch.optim.SGD's momentum, dampening, Nesterov and weight decay.

    With g the gradient (plus ``weight_decay * p``): b = g at the first step, then
    b = momentum * b + (1 - dampening) * g; the step uses g + momentum * b (Nesterov) or b;
    p = p - lr * step.
    """

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False):
        _check_nonnegative("learning rate", lr)
        _check_nonnegative("momentum value", momentum)
        _check_nonnegative("weight_decay value", weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise keyed(ValueError, "optim.nesterov", momentum=momentum, dampening=dampening)
        super().__init__(params)
        self.lr = lr
        self.momentum = momentum
        self.dampening = dampening
        self.weight_decay = weight_decay
        self.nesterov = nesterov

    def _update(self, values, state):
        lr, mu, wd = self.lr, self.momentum, self.weight_decay
        if mu == 0:
            for p in values:
                g = p.grad if wd == 0 else p.grad + wd * p.data
                p.data = p.data + -lr * g
            return
        buf = state.get("momentum_buffer")
        keep = 1 - self.dampening
        nesterov = self.nesterov
        if buf is None:
            buf = state["momentum_buffer"] = [0.0] * len(values)
            first = True
        else:
            first = False
        for i, p in enumerate(values):
            g = p.grad if wd == 0 else p.grad + wd * p.data
            b = buf[i] = g if first else buf[i] * mu + keep * g
            if nesterov:
                g = g + mu * b
            else:
                g = b
            p.data = p.data + -lr * g

    def __repr__(self):
        return (
            f"SGD(lr={self.lr}, momentum={self.momentum}, dampening={self.dampening}, "
            f"weight_decay={self.weight_decay}, nesterov={self.nesterov})"
        )


class Adam(Optimizer):
    """Adam (and AMSGrad) with torch.optim.Adam's bias corrections and L2 weight decay.

    m = lerp(m, g, 1 - beta1); v = beta2 * v + (1 - beta2) * g^2;
    p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps), with v replaced by the
    running maximum of v under ``amsgrad``.
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False):
        _check_nonnegative("learning rate", lr)
        _check_nonnegative("epsilon value", eps)
        beta1, beta2 = betas
        for i, beta in enumerate((beta1, beta2)):
            if not 0.0 <= beta < 1.0:
                raise keyed(ValueError, "optim.beta", index=i, value=beta)
        _check_nonnegative("weight_decay value", weight_decay)
        super().__init__(params)
        self.lr = lr
        self.betas = (beta1, beta2)
        self.eps = eps
        self.weight_decay = weight_decay
        self.amsgrad = amsgrad

    def _update(self, values, state):
        lr, eps, wd = self.lr, self.eps, self.weight_decay
        beta1, beta2 = self.betas
        if not state:
            n = len(values)
            state.update(step=0, exp_avg=[0.0] * n, exp_avg_sq=[0.0] * n)
            if self.amsgrad:
                state["max_exp_avg_sq"] = [0.0] * n
        state["step"] += 1
        t = state["step"]
        m_, v_ = state["exp_avg"], state["exp_avg_sq"]
        vmax_ = state.get("max_exp_avg_sq")
        step_size = lr / (1 - beta1**t)
        bias_correction2_sqrt = (1 - beta2**t) ** 0.5
        weight = 1 - beta1
        small = abs(weight) < 0.5
        keep = 1 - beta2
        for i, p in enumerate(values):
            g = p.grad if wd == 0 else p.grad + wd * p.data
            # torch's lerp(m, g, w): m + w * (g - m) for |w| < 0.5, else g - (g - m) * (1 - w)
            m = m_[i]
            m = m_[i] = m + weight * (g - m) if small else g - (g - m) * (1 - weight)
            v = v_[i] = v_[i] * beta2 + keep * g * g
            if vmax_ is not None:
                vmax = vmax_[i]
                if v > vmax or v != v:  # torch.maximum propagates nan
                    vmax = vmax_[i] = v
                v = vmax
            p.data = p.data + -step_size * (m / (math.sqrt(v) / bias_correction2_sqrt + eps))

    def __repr__(self):
        return (
            f"Adam(lr={self.lr}, betas={self.betas}, eps={self.eps}, "
            f"weight_decay={self.weight_decay}, amsgrad={self.amsgrad})"
        )
