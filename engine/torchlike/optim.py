"""``torch.optim`` for tensors: SGD, Adam, AdamW, RMSprop, Adagrad, and two lr schedulers.

Each ``step()`` is torch's single-tensor CPU update, operation for operation, written with the
Tensor's public in-place methods (``add_(alpha=)``, ``addcmul_``, ``addcdiv_``, ``lerp_``), which
round as torch's kernels round; so float32 and float64 trajectories follow torch's. Parameters
come as an iterable of tensors or as parameter groups (a list of dicts with ``params`` and
per-group options), and ``param_groups`` is a list of dicts, as in torch, so a snippet can change
``lr`` in place. ``zero_grad()`` sets gradients to None (``set_to_none=True``, torch's default).
"""

from ..messages import keyed
from . import levels
from .tensor import TensorBase as Tensor  # a tensor of either level
from .tensor import no_grad


def _check_nonnegative(name, x):
    if not x >= 0.0:  # written so that nan fails too
        raise keyed(ValueError, "optim.negative", name=name, value=x)


def _kind(x):
    return type(x).__name__


class Optimizer:
    """What every optimizer shares: parameter groups, per-parameter state, ``zero_grad()``."""

    def __init__(self, params, defaults):
        self.defaults = defaults
        self.state = {}
        self.param_groups = []
        if isinstance(params, Tensor):
            raise keyed(TypeError, "optim.single_param", kind="Tensor")
        try:
            groups = list(params)
        except TypeError:
            raise keyed(TypeError, "optim.params_iterable", kind=_kind(params)) from None
        if not groups:
            raise keyed(ValueError, "optim.empty")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def add_param_group(self, param_group):
        """Add a group: its ``params`` and options, the optimizer's defaults for the rest."""
        if not isinstance(param_group, dict):
            raise keyed(TypeError, "optim.group", kind=_kind(param_group))
        params = param_group.get("params")
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, (set, frozenset)):
            raise keyed(TypeError, "optim.params_set")
        else:
            try:
                params = list(params)
            except TypeError:
                raise keyed(TypeError, "optim.params_iterable", kind=_kind(params)) from None
        for p in params:
            if not isinstance(p, Tensor):
                raise keyed(TypeError, "optim.param_type", kind=_kind(p))
            if not p.is_leaf:
                raise keyed(ValueError, "optim.non_leaf")
        group = dict(param_group, params=params)
        for name, default in self.defaults.items():
            group.setdefault(name, default)
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if len({id(p) for p in params}) != len(params):
            raise keyed(ValueError, "optim.duplicate")
        if any(id(p) in seen for p in params):
            raise keyed(ValueError, "optim.group_overlap")
        self.param_groups.append(group)

    def zero_grad(self, set_to_none=True):
        """Forget every gradient (None), or zero it with ``set_to_none=False``."""
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                else:
                    p.grad.zero_()

    def step(self, closure=None):
        """One update of every parameter that has a gradient (``closure`` re-evaluates the
        loss first, as torch's optimizers take it); returns the closure's loss or None."""
        loss = None
        if closure is not None:
            loss = closure()
        with no_grad():
            for group in self.param_groups:
                for p in group["params"]:
                    if p.grad is not None:
                        state = self.state.setdefault(p, {})
                        grad = p.grad if not group["maximize"] else -p.grad
                        self._update(p, grad, state, group)
        return loss

    def _update(self, p, grad, state, group):
        raise NotImplementedError

    def __repr__(self):
        text = type(self).__name__ + " ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            for key in sorted(group):
                if key != "params":
                    text += f"    {key}: {group[key]}\n"
        return text + ")"


class SGD(Optimizer):
    """Stochastic gradient descent with momentum, dampening, Nesterov and weight decay."""

    def __init__(self, params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False,
                 *, maximize=False, foreach=None, differentiable=False, fused=None):
        _check_nonnegative("learning rate", lr)
        _check_nonnegative("momentum value", momentum)
        _check_nonnegative("weight_decay value", weight_decay)
        if nesterov and (momentum <= 0 or dampening != 0):
            raise keyed(ValueError, "optim.nesterov", momentum=momentum, dampening=dampening)
        super().__init__(params, {
            "lr": lr, "momentum": momentum, "dampening": dampening,
            "weight_decay": weight_decay, "nesterov": nesterov, "maximize": maximize,
            "foreach": foreach, "differentiable": differentiable, "fused": fused,
        })

    def _update(self, p, grad, state, group):
        if group["weight_decay"] != 0:
            grad = grad.add(p, alpha=group["weight_decay"])
        momentum = group["momentum"]
        if momentum != 0:
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = grad.detach().clone()
            else:
                buf.mul_(momentum).add_(grad, alpha=1 - group["dampening"])
            grad = grad.add(buf, alpha=momentum) if group["nesterov"] else buf
        p.add_(grad, alpha=-group["lr"])


