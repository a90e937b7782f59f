"""Text shared by every page: the app frame, errors, the graph panel and the gradient check."""

STRINGS = {
    "app.title": {"en": "Backprop Explorer", "zh": "反向传播探索器"},
    "nav.explore": {"en": "Explore", "zh": "探索"},
    "nav.losses": {"en": "Losses", "zh": "损失函数"},
    "nav.descent": {"en": "Descent", "zh": "梯度下降"},
    "lang.label": {"en": "Language", "zh": "语言"},
    "sidebar.about": {
        "en": "A scalar autograd engine with PyTorch's semantics: every number you see is "
        "computed by the graph you see.",
        "zh": "一个遵循 PyTorch 语义的标量自动求导引擎：你看到的每个数字都由你看到的计算图算出。",
    },
    "error.input": {
        "en": "Line {line}, column {col}: {message}",
        "zh": "第 {line} 行，第 {col} 列：{message}",
    },
    "error.listed": {
        "en": "Everything this code uses that is not supported here, in order:",
        "zh": "这段代码中这里不支持的写法，按出现顺序列出：",
    },
    "error.more": {
        "en": "… and {n} more",
        "zh": "……还有 {n} 处",
    },
    "error.internal": {
        "en": "This code could not be run ({kind}: {message}). Please simplify it or report it.",
        "zh": "无法运行这段代码（{kind}：{message}）。请简化代码或报告此问题。",
    },
    "error.too_long": {
        "en": "The code in the link is longer than {limit} characters: only the first {limit} "
        "were kept.",
        "zh": "链接中的代码超过 {limit} 个字符：只保留了前 {limit} 个字符。",
    },
    "graph.zoom": {"en": "Zoom level", "zh": "显示层级"},
    "graph.zoom.scalar": {"en": "Scalar: every Value", "zh": "标量：每个 Value"},
    "graph.zoom.grouped": {
        "en": "Grouped: one node per tensor operation",
        "zh": "分组：每个张量运算一个节点",
    },
    "graph.legend": {
        "en": "Colour: sign of the gradient (purple negative, orange positive); size: |grad|; "
        "edge width: |upstream grad × local derivative|; numbers on edges: local derivatives; "
        "a red x marks inf or nan.",
        "zh": "颜色：梯度的符号（紫色为负，橙色为正）；大小：|grad|；"
        "边的粗细：|上游梯度 × 局部导数|；边上的数字：局部导数；红色 x 标记 inf 或 nan。",
    },
    "figure.data": {"en": "data", "zh": "数值"},
    "figure.grad": {"en": "grad", "zh": "梯度"},
    "figure.local": {"en": "local derivative", "zh": "局部导数"},
    "figure.upstream": {"en": "upstream grad", "zh": "上游梯度"},
    "figure.flow": {"en": "gradient flow", "zh": "梯度流"},
    "figure.shape": {"en": "shape", "zh": "形状"},
    "figure.elements": {"en": "elements", "zh": "个元素"},
    "figure.edges": {"en": "edges", "zh": "条边"},
    "figure.dtype": {"en": "dtype", "zh": "数据类型"},
    "figure.rule": {"en": "backward", "zh": "反向"},
    "stepper.play": {"en": "▶ Play", "zh": "▶ 播放"},
    "stepper.pause": {"en": "❚❚ Pause", "zh": "❚❚ 暂停"},
    "stepper.step": {"en": "step ", "zh": "步骤 "},
    "gradcheck.leaf": {"en": "leaf", "zh": "叶节点"},
    "gradcheck.value": {"en": "value", "zh": "数值"},
    "gradcheck.autograd": {"en": "autograd grad", "zh": "自动求导梯度"},
    "gradcheck.numeric": {"en": "finite-difference grad", "zh": "有限差分梯度"},
    "gradcheck.rel_error": {"en": "relative error", "zh": "相对误差"},
    "gradcheck.ok": {"en": "check", "zh": "检查"},
    "gradcheck.note": {"en": "note", "zh": "备注"},
    "gradcheck.pass": {"en": "✓ pass", "zh": "✓ 通过"},
    "gradcheck.fail": {"en": "✗ fail", "zh": "✗ 未通过"},
    "gradcheck.help": {
        "en": "Each leaf's gradient from backprop, next to the central difference "
        "(f(x + ε) − f(x − ε)) / 2ε with ε = 1e-6.",
        "zh": "每个叶节点由反向传播得到的梯度，"
        "与中心差分 (f(x + ε) − f(x − ε)) / 2ε（ε = 1e-6）对照。",
    },
    "gradcheck.skipped": {
        "en": "The gradient check is skipped for graphs this large ({leaves} leaves).",
        "zh": "计算图过大（{leaves} 个叶节点），跳过梯度检查。",
    },
    "gradcheck.none": {"en": "No leaf to check.", "zh": "没有可检查的叶节点。"},
    "sandbox.memory": {
        "en": "The code needed more than {mb} MB of memory, the limit for one run here. Use "
        "smaller tensors, fewer Values or a shorter loop.",
        "zh": "这段代码需要超过 {mb} MB 的内存，超出了这里单次运行的上限。"
        "请使用更小的张量、更少的 Value 或更短的循环。",
    },
    "sandbox.cpu": {
        "en": "The code computed for more than {seconds} s of CPU time, the limit for one run "
        "here. Use fewer loop steps or smaller tensors.",
        "zh": "这段代码占用的 CPU 时间超过 {seconds} 秒，超出了这里单次运行的上限。"
        "请减少循环步数或使用更小的张量。",
    },
    "sandbox.wall": {
        "en": "The code was stopped after {seconds} s by the clock, the limit for one run here. "
        "If the app is busy, try again in a moment; otherwise use fewer loop steps or smaller "
        "tensors.",
        "zh": "这段代码运行了 {seconds} 秒（按实际时间计）仍未结束，"
        "已达到这里单次运行的上限并被停止。如果应用正忙，请稍后再试；否则请减少循环步数或使用更小的张量。",
    },
    "sandbox.busy": {
        "en": "The app is busy: all {workers} workers are running other visitors' code and the "
        "queue is full. Try again in a few seconds.",
        "zh": "应用正忙：全部 {workers} 个工作进程都在运行其他访问者的代码，等待队列也已满。"
        "请几秒钟后再试。",
    },
    "sandbox.result": {
        "en": "The result of this code is larger than {mb} MB, more than the app sends back. Use "
        "smaller tensors or fewer Values.",
        "zh": "这段代码的结果超过 {mb} MB，超出了应用能传回的上限。"
        "请使用更小的张量或更少的 Value。",
    },
    "sandbox.crash": {
        "en": "The process running this code stopped unexpectedly (exit code {code}). Try again; "
        "if it happens again, simplify the code.",
        "zh": "运行这段代码的进程意外终止（退出码 {code}）。请重试；如果再次发生，请简化代码。",
    },
}
