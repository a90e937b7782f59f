"""Text of the Losses page."""

STRINGS = {
    "losses.title": {"en": "Loss functions", "zh": "损失函数"},
    "losses.intro": {
        "en": "PyTorch's loss functions, interactive and exact: edit the numbers, pick the "
        "options, and see the value PyTorch prints, the formula, the gradient of every input "
        "element and the graph that computed it.",
        "zh": "PyTorch 的损失函数，可交互且数值精确：修改数字、选择选项，即可看到 PyTorch "
        "打印的值、公式、每个输入元素的梯度，以及算出它的计算图。",
    },
    # --- controls ---
    "losses.preset": {"en": "Example", "zh": "示例"},
    "losses.preset.custom": {"en": "(your own numbers)", "zh": "（你自己的数字）"},
    "losses.preset.tutorial_l1": {
        "en": "Tutorial: L1Loss on [1, 2, 3] and [1, 2, 5]",
        "zh": "教程：L1Loss，[1, 2, 3] 与 [1, 2, 5]",
    },
    "losses.preset.tutorial_mse": {
        "en": "Tutorial: MSELoss on [1, 2, 3] and [1, 2, 5]",
        "zh": "教程：MSELoss，[1, 2, 3] 与 [1, 2, 5]",
    },
    "losses.preset.tutorial_ce": {
        "en": "Tutorial: CrossEntropyLoss on [[0.1, 0.2, 0.3]], class 1",
        "zh": "教程：CrossEntropyLoss，[[0.1, 0.2, 0.3]]，类别 1",
    },
    "losses.preset.ce_batch": {
        "en": "CrossEntropyLoss: three rows, class weights",
        "zh": "CrossEntropyLoss：三行数据，带类别权重",
    },
    "losses.preset.ce_probs": {
        "en": "CrossEntropyLoss: class-probability targets",
        "zh": "CrossEntropyLoss：类别概率作为目标",
    },
    "losses.preset.nll": {
        "en": "NLLLoss on log-probabilities",
        "zh": "NLLLoss，输入为对数概率",
    },
    "losses.preset.bce": {"en": "BCELoss on probabilities", "zh": "BCELoss，输入为概率"},
    "losses.preset.bce_logits": {
        "en": "BCEWithLogitsLoss with pos_weight",
        "zh": "BCEWithLogitsLoss，带 pos_weight",
    },
    "losses.preset.huber": {
        "en": "HuberLoss: small and large errors",
        "zh": "HuberLoss：小误差与大误差",
    },
    "losses.preset.smooth_l1": {
        "en": "SmoothL1Loss with beta = 0.5",
        "zh": "SmoothL1Loss，beta = 0.5",
    },
    "losses.preset.kl_div": {
        "en": "Docs: KLDivLoss, log_softmax input against a softmax target (seed 0)",
        "zh": "文档：KLDivLoss，log_softmax 输入与 softmax 目标（种子 0）",
    },
    "losses.preset.poisson_nll": {
        "en": "Docs: PoissonNLLLoss on randn(5, 2) log-rates (seed 0)",
        "zh": "文档：PoissonNLLLoss，randn(5, 2) 作为对数速率（种子 0）",
    },
    "losses.preset.gaussian_nll": {
        "en": "Docs: GaussianNLLLoss on randn(5, 2), variance 1 (seed 0)",
        "zh": "文档：GaussianNLLLoss，randn(5, 2)，方差为 1（种子 0）",
    },
    "losses.preset.hinge_embedding": {
        "en": "HingeEmbeddingLoss: distances of similar (1) and dissimilar (-1) pairs",
        "zh": "HingeEmbeddingLoss：相似（1）与不相似（-1）样本对的距离",
    },
    "losses.preset.soft_margin": {
        "en": "SoftMarginLoss: scores against signs ±1",
        "zh": "SoftMarginLoss：分数与 ±1 符号标签",
    },
    "losses.preset.multilabel_soft_margin": {
        "en": "MultiLabelSoftMarginLoss: several labels per row",
        "zh": "MultiLabelSoftMarginLoss：每行多个标签",
    },
    "losses.preset.multilabel_margin": {
        "en": "Docs: MultiLabelMarginLoss on [[0.1, 0.2, 0.4, 0.8]], labels 3 and 0",
        "zh": "文档：MultiLabelMarginLoss，[[0.1, 0.2, 0.4, 0.8]]，标签 3 和 0",
    },
    "losses.preset.multi_margin": {
        "en": "Docs: MultiMarginLoss on [[0.1, 0.2, 0.4, 0.8]], class 3",
        "zh": "文档：MultiMarginLoss，[[0.1, 0.2, 0.4, 0.8]]，类别 3",
    },
    "losses.preset.margin_ranking": {
        "en": "Docs: MarginRankingLoss on randn(3) pairs and their order (seed 2)",
        "zh": "文档：MarginRankingLoss，randn(3) 样本对及其顺序（种子 2）",
    },
    "losses.preset.cosine_embedding": {
        "en": "Docs: CosineEmbeddingLoss on randn(3, 5) pairs, margin 0.2 (seed 0)",
        "zh": "文档：CosineEmbeddingLoss，randn(3, 5) 样本对，margin 0.2（种子 0）",
    },
    "losses.preset.triplet_margin": {
        "en": "Docs: TripletMarginLoss on randn(3, 4) anchors, positives, negatives (seed 0)",
        "zh": "文档：TripletMarginLoss，randn(3, 4) 的 anchor、positive、negative（种子 0）",
    },
    "losses.preset.triplet_distance": {
        "en": "Docs: TripletMarginWithDistanceLoss with swap=True (seed 0)",
        "zh": "文档：TripletMarginWithDistanceLoss，swap=True（种子 0）",
    },
    "losses.preset.ctc": {
        "en": "CTCLoss: randn(5, 4) scores of 5 steps read as 1, 3, 3 (seed 0)",
        "zh": "CTCLoss：5 个时间步的 randn(5, 4) 分数读作 1, 3, 3（种子 0）",
    },
    "losses.loss": {"en": "Loss", "zh": "损失函数"},
    "losses.group.regression": {"en": "Regression", "zh": "回归"},
    "losses.group.classification": {"en": "Classification", "zh": "分类"},
    "losses.group.ranking": {"en": "Ranking and embedding", "zh": "排序与嵌入"},
    "losses.group.probabilistic": {"en": "Probabilistic", "zh": "概率"},
    "losses.group.sequence": {"en": "Sequence", "zh": "序列"},
    "losses.elsewhere": {
        "en": "Larger examples, on the Explore page",
        "zh": "更大的示例（在 Explore 页面）",
    },
    "losses.elsewhere.caption": {
        "en": "PyTorch's own examples that are larger than this page's tables: CTCLoss on a "
        "batch of 16 sequences of 50 steps. The button opens it on the Explore page, which "
        "prints what torch prints and draws its tensor-level graph.",
        "zh": "PyTorch 自带的、比本页表格更大的示例：CTCLoss 作用于 16 个长度为 50 的序列"
        "组成的批次。按钮会在 Explore 页面打开它：那里会打印 torch 打印的内容，"
        "并画出它的张量层级计算图。",
    },
    "losses.elsewhere.help": {
        "en": "Larger examples on the Explore page (see below the code): {names}.",
        "zh": "Explore 页面上的更大示例（见代码下方）：{names}。",
    },
    "losses.reduction": {"en": "Reduction", "zh": "归约方式（reduction）"},
    "losses.reduction.help": {
        "en": "mean: average of the per-element losses; sum: their total; none: all of them; "
        "batchmean (KLDivLoss only): the total over the batch size, input.size(0), which is "
        "the KL divergence of each row averaged.",
        "zh": "mean：逐元素损失的平均；sum：它们的总和；none：全部保留；batchmean（仅 KLDivLoss）："
        "总和除以批大小 input.size(0)，即每行 KL 散度的平均。",
    },
    "losses.dtype": {"en": "dtype of the data", "zh": "数据的 dtype"},
    "losses.dtype.float32": {"en": "torch.float32", "zh": "torch.float32"},
    "losses.dtype.float64": {"en": "torch.float64", "zh": "torch.float64"},
    "losses.dtype.auto": {
        "en": "none given (torch infers it)",
        "zh": "不指定（由 torch 推断）",
    },
    "losses.rows": {"en": "Rows", "zh": "行数"},
    "losses.rows.classes": {"en": "Rows N (samples)", "zh": "行数 N（样本）"},
    "losses.cols": {"en": "Columns", "zh": "列数"},
    "losses.cols.classes": {"en": "Classes C", "zh": "类别数 C"},
    "losses.rows.triples": {"en": "Rows N (pairs or triplets)", "zh": "行数 N（样本对或三元组）"},
    "losses.rows.sequence": {"en": "Time steps T", "zh": "时间步数 T"},
    "losses.cols.sequence": {"en": "Classes C (with the blank)", "zh": "类别数 C（含空白）"},
    "losses.target_length": {"en": "Target length S", "zh": "目标长度 S"},
    "losses.cols.triples": {"en": "Dimensions D", "zh": "维度 D"},
    "losses.shape": {"en": "Reshape to", "zh": "重塑（reshape）为"},
    "losses.shape.help": {
        "en": "Optional, e.g. 1, 1, 1, 3 as in the tutorial: the table's numbers, row by row, "
        "reshaped to this shape. Leave empty to keep the table's shape.",
        "zh": "可选，例如教程中的 1, 1, 1, 3：表格中的数字按行展开后重塑为此形状。"
        "留空则保持表格的形状。",
    },
    "losses.weight": {"en": "weight", "zh": "weight（权重）"},
    "losses.weight.help": {
        "en": "Optional, one number per class (or per column), e.g. 1, 2, 0.5. Empty: no weight.",
        "zh": "可选，每个类别（或每列）一个数，例如 1, 2, 0.5。留空：不加权。",
    },
    "losses.pos_weight": {"en": "pos_weight", "zh": "pos_weight（正样本权重）"},
    "losses.pos_weight.help": {
        "en": "Optional, one number per column: how much more a positive target counts.",
        "zh": "可选，每列一个数：正样本目标的损失放大多少倍。",
    },
    "losses.ignore_index": {"en": "ignore_index", "zh": "ignore_index（忽略的类别）"},
    "losses.ignore_index.help": {
        "en": "Rows whose target is this class contribute nothing, not even to the mean's "
        "denominator. The default, -100, ignores nothing.",
        "zh": "目标为该类别的行不计入损失，也不计入平均值的分母。默认值 -100 表示不忽略任何行。",
    },
    "losses.label_smoothing": {"en": "label_smoothing", "zh": "label_smoothing（标签平滑）"},
    "losses.label_smoothing.help": {
        "en": "ε: the target becomes (1 - ε) × one-hot + ε / C.",
        "zh": "ε：目标变为 (1 - ε) × one-hot + ε / C。",
    },
    "losses.target_kind": {"en": "Target", "zh": "目标形式"},
    "losses.target_kind.help": {
        "en": "One class index per row, or a probability for every class (torch accepts both).",
        "zh": "每行一个类别索引，或每个类别一个概率（torch 两种都接受）。",
    },
    "losses.target_kind.index": {"en": "class indices", "zh": "类别索引"},
    "losses.target_kind.probs": {"en": "class probabilities", "zh": "类别概率"},
    "losses.delta": {"en": "delta", "zh": "delta"},
    "losses.delta.help": {
        "en": "Where the loss turns from quadratic to linear (at least 0.01).",
        "zh": "损失由二次变为线性的位置（至少为 0.01）。",
    },
    "losses.beta": {"en": "beta", "zh": "beta"},
    "losses.beta.help": {
        "en": "Where the loss turns from quadratic to linear; 0 makes it L1Loss.",
        "zh": "损失由二次变为线性的位置；为 0 时等同于 L1Loss。",
    },
    "losses.log_target": {"en": "log_target", "zh": "log_target（目标为对数）"},
    "losses.log_target.help": {
        "en": "On: the target holds log-probabilities too, and the loss uses e^y.",
        "zh": "开启：目标也是对数概率，损失中使用 e^y。",
    },
    "losses.log_input": {"en": "log_input", "zh": "log_input（输入为对数）"},
    "losses.log_input.help": {
        "en": "On (torch's default): the input is the log of the rate, and the loss is "
        "e^x - y x. Off: the input is the rate itself, and the loss is x - y log(x + eps).",
        "zh": "开启（torch 默认）：输入是速率的对数，损失为 e^x - y x。"
        "关闭：输入就是速率，损失为 x - y log(x + eps)。",
    },
    "losses.full": {"en": "full", "zh": "full（完整形式）"},
    "losses.full.help": {
        "en": "Add the constant terms (Stirling's approximation, or log 2π / 2), which change "
        "the value but not the gradient of the input.",
        "zh": "加上常数项（斯特林近似，或 log 2π / 2）：改变损失值，但不改变输入的梯度。",
    },
    "losses.eps": {"en": "eps", "zh": "eps"},
    "losses.eps.help": {
        "en": "Added to the rate before its log when log_input is off, so a rate of 0 costs "
        "no infinity.",
        "zh": "log_input 关闭时，取对数前加到速率上，使速率为 0 时不会得到无穷大。",
    },
    "losses.var": {"en": "var", "zh": "var（方差）"},
    "losses.var.help": {
        "en": "The variance the loss is called with (a number here: the same for every element).",
        "zh": "调用损失时传入的方差（这里是一个数：所有元素相同）。",
    },
    "losses.var_eps": {"en": "eps", "zh": "eps"},
    "losses.var_eps.help": {
        "en": "The smallest variance used: var is clamped to at least eps.",
        "zh": "使用的最小方差：var 至少被截断为 eps。",
    },
    "losses.margin": {"en": "margin", "zh": "margin（间隔）"},
    "losses.margin.help": {
        "en": "Δ: how far a score must clear the threshold before it costs nothing.",
        "zh": "Δ：分数需要越过阈值多远，损失才为零。",
    },
    "losses.p": {"en": "p", "zh": "p（幂次）"},
    "losses.p.help": {
        "en": "1: each violated margin counts linearly; 2: squared.",
        "zh": "1：每个未满足的间隔按线性计入；2：按平方计入。",
    },
    "losses.p.1": {"en": "1", "zh": "1"},
    "losses.p.2": {"en": "2", "zh": "2"},
    "losses.margin0": {"en": "margin", "zh": "margin（间隔）"},
    "losses.margin0.help": {
        "en": "Δ: how far apart the pair must be before it costs nothing (torch's default 0).",
        "zh": "Δ：样本对需要相差多少，损失才为零（torch 默认 0）。",
    },
    "losses.blank": {"en": "blank", "zh": "blank（空白类别）"},
    "losses.blank.help": {
        "en": "The class that means “nothing read at this step”; a label may not be it.",
        "zh": "表示“此时间步不读出任何内容”的类别；标签不能是它。",
    },
    "losses.zero_infinity": {"en": "zero_infinity", "zh": "zero_infinity"},
    "losses.zero_infinity.help": {
        "en": "When no alignment of T steps can read the labels (too few steps), the loss is "
        "infinite; on, it is 0 and so is its gradient.",
        "zh": "当 T 个时间步无论如何对齐都读不出这些标签（步数太少）时，损失为无穷大；"
        "开启后损失及其梯度都为 0。",
    },
    "losses.triplet_margin": {"en": "margin", "zh": "margin（间隔）"},
    "losses.triplet_margin.help": {
        "en": "Δ: how much farther than the positive the negative must be before the triplet "
        "costs nothing (torch wants it above 0).",
        "zh": "Δ：负样本需要比正样本远出多少，该三元组的损失才为零（torch 要求大于 0）。",
    },
    "losses.norm_p": {"en": "p", "zh": "p（范数）"},
    "losses.norm_p.help": {
        "en": "The norm of the distance d(u, v) = ‖u − v + eps‖_p: 1 sums the absolute "
        "differences, 2 is the Euclidean distance.",
        "zh": "距离 d(u, v) = ‖u − v + eps‖_p 的范数：1 为绝对差之和，2 为欧氏距离。",
    },
    "losses.norm_p.1.0": {"en": "1", "zh": "1"},
    "losses.norm_p.2.0": {"en": "2", "zh": "2"},
    "losses.norm_p.3.0": {"en": "3", "zh": "3"},
    "losses.dist_eps": {"en": "eps", "zh": "eps"},
    "losses.dist_eps.help": {
        "en": "Added to every difference before the norm, so two equal vectors still have a "
        "distance with a gradient.",
        "zh": "求范数前加到每个差值上，使两个相同的向量之间的距离仍然有梯度。",
    },
    "losses.swap": {"en": "swap", "zh": "swap（交换）"},
    "losses.swap.help": {
        "en": "Use the smaller of d(anchor, negative) and d(positive, negative) as the "
        "negative's distance (the distance swap of Balntas et al.).",
        "zh": "取 d(anchor, negative) 与 d(positive, negative) 中较小者作为负样本的距离"
        "（Balntas 等人的距离交换）。",
    },
    # --- the tables ---
    "losses.input": {"en": "Input x", "zh": "输入 x"},
    "losses.target": {"en": "Target y", "zh": "目标 y"},
    "losses.input.help.sequence_logits": {
        "en": "One row per time step, one column per class (class 0 is the blank by default): "
        "raw scores, which the code turns into log-probabilities with log_softmax.",
        "zh": "每个时间步一行，每个类别一列（默认类别 0 为空白）：原始分数，代码会用 log_softmax "
        "把它们变成对数概率。",
    },
    "losses.target.help.label_sequence": {
        "en": "The labels the sequence should read, in order (whole numbers, not the blank); "
        "repeated labels need a blank step between them.",
        "zh": "序列应当按顺序读出的标签（整数，不能是空白）；"
        "相邻的重复标签之间需要一个空白时间步。",
    },
    "losses.input1": {"en": "Input x1", "zh": "输入 x1"},
    "losses.input2": {"en": "Input x2", "zh": "输入 x2"},
    "losses.anchor": {"en": "Anchor a", "zh": "锚点 a（anchor）"},
    "losses.positive": {"en": "Positive p", "zh": "正样本 p（positive）"},
    "losses.negative": {"en": "Negative n", "zh": "负样本 n（negative）"},
    "losses.input1.help.scores": {
        "en": "One score per row, for the first item of each pair.",
        "zh": "每行一个分数，对应每对中的第一项。",
    },
    "losses.input2.help.scores": {
        "en": "One score per row, for the second item of each pair.",
        "zh": "每行一个分数，对应每对中的第二项。",
    },
    "losses.target.help.order": {
        "en": "1 where x1 should rank higher than x2, -1 where lower.",
        "zh": "x1 应排在 x2 之前处为 1，之后处为 -1。",
    },
    "losses.input1.help.embeddings": {
        "en": "One embedding per row (a vector of D numbers).",
        "zh": "每行一个嵌入向量（D 个数）。",
    },
    "losses.input2.help.embeddings": {
        "en": "The embedding each row of x1 is compared with.",
        "zh": "与 x1 的每一行比较的嵌入向量。",
    },
    "losses.target.help.similar": {
        "en": "1 where the pair should point the same way, -1 where it should not.",
        "zh": "样本对应当方向一致处为 1，不应一致处为 -1。",
    },
    "losses.anchor.help.anchors": {
        "en": "One embedding per row: the anchor each triplet is measured from.",
        "zh": "每行一个嵌入向量：每个三元组以它为基准度量距离。",
    },
    "losses.positive.help.positives": {
        "en": "An embedding of the same kind as the anchor: it should be close.",
        "zh": "与锚点同类的嵌入向量：它应当靠近锚点。",
    },
    "losses.negative.help.negatives": {
        "en": "An embedding of another kind: it should be at least the margin farther away.",
        "zh": "另一类的嵌入向量：它应当比正样本至少远出 margin。",
    },
    "losses.input.help.values": {
        "en": "Predictions. Edit a cell and press Enter.",
        "zh": "预测值。编辑单元格后按回车。",
    },
    "losses.input.help.logits": {
        "en": "One row of raw scores (logits) per sample, one column per class.",
        "zh": "每个样本一行原始分数（logits），每个类别一列。",
    },
    "losses.input.help.log_probs": {
        "en": "Log-probabilities (what log_softmax gives), one row per sample.",
        "zh": "对数概率（log_softmax 的输出），每个样本一行。",
    },
    "losses.input.help.probabilities": {
        "en": "Probabilities, each between 0 and 1.",
        "zh": "概率，每个都在 0 和 1 之间。",
    },
    "losses.input.help.binary_logits": {
        "en": "Raw scores (logits): the loss applies the sigmoid itself.",
        "zh": "原始分数（logits）：损失函数内部会先做 sigmoid。",
    },
    "losses.target.help.index": {
        "en": "The class of each row: a whole number from 0 to C - 1.",
        "zh": "每行的类别：0 到 C - 1 之间的整数。",
    },
    "losses.target.help.probs": {
        "en": "A probability for each class, per row (usually summing to 1).",
        "zh": "每行每个类别的概率（通常和为 1）。",
    },
    "losses.target.help.binary": {
        "en": "Targets between 0 and 1 (usually 0 or 1).",
        "zh": "0 到 1 之间的目标（通常为 0 或 1）。",
    },
    "losses.target.help.values": {
        "en": "The values the input should match, same shape as the input.",
        "zh": "输入应当接近的值，形状与输入相同。",
    },
    "losses.input.help.rates": {
        "en": "The predicted rate of each count: its log (log_input on), or the rate itself.",
        "zh": "每个计数的预测速率：其对数（log_input 开启时），或速率本身。",
    },
    "losses.input.help.means": {
        "en": "The predicted mean of a normal distribution for each element.",
        "zh": "每个元素的正态分布的预测均值。",
    },
    "losses.input.help.distances": {
        "en": "A distance (or dissimilarity) per pair, e.g. the L1 distance of two embeddings.",
        "zh": "每对样本的距离（或差异度），例如两个嵌入向量的 L1 距离。",
    },
    "losses.target.help.distribution": {
        "en": "The target distribution's probabilities (or their logs with log_target on).",
        "zh": "目标分布的概率（log_target 开启时为其对数）。",
    },
    "losses.target.help.counts": {
        "en": "The observed counts the rates should explain.",
        "zh": "速率应当解释的观测计数。",
    },
    "losses.target.help.signs": {
        "en": "1 or -1 per element: similar or dissimilar, positive or negative.",
        "zh": "每个元素为 1 或 -1：相似或不相似，正类或负类。",
    },
    "losses.target.help.labels": {
        "en": "1 where the row has that label, 0 where it does not (several per row).",
        "zh": "该行具有该标签处为 1，否则为 0（每行可有多个）。",
    },
    "losses.target.help.label_lists": {
        "en": "The classes of each row, then -1: the list ends at the first -1 (whole numbers).",
        "zh": "每行的类别，之后是 -1：列表在第一个 -1 处结束（整数）。",
    },
    "losses.kept_last_good": {
        "en": "Everything below still shows the last valid input.",
        "zh": "下方内容仍显示上一次有效的输入。",
    },
    # --- problems ---
    "losses.err.empty": {
        "en": "Row {row}, column {col} is empty: type a number.",
        "zh": "第 {row} 行第 {col} 列为空：请输入一个数字。",
    },
    "losses.err.not_number": {
        "en": "Row {row}, column {col}: “{value}” is not a number.",
        "zh": "第 {row} 行第 {col} 列：“{value}” 不是数字。",
    },
    "losses.err.not_index": {
        "en": "Row {row}: a class index must be a whole number such as 0 or 2, not “{value}”.",
        "zh": "第 {row} 行：类别索引必须是整数（例如 0 或 2），不能是 “{value}”。",
    },
    "losses.err.not_finite": {
        "en": "Row {row}, column {col}: “{value}” is not a finite number.",
        "zh": "第 {row} 行第 {col} 列：“{value}” 不是有限的数。",
    },
    "losses.err.no_data": {"en": "The table is empty.", "zh": "表格是空的。"},
    "losses.err.index_shape": {
        "en": "The target needs one class index per row of the input ({n} rows).",
        "zh": "目标需要为输入的每一行给出一个类别索引（共 {n} 行）。",
    },
    "losses.err.class_range": {
        "en": "Row {row}: class index {value} is out of range: with {c} classes it must be "
        "between 0 and {c} - 1 (or equal to ignore_index).",
        "zh": "第 {row} 行：类别索引 {value} 超出范围：共有 {c} 个类别，索引必须在 0 到 "
        "{c} - 1 之间（或等于 ignore_index）。",
    },
    "losses.err.sequence_rows": {
        "en": "The labels are one row (the page's one sequence); there are {rows}.",
        "zh": "标签只有一行（本页只有一个序列）；现在有 {rows} 行。",
    },
    "losses.err.blank_range": {
        "en": "blank = {blank} is not one of the {c} classes: it must be from 0 to C - 1.",
        "zh": "blank = {blank} 不是 {c} 个类别之一：它必须在 0 到 C - 1 之间。",
    },
    "losses.err.sequence_label": {
        "en": "Label {col} is {value}: a label must be a class from 0 to {c} - 1 other than the "
        "blank ({blank}).",
        "zh": "第 {col} 个标签是 {value}：标签必须是 0 到 {c} - 1 之间、"
        "且不是空白（{blank}）的类别。",
    },
    "losses.err.table_shape": {
        "en": "The table {name} must be {want} (rows x columns), like the first table; it is "
        "{got}.",
        "zh": "表格 {name} 必须是 {want}（行 x 列），与第一张表格一致；现在是 {got}。",
    },
    "losses.err.target_shape": {
        "en": "The target ({target}) must have the input's shape ({input}).",
        "zh": "目标（{target}）的形状必须与输入（{input}）相同。",
    },
    "losses.err.reshape": {
        "en": "Cannot reshape {n} numbers to ({shape}): the shape's sizes must multiply to {n}.",
        "zh": "无法把 {n} 个数重塑为 ({shape})：各维大小的乘积必须等于 {n}。",
    },
    "losses.err.probability": {
        "en": "Row {row}, column {col}: BCELoss needs probabilities between 0 and 1 as input "
        "(for raw scores use BCEWithLogitsLoss).",
        "zh": "第 {row} 行第 {col} 列：BCELoss 的输入必须是 0 到 1 之间的概率"
        "（原始分数请用 BCEWithLogitsLoss）。",
    },
    "losses.err.vector_length": {
        "en": "{name} needs {n} numbers (one per class or column), got {got}.",
        "zh": "{name} 需要 {n} 个数（每个类别或每列一个），实际为 {got} 个。",
    },
    "losses.err.vector": {
        "en": "“{value}” is not a list of numbers such as 1, 2, 0.5.",
        "zh": "“{value}” 不是数字列表（例如 1, 2, 0.5）。",
    },
    "losses.err.shape": {
        "en": "“{value}” is not a shape such as 1, 1, 1, 3.",
        "zh": "“{value}” 不是有效的形状（例如 1, 1, 1, 3）。",
    },
    "losses.err.range": {
        "en": "{name} must be between {low} and {high}.",
        "zh": "{name} 必须在 {low} 和 {high} 之间。",
    },
    # --- results ---
    "losses.value": {"en": "Value", "zh": "损失值"},
    "losses.value.caption": {
        "en": "What print(loss) shows in PyTorch.",
        "zh": "在 PyTorch 中 print(loss) 的输出。",
    },
    "losses.nonfinite": {
        "en": "The loss is inf or nan: look for a log of 0 or a mean over no rows.",
        "zh": "损失为 inf 或 nan：检查是否对 0 取对数，或在没有任何行时求平均。",
    },
    "losses.formula": {"en": "Formula", "zh": "公式"},
    "losses.formula.caption": {
        "en": "First in symbols for the chosen options, then with your numbers.",
        "zh": "先给出所选选项下的符号公式，再代入你的数字。",
    },
    "losses.elements": {"en": "Per-element losses", "zh": "逐元素损失"},
    "losses.elements.caption": {
        "en": "The loss with reduction='none': what the reduction averages or adds up.",
        "zh": "reduction='none' 时的损失：也就是归约时要平均或求和的那些值。",
    },
    "losses.elements.title": {"en": "loss per element", "zh": "每个元素的损失"},
    "losses.elements.title.rows": {"en": "loss per row", "zh": "每行的损失"},
    "losses.elements.title.sequence": {
        "en": "loss of the sequence (reduction='none')",
        "zh": "整个序列的损失（reduction='none'）",
    },
    "losses.grad": {"en": "Gradient with respect to the input", "zh": "对输入的梯度"},
    "losses.grad.caption": {
        "en": "The closed form, then ∂loss/∂x twice: left from the engine's autograd "
        "(loss.backward()), right from the closed form. Cells are laid out as in the input "
        "table.",
        "zh": "先给出解析公式，再两次给出 ∂loss/∂x：左边来自引擎的自动求导（loss.backward()），"
        "右边来自解析公式。单元格的排列与输入表格相同。",
    },
    "losses.grad.none_note": {
        "en": "With reduction='none' the loss is not a single number: this is the gradient of "
        "loss.sum().",
        "zh": "reduction='none' 时损失不是单个数：这里显示的是 loss.sum() 的梯度。",
    },
    "losses.grad.rows": {"en": "row", "zh": "行"},
    "losses.grad.cols": {"en": "column", "zh": "列"},
    "losses.grad.autograd": {"en": "autograd: input.grad", "zh": "自动求导：input.grad"},
    "losses.grad.closed": {"en": "closed form", "zh": "解析公式"},
    "losses.grad.match": {
        "en": "The closed form equals autograd: largest difference {diff}.",
        "zh": "解析公式与自动求导一致：最大差值 {diff}。",
    },
    "losses.grad.mismatch": {
        "en": "The closed form differs from autograd by up to {diff}.",
        "zh": "解析公式与自动求导最多相差 {diff}。",
    },
    "losses.graph": {"en": "Computation graph", "zh": "计算图"},
    "losses.graph.caption": {
        "en": "The graph the engine built for this loss, as on the Explore page. Switch to "
        "the scalar view to see every element.",
        "zh": "引擎为这个损失构建的计算图，与“探索”页相同。切换到标量视图可看到每个元素。",
    },
    "losses.graph.caption.tensor": {
        "en": "The graph the engine built for this loss, as on the Explore page: one node per "
        "tensor operation.",
        "zh": "引擎为这个损失构建的计算图，与“探索”页相同：每个节点是一次张量运算。",
    },
    "losses.inspect": {"en": "Inspect a node", "zh": "查看节点"},
    "losses.code": {"en": "Equivalent PyTorch code", "zh": "等价的 PyTorch 代码"},
    "losses.code.caption": {
        "en": "Runs as is in PyTorch, and in the Explore page.",
        "zh": "可直接在 PyTorch 中运行，也可在“探索”页运行。",
    },
    "losses.open_explore": {"en": "Open in Explore", "zh": "在“探索”页打开"},
    # --- teaching panels ---
    "losses.teach": {"en": "Understand it", "zh": "理解它"},
    "losses.teach.mean_sum": {"en": "Mean versus sum", "zh": "mean 与 sum"},
    "losses.teach.ce_parts": {"en": "Cross-entropy's two parts", "zh": "交叉熵的两部分"},
    "losses.teach.weights": {"en": "weight and ignore_index", "zh": "weight 与 ignore_index"},
    "losses.teach.float": {"en": "Why floating point", "zh": "为什么要用浮点数"},
    "losses.mean_sum.sequence": {
        "en": "CTCLoss has one loss per sequence, not per element: its 'mean' divides that "
        "loss by the target's length S (then averages over the batch), so it stays comparable "
        "between short and long label sequences; 'sum' and 'none' keep it whole.",
        "zh": "CTCLoss 每个序列只有一个损失，而不是每个元素一个：它的 'mean' 先把该损失"
        "除以目标长度 S（再对批次取平均），使长短不同的标签序列之间可以比较；"
        "'sum' 和 'none' 则保留整个损失。",
    },
    "losses.mean_sum.intro": {
        "en": "Repeat the data k times. The mean loss stays the same while the sum grows k "
        "times; the gradient of each element under 'mean' shrinks as 1/N, under 'sum' it "
        "does not change. This is why a learning rate tuned with 'sum' is too large once "
        "the batch grows, and why 'mean' is the default.",
        "zh": "把数据重复 k 次。平均损失不变，而总和变为 k 倍；在 'mean' 下每个元素的梯度按 1/N "
        "缩小，在 'sum' 下保持不变。所以用 'sum' 调好的学习率在批量变大后会过大，"
        "这也是默认使用 'mean' 的原因。",
    },
    "losses.mean_sum.repeat": {"en": "Repeat the data k times", "zh": "数据重复 k 次"},
    "losses.mean_sum.x": {"en": "N (elements averaged over)", "zh": "N（参与平均的元素数）"},
    "losses.mean_sum.y": {"en": "|∂loss/∂x{element}|", "zh": "|∂loss/∂x{element}|"},
    "losses.mean_sum.mean": {"en": "reduction='mean'", "zh": "reduction='mean'"},
    "losses.mean_sum.sum": {"en": "reduction='sum'", "zh": "reduction='sum'"},
    "losses.mean_sum.result": {
        "en": "N = {n}: mean loss {mean_loss}, sum loss {sum_loss}; gradient of x{element}: "
        "{g_mean} with 'mean', {g_sum} with 'sum' (ratio {ratio}).",
        "zh": "N = {n}：平均损失 {mean_loss}，总和损失 {sum_loss}；x{element} 的梯度："
        "'mean' 下为 {g_mean}，'sum' 下为 {g_sum}（比值 {ratio}）。",
    },
    "losses.ce.intro": {
        "en": "As the tutorial writes it: loss(x, class) = -x[class] + log(Σⱼ exp(x[j])). Move "
        "one logit and watch both parts, the loss and its gradient, which is "
        "softmax(x)[j] - 1 for the target class and softmax(x)[j] otherwise.",
        "zh": "教程中的写法：loss(x, class) = -x[class] + log(Σⱼ exp(x[j]))。移动其中一个 "
        "logit，观察两部分、损失和它的梯度：对目标类别为 softmax(x)[j] - 1，"
        "对其他类别为 softmax(x)[j]。",
    },
    "losses.ce.source.page": {
        "en": "Logits of row 0 of the table above, target class {target}.",
        "zh": "上方表格第 0 行的 logits，目标类别 {target}。",
    },
    "losses.ce.source.tutorial": {
        "en": "The tutorial's logits [0.1, 0.2, 0.3] with target class 1 (pick CrossEntropyLoss "
        "with class indices above to use your own).",
        "zh": "教程中的 logits [0.1, 0.2, 0.3]，目标类别 1（在上方选择带类别索引的 "
        "CrossEntropyLoss 即可使用你自己的数据）。",
    },
    "losses.ce.logit": {"en": "Logit to move", "zh": "要移动的 logit"},
    "losses.ce.target_mark": {"en": "(target class)", "zh": "（目标类别）"},
    "losses.ce.value": {"en": "Value of x[{j}]", "zh": "x[{j}] 的值"},
    "losses.ce.loss": {"en": "loss", "zh": "损失"},
    "losses.ce.lse": {"en": "log Σ exp(x)", "zh": "log Σ exp(x)"},
    "losses.ce.neg_target": {"en": "-x[class]", "zh": "-x[class]"},
    "losses.ce.grad": {"en": "∂loss/∂x[{j}]", "zh": "∂loss/∂x[{j}]"},
    "losses.ce.loss_axis": {"en": "loss and its parts", "zh": "损失及其两部分"},
    "losses.ce.softmax": {"en": "softmax(x)", "zh": "softmax(x)"},
    "losses.ce.class": {"en": "class", "zh": "类别"},
    "losses.ce.result": {
        "en": "log Σ exp(x) = {lse}, -x[{target}] = {neg}, loss = {lse} + ({neg}) = {loss}; "
        "∂loss/∂x[{j}] = {grad}.",
        "zh": "log Σ exp(x) = {lse}，-x[{target}] = {neg}，损失 = {lse} + ({neg}) = {loss}；"
        "∂loss/∂x[{j}] = {grad}。",
    },
    "losses.weights.intro": {
        "en": "With class weights, each row's loss is multiplied by the weight of its target "
        "class, and the mean divides by the sum of those weights, not by the number of "
        "rows. A row whose target equals ignore_index is left out of both.",
        "zh": "使用类别权重时，每行的损失乘以其目标类别的权重，而平均值除以这些权重之和，"
        "而不是行数。目标等于 ignore_index 的行在分子和分母中都被排除。",
    },
    "losses.weights.source.page": {
        "en": "Using the rows of the table above.",
        "zh": "使用上方表格中的行。",
    },
    "losses.weights.source.preset": {
        "en": "Using three example rows (pick CrossEntropyLoss or NLLLoss with class indices "
        "above to use your own).",
        "zh": "使用三行示例数据（在上方选择带类别索引的 CrossEntropyLoss 或 NLLLoss "
        "即可使用你自己的数据）。",
    },
    "losses.weights.weight": {"en": "weight of class {c}", "zh": "类别 {c} 的权重"},
    "losses.weights.ignore": {"en": "ignore_index", "zh": "ignore_index"},
    "losses.weights.ignore_none": {"en": "none (-100)", "zh": "不忽略（-100）"},
    "losses.weights.ignored": {"en": "ignored", "zh": "已忽略"},
    "losses.weights.bars": {"en": "weighted loss", "zh": "加权损失"},
    "losses.weights.torch_mean": {"en": "torch's mean", "zh": "torch 的平均值"},
    "losses.weights.plain_mean": {"en": "sum / rows", "zh": "总和 / 行数"},
    "losses.weights.result": {
        "en": "Sum of the weighted losses {total}, divided by {denominator} "
        "(the weights of the rows kept) = {mean}. Dividing by the {rows} rows instead would "
        "give {plain}.",
        "zh": "加权损失之和 {total}，除以 {denominator}（保留行的权重之和）= {mean}。"
        "若改为除以行数 {rows}，会得到 {plain}。",
    },
    "losses.weights.all_ignored": {
        "en": "Every row is ignored: the mean divides 0 by 0, so PyTorch returns nan.",
        "zh": "所有行都被忽略：平均值是 0 除以 0，因此 PyTorch 返回 nan。",
    },
    "losses.float.intro": {
        "en": "torch.tensor([1, 2, 3]) holds integers (int64), and a loss cannot average "
        "integers: the tutorial adds dtype=torch.float32. Toggle it and see what each "
        "version does.",
        "zh": "torch.tensor([1, 2, 3]) 存放的是整数（int64），损失函数无法对整数求平均：教程因此"
        "加上了 dtype=torch.float32。切换开关，看看两种写法分别会怎样。",
    },
    "losses.float.toggle": {"en": "dtype=torch.float32", "zh": "dtype=torch.float32"},
    "losses.float.ok": {"en": "It runs and prints:", "zh": "可以运行，输出："},
}