def _check_adam(lr, eps, betas, weight_decay):
    _check_nonnegative("learning rate", lr)
    _check_nonnegative("epsilon value", eps)
    for i, beta in enumerate(betas):
        if not 0.0 <= beta < 1.0:
            raise keyed(ValueError, "optim.beta", index=i, value=beta)
    _check_nonnegative("weight_decay value", weight_decay)


class Adam(Optimizer):
    """Adam (and AMSGrad) with bias corrections; L2 weight decay, or decoupled as AdamW."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
                 amsgrad=False, *, foreach=None, maximize=False, capturable=False,
                 differentiable=False, fused=None, decoupled_weight_decay=False):
        _check_adam(lr, eps, betas, weight_decay)
        super().__init__(params, {
            "lr": lr, "betas": tuple(betas), "eps": eps, "weight_decay": weight_decay,
            "amsgrad": amsgrad, "maximize": maximize, "foreach": foreach,
            "capturable": capturable, "differentiable": differentiable, "fused": fused,
            "decoupled_weight_decay": decoupled_weight_decay,
        })

    def _update(self, p, grad, state, group):
        if not state:
            state["step"] = 0
            state["exp_avg"] = levels.zeros_like(p)
            state["exp_avg_sq"] = levels.zeros_like(p)
            if group["amsgrad"]:
                state["max_exp_avg_sq"] = levels.zeros_like(p)
        lr, eps, wd = group["lr"], group["eps"], group["weight_decay"]
        beta1, beta2 = group["betas"]
        state["step"] += 1
        step = float(state["step"])  # torch keeps the count in a float32 tensor
        if wd != 0:
            if group["decoupled_weight_decay"]:
                p.mul_(1 - lr * wd)
            else:
                grad = grad.add(p, alpha=wd)
        exp_avg, exp_avg_sq = state["exp_avg"], state["exp_avg_sq"]
        exp_avg.lerp_(grad, 1 - beta1)
        exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
        step_size = lr / (1 - beta1**step)
        bias_correction2_sqrt = (1 - beta2**step) ** 0.5
        if group["amsgrad"]:
            state["max_exp_avg_sq"] = state["max_exp_avg_sq"].maximum(exp_avg_sq)
            exp_avg_sq = state["max_exp_avg_sq"]
        denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps)
        p.addcdiv_(exp_avg, denom, value=-step_size)


class AdamW(Adam):
    """Adam with decoupled weight decay (the parameter shrinks by lr * weight_decay first)."""

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2,
                 amsgrad=False, *, maximize=False, foreach=None, capturable=False,
                 differentiable=False, fused=None):
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, foreach=foreach,
                         maximize=maximize, capturable=capturable,
                         differentiable=differentiable, fused=fused, decoupled_weight_decay=True)


class RMSprop(Optimizer):
    """RMSprop: a running mean of squared gradients scales each step (centered, momentum)."""

    def __init__(self, params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
                 centered=False, capturable=False, foreach=None, maximize=False,
                 differentiable=False):
        _check_nonnegative("learning rate", lr)
        _check_nonnegative("epsilon value", eps)
        _check_nonnegative("momentum value", momentum)
        _check_nonnegative("weight_decay value", weight_decay)
        _check_nonnegative("alpha value", alpha)
        super().__init__(params, {
            "lr": lr, "momentum": momentum, "alpha": alpha, "eps": eps, "centered": centered,
            "weight_decay": weight_decay, "capturable": capturable, "foreach": foreach,
            "maximize": maximize, "differentiable": differentiable,
        })

    def _update(self, p, grad, state, group):
        if not state:
            state["step"] = 0
            state["square_avg"] = levels.zeros_like(p)
            if group["momentum"] > 0:
                state["momentum_buffer"] = levels.zeros_like(p)
            if group["centered"]:
                state["grad_avg"] = levels.zeros_like(p)
        state["step"] += 1
        alpha = group["alpha"]
        if group["weight_decay"] != 0:
            grad = grad.add(p, alpha=group["weight_decay"])
        square_avg = state["square_avg"]
        square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
        if group["centered"]:
            grad_avg = state["grad_avg"]
            grad_avg.lerp_(grad, 1 - alpha)
            avg = square_avg.addcmul(grad_avg, grad_avg, value=-1).sqrt()
        else:
            avg = square_avg.sqrt()
        avg = avg.add_(group["eps"])
        if group["momentum"] > 0:
            buf = state["momentum_buffer"]
            buf.mul_(group["momentum"]).addcdiv_(grad, avg)
            p.add_(buf, alpha=-group["lr"])
        else:
            p.addcdiv_(grad, avg, value=-group["lr"])


class Adagrad(Optimizer):
    """Adagrad: each step divided by the root of the summed squared gradients."""

    def __init__(self, params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0,
                 eps=1e-10, foreach=None, *, maximize=False, differentiable=False, fused=None):
        _check_nonnegative("learning rate", lr)
        _check_nonnegative("lr_decay value", lr_decay)
        _check_nonnegative("weight_decay value", weight_decay)
        _check_nonnegative("initial_accumulator_value value", initial_accumulator_value)
        _check_nonnegative("epsilon value", eps)
        super().__init__(params, {
            "lr": lr, "lr_decay": lr_decay, "eps": eps, "weight_decay": weight_decay,
            "initial_accumulator_value": initial_accumulator_value, "foreach": foreach,
            "maximize": maximize, "differentiable": differentiable, "fused": fused,
        })
        for group in self.param_groups:  # torch makes Adagrad's state at construction
            for p in group["params"]:
                self.state[p] = {"step": 0, "sum": levels.full_like(
                    p, group["initial_accumulator_value"])}

    def _update(self, p, grad, state, group):
        state["step"] += 1
        step = float(state["step"])
        if group["weight_decay"] != 0:
            grad = grad.add(p, alpha=group["weight_decay"])
        clr = group["lr"] / (1 + (step - 1) * group["lr_decay"])
        state["sum"].addcmul_(grad, grad, value=1)
        std = state["sum"].sqrt().add_(group["eps"])
        p.addcdiv_(grad, std, value=-clr)


# --- learning-rate schedulers -------------------------------------------------------------------


class LRScheduler:
    """A learning-rate schedule: ``step()`` after each epoch, ``get_last_lr()`` to read it."""

    def __init__(self, optimizer, last_epoch=-1):
        if not isinstance(optimizer, Optimizer):
            raise keyed(TypeError, "optim.scheduler_optimizer", kind=_kind(optimizer))
        self.optimizer = optimizer
        for group in optimizer.param_groups:
            group.setdefault("initial_lr", group["lr"])
        self.base_lrs = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self.step()

    def step(self):
        """Advance one epoch and set each group's lr."""
        self.last_epoch += 1
        lrs = self.get_lr()
        for group, lr in zip(self.optimizer.param_groups, lrs, strict=True):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def get_last_lr(self):
        """The lr of each group, as the last ``step()`` set it."""
        return list(self._last_lr)

    def get_lr(self):
        raise NotImplementedError

    def __repr__(self):
        return f"<torch.optim.lr_scheduler.{type(self).__name__} object>"


class StepLR(LRScheduler):
    """Multiply the lr by ``gamma`` every ``step_size`` epochs."""

    def __init__(self, optimizer, step_size, gamma=0.1, last_epoch=-1):
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The lrs for the epoch just begun (torch's chainable form)."""
        groups = self.optimizer.param_groups
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return [group["lr"] for group in groups]
        return [group["lr"] * self.gamma for group in groups]


class ExponentialLR(LRScheduler):
    """Multiply the lr by ``gamma`` every epoch."""

    def __init__(self, optimizer, gamma, last_epoch=-1):
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """The lrs for the epoch just begun (torch's chainable form)."""
        groups = self.optimizer.param_groups
        if self.last_epoch == 0:
            return [group["lr"] for group in groups]
        return [group["lr"] * self.gamma for group in groups]


OPTIMIZERS = {cls.__name__: cls for cls in (SGD, Adam, AdamW, RMSprop, Adagrad)}
SCHEDULERS = {cls.__name__: cls for cls in (StepLR, ExponentialLR)}
