"""Text of the Descent page."""

STRINGS = {
    "descent.title": {"en": "Gradient descent", "zh": "梯度下降"},
    "descent.intro": {
        "en": "Watch a loss fall as gradient descent trains a model. Pick a problem and an "
        "optimizer, press Train, or Step through one update at a time.",
        "zh": "看梯度下降训练模型时损失如何下降。选一个问题和优化器，按“训练”，"
        "或用“单步”一次走一步。",
    },
    # --- the problem ------------------------------------------------------------------------
    "descent.problem": {"en": "Problem", "zh": "问题"},
    "descent.task": {"en": "Task", "zh": "任务"},
    "descent.task.function": {"en": "Minimise a function", "zh": "最小化函数"},
    "descent.task.regression": {"en": "Regression", "zh": "回归"},
    "descent.task.classification": {"en": "Classification", "zh": "分类"},
    "descent.fn": {"en": "Function", "zh": "函数"},
    "descent.fn.bowl": {"en": "Bowl", "zh": "碗形"},
    "descent.fn.elongated": {"en": "Elongated bowl", "zh": "狭长碗形"},
    "descent.fn.rosenbrock": {"en": "Rosenbrock", "zh": "Rosenbrock 函数"},
    "descent.fn.saddle": {"en": "Saddle", "zh": "鞍面"},
    "descent.fn.himmelblau": {"en": "Himmelblau", "zh": "Himmelblau 函数"},
    "descent.fn.custom": {"en": "Your own", "zh": "自定义"},
    "descent.expr": {"en": "f(x, y) =", "zh": "f(x, y) ="},
    "descent.expr.help": {
        "en": "An expression in x and/or y in the snippet language: + - * / **, and methods "
        "such as x.exp(), x.log(), x.tanh(), x.relu(), x.abs(), x.sin(). Only x: a curve.",
        "zh": "用代码片段语言写出关于 x 和/或 y 的表达式：+ - * / **，以及 x.exp()、"
        "x.log()、x.tanh()、x.relu()、x.abs()、x.sin() 等方法。只用 x 时画成曲线。",
    },
    "descent.x0": {"en": "start x", "zh": "起点 x"},
    "descent.y0": {"en": "start y", "zh": "起点 y"},
    "descent.data": {"en": "Data", "zh": "数据"},
    "descent.data.line": {"en": "Line", "zh": "直线"},
    "descent.data.quadratic": {"en": "Quadratic", "zh": "二次曲线"},
    "descent.data.sine": {"en": "Sine", "zh": "正弦"},
    "descent.model": {"en": "Model", "zh": "模型"},
    "descent.model.line": {"en": "Line  w0 + w1·x", "zh": "直线  w0 + w1·x"},
    "descent.model.polynomial": {"en": "Polynomial", "zh": "多项式"},
    "descent.model.mlp": {"en": "MLP", "zh": "多层感知机 MLP"},
    "descent.degree": {"en": "Degree", "zh": "次数"},
    "descent.loss": {"en": "Loss", "zh": "损失函数"},
    "descent.loss.mse": {"en": "MSE (nn.MSELoss)", "zh": "均方误差 MSE (nn.MSELoss)"},
    "descent.loss.l1": {"en": "L1 (nn.L1Loss)", "zh": "L1 (nn.L1Loss)"},
    "descent.loss.huber": {
        "en": "Huber, δ = 1 (nn.HuberLoss)",
        "zh": "Huber，δ = 1 (nn.HuberLoss)",
    },
    "descent.loss.cross_entropy": {
        "en": "Cross-entropy, 2 logits (nn.CrossEntropyLoss)",
        "zh": "交叉熵，2 个 logit (nn.CrossEntropyLoss)",
    },
    "descent.loss.bce": {
        "en": "BCE on a logit (nn.BCEWithLogitsLoss)",
        "zh": "二元交叉熵，1 个 logit (nn.BCEWithLogitsLoss)",
    },
    "descent.loss.hinge": {"en": "Hinge (max-margin)", "zh": "合页损失（最大间隔）"},
    "descent.dataset": {"en": "Dataset", "zh": "数据集"},
    "descent.dataset.moons": {"en": "Moons", "zh": "双月"},
    "descent.dataset.circles": {"en": "Circles", "zh": "同心圆"},
    "descent.dataset.xor": {"en": "XOR", "zh": "异或 XOR"},
    "descent.dataset.spiral": {"en": "Spiral", "zh": "螺旋"},
    "descent.dataset.blobs": {"en": "Blobs", "zh": "团簇"},
    "descent.hidden": {"en": "Hidden layer sizes", "zh": "隐藏层大小"},
    "descent.hidden.help": {
        "en": "Comma-separated, e.g. 16, 16: up to {layers} layers of up to {units} units.",
        "zh": "用逗号分隔，例如 16, 16：最多 {layers} 层，每层最多 {units} 个单元。",
    },
    "descent.hidden.bad": {
        "en": "Hidden layer sizes: {error}. Using {default} instead.",
        "zh": "隐藏层大小无效（{error}）。改用 {default}。",
    },
    "descent.act": {"en": "Activation", "zh": "激活函数"},
    "descent.noise": {"en": "Noise", "zh": "噪声"},
    "descent.seed": {"en": "Seed", "zh": "随机种子"},
    "descent.seed.help": {
        "en": "Fixes the data, the starting weights and the mini-batches.",
        "zh": "固定数据、初始权重和小批量的抽样。",
    },
    # --- the optimizer ------------------------------------------------------------------------
    "descent.optimizer": {"en": "Optimizer", "zh": "优化器"},
    "descent.lr": {"en": "Learning rate", "zh": "学习率"},
    "descent.momentum": {"en": "Momentum", "zh": "动量"},
    "descent.nesterov": {"en": "Nesterov", "zh": "Nesterov 动量"},
    "descent.l2": {"en": "L2 (weight_decay)", "zh": "L2 正则 (weight_decay)"},
    "descent.l2.help": {
        "en": "Adds weight_decay × p to every gradient, as torch.optim does: the same as adding "
        "weight_decay/2 × Σp² to the loss. The loss chart shows the loss without it.",
        "zh": "与 torch.optim 相同，给每个梯度加上 weight_decay × p，相当于在损失上加 "
        "weight_decay/2 × Σp²。损失曲线显示的是不含此项的损失。",
    },
    "descent.batch": {"en": "Batch size", "zh": "批量大小"},
    "descent.batch.full": {"en": "full", "zh": "全量"},
    "descent.steps": {"en": "Steps", "zh": "步数"},
    "descent.compare": {"en": "Compare with a second run", "zh": "与第二次运行对比"},
    "descent.compare.help": {
        "en": "Trains the same problem from the same start with another optimizer or "
        "learning rate, so the curves can be compared.",
        "zh": "在同一问题、同一起点上用另一个优化器或学习率训练，便于对比曲线。",
    },
    "descent.second": {"en": "Second run", "zh": "第二次运行"},
    # --- buttons, progress, results --------------------------------------------------------
    "descent.train": {"en": "Train", "zh": "训练"},
    "descent.train.help": {
        "en": "Start again from the beginning and take all the steps.",
        "zh": "从头开始，走完全部步数。",
    },
    "descent.step": {"en": "Step", "zh": "单步"},
    "descent.step.help": {
        "en": "Take one step and show its gradient and update.",
        "zh": "走一步，并显示这一步的梯度和更新量。",
    },
    "descent.reset": {"en": "Reset", "zh": "重置"},
    "descent.progress": {
        "en": "Training: step {done} of {total}",
        "zh": "训练中：第 {done} / {total} 步",
    },
    "descent.hint": {
        "en": "Press **Train** to take {steps} steps, or **Step** to take one.",
        "zh": "按 **训练** 走 {steps} 步，或按 **单步** 走一步。",
    },
    "descent.loss_start": {"en": "loss at start", "zh": "初始损失"},
    "descent.loss_now": {"en": "loss now", "zh": "当前损失"},
    "descent.accuracy": {"en": "accuracy", "zh": "准确率"},
    "descent.steps_done": {"en": "steps taken", "zh": "已走步数"},
    "descent.chart.loss": {"en": "loss", "zh": "损失"},
    "descent.chart.accuracy": {"en": "accuracy", "zh": "准确率"},
    "descent.chart.step": {"en": "step", "zh": "步"},
    "descent.chart.fit": {"en": "Data and fit", "zh": "数据与拟合"},
    "descent.chart.boundary": {"en": "Decision boundary: {label}", "zh": "决策边界：{label}"},
    "descent.chart.contour": {"en": "f(x, y) and the steps taken", "zh": "f(x, y) 与每一步的位置"},
    "descent.chart.curve": {"en": "f(x) and the steps taken", "zh": "f(x) 与每一步的位置"},
    "descent.chart.log": {"en": "Log scale", "zh": "对数坐标"},
    "descent.chart.word.minimum": {"en": "minimum", "zh": "最小值"},
    "descent.chart.word.data": {"en": "data", "zh": "数据"},
    "descent.chart.word.boundary": {"en": "boundary", "zh": "决策边界"},
    "descent.chart.word.class": {"en": "class {cls}", "zh": "类别 {cls}"},
    "descent.chart.word.step": {"en": "step", "zh": "步"},
    "descent.loss_curve": {"en": "The loss over steps", "zh": "损失随步数的变化"},
    "descent.minibatch_note": {
        "en": "With mini-batches each point is the loss of that step's batch, hence the noise.",
        "zh": "使用小批量时，每个点是该步所用批量上的损失，所以曲线有噪声。",
    },
    # --- stopping early -----------------------------------------------------------------------
    "descent.stopped.grew": {
        "en": "{label}: stopped at step {step}: the loss grew a millionfold (to {loss}): "
        "learning rate too large: try 10x smaller ({smaller}).",
        "zh": "{label}：在第 {step} 步停止：损失增长到原来的一百万倍（{loss}）。"
        "学习率太大：试试小 10 倍（{smaller}）。",
    },
    "descent.stopped.inf": {
        "en": "{label}: stopped at step {step}: the loss overflowed to inf: "
        "learning rate too large: try 10x smaller ({smaller}).",
        "zh": "{label}：在第 {step} 步停止：损失溢出为 inf。"
        "学习率太大：试试小 10 倍（{smaller}）。",
    },
    "descent.stopped.nan": {
        "en": "{label}: stopped at step {step}: the loss is nan (not a number), e.g. the log of "
        "a negative number, or inf - inf after the steps blew up. If the loss was growing, the "
        "learning rate is too large: try 10x smaller ({smaller}).",
        "zh": "{label}：在第 {step} 步停止：损失为 nan（非数），例如对负数取对数，或步长发散后"
        "出现 inf - inf。如果损失一直在增大，说明学习率太大：试试小 10 倍（{smaller}）。",
    },
    "descent.stopped.gradient": {
        "en": "{label}: stopped at step {step}: the gradient is inf or nan here (e.g. sqrt or "
        "log at 0), so no step can be taken from this point. Try another start.",
        "zh": "{label}：在第 {step} 步停止：此处梯度为 inf 或 nan（例如在 0 处的 sqrt 或 log），"
        "无法从这一点迈步。换一个起点试试。",
    },
    "descent.stopped.unbounded": {
        "en": "{label}: stopped at step {step}: the loss fell to {loss} and keeps falling: "
        "this function has no minimum in that direction.",
        "zh": "{label}：在第 {step} 步停止：损失降到 {loss} 且仍在下降："
        "这个函数在该方向上没有最小值。",
    },
    # --- one step ---------------------------------------------------------------------------
    "descent.report.title": {"en": "Step {step} of {label}", "zh": "{label} 的第 {step} 步"},
    "descent.report.sgd": {
        "en": "SGD: update = −lr × gradient = −{lr} × gradient.",
        "zh": "SGD：更新量 = −lr × 梯度 = −{lr} × 梯度。",
    },
    "descent.report.momentum": {
        "en": "SGD with momentum {momentum}: the update follows a running sum of past gradients "
        "(buffer = momentum × buffer + gradient; update = −lr × buffer{nesterov}).",
        "zh": "带动量 {momentum} 的 SGD：更新量沿过去梯度的累积方向"
        "（buffer = momentum × buffer + 梯度；更新量 = −lr × buffer{nesterov}）。",
    },
    "descent.report.nesterov": {
        "en": ", looking ahead: gradient + momentum × buffer",
        "zh": "，Nesterov 前瞻：用 梯度 + momentum × buffer",
    },
    "descent.report.adam": {
        "en": "Adam: the update is −lr × m̂ / (√v̂ + ε), from running averages of the gradient "
        "(m) and of its square (v): each parameter moves about lr, whatever its gradient's size.",
        "zh": "Adam：更新量 = −lr × m̂ / (√v̂ + ε)，m 和 v 分别是梯度及其平方的滑动平均："
        "无论梯度大小，每个参数每步大约移动 lr。",
    },
    "descent.report.decay": {
        "en": "L2 adds {l2} × p to each gradient before the update.",
        "zh": "L2 正则在更新前给每个梯度加上 {l2} × p。",
    },
    "descent.report.norms": {
        "en": "loss {loss} · ‖gradient‖ = {grad} · ‖update‖ = {update}",
        "zh": "损失 {loss} · ‖梯度‖ = {grad} · ‖更新量‖ = {update}",
    },
    "descent.report.parameter": {"en": "parameter", "zh": "参数"},
    "descent.report.before": {"en": "before", "zh": "更新前"},
    "descent.report.gradient": {"en": "gradient", "zh": "梯度"},
    "descent.report.update": {"en": "update", "zh": "更新量"},
    "descent.report.after": {"en": "after", "zh": "更新后"},
    "descent.report.stopped": {
        "en": "This run has stopped: press Reset or Train to start again.",
        "zh": "这次运行已停止：按“重置”或“训练”重新开始。",
    },
}
