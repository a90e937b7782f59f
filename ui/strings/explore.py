"""Text of the Explore page."""

STRINGS = {
    "explore.title": {"en": "Explore: backprop, step by step", "zh": "探索：一步一步看反向传播"},
    "explore.intro": {
        "en": "Type micrograd-style code or paste a PyTorch snippet: see what it prints, its "
        "computation graph, and the chain rule at every step. The address bar holds the code: "
        "copy the link to share it.",
        "zh": "输入 micrograd 风格的代码或粘贴 PyTorch 代码片段："
        "查看输出、计算图，以及每一步的链式法则。地址栏中保存着这段代码：复制链接即可分享。",
    },
    "explore.preset": {"en": "Start from a preset", "zh": "从示例开始"},
    "explore.seed": {
        "en": "These random numbers came from seed {seed}: without torch.manual_seed, torch "
              "picks a seed, and this page keeps one for each code text (Python's random and "
              "numpy's start from it too).",
        "zh": "这些随机数来自种子 {seed}：代码没有调用 torch.manual_seed 时，torch 会自己选一个"
              "种子，本页为每段代码固定一个（Python 的 random 和 numpy 也从它开始）。",
    },
    "explore.seed_pin": {"en": "Pin it in the code", "zh": "把种子写进代码"},
    "explore.preset_placeholder": {"en": "Choose a preset…", "zh": "选择一个示例…"},
    "explore.code": {"en": "Code", "zh": "代码"},
    "explore.console": {"en": "Console", "zh": "控制台"},
    "explore.repair": {
        "en": "These statements look glued together, as some web pages copy code. Split onto "
        "lines of their own, the code reads:",
        "zh": "这些语句看起来被粘在了一起（有些网页复制代码时会这样）。把它们分到各自的行后，"
        "代码如下：",
    },
    "explore.repair_apply": {"en": "Use this code", "zh": "使用这段代码"},
    "explore.console_empty": {"en": "(nothing printed)", "zh": "（没有输出）"},
    "explore.plots": {"en": "Charts", "zh": "图表"},
    "explore.plots_note": {
        "en": "The code's matplotlib calls, drawn here with plotly: not matplotlib itself, so "
              "they look a little different.",
        "zh": "代码中的 matplotlib 调用，在这里用 plotly 画出：并不是 matplotlib 本身，"
              "所以样子会略有不同。",
    },
    "explore.graph": {"en": "Computation graph", "zh": "计算图"},
    "explore.no_graph": {
        "en": "Nothing to draw: the code computed no Value.",
        "zh": "没有可绘制的内容：这段代码没有计算任何 Value。",
    },
    "explore.too_big": {
        "en": "The graph has {n:,} Values, more than the {limit:,} this page draws: the printed "
              "output is above. Use fewer loop steps, smaller tensors or a smaller model to see "
              "the graph.",
        "zh": "这个计算图有 {n:,} 个 Value，超过本页可绘制的 {limit:,} 个：打印输出见上方。"
              "减少循环次数、使用更小的张量或更小的模型，即可看到计算图。",
    },
    "explore.too_big_to_draw": {
        "en": "{n:,} scalar Values: too many to lay out and draw here (views of up to {limit:,} "
              "nodes are drawn). Use fewer loop steps or smaller tensors to see the graph.",
        "zh": "共 {n:,} 个标量 Value：太多，无法在此布局绘制（最多绘制 {limit:,} 个节点的视图）。"
              "减少循环次数或使用更小的张量，即可看到计算图。",
    },
    "explore.tensor_level.count": {
        "en": "This program ran on the tensor level: its graph of scalar Values has {n:,} of "
              "them, more than the {limit:,} drawn here. Below, each node is one tensor "
              "operation. The step-through and the gradient check need the scalar graph: use "
              "fewer loop steps or smaller tensors to see them.",
        "zh": "这段程序在张量层级上运行：它的标量 Value 计算图有 {n:,} 个 Value，超过本页可绘制的 "
              "{limit:,} 个。下图中每个节点是一次张量运算。逐步演示和梯度检查需要标量计算图："
              "减少循环次数或使用更小的张量即可看到。",
    },
    "explore.tensor_level.values": {
        "en": "This program ran on the tensor level: its graph of scalar Values would need more "
              "than {limit:,} of them, too many to draw. Below, each node is one tensor "
              "operation. The step-through and the gradient check need the scalar graph: use "
              "fewer loop steps or smaller tensors to see them.",
        "zh": "这段程序在张量层级上运行：它的标量 Value 计算图需要超过 {limit:,} 个 Value，"
              "太大，无法绘制。下图中每个节点是一次张量运算。逐步演示和梯度检查需要标量计算图："
              "减少循环次数或使用更小的张量即可看到。",
    },
    "explore.tensor_level.time": {
        "en": "This program ran on the tensor level: on scalar Values it ran out of time, so its "
              "scalar graph would be too large to draw. Below, each node is one tensor "
              "operation. The step-through and the gradient check need the scalar graph: use "
              "fewer loop steps or smaller tensors to see them.",
        "zh": "这段程序在张量层级上运行：用标量 Value 计算时超出了时间限制，"
              "它的标量计算图会太大，无法绘制。下图中每个节点是一次张量运算。"
              "逐步演示和梯度检查需要标量计算图：减少循环次数或使用更小的张量即可看到。",
    },
    "explore.tensor_level.unoffered": {
        "en": "This program ran on the tensor level: the scalar level does not offer one of the "
              "functions it calls yet, so its scalar graph cannot be drawn. Below, each node is "
              "one tensor operation. The step-through and the gradient check need the scalar "
              "graph.",
        "zh": "这段程序在张量层级上运行：它调用的某个函数在标量层级上还没有提供，"
              "所以无法绘制标量计算图。下图中每个节点是一次张量运算。"
              "逐步演示和梯度检查需要标量计算图。",
    },
    "explore.no_tensor_graph": {
        "en": "Nothing to draw: the code's result records no graph (no operation on a tensor "
              "that requires grad made it).",
        "zh": "没有可绘制的内容：代码的结果没有记录计算图（它不是由需要梯度的张量经运算得到的）。",
    },
    "explore.tensor_graph": {"en": "Tensor graph", "zh": "张量计算图"},
    "explore.tensor_hidden": {
        "en": "The graph has {n:,} more nodes further from the output; the {shown} nearest it "
              "are drawn.",
        "zh": "计算图中还有 {n:,} 个离输出更远的节点；这里只绘制最近的 {shown} 个。",
    },
    "explore.tensor_hidden_more": {
        "en": "The graph has more than {n:,} further nodes; the {shown} nearest the output are "
              "drawn.",
        "zh": "计算图中还有超过 {n:,} 个更远的节点；这里只绘制离输出最近的 {shown} 个。",
    },
    "explore.tensor_legend": {
        "en": "Circles: tensor operations (name, grad_fn, shape); squares: tensors without "
              "history, outlined when they require grad and coloured by the sign of their "
              "gradient's mean when they keep one; dotted edges carry no gradient; on the other "
              "edges, what the backward rule passes to the input.",
        "zh": "圆形：张量运算（名称、grad_fn、形状）；方形：没有计算历史的张量，"
              "需要梯度的加粗描边，保留梯度时按梯度均值的符号着色；虚线边不传递梯度；"
              "其余边上标出反向规则传给输入的量。",
    },
    "explore.tensor_op": {"en": "Operation", "zh": "运算"},
    "explore.tensor_leaf": {
        "en": "A tensor without history: data, or a parameter (a leaf) when it requires grad.",
        "zh": "没有计算历史的张量：数据；若需要梯度，则是参数（叶节点）。",
    },
    "explore.tensor_forward": {"en": "Forward", "zh": "前向计算"},
    "explore.tensor_rule": {"en": "Backward rule", "zh": "反向传播规则"},
    "explore.tensor_rule_help": {
        "en": "g is the gradient arriving at this tensor ({g}); each line adds to an input's "
              "gradient, elementwise; Σ sums over the dimensions the input was broadcast along.",
        "zh": "g 是传到这个张量的梯度（{g}）；每一行累加到一个输入的梯度上（逐元素）；"
              "Σ 表示对该输入被广播的维度求和。",
    },
    "explore.tensor_no_rule": {
        "en": "The rule of this operation is not written out here.",
        "zh": "这里没有写出这个运算的规则。",
    },
    "explore.tensor_values": {"en": "First elements", "zh": "前几个元素"},
    "explore.tensor_no_values": {
        "en": "Its values were overwritten in place after it was computed.",
        "zh": "它的数值在计算之后被原地修改覆盖了。",
    },
    "explore.big_graph": {
        "en": "{n} scalar Values: the grouped view is shown first.",
        "zh": "共 {n} 个标量 Value：默认显示分组视图。",
    },
    "explore.nonfinite": {
        "en": "{n} nodes hold inf or nan; they are marked with a red x in the graph.",
        "zh": "有 {n} 个节点的值为 inf 或 nan，已在图中用红色 x 标出。",
    },
    "explore.steps": {"en": "Step through backprop", "zh": "逐步演示反向传播"},
    "explore.steps_help": {
        "en": "Press Play or drag the slider: the forward pass computes values in topological "
        "order, then the backward pass fills gradients in reverse order.",
        "zh": "点击播放或拖动滑块：前向传播按拓扑顺序计算数值，反向传播再按相反顺序填入梯度。",
    },
    "explore.steps_too_big": {
        "en": "The step-through is drawn for graphs of at most {limit} Values; this one has {n}.",
        "zh": "逐步演示只适用于不超过 {limit} 个 Value 的计算图；当前计算图有 {n} 个。",
    },
    "explore.steps_table": {"en": "Every step as text", "zh": "所有步骤（文字）"},
    "explore.step_pass": {"en": "pass", "zh": "阶段"},
    "explore.step_text": {"en": "step", "zh": "步骤"},
    "explore.forward": {"en": "forward", "zh": "前向"},
    "explore.backward": {"en": "backward", "zh": "反向"},
    "explore.inspector": {"en": "Node inspector", "zh": "节点检查器"},
    "explore.inspect_pick": {
        "en": "Node (click one in the graph, or pick it here)",
        "zh": "节点（在图中点击，或在此选择）",
    },
    "explore.formula": {"en": "Formula", "zh": "计算公式"},
    "explore.leaf": {
        "en": "A leaf: an input or a parameter, not computed from anything.",
        "zh": "叶节点：输入或参数，不由其他节点计算得到。",
    },
    "explore.consumers": {"en": "Consumers", "zh": "使用它的节点"},
    "explore.no_consumers": {"en": "None: this is the output.", "zh": "无：这是输出。"},
    "explore.gradient": {"en": "Gradient: the sum over consumers", "zh": "梯度：对所有使用者求和"},
    "explore.group_elements": {"en": "Elements", "zh": "元素"},
    "explore.gradcheck": {"en": "Gradient check", "zh": "梯度检查"},
    "explore.export": {"en": "Export", "zh": "导出"},
    "explore.torch_code": {"en": "Equivalent PyTorch code", "zh": "等价的 PyTorch 代码"},
    "explore.torch_native": {
        "en": "This code already is PyTorch code: it runs as it is.",
        "zh": "这段代码本身就是 PyTorch 代码，可以直接运行。",
    },
    "explore.json": {"en": "Download the graph (JSON)", "zh": "下载计算图（JSON）"},
    "explore.json_tensor": {
        "en": "Download the tensor-level graph (JSON)",
        "zh": "下载张量层级的计算图（JSON）",
    },
    "explore.png": {
        "en": "For a PNG, use the camera button at the top right of the graph.",
        "zh": "如需 PNG 图片，请使用计算图右上角的相机按钮。",
    },
    "preset.neuron": {
        "en": "Karpathy's neuron (micrograd)",
        "zh": "Karpathy 的神经元（micrograd）",
    },
    "preset.l1": {"en": "Tutorial: L1Loss", "zh": "教程：L1Loss"},
    "preset.mse": {"en": "Tutorial: MSELoss", "zh": "教程：MSELoss"},
    "preset.cross_entropy": {"en": "Tutorial: CrossEntropyLoss", "zh": "教程：CrossEntropyLoss"},
    "preset.mlp": {"en": "A tiny MLP on one sample (MSE)", "zh": "单样本上的小型 MLP（MSE）"},
    "preset.softmax": {"en": "Softmax + cross-entropy by hand", "zh": "手写 softmax + 交叉熵"},
    "preset.accumulate": {
        "en": "A reused variable: a*a + a (gradients add up)",
        "zh": "重复使用的变量：a*a + a（梯度累加）",
    },
    "preset.optim": {"en": "A torch.optim loop", "zh": "torch.optim 训练循环"},
    "preset.linear_training": {
        "en": "A seeded nn.Linear trained with torch.optim.SGD",
        "zh": "固定随机种子的 nn.Linear，用 torch.optim.SGD 训练",
    },
    "preset.docstring_l1": {
        "en": "PyTorch's docstring: L1Loss on torch.randn",
        "zh": "PyTorch 文档示例：torch.randn 上的 L1Loss",
    },
}
