"""Every sentence the engine and the page models tell a learner, in English and 简体中文.

Code below ``ui/`` never writes a sentence: it names a key of ``MESSAGES`` and its parameters
(an ``InputError``, a ``Message``, or an exception made by ``keyed``); ``render`` fills the
template in, in English for ``str(err)`` and logs, and ``ui.i18n`` renders the same keys in the
page's language. Torch's own error texts stay quoted in English in both languages, as torch
prints them, so a learner can search for them. This module imports nothing of ours.
"""

from typing import NamedTuple

DEFAULT_LANGUAGE = "en"


class Message(NamedTuple):
    """A key of the catalogue and the values its template formats (Messages render too)."""

    key: str
    params: dict = {}

    def text(self, lang=DEFAULT_LANGUAGE):
        """This message in ``lang``."""
        return render(self.key, self.params, lang)


def render(key, params=None, lang=DEFAULT_LANGUAGE, catalogue=None):
    """The text of ``key`` in ``lang`` (English where a translation is missing), formatted."""
    texts = (MESSAGES if catalogue is None else catalogue)[key]
    text = texts.get(lang) or texts[DEFAULT_LANGUAGE]
    if params:
        text = text.format(**{
            name: render(value.key, value.params, lang, catalogue) if isinstance(value, Message)
            else value
            for name, value in params.items()
        })
    said = torch_error(key, params)
    return f"{said[0]}: {said[1]}\n\n{text}" if said else text


def torch_error(key, params=None):
    """(the class torch raises, its text) for an error torch words itself, else None."""
    if key not in TORCH_ERRORS:
        return None
    kind, text = TORCH_ERRORS[key]
    return kind, text.format(**(params or {}))


def keyed(cls, key, **params):
    """An exception of type ``cls`` saying ``key`` in English, carrying ``.key`` and ``.params``."""
    exc = cls(render(key, params))
    exc.key = key
    exc.params = params
    exc.torch = torch_error(key, params)  # torch's class and words, when torch says it
    return exc


MESSAGES = {
    # --- reading the code --------------------------------------------------------------------
    "input.not_text": {
        "en": "the code must be text, got {kind}",
        "zh": "代码必须是文本，这里得到的是 {kind}",
    },
    "input.null": {
        "en": "the code contains a null character (\\x00): delete it",
        "zh": "代码中含有空字符（\\x00）：请删除它",
    },
    "input.syntax": {
        "en": "{detail}",
        "zh": "语法错误：{detail}",
    },
    "input.unreadable": {
        "en": "the code cannot be read: {detail}",
        "zh": "无法读取这段代码：{detail}",
    },
    # --- the static check: constructs outside the subset ---------------------------------------
    "check.async_def": {
        "en": "`async def` is not supported here: write the steps out",
        "zh": "这里不支持 `async def`：请把步骤直接写出来",
    },
    "check.class_keywords": {
        "en": "class keywords (`metaclass=...`) are not supported here: write `class Name(Base):`",
        "zh": "这里不支持类的关键字参数（`metaclass=...`）：请写成 `class Name(Base):`",
    },
    "check.class_bases": {
        "en": "a class here has at most one base class",
        "zh": "这里的类最多只能有一个基类",
    },
    "check.class_body": {
        "en": "a class body here holds methods (`def`) and class attributes (`name = value`) only",
        "zh": "这里的类体中只能有方法（`def`）和类属性（`name = value`）",
    },
    "check.dunder": {
        "en": "the special method `{name}` is not supported here: a class may define __init__, "
        "__call__, __repr__ and __str__",
        "zh": "这里不支持特殊方法 `{name}`：类中只能定义 __init__、__call__、__repr__ 和 __str__",
    },
    "check.async_for": {
        "en": "`async for` is not supported here: use `for i in range(n):`",
        "zh": "这里不支持 `async for`：请用 `for i in range(n):`",
    },
    "check.async_with": {
        "en": "`async with` is not supported here: use `with torch.no_grad():`",
        "zh": "这里不支持 `async with`：请用 `with torch.no_grad():`",
    },
    "check.try_star": {
        "en": "`except*` (exception groups) is not supported here: use `except`",
        "zh": "这里不支持 `except*`（异常组）：请用 `except`",
    },
    "check.nonlocal_module": {
        "en": "nonlocal declaration not allowed at module level",
        "zh": "`nonlocal` 只能写在函数里面：在模块顶层不需要声明，直接赋值即可",
    },
    "check.nonlocal_binding": {
        "en": "no binding for nonlocal '{name}' found",
        "zh": "找不到 nonlocal 变量 '{name}'：外层函数中必须先给它赋值",
    },
    "check.declared_parameter": {
        "en": "name '{name}' is parameter and {word}",
        "zh": "'{name}' 已经是参数，不能再声明为 {word}",
    },
    "check.declared_after_use": {
        "en": "name '{name}' is used prior to {word} declaration",
        "zh": "'{name}' 在 {word} 声明之前就被使用了：请把声明写在函数的开头",
    },
    "check.declared_after_assignment": {
        "en": "name '{name}' is assigned to before {word} declaration",
        "zh": "'{name}' 在 {word} 声明之前就被赋值了：请把声明写在函数的开头",
    },
    "check.annotation": {
        "en": "type annotations are not supported here: write `name = value`",
        "zh": "这里不支持类型注解：请写成 `name = value`",
    },
    "check.match": {
        "en": "`match` is not supported here: use `if` / `elif` / `else`",
        "zh": "这里不支持 `match`：请用 `if` / `elif` / `else`",
    },
    "check.walrus": {
        "en": "the walrus operator `:=` is not supported here: assign on a line of its own",
        "zh": "这里不支持海象运算符 `:=`：请在单独一行里赋值",
    },
    "check.yield": {
        "en": "`yield` is not supported here: build a list instead",
        "zh": "这里不支持 `yield`：请改为构建一个列表",
    },
    "check.yield_from": {
        "en": "`yield from` is not supported here: build a list instead",
        "zh": "这里不支持 `yield from`：请改为构建一个列表",
    },
    "check.await": {
        "en": "`await` is not supported here",
        "zh": "这里不支持 `await`",
    },
    "check.unsupported": {
        "en": "`{kind}` is not supported here",
        "zh": "这里不支持 `{kind}`",
    },
    "check.underscore_name": {
        "en": "names starting with an underscore (`{name}`) are not available here: choose a name "
        "that starts with a letter",
        "zh": "这里不能使用以下划线开头的名字（`{name}`）：请换一个以字母开头的名字",
    },
    "check.underscore_attribute": {
        "en": "names starting with an underscore (`.{name}`) are not available here: they are the "
        "inside of Python, not part of the engine",
        "zh": "这里不能使用以下划线开头的属性（`.{name}`）：它们属于 Python 的内部，不属于引擎",
    },
    "check.operator": {
        "en": "the operator `{op}` is not supported here: use + - * / // % ** @",
        "zh": "这里不支持运算符 `{op}`：可用的有 + - * / // % ** @",
    },
    "check.invert": {
        "en": "the operator `~` is not supported here: use `not` or `-`",
        "zh": "这里不支持运算符 `~`：请用 `not` 或 `-`",
    },
    "check.for_else": {
        "en": "`{word} ... else` is not supported here: put the code after the loop",
        "zh": "这里不支持 `{word} ... else`：请把这段代码放在循环之后",
    },
    "check.decorator": {
        "en": "decorators are not supported here, except `@torch.no_grad()`: call the function "
        "you meant to decorate with yourself",
        "zh": "这里除了 `@torch.no_grad()` 之外不支持装饰器：请自己调用原本用来装饰的函数",
    },
    "check.outside_function": {
        "en": "'{word}' outside function",
        "zh": "'{word}' 只能写在函数里面",
    },
    "check.outside_loop": {
        "en": "'{word}' outside loop",
        "zh": "'{word}' 只能写在循环里面",
    },
    "check.starred_assign": {
        "en": "starred assignment (`a, *b = ...`) is not supported here: index the list",
        "zh": "这里不支持带星号的赋值（`a, *b = ...`）：请用下标取列表中的元素",
    },
    "check.with_as": {
        "en": "`with ... as name` is not supported here: write `with torch.no_grad():`",
        "zh": "这里不支持 `with ... as name`：请写 `with torch.no_grad():`",
    },
    "check.attribute": {
        "en": "`.{name}` is not available here",
        "zh": "这里没有 `.{name}`",
    },
    "check.attribute_close": {
        "en": "`.{name}` is not available here; did you mean `.{close}`?",
        "zh": "这里没有 `.{name}`；你是不是想写 `.{close}`？",
    },
    "check.complex": {
        "en": "complex numbers are not supported here",
        "zh": "这里不支持复数",
    },
    "check.bytes": {
        "en": "bytes literals are not supported here: use a string",
        "zh": "这里不支持 bytes 字面量：请用字符串",
    },
    "check.big_int": {
        "en": "this integer is too large: numbers here stay below about 1e308",
        "zh": "这个整数太大了：这里的数字不能超过约 1e308",
    },
    "check.import": {
        "en": "`import {names}` is not possible: only torch, torch.nn, torch.nn.functional, "
        "torch.optim, math, random, numpy, micrograd and matplotlib.pyplot can be imported "
        "here",
        "zh": "无法 `import {names}`：这里只能导入 torch、torch.nn、torch.nn.functional、"
        "torch.optim、math、random、numpy、micrograd 和 matplotlib.pyplot",
    },
    "check.import_from": {
        "en": "`from {module} import ...` is not possible: only torch, torch.nn, "
        "torch.nn.functional, torch.optim, math, random, numpy, micrograd and matplotlib.pyplot "
        "can be imported here",
        "zh": "无法 `from {module} import ...`：这里只能导入 torch、torch.nn、torch.nn.functional、"
        "torch.optim、math、random、numpy、micrograd 和 matplotlib.pyplot",
    },
    "check.import_star": {
        "en": "`import *` is not supported here: import the names you use",
        "zh": "这里不支持 `import *`：请逐个导入你要用的名字",
    },
    "check.import_members": {
        "en": "not available here: {names}; {module} offers: {offers}",
        "zh": "这里没有 {names}；{module} 提供的有：{offers}",
    },
    # --- names and attributes ------------------------------------------------------------------
    "attr.module_member": {
        "en": "{name} is not available here; {module} offers: {offers}",
        "zh": "这里没有 {name}；{module} 提供的有：{offers}",
    },
    "attr.module_member_close": {
        "en": "{name} is not available here; did you mean {close}?",
        "zh": "这里没有 {name}；你是不是想写 {close}？",
    },
    "attr.missing": {
        "en": "{kind} has no attribute '{name}' here",
        "zh": "这里的 {kind} 没有属性 '{name}'",
    },
    "attr.read_only": {
        "en": "{kind}.{name} cannot be set here",
        "zh": "这里不能给 {kind}.{name} 赋值",
    },
    "attr.label": {
        "en": "a Value's label must be a string, got {kind}",
        "zh": "Value 的 label 必须是字符串，这里得到的是 {kind}",
    },
    "attr.value_number": {
        "en": "Value.{name} must be a number, got {kind}",
        "zh": "Value.{name} 必须是数字，这里得到的是 {kind}",
    },
    "attr.requires_grad": {
        "en": "requires_grad must be True or False",
        "zh": "requires_grad 必须是 True 或 False",
    },
    "attr.grad": {
        "en": "a tensor's grad must be a Tensor or None, got {kind}",
        "zh": "张量的 grad 必须是 Tensor 或 None，这里得到的是 {kind}",
    },
    # --- Value, micrograd's models, optimizers ------------------------------------------------
    "value.not_number": {
        "en": "Value expects a real number (int or float), got {kind} {value}",
        "zh": "Value 需要一个实数（int 或 float），这里得到的是 {kind} {value}",
    },
    "model.input_type": {
        "en": "a model input must be a number or a Value, got {kind} {value}",
        "zh": "模型的输入必须是数字或 Value，这里得到的是 {kind} {value}",
    },
    "model.activation": {
        "en": "activation must be one of {choices}; got {value}",
        "zh": "activation 必须是 {choices} 之一；这里得到的是 {value}",
    },
    "model.size": {
        "en": "{name} must be a whole number of at least 0, got {value}",
        "zh": "{name} 必须是大于等于 0 的整数，这里得到的是 {value}",
    },
    "model.inputs": {
        "en": "this neuron takes {n} inputs, got {got}",
        "zh": "这个神经元需要 {n} 个输入，实际给了 {got} 个",
    },
    "optim.single_param": {
        "en": "params should be an iterable of Values or tensors, got a single {kind}: wrap it in "
        "a list",
        "zh": "params 应该是由 Value 或张量组成的可迭代对象，这里只给了一个 {kind}：请把它放进列表",
    },
    "optim.params_iterable": {
        "en": "params should be an iterable of Values or tensors, got {kind}",
        "zh": "params 应该是由 Value 或张量组成的可迭代对象，这里得到的是 {kind}",
    },
    "optim.empty": {
        "en": "optimizer got an empty parameter list",
        "zh": "优化器得到的参数列表是空的",
    },
    "optim.param_type": {
        "en": "a parameter must be a Value or a tensor, got {kind}",
        "zh": "参数必须是 Value 或张量，这里得到的是 {kind}",
    },
    "optim.duplicate": {
        "en": "a parameter appears more than once in the parameter list",
        "zh": "参数列表中有参数出现了不止一次",
    },
    "optim.negative": {
        "en": "the {name} must be 0 or more",
        "zh": "{name} 必须大于等于 0",
    },
    "optim.nesterov": {
        "en": "Nesterov momentum requires a momentum and zero dampening (got momentum={momentum}, "
        "dampening={dampening})",
        "zh": "Nesterov 动量要求 momentum 大于 0 且 dampening 为 0（这里 momentum={momentum}，"
        "dampening={dampening}）",
    },
    "optim.beta": {
        "en": "each of Adam's betas must be at least 0 and less than 1, e.g. betas=(0.9, 0.999)",
        "zh": "Adam 的 betas 中每个值都必须大于等于 0 且小于 1，例如 betas=(0.9, 0.999)",
    },
    # --- torch.nn modules and torch.optim ---------------------------------------------------
    "nn.parameter_data": {
        "en": "nn.Parameter(data) takes a tensor, got {kind}: write "
              "nn.Parameter(torch.tensor(...))",
        "zh": "nn.Parameter(data) 需要一个张量，这里得到的是 {kind}：请写 "
              "nn.Parameter(torch.tensor(...))",
    },
    "nn.before_init": {
        "en": "cannot assign {kind} before Module.__init__() call: call super().__init__() first "
              "in __init__",
        "zh": "在调用 Module.__init__() 之前不能给模块赋值子模块或参数：请在 __init__ 里先调用 "
              "super().__init__()（torch 的报错：\"cannot assign {kind} before "
              "Module.__init__() call\"）",
    },
    "nn.assign_parameter": {
        "en": "cannot assign '{kind}' as parameter '{name}' (torch.nn.Parameter or None expected)",
        "zh": "不能把 {kind} 赋值给参数 '{name}'：需要 torch.nn.Parameter 或 None（torch 的报错："
              "\"cannot assign '{kind}' as parameter '{name}' (torch.nn.Parameter or None "
              "expected)\"）",
    },
    "nn.assign_module": {
        "en": "cannot assign '{kind}' as child module '{name}' (torch.nn.Module or None expected)",
        "zh": "不能把 {kind} 赋值给子模块 '{name}'：需要 torch.nn.Module 或 None（torch 的报错："
              "\"cannot assign '{kind}' as child module '{name}' (torch.nn.Module or None "
              "expected)\"）",
    },
    "nn.not_module": {
        "en": "{kind} is not a Module subclass",
        "zh": "{kind} 不是 Module 的子类，不能作为子模块",
    },
    "nn.no_forward": {
        "en": "Module [{name}] is missing the required \"forward\" function: define "
              "`def forward(self, x):` in the class",
        "zh": "模块 [{name}] 缺少必需的 forward 方法：请在类里定义 `def forward(self, x):`"
              "（torch 的报错：'Module [{name}] is missing the required \"forward\" function'）",
    },
    "nn.train_mode": {
        "en": "training mode is expected to be boolean, got {kind}",
        "zh": "训练模式必须是布尔值（True 或 False），这里得到的是 {kind}",
    },
    "nn.size": {
        "en": "{name} must be a whole number of at least 0, got {value}",
        "zh": "{name} 必须是大于等于 0 的整数，这里得到的是 {value}",
    },
    "nn.linear_input": {
        "en": "linear(): argument 'input' (position 1) must be Tensor, not {kind}",
        "zh": "linear() 的参数 input 必须是张量（Tensor），而不是 {kind}",
    },
    "nn.sequential_index": {
        "en": "'{kind}' object cannot be interpreted as an integer: index a Sequential with "
              "a whole number",
        "zh": "Sequential 的下标必须是整数，这里得到的是 {kind}",
    },
    "nn.sequential_range": {
        "en": "index {index} is out of range",
        "zh": "下标 {index} 超出了范围",
    },
    "nn.module_base": {
        "en": "a class here may derive from nn.Module or torch.autograd.Function, not from "
              "{name}: derive from nn.Module and keep the {name} as an attribute",
        "zh": "这里的类只能继承 nn.Module 或 torch.autograd.Function，不能继承 {name}："
              "请继承 nn.Module，把 {name} 作为属性保存",
    },
    "optim.group": {
        "en": "param_group must be a dict, got {kind}",
        "zh": "参数组（param_group）必须是字典，这里得到的是 {kind}",
    },
    "optim.params_set": {
        "en": "optimizer parameters need to be organized in ordered collections, but the "
              "ordering of tensors in sets will change between runs. Please use a list instead.",
        "zh": "优化器的参数必须放在有序的容器里（集合的顺序每次运行都可能不同）：请改用列表",
    },
    "optim.non_leaf": {
        "en": "can't optimize a non-leaf Tensor: pass the parameters themselves (leaf tensors "
              "with requires_grad=True), not results computed from them",
        "zh": "不能优化非叶子张量：请传入参数本身（requires_grad=True 的叶子张量），而不是由它们"
              "计算出的结果（torch 的报错：\"can't optimize a non-leaf Tensor\"）",
    },
    "optim.group_overlap": {
        "en": "some parameters appear in more than one parameter group",
        "zh": "有参数同时出现在多个参数组里",
    },
    "optim.scheduler_optimizer": {
        "en": "{kind} is not an Optimizer: a scheduler takes the optimizer, e.g. "
              "StepLR(optimizer, step_size=10)",
        "zh": "{kind} 不是优化器：学习率调度器需要优化器本身，例如 StepLR(optimizer, step_size=10)",
    },
    "function.save_tensor": {
        "en": "save_for_backward can only save variables, but got {kind}: keep other values "
              "as attributes of ctx (ctx.value = ...)",
        "zh": "save_for_backward 只能保存张量，这里得到的是 {kind}：其他值请作为 ctx 的属性保存"
              "（ctx.value = ...）",
    },
    "function.methods": {
        "en": "{name} must define both forward and backward as @staticmethod to be applied",
        "zh": "{name} 必须用 @staticmethod 同时定义 forward 和 backward 才能调用 apply",
    },
    "function.output": {
        "en": "{name}.forward must return a tensor (or a tuple of tensors) here",
        "zh": "这里 {name}.forward 必须返回张量（或由张量组成的元组）",
    },
    "function.grad_count": {
        "en": "backward returned an incorrect number of gradients (expected {n}, got {got}): "
              "return one gradient (or None) per argument of forward",
        "zh": "backward 返回的梯度个数不对（应为 {n} 个，实际 {got} 个）：forward 的每个参数"
              "都要对应一个梯度（或 None）",
    },
    "tensor.no_history": {
        "en": "{name}() of tensors that require grad is not available here: use it on "
              "x.detach() or inside `with torch.no_grad():`",
        "zh": "这里不支持对需要梯度的张量调用 {name}()：请对 x.detach() 使用，或放在 "
              "`with torch.no_grad():` 里面",
    },
    # --- tensors (torch's own wording quoted in English, as torch prints it) -------------------
    "limit.dims": {
        "en": "tensors have at most {limit} dimensions here, and this one would have {n:,}: use "
        "fewer dimensions",
        "zh": "这里的张量最多 {limit} 维，而这个张量会有 {n:,} 维：请减少维数",
    },
    "limit.tensor": {
        "en": "tensors are limited to {limit:,} elements here, and this one would have {n:,}: use "
        "smaller shapes",
        "zh": "这里的张量最多 {limit:,} 个元素，而这个张量会有 {n:,} 个：请用更小的形状",
    },
    "limit.work": {
        "en": "this convolution or pooling would hold or read {n:,} numbers (its padded image, "
        "its windows), and the limit here is {limit:,}: use a smaller batch, fewer channels, "
        "less padding or a smaller image",
        "zh": "这个卷积或池化要存放或读取 {n:,} 个数（填充后的图像、各个窗口），超过了 {limit:,} "
        "的上限：请减小批量、通道数、填充或图像尺寸",
    },
    "limit.products": {
        "en": "this convolution would do {n:,} multiply-adds, and the limit here is {limit:,}: "
        "use a smaller batch, fewer channels, a smaller kernel or a smaller image",
        "zh": "这个卷积要做 {n:,} 次乘加，超过了 {limit:,} 的上限：请减小批量、通道数、"
        "卷积核或图像尺寸",
    },
    # --- convolution, pooling, embedding, dropout ----------------------------------------------
    "conv.pair": {
        "en": "{name} must be a whole number or a pair of them, e.g. {name}=1 or {name}=(1, 2); "
        "got {value}",
        "zh": "{name} 必须是一个整数或一对整数，例如 {name}=1 或 {name}=(1, 2)；"
        "这里得到的是 {value}",
    },
    "conv.input": {
        "en": "{name}() takes tensors, got {kind}",
        "zh": "{name}() 需要张量，这里得到的是 {kind}",
    },
    "conv.input_dims": {
        "en": "a 2-d convolution takes an image (channels, height, width) or a batch of them "
        "(batch, channels, height, width); this input has shape {size}: add or remove a "
        "dimension (x.unsqueeze(0) adds a batch of one)",
        "zh": "二维卷积的输入是一张图像（通道, 高, 宽）或一批图像（批量, 通道, 高, 宽）；"
        "这个输入的形状是 {size}：请增加或去掉一个维度（x.unsqueeze(0) 加上大小为 1 的批量维）",
    },
    "conv.weight_dims": {
        "en": "a 2-d convolution's weight has shape (out_channels, in_channels / groups, "
        "kernel height, kernel width); got {size}",
        "zh": "二维卷积的权重形状是（输出通道, 输入通道 / groups, 卷积核高, 卷积核宽），"
        "这里得到的是 {size}",
    },
    "conv.stride": {
        "en": "a stride is how far the window moves each step: use 1 or more",
        "zh": "步长（stride）是窗口每次移动的距离：请用 1 或更大的数",
    },
    "conv.dilation": {
        "en": "dilation spaces the kernel's taps: use 1 (no gaps) or more",
        "zh": "膨胀（dilation）是卷积核各点之间的间隔：请用 1（没有间隔）或更大的数",
    },
    "conv.negative_padding": {
        "en": "padding adds zeros around the image: use 0 or more",
        "zh": "填充（padding）是在图像四周补零：请用 0 或更大的数",
    },
    "conv.groups": {
        "en": "groups must be a whole number of at least 1, got {value}",
        "zh": "groups 必须是大于等于 1 的整数，这里得到的是 {value}",
    },
    "conv.groups_weight": {
        "en": "with groups={groups} the weight's out_channels ({size}) must split into "
        "{groups} equal groups",
        "zh": "groups={groups} 时，权重的输出通道数（{size}）必须能平均分成 {groups} 组",
    },
    "conv.channels": {
        "en": "the input has {got} channels but the weight expects {expected}: a Conv2d's "
        "in_channels must equal the size of its input's channel dimension (dimension 1 of a "
        "batch)",
        "zh": "输入有 {got} 个通道，而权重需要 {expected} 个：Conv2d 的 in_channels 必须等于"
        "输入通道维（批量输入的第 1 维）的大小",
    },
    "conv.bias": {
        "en": "the bias needs one number per output channel ({n}), got shape {size}",
        "zh": "偏置需要每个输出通道一个数（共 {n} 个），这里的形状是 {size}",
    },
    "conv.dtype": {
        "en": "the input is {expected} but a weight or bias is {got}: convert one (model.double() "
        "or x.float())",
        "zh": "输入是 {expected} 类型，而权重或偏置是 {got} 类型：请转换其中一个（model.double() "
        "或 x.float()）",
    },
    "conv.float": {
        "en": "convolution and pooling take floating point tensors here, got a {kind} tensor: "
        "use x.float()",
        "zh": "这里的卷积和池化需要浮点张量，这里得到的是 {kind} 张量：请用 x.float()",
    },
    "conv.kernel_size": {
        "en": "the kernel ({kh} x {kw}, dilation included) is larger than the padded image "
        "({h} x {w}): use a smaller kernel, more padding or a larger image",
        "zh": "卷积核（含膨胀为 {kh} x {kw}）比填充后的图像（{h} x {w}）还大："
        "请用更小的卷积核、更多的填充或更大的图像",
    },
    "conv.padding_string": {
        "en": "padding may be a number, a pair, 'same' or 'valid', got '{value}'",
        "zh": "padding 可以是一个数、一对数、'same' 或 'valid'，这里得到的是 '{value}'",
    },
    "conv.same_strided": {
        "en": "padding='same' keeps the image's size, which a stride above 1 cannot: give the "
        "padding as a number",
        "zh": "padding='same' 会保持图像尺寸不变，而步长大于 1 时做不到：请把 padding 写成一个数",
    },
    "conv.module_groups": {
        "en": "the channels are split into equal groups, so {name} must be a multiple of groups",
        "zh": "{name} 必须能被 groups 整除",
    },
    "conv.pool_input": {
        "en": "pooling takes a non-empty (channels, height, width) or (batch, channels, height, "
        "width) tensor",
        "zh": "池化需要非空的（通道, 高, 宽）或（批量, 通道, 高, 宽）张量",
    },
    "conv.pool_positive": {
        "en": "a pooling window's size, stride and dilation must be at least 1",
        "zh": "池化窗口的大小、步长和膨胀都必须至少为 1",
    },
    "conv.pool_padding": {
        "en": "pooling pads at most half of its window (kernel {kernel}, dilation {dilation}), "
        "and padding {pad} is more: use less padding",
        "zh": "池化的填充最多是窗口的一半（窗口 {kernel}，膨胀 {dilation}）：填充 {pad} 太大，"
        "请减小",
    },
    "conv.pool_padding_dilated": {
        "en": "pooling pads at most half of its kernel ({kh} x {kw}, dilation aside), and padding "
        "({ph}, {pw}) is more: use less padding",
        "zh": "池化的填充最多是窗口（{kh} x {kw}，不计膨胀）的一半，填充 ({ph}, {pw}) 太大："
        "请减小填充",
    },
    "conv.pool_small": {
        "en": "the image ({h} x {w}) is smaller than one pooling window, so the output would be "
        "{ho} x {wo}: use a smaller kernel or padding",
        "zh": "图像（{h} x {w}）比一个池化窗口还小，输出会是 {ho} x {wo}：请用更小的窗口或加填充",
    },
    "conv.divisor": {
        "en": "divisor_override must be a nonzero whole number",
        "zh": "divisor_override 必须是非零整数",
    },
    "conv.embedding_indices": {
        "en": "an embedding looks rows up by integer indices, got a {kind} tensor: use "
        "torch.tensor([...]) of whole numbers or x.long()",
        "zh": "嵌入（embedding）用整数下标查表，这里得到的是 {kind} 张量：请用整数的 "
        "torch.tensor([...]) 或 x.long()",
    },
    "conv.embedding_weight": {
        "en": "an embedding's weight is a 2-d table (num_embeddings, embedding_dim), got {n} "
        "dimensions",
        "zh": "嵌入的权重是二维表（num_embeddings, embedding_dim），这里是 {n} 维",
    },
    "conv.embedding_range": {
        "en": "an index is not a row of the table: indices go from 0 to num_embeddings - 1",
        "zh": "有一个下标不在表的行数范围内：下标应在 0 到 num_embeddings - 1 之间",
    },
    "conv.dropout_p": {
        "en": "p is the chance of zeroing each element, a number from 0 to 1",
        "zh": "p 是把每个元素置零的概率，是 0 到 1 之间的数",
    },
    "nn.padding_idx": {
        "en": "Padding_idx must be within num_embeddings: it names one row of the table, from "
        "-num_embeddings to num_embeddings - 1",
        "zh": "padding_idx 必须在 num_embeddings 范围内：它指表中的一行，取值从 -num_embeddings "
        "到 num_embeddings - 1",
    },
    "tensor.dtype": {
        "en": "dtype must be a torch dtype such as torch.float32, got {value}",
        "zh": "dtype 必须是 torch 的数据类型，例如 torch.float32，这里得到的是 {value}",
    },
    "tensor.dim_type": {
        "en": "dim must be an integer, got {value}",
        "zh": "dim 必须是整数，这里得到的是 {value}",
    },
    "tensor.dim_range": {
        "en": "this tensor has dimensions {lo} to {hi} (negative ones count from the end), and "
        "dim={dim} is not one of them",
        "zh": "这个张量的维度编号是 {lo} 到 {hi}（负数从最后一维往前数），dim={dim} 不在其中",
    },
    "tensor.broadcast": {
        "en": "two shapes combine (broadcast) when, from the last dimension back, each pair of "
        "sizes is equal or one of them is 1; here dimension {dim} has sizes {a} and {b}: "
        "reshape one (e.g. .unsqueeze(1)) or check which tensors you combined",
        "zh": "两个张量的形状无法广播：从最后一维往前，每一维的大小必须相等或其中一个为 1，而第 "
        "{dim} 维分别是 {a} 和 {b}：请调整其中一个的形状（例如 .unsqueeze(1)），或检查参与"
        "运算的张量",
    },
    "tensor.size_type": {
        "en": "sizes must be integers, got {value}",
        "zh": "尺寸必须是整数，这里得到的是 {value}",
    },
    "tensor.infer_one": {
        "en": "a shape may hold -1 once, for the size to be worked out from the others: write "
        "the other sizes out",
        "zh": "形状中只能有一个 -1（让它由其他维推断出来）：请把其他维的大小写出来",
    },
    "tensor.view": {
        "en": "the new shape {shape} must hold exactly the tensor's {numel} elements: change a "
        "size, or write -1 for one size to have it worked out",
        "zh": "新形状 {shape} 的元素个数必须正好等于张量的 {numel} 个元素：请修改尺寸，或把其中一"
        "维写成 -1 让它自动推断",
    },
    "tensor.float_to_int": {
        "en": "cannot convert float {value} to integer",
        "zh": "无法把浮点数 {value} 转换为整数",
    },
    "tensor.requires_grad_leaf": {
        "en": "you can only change requires_grad flags of leaf variables. If you want to use a "
        "computed variable in a subgraph that doesn't require differentiation use var_no_grad = "
        "var.detach().",
        "zh": "只有叶子张量才能修改 requires_grad；如果想让计算出的张量不参与求导，请用 "
        "var_no_grad = var.detach()（torch：'you can only change requires_grad flags of leaf "
        "variables'）",
    },
    "tensor.requires_grad_float": {
        "en": "only floating point tensors can require gradients: create the tensor with "
        "dtype=torch.float32, e.g. torch.tensor([1., 2.], requires_grad=True)",
        "zh": "只有浮点类型的张量才能求梯度：请用 dtype=torch.float32 创建这个张量，例如 "
        "torch.tensor([1., 2.], requires_grad=True)",
    },
    "tensor.grad_size": {
        "en": "assigned grad has data of a different size: {got} vs {shape}",
        "zh": "赋给 grad 的张量形状不同：{got} 与 {shape}",
    },
    "tensor.no_grad_fn": {
        "en": "backward() starts from a tensor that no leaf with requires_grad=True led to: "
        "create the leaves with requires_grad=True, and compute the loss outside `with "
        "torch.no_grad():`",
        "zh": "backward() 的起点不依赖任何 requires_grad=True 的叶子张量：请在创建叶子张量时加上 "
        "requires_grad=True，并且不要在 `with torch.no_grad():` 里计算损失",
    },
    "tensor.backward_scalar": {
        "en": "backward() without an argument starts from a single number: reduce the output "
        "first, e.g. loss.sum().backward() or loss.mean().backward(), or pass a gradient "
        "of the output's shape",
        "zh": "只有标量输出才能直接调用 backward()：请先求和或求平均，例如 loss.sum().backward() "
        "或 loss.mean().backward()，或者传入与输出形状相同的梯度",
    },
    "tensor.backward_shape": {
        "en": "Mismatch in shape: grad_output[0] has a shape of {got} and output[0] has a shape of "
        "{shape}.",
        "zh": "传给 backward() 的梯度形状是 {got}，而输出的形状是 {shape}，两者必须相同",
    },
    "tensor.data_shape": {
        "en": "cannot assign data of shape {got} to {shape}",
        "zh": "无法把形状为 {got} 的数据赋给形状为 {shape} 的张量",
    },
    "tensor.item": {
        "en": ".item() reads a tensor of one element, and this one has {n}: index one element "
        "first (x[0].item()) or use .tolist()",
        "zh": ".item() 只能用于只有一个元素的张量，而这个张量有 {n} 个元素：请先取出一个元素（"
        "x[0].item()），或者用 .tolist()",
    },
    "tensor.len_0d": {
        "en": "a 0-d tensor is one number with no length: use .item() for the number, or "
        ".numel() for how many elements a tensor has",
        "zh": "0 维张量就是一个数，没有长度：要取这个数请用 .item()，要元素个数请用 .numel()",
    },
    "tensor.iter_0d": {
        "en": "iteration over a 0-d tensor",
        "zh": "不能遍历 0 维张量",
    },
    "tensor.bool_empty": {
        "en": "an empty tensor has no value to be true or false: test its size instead, e.g. "
        "x.numel() > 0",
        "zh": "空张量没有可以判断真假的值：请改为判断它的大小，例如 x.numel() > 0",
    },
    "tensor.bool_many": {
        "en": "if, while, and, or and not need one truth value, and a tensor of several elements "
        "has one per element: use .any() or .all(), or compare one element",
        "zh": "if、while、and、or 和 not 需要一个真假值，而含有多个元素的张量每个元素各有一个：请"
        "用 .any() 或 .all()，或者只比较一个元素",
    },
    "tensor.index_type": {
        "en": "only integer tensors of a single element can be converted to an index",
        "zh": "只有单个元素的整数张量才能用作下标",
    },
    "tensor.flatten": {
        "en": "flatten(start_dim, end_dim) joins the dimensions from start_dim to end_dim: give "
        "the smaller one first",
        "zh": "flatten(start_dim, end_dim) 把从 start_dim 到 end_dim 的各维合并：请把较小的维度写"
        "在前面",
    },
    "tensor.permute": {
        "en": "permute(): dims {dims} are not a permutation of the dims",
        "zh": "permute()：{dims} 不是所有维度的一个排列",
    },
    "tensor.t": {
        "en": ".t() transposes a matrix, and this tensor has {n} dimensions: use "
        ".transpose(dim0, dim1) or .permute(...) to say which dimensions to swap",
        "zh": ".t() 用于转置矩阵，而这个张量有 {n} 维：请用 .transpose(dim0, dim1) 或 "
        ".permute(...) 指明要交换哪两维",
    },
    "tensor.expand": {
        "en": "The expanded size of the tensor must match the existing size: cannot expand {shape} "
        "to {sizes}",
        "zh": "无法把形状 {shape} 扩展为 {sizes}：只有大小为 1 的维度才能扩展",
    },
    "tensor.mask": {
        "en": "The shape of the mask {mask} does not match the shape of the indexed tensor "
        "{shape}",
        "zh": "掩码的形状 {mask} 与被索引张量的形状 {shape} 不一致",
    },
    "tensor.ellipsis": {
        "en": "an index can only have a single ellipsis ('...')",
        "zh": "一个下标中只能有一个省略号（'...'）",
    },
    "tensor.too_many_indices": {
        "en": "this tensor has {n} dimensions, one index each at most: check its shape "
        "(print(x.shape))",
        "zh": "这个张量只有 {n} 维，每一维最多一个下标：请检查它的形状（print(x.shape)）",
    },
    "tensor.index_range": {
        "en": "dimension {dim} has {size} elements, so its indices run from 0 to {size} - 1 (or "
        "from -{size} counting from the end), and {index} is outside",
        "zh": "第 {dim} 维有 {size} 个元素，下标只能是 0 到 {size} - 1（或从末尾数的 -{size} 到 "
        "-1），{index} 越界了",
    },
    "tensor.slice_step": {
        "en": "step must be greater than zero",
        "zh": "切片的步长必须大于 0",
    },
    "tensor.index_tensor": {
        "en": "an index tensor holds positions (whole numbers) or a mask (True and False): make "
        "it with integers, e.g. torch.tensor([0, 2]), or call .long()",
        "zh": "用作下标的张量必须是位置（整数）或掩码（True 和 False）：请用整数创建，例如 "
        "torch.tensor([0, 2])，或者调用 .long()",
    },
    "tensor.index_kind": {
        "en": "indices must be integers, slices, None or lists, got {value}",
        "zh": "下标必须是整数、切片、None 或列表，这里得到的是 {value}",
    },
    "tensor.index_broadcast": {
        "en": "shape mismatch: indexing tensors could not be broadcast together with shapes "
        "{shapes}",
        "zh": "形状不匹配：用作下标的几个列表形状 {shapes} 无法一起广播",
    },
    "tensor.setitem_shape": {
        "en": "shape mismatch: value tensor of shape {got} cannot be broadcast to indexing result "
        "of shape {shape}",
        "zh": "形状不匹配：形状为 {got} 的值无法广播到形状为 {shape} 的索引结果上",
    },
    "tensor.negative_power": {
        "en": "an integer to a negative power is a fraction, which an integer tensor cannot "
        "hold: make it floating point first, e.g. x.float() ** -1",
        "zh": "整数的负整数次幂是分数，整数张量装不下：请先转换为浮点数，例如 x.float() ** -1",
    },
    "tensor.bool_neg": {
        "en": "a bool tensor holds True and False, which have no negative: invert a mask with "
        "torch.logical_not(mask), or make the tensor numbers first (.float())",
        "zh": "bool 张量只有 True 和 False，没有相反数：要反转掩码请用 torch.logical_not(mask)，"
        "或者先把它转成数字（.float()）",
    },
    "tensor.mean_dtype": {
        "en": "a mean is taken of floating point data, and this tensor is {dtype}: create it "
        "with dtype=torch.float32, e.g. torch.tensor([1, 2, 3], dtype=torch.float32), or "
        "call .float()",
        "zh": "mean() 只能用于浮点数据，而这个张量是 {dtype} 类型：请用 dtype=torch.float32 创建"
        "张量，例如 torch.tensor([1, 2, 3], dtype=torch.float32)，或者调用 .float()",
    },
    "tensor.reduce_dim_empty": {
        "en": "{name}() over dimension {dim} picks one of its elements, and it has none: reduce "
        "over another dimension, or check why the tensor is empty",
        "zh": "{name}() 要在第 {dim} 维上选出一个元素，而这一维大小为 0：请换一个维度，或检查张量"
        "为什么是空的",
    },
    "tensor.cat_zero_dim": {
        "en": "torch.cat joins tensors along a dimension they have, and a number (0-d) has none: "
        "use torch.stack to make a vector of numbers, or give each one a dimension with "
        ".unsqueeze(0)",
        "zh": "torch.cat 沿已有的某一维拼接，而 0 维张量（一个数）没有维度：把多个数组成向量请用 "
        "torch.stack，或者先用 .unsqueeze(0) 给每个数加一维",
    },
    "tensor.stride_overflow": {
        "en": "Stride calculation overflowed",
        "zh": "步长计算溢出：各维大小之积超出了 int64 的范围（torch：'Stride calculation "
        "overflowed'）",
    },
    "tensor.storage_overflow": {
        "en": "Storage size calculation overflowed with sizes={sizes}",
        "zh": "存储大小计算溢出，尺寸为 {sizes}（torch：'Storage size calculation overflowed with "
        "sizes={sizes}'）",
    },
    "tensor.size_overflow": {
        "en": "Overflow when unpacking long long: a size here is at most 2**63 - 1, got {size}",
        "zh": "尺寸 {size} 超出了 int64 的范围（最大 2**63 - 1）（torch：'Overflow when unpacking "
        "long long'）",
    },
    "tensor.reduce_empty": {
        "en": "{name}(): Expected reduction dim to be specified for input.numel() == 0.",
        "zh": "{name}() 用于空张量时必须指定 dim",
    },
    "tensor.not_implemented": {
        "en": "this operation works on floating point data, and this tensor is {dtype}: create "
        "it with dtype=torch.float32, e.g. torch.tensor([1, 2, 3], dtype=torch.float32), "
        "or call .float()",
        "zh": "这个运算只能用于浮点数据，而这个张量是 {dtype} 类型：请用 dtype=torch.float32 创建"
        "张量，例如 torch.tensor([1, 2, 3], dtype=torch.float32)，或者调用 .float()",
    },
    "tensor.operand_type": {
        "en": "expected a tensor or a number, got {kind}",
        "zh": "这里需要张量或数字，得到的是 {kind}",
    },
    "tensor.matmul_type": {
        "en": "matmul(): argument 'other' must be Tensor, not {kind}",
        "zh": "matmul() 的参数 other 必须是 Tensor，而不是 {kind}",
    },
    "tensor.matmul_dtype": {
        "en": "expected m1 and m2 to have the same dtype, but got: {a} != {b}",
        "zh": "矩阵乘法的两个张量数据类型必须相同，这里是 {a} 和 {b}",
    },
    "tensor.matmul_dims": {
        "en": "matmul here supports 1-D and 2-D tensors, got shapes {a} and {b}",
        "zh": "这里的 matmul 只支持 1 维和 2 维张量，这里的形状是 {a} 和 {b}",
    },
    "tensor.dot_size": {
        "en": "a dot product needs two vectors of the same length, and these have {a} and {b} "
        "elements",
        "zh": "点积要求两个向量长度相同，而这两个分别有 {a} 和 {b} 个元素",
    },
    "tensor.mv_size": {
        "en": "a matrix times a vector needs the vector's length to equal the matrix's columns: "
        "({rows}x{cols}) and ({n}) do not fit",
        "zh": "矩阵乘向量要求向量的长度等于矩阵的列数：({rows}x{cols}) 和 ({n}) 对不上",
    },
    "tensor.mm_size": {
        "en": "a matrix product needs the first matrix's columns to equal the second's rows, and "
        "{left} times {right} does not fit: check the shapes (a Linear layer's in_features "
        "is the size of its input's last dimension), or transpose one with .T",
        "zh": "矩阵乘法要求前一个矩阵的列数等于后一个矩阵的行数，{left} 和 {right} 对不上：请检查"
        "形状（Linear 层的 in_features 就是输入最后一维的大小），或用 .T 转置其中一个",
    },
    "tensor.inplace_leaf": {
        "en": "a leaf that requires grad cannot be changed in place while autograd records: "
        "update parameters inside `with torch.no_grad():`",
        "zh": "需要梯度的叶子张量不能在记录计算图时原地修改：请在 `with torch.no_grad():` 里面更"
        "新参数",
    },
    "tensor.cast": {
        "en": "the result is {result}, and a {dtype} tensor cannot hold it in place: make the "
        "tensor floating point first (.float()), or write x = x + ... to get a new tensor",
        "zh": "运算结果的类型是 {result}，无法原地存回 {dtype} 类型的张量：请先把张量转成浮点（"
        ".float()），或者写成 x = x + ... 得到一个新张量",
    },
    "tensor.inplace_shape": {
        "en": "output with shape {shape} doesn't match the broadcast shape {result}",
        "zh": "原地运算的结果形状 {result} 与张量本身的形状 {shape} 不一致",
    },
    "tensor.ragged": {
        "en": "a tensor is a rectangle: every list at dimension {dim} must have the same length, "
        "{n}, and one has {got}",
        "zh": "张量必须是规整的：第 {dim} 维的每个列表都必须有 {n} 个元素，而有一个列表有 {got} "
        "个",
    },
    "tensor.ragged_number": {
        "en": "expected a list or a number at dim {dim}, not a mix of both",
        "zh": "嵌套列表在第 {dim} 维混用了列表和数字：同一层要么全是列表，要么全是数字",
    },
    "tensor.data_type": {
        "en": "torch.tensor() expects numbers or (nested) lists of numbers, got {kind}",
        "zh": "torch.tensor() 需要数字或（嵌套的）数字列表，这里得到的是 {kind}",
    },
    "tensor.negative_dim": {
        "en": "Trying to create tensor with negative dimension: {shape}",
        "zh": "张量的维度不能是负数：{shape}",
    },
    "tensor.arange_step": {
        "en": "a step of 0 would never reach the end: give arange a step other than 0",
        "zh": "步长为 0 永远走不到终点：请给 arange 一个不为 0 的步长",
    },
    "tensor.arange_sign": {
        "en": "upper bound and larger bound inconsistent with step sign",
        "zh": "终点与起点的大小关系和步长的正负不一致",
    },
    "tensor.remainder_grad": {
        "en": "`%` of tensors is offered here without gradients: compute it on a tensor that "
              "does not require grad (under torch.no_grad() or after .detach())",
        "zh": "这里的张量 `%` 不支持梯度：请对不需要梯度的张量计算（在 torch.no_grad() 中或先 "
              ".detach()）",
    },
    "tensor.remainder_zero": {
        "en": "integer `%` by zero",
        "zh": "整数对 0 取余（`%`）",
    },
    "nn.lce_options": {
        "en": "LinearCrossEntropyLoss here is torch's reference computation: leave options= out "
              "(chunking changes how, not what, it computes)",
        "zh": "这里的 LinearCrossEntropyLoss 是 torch 的参考实现：请不要传 options="
              "（分块只改变计算方式，不改变结果）",
    },
    "nn.lce_weight": {
        "en": "LinearCrossEntropyLoss: weight must have one number per class ({n}), got shape "
              "{shape}",
        "zh": "LinearCrossEntropyLoss：weight 必须每个类别一个数（共 {n} 个），"
              "这里的形状是 {shape}",
    },
    "nn.lce_smoothing": {
        "en": "LinearCrossEntropyLoss: label_smoothing must be between 0 and 1, got {value}",
        "zh": "LinearCrossEntropyLoss：label_smoothing 必须在 0 到 1 之间，这里是 {value}",
    },
    "tensor.out_type": {
        "en": "out= takes a tensor, got {kind}",
        "zh": "out= 需要一个张量，这里是 {kind}",
    },
    "tensor.out_grad": {
        "en": "{name}(out=...) records no history, so none of its tensors may require grad: "
              "assign the result instead (y = ...), or compute under torch.no_grad()",
        "zh": "{name}(out=...) 不记录计算图，所以它的张量都不能需要梯度：请直接赋值（y = ...），"
              "或在 torch.no_grad() 中计算",
    },
    "tensor.out_shape": {
        "en": "out= here must already have the result's shape {shape} and dtype {dtype}; it has "
              "{out_shape} and {out_dtype}: assign the result instead (y = ...)",
        "zh": "这里的 out= 必须已经具有结果的形状 {shape} 和类型 {dtype}，而它是 {out_shape} 和 "
              "{out_dtype}：请直接赋值（y = ...）",
    },
    "tensor.norm_options": {
        "en": ".norm() here is the 2-norm of all the elements: p, dim, keepdim and dtype are "
              "not offered",
        "zh": "这里的 .norm() 只计算全部元素的 2-范数：不支持 p、dim、keepdim 和 dtype",
    },
    "tensor.norm_dtype": {
        "en": ".norm() needs a floating point tensor, not an integer or bool one: convert it "
              "with .float()",
        "zh": ".norm() 需要浮点张量，不能是整数或布尔张量：先用 .float() 转换",
    },
    "tensor.one_hot_dtype": {
        "en": "F.one_hot takes a tensor of class indices of dtype torch.int64 (torch.long): "
              "convert it with .long()",
        "zh": "F.one_hot 需要 torch.int64（torch.long）类型的类别索引张量：先用 .long() 转换",
    },
    "tensor.one_hot_negative": {
        "en": "F.one_hot: class indices must be 0 or more",
        "zh": "F.one_hot：类别索引不能是负数",
    },
    "tensor.one_hot_empty": {
        "en": "F.one_hot of an empty tensor needs num_classes",
        "zh": "对空张量调用 F.one_hot 时需要给出 num_classes",
    },
    "tensor.one_hot_range": {
        "en": "F.one_hot: every class index must be smaller than num_classes",
        "zh": "F.one_hot：每个类别索引都必须小于 num_classes",
    },
    "tensor.linspace_steps": {
        "en": "number of steps must be non-negative",
        "zh": "steps 不能是负数",
    },
    "tensor.stack_empty": {
        "en": "torch.stack needs at least one tensor in its list",
        "zh": "torch.stack 的列表中至少要有一个张量",
    },
    "tensor.stack_size": {
        "en": "stack expects each tensor to be equal size, but got {first} at entry 0 and {other} "
        "at another entry",
        "zh": "stack 要求每个张量形状相同，但第 0 个是 {first}，另一个是 {other}",
    },
    "tensor.cat_empty": {
        "en": "torch.cat needs at least one tensor in its list",
        "zh": "torch.cat 的列表中至少要有一个张量",
    },
    "tensor.cat_size": {
        "en": "Sizes of tensors must match except in dimension {dim}: got {first} and {other}",
        "zh": "除第 {dim} 维外，各张量的大小必须相同：这里是 {first} 和 {other}",
    },
    # --- losses --------------------------------------------------------------------------------
    "loss.reduction_mode": {
        "en": "Invalid reduction mode: {value}. Expected one of 'none', 'mean', 'sum'.",
        "zh": "reduction 的取值 {value} 无效：应为 'none'、'mean' 或 'sum' 之一",
    },
    "loss.reduction": {
        "en": "{value} is not a valid value for reduction",
        "zh": "{value} 不是 reduction 的有效取值：应为 'none'、'mean' 或 'sum' 之一",
    },
    "loss.not_tensor": {
        "en": "{name}(): argument '{arg}' must be Tensor, not {kind}",
        "zh": "{name}() 的参数 '{arg}' 必须是 Tensor，而不是 {kind}",
    },
    "loss.weight_size": {
        "en": "Weights and input must have the same size.",
        "zh": "权重 weight 与输入的形状必须相同",
    },
    "loss.delta": {
        "en": "huber_loss does not support non-positive values for delta.",
        "zh": "huber_loss 的 delta 必须大于 0",
    },
    "loss.beta": {
        "en": "smooth_l1_loss does not support negative values for beta.",
        "zh": "smooth_l1_loss 的 beta 不能是负数",
    },
    "loss.weight_broadcast": {
        "en": "{name} of shape {got} cannot be broadcast to the input's shape {shape}",
        "zh": "形状为 {got} 的 {name} 无法广播到输入的形状 {shape}",
    },
    "loss.target_dtype": {
        "en": "binary cross entropy takes an input and a target of one floating point dtype, and "
        "here the input is {expected} and the target {got}: create both with "
        "dtype=torch.float32 (e.g. torch.tensor([1, 0], dtype=torch.float32)), or call "
        ".float() on the other one",
        "zh": "二元交叉熵要求输入和目标是同一种浮点类型，而这里输入是 {expected}，目标是 {got}："
        "请都用 dtype=torch.float32 创建（例如 torch.tensor([1, 0], dtype=torch.float32)）"
        "，或者对另一个调用 .float()",
    },
    "loss.bce_size": {
        "en": "Using a target size ({target}) that is different to the input size ({input}) is "
        "deprecated. Please ensure they have the same size.",
        "zh": "目标的形状 {target} 与输入的形状 {input} 不同：两者必须相同",
    },
    "loss.bce_range": {
        "en": "all elements of input should be between 0 and 1: pass probabilities (apply "
        "torch.sigmoid first), or use binary_cross_entropy_with_logits on raw scores",
        "zh": "输入的每个元素都应在 0 和 1 之间：请传入概率（先用 torch.sigmoid），"
        "或对原始分数使用 binary_cross_entropy_with_logits",
    },
    "loss.logits_size": {
        "en": "Target size ({target}) must be the same as input size ({input})",
        "zh": "目标的形状 {target} 必须与输入的形状 {input} 相同",
    },
    "loss.input_0d": {
        "en": "input tensor should be 1D or more (classes, or batch x classes)",
        "zh": "输入张量至少要是 1 维的（类别数，或 批大小 x 类别数）",
    },
    "loss.multi_target": {
        "en": "0D or 1D target tensor expected, multi-target not supported",
        "zh": "目标张量应为 0 维或 1 维（类别下标），不支持多目标",
    },
    "loss.batch_size": {
        "en": "Expected input batch_size ({n}) to match target batch_size ({got}).",
        "zh": "输入的批大小 {n} 与目标的批大小 {got} 不一致",
    },
    "loss.target_size": {
        "en": "Expected target size {expected}, got {got} for input of size {shape}",
        "zh": "对形状为 {shape} 的输入，目标的形状应为 {expected}，这里是 {got}",
    },
    "loss.class_weight": {
        "en": "weight tensor should be defined either for all {c} classes or no classes but got "
        "weight tensor of shape: {shape}",
        "zh": "weight 要么为全部 {c} 个类别都给出，要么不给，这里的形状是 {shape}",
    },
    "loss.class_dtype": {
        "en": "class indices are whole numbers, and this target is {dtype}: create it as "
        "torch.tensor([1]) (int64), or call .long()",
        "zh": "类别下标必须是整数，而这个目标是 {dtype} 类型：请写成 torch.tensor([1])（int64），"
        "或者调用 .long()",
    },
    "loss.class_range": {
        "en": "class indices must be in the range 0 to {last} for {c} classes (or equal "
        "ignore_index={ignore_index})",
        "zh": "有 {c} 个类别时，类别下标必须在 0 到 {last} 之间（或等于 "
        "ignore_index={ignore_index}）",
    },
    "loss.smoothing": {
        "en": "label_smoothing must be between 0.0 and 1.0. Got: {value}",
        "zh": "label_smoothing 必须在 0.0 和 1.0 之间，这里是 {value}",
    },
    "loss.probability_dtype": {
        "en": "a target of the input's shape holds class probabilities, which are floating "
        "point, and this one is {dtype}: create it with dtype=torch.float32, or pass class "
        "indices of shape (batch,) instead",
        "zh": "与输入形状相同的目标表示各类别的概率，必须是浮点类型，而这里是 {dtype}：请用 "
        "dtype=torch.float32 创建，或者改为传入形状为 (batch,) 的类别下标",
    },
    "loss.ignore_probabilities": {
        "en": "ignore_index is not supported for floating point target",
        "zh": "目标是浮点类型（类别概率）时不支持 ignore_index",
    },
    "loss.ranking_dims": {
        "en": "margin_ranking_loss : All input tensors should have same dimension but got sizes: "
        "input1: {input1}, input2: {input2}, target: {target} ",
        "zh": "margin_ranking_loss 的三个张量维数必须相同，这里是 input1: {input1}，"
        "input2: {input2}，target: {target}",
    },
    "loss.var_size": {
        "en": "var is of incorrect size: give var the input's shape, the input's shape without its "
        "last dimension, or the input's shape with one dimension of size 1",
        "zh": "var 的形状不对：应与输入相同，或是输入去掉最后一维的形状，"
        "或是把输入的某一维换成 1 的形状（torch：'var is of incorrect size'）",
    },
    "loss.var_negative": {
        "en": "var has negative entry/entries: a variance is never negative",
        "zh": "var 中有负数：方差不能为负（torch：'var has negative entry/entries'）",
    },
    "loss.not_valid": {
        "en": "{value} is not valid",
        "zh": "{value} 不是 reduction 的有效取值：应为 'none'、'mean' 或 'sum' 之一",
    },
    "loss.cosine_dims": {
        "en": "{target}D target tensor expects {input}D input tensors, but found inputs with "
        "sizes {a} and {b}.",
        "zh": "{target} 维的目标需要 {input} 维的输入，这里输入的形状是 {a} 和 {b}",
    },
    "loss.margin_input": {
        "en": "Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
        "{shape}",
        "zh": "输入应是非空的向量或矩阵（批大小可以为 0），这里的形状是 {shape}",
    },
    "loss.margin_p": {
        "en": "only p == 1 and p == 2 supported",
        "zh": "p 只能是 1 或 2",
    },
    "loss.weight_1d": {
        "en": "weight must be one-dimensional",
        "zh": "weight 必须是一维张量（每个类别一个权重）",
    },
    "loss.margin_target": {
        "en": "inconsistent target size, expected {n} but got {shape}: give one class index per "
        "sample",
        "zh": "目标的大小不一致：应为 {n} 个（每个样本一个类别下标），这里的形状是 {shape}",
    },
    "loss.margin_weight": {
        "en": "inconsistent weight size, expected {c} but got {shape}",
        "zh": "weight 的大小不一致：应为 {c}（每个类别一个），这里的形状是 {shape}",
    },
    "loss.margin_range": {
        "en": "target out of range: class indices run from 0 to the number of classes - 1",
        "zh": "目标越界：类别下标应在 0 到 类别数 - 1 之间（torch：'target out of range'）",
    },
    "loss.multilabel_target": {
        "en": "inconsistent target size: {target} for input of size: {shape}",
        "zh": "目标的形状 {target} 与输入的形状 {shape} 不一致：两者必须相同",
    },
    "loss.triplet_margin": {
        "en": "margin must be greater than 0, got {margin}",
        "zh": "margin 必须大于 0，这里是 {margin}",
    },
    "loss.triplet_dims": {
        "en": "All inputs should have same dimension but got {a}D, {p}D and {n}D inputs.",
        "zh": "三个输入的维数必须相同，这里分别是 {a} 维、{p} 维和 {n} 维",
    },
    "loss.triplet_distance_dims": {
        "en": "The anchor, positive, and negative tensors are expected to have the same number "
        "of dimensions, but got: anchor {a}D, positive {p}D, and negative {n}D inputs",
        "zh": "anchor、positive 和 negative 的维数必须相同，这里分别是 {a} 维、{p} 维和 {n} 维",
    },
    "loss.ctc_dims": {
        "en": "ctc_loss expects log_probs of shape (T, N, C), or (T, C) for one sequence, but got "
        "a {dim}-dimensional tensor",
        "zh": "ctc_loss 的 log_probs 形状应为 (T, N, C)，单个序列时为 (T, C)，这里是 {dim} 维张量",
    },
    "loss.ctc_blank": {
        "en": "blank must be in label range",
        "zh": "blank 必须是一个有效的类别下标（0 到 C - 1）",
    },
    "loss.ctc_lengths_dtype": {
        "en": "{what} must be integral",
        "zh": "{what} 必须是整数",
    },
    "loss.ctc_lengths_size": {
        "en": "{what} must be of size batch_size",
        "zh": "{what} 的长度必须等于批大小 N",
    },
    "loss.ctc_targets": {
        "en": "targets of shape {shape} do not fit a batch of {n}: give (N, S) padded targets or "
        "all targets one after another in one dimension",
        "zh": "形状为 {shape} 的 targets 与批大小 {n} 不符：请给出 (N, S) 的补齐目标，"
        "或把所有目标依次排成一维",
    },
    "loss.ctc_length_low": {
        "en": "Expected {what} to have value at least 0, but got value {got}",
        "zh": "{what} 中的值不能小于 0，这里是 {got}",
    },
    "loss.ctc_length_high": {
        "en": "Expected {what} to have value at most {most}, but got value {got}",
        "zh": "{what} 中的值不能大于 {most}（输入的时间步数），这里是 {got}",
    },
    "loss.ctc_concatenated": {
        "en": "Expected tensor to have size {expected} at dimension 0, but got size {got} for "
        "argument #2 'targets': one-dimensional targets hold sum(target_lengths) labels",
        "zh": "一维的 targets 应有 sum(target_lengths) = {expected} 个标签，这里有 {got} 个",
    },
    "loss.ctc_padded": {
        "en": "Expected tensor to have size at least {most} at dimension 1, but got size {got} "
        "for argument #2 'targets'",
        "zh": "targets 的第 1 维至少要有 {most}（最长目标的长度），这里是 {got}",
    },
    "loss.distance_function": {
        "en": "a custom distance_function is not supported here: leave it out to use "
        "torch.pairwise_distance, or compute the distances and use "
        "torch.clamp_min(margin + d_pos - d_neg, 0)",
        "zh": "这里不支持自定义 distance_function：省略它即使用 torch.pairwise_distance，"
        "或自己算出距离后用 torch.clamp_min(margin + d_pos - d_neg, 0)",
    },
    # --- charts: matplotlib.pyplot recorded (matplotlib's and torch's own wording quoted) -------
    "run.undefined_plt": {
        "en": "name '{name}' is not defined: add `import matplotlib.pyplot as plt` first",
        "zh": "名字 '{name}' 没有定义：请先加上 `import matplotlib.pyplot as plt`",
    },
    "plot.not_offered": {
        "en": "{name} is not offered here: this is not matplotlib, the page draws only what "
              "these record: {offers}",
        "zh": "这里没有 {name}：这里不是真正的 matplotlib，页面只画出以下函数记录的内容：{offers}",
    },
    "plot.requires_grad": {
        "en": "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
              "instead. (matplotlib reads a tensor through numpy: plot t.detach())",
        "zh": "matplotlib 通过 numpy 读取张量，而需要梯度的张量不能转成 numpy：请画 t.detach()"
              "（torch 的报错：\"Can't call numpy() on Tensor that requires grad. Use "
              "tensor.detach().numpy() instead.\"）",
    },
    "plot.value": {
        "en": "{func}() takes numbers, not micrograd Values: plot their .data, as in "
              "[v.data for v in values]",
        "zh": "{func}() 需要数字，而不是 micrograd 的 Value：请画它们的 .data，例如 "
              "[v.data for v in values]",
    },
    "plot.data": {
        "en": "{func}() takes numbers: a list, tuple, range or tensor of them, got {kind}",
        "zh": "{func}() 需要数字：由数字组成的列表、元组、range 或张量，这里得到的是 {kind}",
    },
    "plot.dims": {
        "en": "{func}() takes data of at most 2 dimensions, got {ndim}",
        "zh": "{func}() 的数据最多 2 维，这里是 {ndim} 维",
    },
    "plot.ragged": {
        "en": "{func}() takes rows of equal length: these rows differ",
        "zh": "{func}() 的每一行长度必须相同：这些行的长度不一样",
    },
    "plot.lengths": {
        "en": "x and y must have same first dimension, but have shapes ({nx},) and ({ny},)",
        "zh": "x 和 y 的第一维必须相同，这里分别是 ({nx},) 和 ({ny},)",
    },
    "plot.columns": {
        "en": "x has {nx} columns but y has {ny} columns",
        "zh": "x 有 {nx} 列，而 y 有 {ny} 列",
    },
    "plot.same_size": {
        "en": "x and y must be the same size",
        "zh": "x 和 y 的大小必须相同",
    },
    "plot.length": {
        "en": "{what} has {n} values but there are {points} points",
        "zh": "{what} 有 {n} 个值，但这里有 {points} 个点",
    },
    "plot.format_char": {
        "en": "'{fmt}' is not a valid format string (unrecognized character '{char}')",
        "zh": "'{fmt}' 不是有效的格式字符串（无法识别的字符 '{char}'）",
    },
    "plot.format_cycle": {
        "en": "'{fmt}' is not a valid format string ('C' must be followed by a number)",
        "zh": "'{fmt}' 不是有效的格式字符串（'C' 后面必须跟一个数字）",
    },
    "plot.format_twice": {
        "en": "'{fmt}' is not a valid format string (two {part} symbols)",
        "zh": "'{fmt}' 不是有效的格式字符串（有两个{part}符号）",
    },
    "plot.part.linestyle": {"en": "linestyle", "zh": "线型"},
    "plot.part.marker": {"en": "marker", "zh": "标记"},
    "plot.part.color": {"en": "color", "zh": "颜色"},
    "plot.color": {
        "en": "'{color}' is not a valid color: use a name ('red', 'tab:blue'), a letter "
              "('r'), 'C0' to 'C9', '#rrggbb', a grey level ('0.5') or an (r, g, b) tuple of "
              "0-1 floats",
        "zh": "'{color}' 不是有效的颜色：请用颜色名（'red'、'tab:blue'）、字母（'r'）、"
              "'C0' 到 'C9'、'#rrggbb'、灰度（'0.5'）或 0 到 1 之间的 (r, g, b) 元组",
    },
    "plot.linestyle": {
        "en": "'{value}' is not a valid linestyle: use '-', '--', '-.', ':' or ''",
        "zh": "'{value}' 不是有效的线型：请用 '-'、'--'、'-.'、':' 或 ''",
    },
    "plot.marker": {
        "en": "'{value}' is not a valid marker: use one of . , o v ^ < > 1 2 3 4 8 s p P * h H "
              "+ x X D d | _",
        "zh": "'{value}' 不是有效的标记：请用 . , o v ^ < > 1 2 3 4 8 s p P * h H + x X D d "
              "| _ 之一",
    },
    "plot.cmap": {
        "en": "'{name}' is not a colormap offered here; offered: {offers}",
        "zh": "这里没有颜色映射 '{name}'；可用的有：{offers}",
    },
    "plot.aliases": {
        "en": "Got both '{first}' and '{second}', which are aliases of one another",
        "zh": "'{first}' 和 '{second}' 是同一个参数的两个名字：只写其中一个",
    },
    "plot.text": {
        "en": "the {what} must be text or a number, got {kind}",
        "zh": "{what} 必须是文本或数字，这里得到的是 {kind}",
    },
    "plot.text_long": {
        "en": "a title, label or category has at most {limit} characters here (this one has "
              "{n:,})",
        "zh": "这里的标题、标签或类别最多 {limit} 个字符（这个有 {n:,} 个）",
    },
    "plot.number": {
        "en": "{what} must be a number, got {kind}",
        "zh": "{what} 必须是数字，这里得到的是 {kind}",
    },
    "plot.number_range": {
        "en": "{what} must be at least {least}, got {value}",
        "zh": "{what} 至少为 {least}，这里是 {value}",
    },
    "plot.alpha": {
        "en": "alpha ({value}) is outside 0-1 range",
        "zh": "alpha（{value}）不在 0 到 1 之间",
    },
    "plot.limits": {
        "en": "{names}() takes (low, high), a pair in a tuple, or keywords, not both",
        "zh": "{names}() 接受 (下限, 上限)、一个二元组或关键字参数，不能同时使用",
    },
    "plot.limits_finite": {
        "en": "Axis limits cannot be NaN or Inf",
        "zh": "坐标轴范围不能是 NaN 或 Inf",
    },
    "plot.scale": {
        "en": "'{value}' is not a scale offered here; offered: {offers}",
        "zh": "这里没有坐标轴刻度 '{value}'；可用的有：{offers}",
    },
    "plot.align": {
        "en": "'{value}' is not a valid value for align; supported values are 'center', 'edge'",
        "zh": "align 不能是 '{value}'；可用的值是 'center' 和 'edge'",
    },
    "plot.bins": {
        "en": "bins is a number of bins from 1 to {limit:,} here, or a list of at least two "
              "increasing edges",
        "zh": "bins 在这里是 1 到 {limit:,} 之间的箱数，或至少两个递增边界组成的列表",
    },
    "plot.hist": {
        "en": "{detail}",
        "zh": "numpy 无法计算这个直方图（numpy 的报错：\"{detail}\"）",
    },
    "plot.hist_range": {
        "en": "range is a pair (low, high)",
        "zh": "range 是一对数 (下限, 上限)",
    },
    "plot.hist_datasets": {
        "en": "hist() draws one set of numbers here, got {n} columns: call hist() once for each",
        "zh": "这里的 hist() 只画一组数字，这里有 {n} 列：请对每一组分别调用 hist()",
    },
    "plot.legend_labels": {
        "en": "legend() takes a list of labels, got {kind}",
        "zh": "legend() 需要一个标签列表，这里得到的是 {kind}",
    },
    "plot.legend_loc": {
        "en": "'{value}' is not a valid value for loc; supported values are {offers}",
        "zh": "loc 不能是 '{value}'；可用的值有：{offers}",
    },
    "plot.grid_axis": {
        "en": "'{value}' is not a valid value for axis; supported values are 'both', 'x', 'y'",
        "zh": "axis 不能是 '{value}'；可用的值是 'both'、'x' 和 'y'",
    },
    "plot.figsize": {
        "en": "figsize is a pair (width, height) in inches",
        "zh": "figsize 是一对数 (宽, 高)，单位是英寸",
    },
    "plot.figure_num": {
        "en": "a figure's number is an int or a short string, got {kind}",
        "zh": "图的编号应是整数或短字符串，这里得到的是 {kind}",
    },
    "plot.subplot": {
        "en": "subplot takes nrows, ncols and an index from 1 to nrows * ncols (or three digits, "
              "subplot(211)), got {given}",
        "zh": "subplot 需要 nrows、ncols 和 1 到 nrows * ncols 之间的 index（或三位数字，如 "
              "subplot(211)），这里是 {given}",
    },
    "plot.subplots": {
        "en": "subplots() makes one axes here: write fig, ax = plt.subplots() (got {nrows} rows "
              "and {ncols} columns), and a figure for each chart",
        "zh": "这里的 subplots() 只生成一个坐标系：请写 fig, ax = plt.subplots()"
              "（这里是 {nrows} 行 {ncols} 列），每张图各用一个 figure",
    },
    "plot.too_many_points": {
        "en": "a line, scatter or histogram holds at most {limit:,} points here (this one has "
              "{n:,}): plot every k-th point, as in ys[::10]",
        "zh": "这里每条线、散点或直方图最多 {limit:,} 个点（这个有 {n:,} 个）："
              "可以每隔 k 个取一个点，例如 ys[::10]",
    },
    "plot.too_many_total": {
        "en": "the charts of one run hold at most {limit:,} points in all",
        "zh": "一次运行的所有图表加起来最多 {limit:,} 个点",
    },
    "plot.too_many_traces": {
        "en": "a figure holds at most {limit} lines, scatters, bar sets and histograms here",
        "zh": "这里每张图最多 {limit} 条线、散点、柱状图和直方图",
    },
    "plot.too_many_figures": {
        "en": "one run draws at most {limit} figures here",
        "zh": "这里一次运行最多画 {limit} 张图",
    },
    # --- the step-through and the gradient check ---------------------------------------------
    "chain.forward": {
        "en": "{formula}",
        "zh": "{formula}",
    },
    "chain.seed": {
        "en": "d{root}/d{root} = 1",
        "zh": "d{root}/d{root} = 1（输出对自身的导数）",
    },
    "chain.term": {
        "en": "d{root}/d{node} += d{root}/d{value} * d{value}/d{node} = {upstream} * {local} = "
        "{term}",
        "zh": "d{root}/d{node} += d{root}/d{value} * d{value}/d{node} = {upstream} * {local} = "
        "{term}（上游梯度 × 局部导数）",
    },
    "chain.sum": {
        "en": "d{root}/d{node} += d{root}/d{value} * d{value}/d{node} = {upstream} * {local} = "
        "{term}  →  d{root}/d{node} = {before} + {term} = {total}",
        "zh": "d{root}/d{node} += d{root}/d{value} * d{value}/d{node} = {upstream} * {local} = "
        "{term}  →  累加后 d{root}/d{node} = {before} + {term} = {total}",
    },
    "gradcheck.nonfinite": {
        "en": "non-finite value (inf or nan) here: the finite difference is not meaningful",
        "zh": "这里有非有限值（inf 或 nan）：有限差分没有意义",
    },
    "gradcheck.precision": {
        "en": "eps = {eps:g} is below the precision of {x:g}: the difference sees no change",
        "zh": "eps = {eps:g} 小于 {x:g} 的浮点精度：差分看不到任何变化",
    },
    "gradcheck.kink": {
        "en": "kink: the slope is {left:.6g} on the left and {right:.6g} on the right, so the "
        "derivative is not defined here and autograd uses a convention",
        "zh": "折点：左侧斜率为 {left:.6g}，右侧斜率为 {right:.6g}，所以这里导数没有定义，"
        "自动求导采用了一个约定值",
    },
    # --- the Descent page's inputs ----------------------------------------------------------
    "expr.one_line": {
        "en": "write the function on one line, as an expression in x and y",
        "zh": "请把函数写在一行里，写成关于 x 和 y 的表达式",
    },
    "expr.not_number": {
        "en": "the expression must be a single number computed from x and y",
        "zh": "表达式必须是由 x 和 y 算出的一个数",
    },
    "expr.too_long": {
        "en": "the expression has {n:,} operations; this page draws at most {limit:,}: write a "
        "shorter one",
        "zh": "这个表达式有 {n:,} 步运算，本页最多只能画 {limit:,} 步：请写一个更短的表达式",
    },
    "expr.no_variable": {
        "en": "the expression does not use x or y: there is nothing to move",
        "zh": "表达式没有用到 x 或 y：没有可以移动的变量",
    },
    "hidden.sizes": {
        "en": "1 to {most} layer sizes separated by commas, e.g. 16, 16",
        "zh": "请写 1 到 {most} 个用逗号分隔的层大小，例如 16, 16",
    },
    "hidden.units": {
        "en": "each layer has 1 to {most} units",
        "zh": "每层要有 1 到 {most} 个单元",
    },
    # --- running the code ----------------------------------------------------------------------
    "run.with": {
        "en": "only `with torch.no_grad():` (or torch.enable_grad()) is supported here",
        "zh": "这里只支持 `with torch.no_grad():`（或 torch.enable_grad()）",
    },
    "run.assert": {
        "en": "assertion failed",
        "zh": "断言失败（assert 的条件不成立）",
    },
    "run.assert_message": {
        "en": "assertion failed: {text}",
        "zh": "断言失败：{text}",
    },
    "run.immutable_type": {
        "en": "cannot set '{name}' attribute of immutable type '{kind}'",
        "zh": "不能修改内置类型 '{kind}' 的属性 '{name}'",
    },
    "run.del_item": {
        "en": "'{kind}' object doesn't support item deletion",
        "zh": "'{kind}' 对象不支持用 del 删除元素",
    },
    "run.del_missing": {
        "en": "'{kind}' object has no attribute '{name}'",
        "zh": "'{kind}' 对象没有属性 '{name}'，无法删除",
    },
    "run.del_missing_class": {
        "en": "type object '{kind}' has no attribute '{name}'",
        "zh": "类 '{kind}' 没有属性 '{name}'，无法删除",
    },
    "run.del_attribute": {
        "en": "cannot delete attribute '{name}' of {kind} here",
        "zh": "这里不能删除 {kind} 的属性 '{name}'",
    },
    "run.raised": {
        "en": "{kind}: {text} (raised and not caught)",
        "zh": "抛出了 {kind}：{text}（没有被 except 捕获）",
    },
    "run.raised_empty": {
        "en": "{kind} (raised and not caught)",
        "zh": "抛出了 {kind}（没有被 except 捕获）",
    },
    "run.reraise": {
        "en": "No active exception to reraise",
        "zh": "没有正在处理的异常可以重新抛出：单独的 `raise` 只能写在 except 块中"
        "（Python：'No active exception to reraise'）",
    },
    "run.raise_type": {
        "en": "exceptions must derive from BaseException",
        "zh": "只能抛出异常：raise 后面应是异常类或异常对象，例如 raise ValueError('说明')"
        "（Python：'exceptions must derive from BaseException'）",
    },
    "run.raise_cause": {
        "en": "exception causes must derive from BaseException",
        "zh": "raise ... from 后面必须是异常或 None（Python：'exception causes must derive from "
        "BaseException'）",
    },
    "run.except_class": {
        "en": "catching classes that do not inherit from BaseException is not allowed",
        "zh": "except 后面只能写异常类（例如 ValueError），或异常类的元组"
        "（Python：'catching classes that do not inherit from BaseException is not allowed'）",
    },
    "run.exception_keywords": {
        "en": "{name}() takes no keyword arguments",
        "zh": "{name}() 不接受关键字参数",
    },
    "run.type_not_offered": {
        "en": "type() of a {kind} is not offered here: it gives the class of a number, string, "
              "list, tuple, dict, set, tensor or an object of the code's own classes; "
              "isinstance(x, SomeClass) tests any of them",
        "zh": "这里不提供 {kind} 的 type()：它只给出数字、字符串、列表、元组、字典、集合、张量"
              "或代码自己定义的类的对象的类；isinstance(x, 某个类) 可以检验它们",
    },
    "run.undefined": {
        "en": "name '{name}' is not defined",
        "zh": "名字 '{name}' 没有定义",
    },
    "run.undefined_close": {
        "en": "name '{name}' is not defined; did you mean '{close}'?",
        "zh": "名字 '{name}' 没有定义；你是不是想写 '{close}'？",
    },
    "run.undefined_random": {
        "en": "name '{name}' is not defined: add `import random` first",
        "zh": "名字 '{name}' 没有定义：请先加上 `import random`",
    },
    "random.sequence": {
        "en": "random.{name}() takes a list, tuple, string, range or tensor here, not {kind}",
        "zh": "这里的 random.{name}() 接受列表、元组、字符串、range 或张量，而不是 {kind}",
    },
    "random.too_many": {
        "en": "random.{name}() handles at most {limit:,} items here",
        "zh": "这里的 random.{name}() 最多处理 {limit:,} 个元素",
    },
    "random.shuffle": {
        "en": "random.shuffle() shuffles a list in place; a {kind} cannot be changed",
        "zh": "random.shuffle() 原地打乱一个列表；{kind} 不能被修改",
    },
    "math.real_numbers": {
        "en": "math.{name}() takes numbers here, not {kind}",
        "zh": "这里的 math.{name}() 只接受数字，而不是 {kind}",
    },
    "run.undefined_torch": {
        "en": "name '{name}' is not defined: add `import torch` at the top",
        "zh": "名字 '{name}' 没有定义：请在开头加上 `import torch`",
    },
    "run.undefined_nn": {
        "en": "name '{name}' is not defined: add `import torch.nn as nn` (or `from torch import "
        "nn`) at the top",
        "zh": "名字 '{name}' 没有定义：请在开头加上 `import torch.nn as nn`（或 `from torch import "
        "nn`）",
    },
    "run.undefined_f": {
        "en": "name '{name}' is not defined: add `import torch.nn.functional as F` at the top",
        "zh": "名字 '{name}' 没有定义：请在开头加上 `import torch.nn.functional as F`",
    },
    "run.undefined_optim": {
        "en": "name '{name}' is not defined: add `import torch.optim as optim` at the top",
        "zh": "名字 '{name}' 没有定义：请在开头加上 `import torch.optim as optim`",
    },
    "run.undefined_math": {
        "en": "name '{name}' is not defined: add `import math` at the top",
        "zh": "名字 '{name}' 没有定义：请在开头加上 `import math`",
    },
    "run.undefined_numpy": {
        "en": "name '{name}' is not defined: add `import numpy as np` at the top",
        "zh": "名字 '{name}' 没有定义：请在开头加上 `import numpy as np`",
    },
    "run.unpack_non_iterable": {
        "en": "cannot unpack non-iterable {kind} object",
        "zh": "无法拆包：{kind} 对象不可迭代",
    },
    "run.unpack_too_many": {
        "en": "too many values to unpack (expected {n})",
        "zh": "要拆包的值太多（应为 {n} 个）",
    },
    "run.unpack_too_few": {
        "en": "not enough values to unpack (expected {n}, got {got})",
        "zh": "要拆包的值不够（应为 {n} 个，实际 {got} 个）",
    },
    "run.item_assignment": {
        "en": "'{kind}' object does not support item assignment",
        "zh": "'{kind}' 对象不支持按下标赋值",
    },
    "run.slice_assignment": {
        "en": "assigning to a slice of a list is not supported here: assign items one by one",
        "zh": "这里不支持给列表的切片赋值：请逐个元素赋值",
    },
    "run.format_manual_then_automatic": {
        "en": "cannot switch from manual field specification to automatic field numbering",
        "zh": "不能从手动编号的字段（如 {{0}}）切换到自动编号的字段（{{}}）",
    },
    "run.format_automatic_then_manual": {
        "en": "cannot switch from automatic field numbering to manual field specification",
        "zh": "不能从自动编号的字段（{{}}）切换到手动编号的字段（如 {{0}}）",
    },
    "run.format_index": {
        "en": "Replacement index {index} out of range for positional args tuple",
        "zh": "替换字段的编号 {index} 超出了位置参数的范围",
    },
    "run.format_key": {
        "en": "KeyError: '{name}': the format string names '{name}', which is not one of the "
        "keyword arguments",
        "zh": "KeyError: '{name}'：格式字符串中的字段 '{name}' 没有对应的关键字参数",
    },
    "run.format_depth": {
        "en": "Max string recursion exceeded",
        "zh": "格式说明中嵌套的字段太深（最多两层）",
    },
    "run.format_conversion": {
        "en": "Unknown conversion specifier {conversion}",
        "zh": "未知的转换符 {conversion}：可用的有 !s、!r 和 !a",
    },
    "run.format_spec_type": {
        "en": "unsupported format string passed to {kind}.__format__",
        "zh": "{kind} 不支持格式说明（unsupported format string passed to {kind}.__format__）",
    },
    "run.format_spec": {
        "en": "format() argument 2 must be str, not {kind}",
        "zh": "format() 的第 2 个参数必须是字符串，而不是 {kind}",
    },
    "run.isinstance_type": {
        "en": "isinstance() arg 2 must be a type, a tuple of types, or a union, not {kind}",
        "zh": "isinstance() 的第 2 个参数必须是类型或类型组成的元组，而不是 {kind}",
    },
    "run.unbound_local": {
        "en": "cannot access local variable '{name}' where it is not associated with a value",
        "zh": "局部变量 '{name}' 在赋值之前就被使用了（函数里给它赋过值，它就是局部变量）",
    },
    "run.double_star": {
        "en": "{call} argument after ** must be a mapping, not {kind}",
        "zh": "{call} 中 ** 后面必须是字典，而不是 {kind}",
    },
    "run.keywords_strings": {
        "en": "keywords must be strings",
        "zh": "关键字参数的名字必须是字符串",
    },
    "run.class_base": {
        "en": "a class here can inherit only from another class of this code (or object), not "
        "from {kind}",
        "zh": "这里的类只能继承这段代码中定义的另一个类（或 object），不能继承 {kind}",
    },
    "run.init_result": {
        "en": "__init__() should return None, not '{kind}'",
        "zh": "__init__() 应当返回 None，而不是 '{kind}'",
    },
    "run.text_result": {
        "en": "{name} returned non-string (type {kind})",
        "zh": "{name} 返回的不是字符串（类型为 {kind}）",
    },
    "run.super_arguments": {
        "en": "super() takes no arguments here, or a class of this code and an object of it",
        "zh": "这里的 super() 不带参数，或者带这段代码中的一个类和它的一个对象",
    },
    "run.super_outside": {
        "en": "super(): no arguments",
        "zh": "super() 只能在类的方法中不带参数地使用",
    },
    "run.not_subscriptable": {
        "en": "'{kind}' object is not subscriptable",
        "zh": "'{kind}' 对象不能用下标访问",
    },
    "run.starred": {
        "en": "`*` is only supported in calls and list displays here",
        "zh": "这里的 `*` 只能用在函数调用和列表字面量中",
    },
    "run.not_callable": {
        "en": "'{kind}' object is not callable",
        "zh": "'{kind}' 对象不能被调用",
    },
    "run.print_separator": {
        "en": "{name} must be None or a string, not {kind}",
        "zh": "{name} 必须是 None 或字符串，而不是 {kind}",
    },
    "run.not_integer": {
        "en": "'{kind}' object cannot be interpreted as an integer",
        "zh": "'{kind}' 对象不能当作整数使用",
    },
    "run.empty_extreme": {
        "en": "{name}() arg is an empty sequence",
        "zh": "{name}() 的参数是空序列",
    },
    "run.overflow": {
        "en": "a number is too large for a float ({detail}): use smaller numbers",
        "zh": "数字太大，超出了浮点数的范围（{detail}）：请用小一些的数",
    },
    "run.zero_division": {
        "en": "{detail}: check the divisor",
        "zh": "除以零（{detail}）：请检查除数",
    },
    "run.python": {
        "en": "{detail}",
        "zh": "运行出错：{detail}",
    },
    # --- calls ---------------------------------------------------------------------------------
    "call.no_positional": {
        "en": "{call} takes no positional arguments ({given} given)",
        "zh": "{call} 不接受位置参数（实际给了 {given} 个）",
    },
    "call.too_many": {
        "en": "{call} takes at most {most} positional arguments ({given} given)",
        "zh": "{call} 最多接受 {most} 个位置参数（实际给了 {given} 个）",
    },
    "call.unexpected_keyword": {
        "en": "{call} got an unexpected keyword argument '{name}'",
        "zh": "{call} 没有名为 '{name}' 的关键字参数",
    },
    "call.unexpected_keyword_close": {
        "en": "{call} got an unexpected keyword argument '{name}'; did you mean '{close}'?",
        "zh": "{call} 没有名为 '{name}' 的关键字参数；你是不是想写 '{close}'？",
    },
    "call.duplicate": {
        "en": "{call} got multiple values for argument '{name}'",
        "zh": "{call} 的参数 '{name}' 被给了多次",
    },
    "call.missing": {
        "en": "{call} missing required argument '{name}'",
        "zh": "{call} 缺少必需的参数 '{name}'",
    },
    "op.param_number": {
        "en": "{call}: {name} must be a number, got {value}",
        "zh": "{call}：参数 {name} 必须是数字，实际是 {value}",
    },
    # --- the bounds of one evaluation ----------------------------------------------------------
    "limit.chars": {
        "en": "the code is {n:,} characters long; at most {limit:,} are allowed here (the limit is "
        "crossed on this line): shorten it",
        "zh": "代码长 {n:,} 个字符，这里最多允许 {limit:,} 个（在这一行超出）：请缩短代码",
    },
    "limit.parser": {
        "en": "the code is nested too deeply or an expression is too long for the parser: split "
        "it into several shorter statements",
        "zh": "代码嵌套太深，或表达式太长，解析器无法处理：请拆成几条较短的语句",
    },
    "limit.depth": {
        "en": "the code is nested more than {limit} levels deep: split long expressions into "
        "several statements",
        "zh": "代码嵌套超过 {limit} 层：请把长表达式拆成几条语句",
    },
    "limit.seconds": {
        "en": "the code ran for more than {limit:g} seconds, the limit here: use fewer loop steps "
        "or smaller tensors",
        "zh": "代码运行超过了 {limit:g} 秒的上限：请减少循环步数或用更小的张量",
    },
    "limit.values": {
        "en": "the code creates more than {limit:,} Values (scalar nodes), the limit here: use "
        "fewer loop steps, smaller tensors or a smaller model",
        "zh": "代码创建的 Value（标量节点）超过了 {limit:,} 个的上限：请减少循环步数、"
        "用更小的张量或更小的模型",
    },
    "limit.elements": {
        "en": "the code computes more than {limit:,} tensor elements in all, the limit here: use "
        "fewer loop steps or smaller tensors",
        "zh": "代码计算的张量元素总数超过了 {limit:,} 个的上限：请减少循环步数或用更小的张量",
    },
    "level.unoffered": {
        "en": "{name} does not run on the {level} level yet. A program runs on the tensor level "
        "(numpy arrays) for what it prints and on the scalar level (micrograd Values) for the "
        "graph it draws, each level where it can; this one needs {name} on the level that "
        "lacks it. Leave {name} out, or, if the program is too large for the scalar level, "
        "make it smaller (fewer loop steps, smaller tensors)",
        "zh": "{name} 目前还不能在 {level} 层运行。程序在张量层（numpy 数组）上运行得到打印结果，"
        "在标量层（micrograd 的 Value）上运行画出计算图，能在哪一层运行就在哪一层运行；"
        "这段程序需要在缺少 {name} 的那一层用到它。请去掉 {name}；如果程序对标量层来说太大，"
        "请把它缩小（更少的循环步数、更小的张量）",
    },
    "tensor.inplace_saved": {
        "en": "one of the variables needed for gradient computation has been modified by an "
        "inplace operation: [torch.{kind}Tensor {shape}], which is used by {name}, is at version "
        "{version}; expected version {expected} instead. Compute the backward before changing "
        "the tensor in place, or change a copy (x = x + 1 instead of x += 1)",
        "zh": "反向传播需要的一个张量已被原地操作修改：[torch.{kind}Tensor {shape}]"
        "（{name} 要用到它）现在是版本 {version}，应为版本 {expected}。"
        "请在原地修改之前先做反向传播，或者修改一个副本（用 x = x + 1 代替 x += 1）",
    },
    "limit.items": {
        "en": "the code builds more than {limit:,} list items and characters in all, the limit "
        "here: build smaller lists and strings, grow lists with `.append`, print less",
        "zh": "代码一共构建的列表元素和字符超过了 {limit:,} 个的上限：请构建更小的列表和字符串，"
        "用 `.append` 增长列表，少打印一些",
    },
    "limit.format_width": {
        "en": "a format asks for a width or precision of more than {limit:,} characters, the "
        "limit here: use a smaller number",
        "zh": "格式说明要求的宽度或精度超过了 {limit:,} 个字符的上限：请用更小的数字",
    },
    "limit.calls": {
        "en": "the code's functions call each other (or themselves) more than {limit} deep, the "
        "limit here: give the recursion a base case that stops it sooner, or use a loop",
        "zh": "代码中的函数互相调用（或调用自身）超过了 {limit} 层的上限：请让递归更早结束，"
        "或改用循环",
    },
    "limit.iterations": {
        "en": "the code runs more than {limit:,} loop steps and function calls in all "
        "(comprehensions included), the limit here: use smaller ranges",
        "zh": "代码一共运行的循环步数和函数调用（包括推导式）超过了 {limit:,} 步的上限："
        "请用更小的 range",
    },
    "limit.power": {
        "en": "{a} ** {b} is too large: integers here stay below about 1e308 (use floats, e.g. "
        "2.0 ** 10, where inf is the answer past that)",
        "zh": "{a} ** {b} 太大了：这里的整数不能超过约 1e308（请用浮点数，例如 2.0 ** 10，"
        "超出范围时结果为 inf）",
    },
    "limit.int": {
        "en": "this integer is too large: numbers here stay below about 1e308 (use floats, where "
        "inf is the answer past that)",
        "zh": "这个整数太大了：这里的数字不能超过约 1e308（请用浮点数，超出范围时结果为 inf）",
    },
    "limit.argument": {
        "en": "an argument holds more than {limit:,} numbers, the most a tensor may have here: "
        "use smaller data",
        "zh": "有一个参数包含超过 {limit:,} 个数，这是这里一个张量最多能有的元素个数："
        "请用更小的数据",
    },
    "limit.int_text": {
        "en": "int() reads at most {limit} characters here",
        "zh": "这里的 int() 最多读取 {limit} 个字符",
    },
    "limit.round_digits": {
        "en": "round() takes at most {limit} digits here",
        "zh": "这里的 round() 最多保留 {limit} 位",
    },
    "limit.recursion": {
        "en": "the data is nested too deeply to handle (Python's recursion limit): use flatter "
        "lists",
        "zh": "数据嵌套太深，无法处理（超出了 Python 的递归上限）：请用层次更少的列表",
    },
    "limit.memory": {
        "en": "the code ran out of memory: use smaller sizes",
        "zh": "代码耗尽了内存：请用更小的尺寸",
    },
    # --- random numbers ----------------------------------------------------------------------
    "random.seed_type": {
        "en": "manual_seed() expects an integer, got {kind}",
        "zh": "manual_seed() 需要一个整数，这里得到的是 {kind}",
    },
    "random.seed_range": {
        "en": "Overflow when unpacking long long",
        "zh": "种子超出范围（\"Overflow when unpacking long long\"）："
              "种子须在 -2**63 到 2**64 - 1 之间",
    },
    "random.state_type": {
        "en": "expected a state from torch.get_rng_state(), but got {kind}",
        "zh": "需要 torch.get_rng_state() 得到的状态，这里得到的是 {kind}",
    },
    "random.generator_type": {
        "en": "generator= must be a torch.Generator, got {kind}",
        "zh": "generator= 必须是 torch.Generator，这里得到的是 {kind}",
    },
    "random.device": {
        "en": "this app runs on the CPU: there is no '{device}' generator here; use "
              "torch.Generator() (the CPU's)",
        "zh": "本应用只在 CPU 上运行：这里没有 '{device}' 的生成器；"
              "请用 torch.Generator()（CPU 的）",
    },
    "random.float_only": {
        "en": "\"{kernel}\" not implemented for '{dtype}'",
        "zh": "\"{kernel}\" 不支持 '{dtype}' 类型（torch 的报错）：随机小数只能是浮点类型，"
              "例如 dtype=torch.float32",
    },
    "random.number": {
        "en": "{name} must be a number, got {kind}",
        "zh": "{name} 必须是数字，这里得到的是 {kind}",
    },
    "random.integer": {
        "en": "{name} must be an integer, got {kind}",
        "zh": "{name} 必须是整数，这里得到的是 {kind}",
    },
    "random.empty_range": {
        "en": "random_ expects 'from' to be less than 'to', but got from={low} >= to={high}",
        "zh": "random_ 要求 'from' 小于 'to'，这里 from={low} >= to={high}",
    },
    "random.randint_args": {
        "en": "randint() takes (high, size) or (low, high, size), got {given} arguments",
        "zh": "randint() 的参数是 (high, size) 或 (low, high, size)，这里给了 {given} 个",
    },
    "random.negative_n": {
        "en": "Trying to create tensor with negative dimension {n}: [{n}]",
        "zh": "张量的维度不能是负数：{n}",
    },
    "random.normal_size": {
        "en": "normal() with numbers for mean and std needs a size, as in "
              "torch.normal(0.0, 1.0, size=(3,))",
        "zh": "mean 和 std 都是数字时，normal() 需要 size，例如 torch.normal(0.0, 1.0, size=(3,))",
    },
    "random.negative_std": {
        "en": "normal expects std >= 0.0, but found std {std}",
        "zh": "normal 要求 std >= 0.0，这里 std 是 {std}",
    },
    "random.uniform_range": {
        "en": "uniform_ expects to return a [from, to) range, but found from={low} > to={high}",
        "zh": "uniform_ 要求区间 [from, to)，这里 from={low} > to={high}",
    },
    "random.int64_unbounded": {
        "en": "random_() without bounds draws int64 numbers up to 2**63, more than this app "
              "holds exactly (2**53): give bounds, as in random_(0, 1000)",
        "zh": "不带范围的 random_() 会生成最大到 2**63 的 int64 整数，超出本应用能精确保存的范围"
              "（2**53）：请给出范围，例如 random_(0, 1000)",
    },
    # --- devices ---------------------------------------------------------------------------
    "device.gpu": {
        "en": "this app runs on the CPU: there is no '{device}' device here; leave device= out "
              "or use 'cpu' (the code runs the same)",
        "zh": "本应用只在 CPU 上运行：这里没有 '{device}' 设备；请去掉 device= 或改用 'cpu'"
              "（代码的结果相同）",
    },
    "device.unknown": {
        "en": "Expected one of cpu, cuda, ... device type at start of device string: {device}",
        "zh": "无法识别的设备 '{device}'：本应用只有 'cpu'",
    },
    "device.type": {
        "en": "a device is a string such as 'cpu' or a torch.device, got {kind}",
        "zh": "设备应是 'cpu' 这样的字符串或 torch.device，这里得到的是 {kind}",
    },
    "tensor.legacy_args": {
        "en": "torch.{name}() takes a list of numbers or sizes, as in torch.{name}([1.0, 2.0]) "
              "or torch.{name}(2, 3)",
        "zh": "torch.{name}() 的参数是数字列表或各维大小，例如 torch.{name}([1.0, 2.0]) "
              "或 torch.{name}(2, 3)",
    },
    "tensor.variable_data": {
        "en": "Variable() takes a tensor, got {kind}",
        "zh": "Variable() 需要一个张量，这里得到的是 {kind}",
    },
    "tensor.dim_and_axis": {
        "en": "dim and axis name the same argument: give one of them",
        "zh": "dim 和 axis 是同一个参数：只写其中一个",
    },
    # --- torch.nn.init -----------------------------------------------------------------------
    "init.slope": {
        "en": "negative_slope {value} not a valid number",
        "zh": "negative_slope {value} 不是有效的数字",
    },
    "init.nonlinearity": {
        "en": "Unsupported nonlinearity {name}",
        "zh": "不支持的非线性函数 {name}",
    },
    "init.tensor": {
        "en": "nn.init fills a tensor in place, got {kind}",
        "zh": "nn.init 就地填充一个张量，这里得到的是 {kind}",
    },
    "init.fans": {
        "en": "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions",
        "zh": "张量少于 2 维时无法计算 fan_in 和 fan_out",
    },
    "init.mode": {
        "en": "Mode {mode} not supported, please use one of fan_in, fan_out",
        "zh": "不支持模式 {mode}，请使用 fan_in 或 fan_out",
    },
    "random.bernoulli_input": {
        "en": "bernoulli() takes a tensor of probabilities, got {kind}",
        "zh": "bernoulli() 需要一个概率张量，这里得到的是 {kind}",
    },
    "random.bernoulli_grad": {
        "en": "bernoulli() of a tensor that requires grad is not available here: draw from "
              "p.detach()",
        "zh": "这里不支持对需要梯度的张量调用 bernoulli()：请对 p.detach() 抽样",
    },
    "random.exponential_lambda": {
        "en": "the exponential distribution's rate lambd must be a positive finite number, e.g. "
        "exponential_(1.0); got {value}",
        "zh": "指数分布的速率 lambd 必须是有限的正数，例如 exponential_(1.0)；这里得到的是 {value}",
    },
    "random.multinomial_dims": {
        "en": "multinomial draws from a vector of weights, or from each row of a matrix of them: "
        "give a 1-d or 2-d tensor",
        "zh": "multinomial 从一个权重向量（或矩阵的每一行）中抽样：请给一维或二维张量",
    },
    "random.multinomial_float": {
        "en": "multinomial's weights must be floating point numbers, got a {dtype} tensor: use "
        "weights.float()",
        "zh": "multinomial 的权重必须是浮点数，这里得到的是 {dtype} 张量：请用 weights.float()",
    },
    "random.multinomial_count": {
        "en": "num_samples is how many draws to make: use 1 or more",
        "zh": "num_samples 是要抽取的个数：请用 1 或更大的数",
    },
    "random.multinomial_too_many": {
        "en": "without replacement each category is drawn at most once, so num_samples can be at "
        "most the number of categories: draw fewer, or pass replacement=True",
        "zh": "不放回抽样时每个类别最多抽到一次，所以 num_samples 不能超过类别数：请少抽几个，"
        "或传入 replacement=True",
    },
    "random.multinomial_invalid": {
        "en": "every weight must be a finite number of at least 0",
        "zh": "每个权重都必须是大于等于 0 的有限数",
    },
    "random.multinomial_sum": {
        "en": "a row of weights adds up to 0, so nothing can be drawn from it: give some "
        "category a positive weight",
        "zh": "有一行权重之和为 0，无法从中抽样：请给某个类别正的权重",
    },
    "random.probability": {
        "en": "Expected p_in >= 0 && p_in <= 1 to be true, but got false.",
        "zh": "概率必须在 0 到 1 之间（torch 的报错：\"Expected p_in >= 0 && p_in <= 1 to be "
              "true, but got false.\"）",
    },
    # --- numpy ----------------------------------------------------------------------------------
    "ndarray.too_large": {
        "en": "numpy arrays are limited to {limit:,} elements here, and this one would have "
              "{n:,}: use smaller shapes",
        "zh": "这里的 numpy 数组最多 {limit:,} 个元素，而这个数组会有 {n:,} 个：请用更小的形状",
    },
    "ndarray.dims": {
        "en": "numpy arrays have at most {limit} dimensions here, and this one would have {n:,}: "
              "use fewer dimensions",
        "zh": "这里的 numpy 数组最多 {limit} 维，而这个数组会有 {n:,} 维：请减少维数",
    },
    "ndarray.budget": {
        "en": "the code creates more than {limit:,} numpy array elements in all, the limit here: "
              "use fewer loop steps or smaller arrays",
        "zh": "代码一共创建的 numpy 数组元素超过了 {limit:,} 个的上限："
              "请减少循环步数或用更小的数组",
    },
    "ndarray.dtype": {
        "en": "numpy arrays here hold float64, float32, int64 or bool numbers, not {dtype}",
        "zh": "这里的 numpy 数组只能存放 float64、float32、int64 或 bool 类型的数，不能是 {dtype}",
    },
    "ndarray.data": {
        "en": "numpy arrays here are made of numbers, lists of numbers, arrays or tensors, not "
              "{kind}",
        "zh": "这里的 numpy 数组只能由数、数的列表、数组或张量构成，不能是 {kind}",
    },
    "ndarray.integer": {
        "en": "numpy takes an integer for {what} here, not {kind}",
        "zh": "这里 numpy 的 {what} 需要一个整数，而不是 {kind}",
    },
    "ndarray.number": {
        "en": "numpy takes a number for {what} here, not {kind}",
        "zh": "这里 numpy 的 {what} 需要一个数，而不是 {kind}",
    },
    "ndarray.shuffle": {
        "en": "np.random.shuffle() shuffles an array or a list in place; a {kind} cannot be "
              "changed",
        "zh": "np.random.shuffle() 原地打乱一个数组或列表；{kind} 不能被修改",
    },
    "ndarray.tensor_grad": {
        "en": "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
              "instead.",
        "zh": "不能对需要梯度的张量调用 numpy()：请改用 tensor.detach().numpy()（torch 的报错："
              "\"Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
              "instead.\"）",
    },
    "ndarray.out": {
        "en": "out= takes a numpy array, got {kind}",
        "zh": "out= 需要一个 numpy 数组，这里是 {kind}",
    },
    "ndarray.out_shape": {
        "en": "out= has shape {shape}, which the result does not fit: give an array of the "
              "result's shape",
        "zh": "out= 的形状是 {shape}，放不下结果：请给出与结果形状相同的数组",
    },
    "ndarray.out_cast": {
        "en": "the result cannot be written into an array of dtype {dtype} (numpy's same_kind "
              "casting): give out= a floating point array",
        "zh": "结果不能写入 dtype 为 {dtype} 的数组（numpy 的 same_kind 转换规则）：请给 out= "
              "一个浮点数组",
    },
    "ndarray.from_numpy": {
        "en": "expected np.ndarray (got {kind})",
        "zh": "torch.from_numpy() 需要一个 numpy 数组，这里得到的是 {kind}（torch 的报错："
              "\"expected np.ndarray (got {kind})\"）",
    },
    "tensor.create_graph": {
        "en": "backward(create_graph=True) builds a graph of the gradients, for second "
              "derivatives; this app computes first derivatives only",
        "zh": "backward(create_graph=True) 会为梯度再建一张计算图（用于二阶导数）；"
              "本应用只计算一阶导数",
    },
    "tensor.retain_grad": {
        "en": "can't retain_grad on Tensor that has requires_grad=False",
        "zh": "不能对 requires_grad=False 的张量调用 retain_grad（torch 的报错：\"can't "
              "retain_grad on Tensor that has requires_grad=False\"）",
    },
}

# torch's own words for the errors the engine raises where torch raises them: key -> (the
# class torch raises, its text). Rendered in both languages above the catalogue's entry,
# which explains what to do; a snippet that catches the error reads exactly these.
TORCH_ERRORS = {
    "tensor.out_grad": (
        "RuntimeError",
        "{name}(): functions with out=... arguments don't support automatic differentiation, "
        "but one of the arguments requires grad.",
    ),
    "tensor.norm_dtype": (
        "RuntimeError",
        "linalg.vector_norm: Expected a floating point or complex tensor as input. Got {dtype}",
    ),
    "tensor.remainder_zero": ("RuntimeError", "ZeroDivisionError"),
    "tensor.one_hot_dtype": (
        "RuntimeError",
        "one_hot is only applicable to index tensor of type LongTensor.",
    ),
    "tensor.one_hot_negative": ("RuntimeError", "Class values must be non-negative."),
    "tensor.one_hot_empty": (
        "RuntimeError",
        "Can not infer total number of classes from empty tensor.",
    ),
    "tensor.one_hot_range": ("RuntimeError", "Class values must be smaller than num_classes."),
    "tensor.mm_size": (
        "RuntimeError",
        "mat1 and mat2 shapes cannot be multiplied ({left} and {right})",
    ),
    "tensor.broadcast": (
        "RuntimeError",
        "The size of tensor a ({a}) must match the size of tensor b ({b}) at non-singleton "
        "dimension {dim}",
    ),
    "tensor.no_grad_fn": (
        "RuntimeError",
        "element 0 of tensors does not require grad and does not have a grad_fn",
    ),
    "tensor.backward_scalar": (
        "RuntimeError",
        "grad can be implicitly created only for scalar outputs",
    ),
    "loss.target_dtype": (
        "RuntimeError",
        "Found dtype {got} but expected {expected}",
    ),
    "tensor.not_implemented": (
        "NotImplementedError",
        "\"{kernel}\" not implemented for '{dtype}'",
    ),
    "tensor.mean_dtype": (
        "RuntimeError",
        "mean(): could not infer output dtype. Input dtype must be either a floating point or "
        "complex dtype. Got: {dtype}",
    ),
    "tensor.mv_size": (
        "RuntimeError",
        "size mismatch, got input ({rows}), mat ({rows}x{cols}), vec ({n})",
    ),
    "tensor.dot_size": (
        "RuntimeError",
        "inconsistent tensor size, expected tensor [{a}] and src [{b}] to have the same number "
        "of elements, but got {a} and {b} elements respectively",
    ),
    "tensor.view": (
        "RuntimeError",
        "shape '{shape}' is invalid for input of size {numel}",
    ),
    "tensor.item": (
        "RuntimeError",
        "a Tensor with {n} elements cannot be converted to Scalar",
    ),
    "tensor.bool_many": (
        "RuntimeError",
        "Boolean value of Tensor with more than one value is ambiguous",
    ),
    "tensor.dim_range": (
        "IndexError",
        "Dimension out of range (expected to be in range of [{lo}, {hi}], but got {dim})",
    ),
    "tensor.inplace_leaf": (
        "RuntimeError",
        "a leaf Variable that requires grad is being used in an in-place operation.",
    ),
    "tensor.requires_grad_float": (
        "RuntimeError",
        "Only Tensors of floating point and complex dtype can require gradients",
    ),
    "tensor.cast": (
        "RuntimeError",
        "result type {result} can't be cast to the desired output type {dtype}",
    ),
    "loss.class_dtype": (
        "RuntimeError",
        "expected target dtype to be Long or Byte, but got {dtype}",
    ),
    "loss.probability_dtype": (
        "RuntimeError",
        "Expected floating point type for target with class probabilities, got {dtype}",
    ),
    "tensor.cat_zero_dim": (
        "RuntimeError",
        "zero-dimensional tensor (at position {position}) cannot be concatenated",
    ),
    "tensor.too_many_indices": (
        "IndexError",
        "too many indices for tensor of dimension {n}",
    ),
    "tensor.index_range": (
        "IndexError",
        "index {index} is out of bounds for dimension {dim} with size {size}",
    ),
    "tensor.t": (
        "RuntimeError",
        "t() expects a tensor with <= 2 dimensions, but self is {n}D",
    ),
    "tensor.bool_empty": (
        "RuntimeError",
        "Boolean value of Tensor with no values is ambiguous",
    ),
    "tensor.negative_power": (
        "RuntimeError",
        "Integers to negative integer powers are not allowed.",
    ),
    "tensor.flatten": (
        "RuntimeError",
        "flatten() has invalid args: start_dim cannot come after end_dim",
    ),
    "tensor.reduce_dim_empty": (
        "IndexError",
        "{name}(): Expected reduction dim {dim} to have non-zero size.",
    ),
    "tensor.infer_one": (
        "RuntimeError",
        "only one dimension can be inferred",
    ),
    "tensor.arange_step": (
        "RuntimeError",
        "step must be nonzero",
    ),
    "tensor.stack_empty": (
        "RuntimeError",
        "stack expects a non-empty TensorList",
    ),
    "tensor.cat_empty": (
        "ValueError",
        "torch.cat(): expected a non-empty list of Tensors",
    ),
    "tensor.ragged": (
        "ValueError",
        "expected sequence of length {n} at dim {dim} (got {got})",
    ),
    "tensor.len_0d": (
        "TypeError",
        "len() of a 0-d tensor",
    ),
    "optim.negative": (
        "ValueError",
        "Invalid {name}: {value}",
    ),
    "optim.beta": (
        "ValueError",
        "Invalid beta parameter at index {index}: {value}",
    ),
    "loss.class_range": (
        "IndexError",
        "Target {k} is out of bounds.",
    ),
    "tensor.bool_neg": (
        "RuntimeError",
        "Negation, the `-` operator, on a bool tensor is not supported. If you are trying to "
        "invert a mask, use the `~` or `logical_not()` operator instead.",
    ),
    "tensor.index_tensor": (
        "IndexError",
        "tensors used as indices must be long, int, byte or bool tensors",
    ),
    "conv.input_dims": (
        "RuntimeError",
        "Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: {size}",
    ),
    "conv.channels": (
        "RuntimeError",
        "Given groups={groups}, weight of size {weight}, expected input{input} to have "
        "{expected} channels, but got {got} channels instead",
    ),
    "conv.kernel_size": (
        "RuntimeError",
        "Calculated padded input size per channel: ({h} x {w}). Kernel size: ({kh} x {kw}). "
        "Kernel size can't be greater than actual input size",
    ),
    "conv.same_strided": (
        "RuntimeError",
        "padding='same' is not supported for strided convolutions",
    ),
    "conv.padding_string": (
        "RuntimeError",
        "Invalid padding string: '{value}'",
    ),
    "conv.bias": (
        "RuntimeError",
        "Given weight of size {weight}, expected bias to be 1-dimensional with {n} elements, "
        "but got bias of size {size} instead",
    ),
    "conv.stride": (
        "RuntimeError",
        "non-positive stride is not supported",
    ),
    "conv.negative_padding": (
        "RuntimeError",
        "negative padding is not supported",
    ),
    "conv.dtype": (
        "RuntimeError",
        "expected scalar type {expected} but found {got}",
    ),
    "conv.module_groups": (
        "ValueError",
        "{name} must be divisible by groups",
    ),
    "conv.pool_padding": (
        "RuntimeError",
        "pad should be at most half of effective kernel size, but got pad={pad}, "
        "kernel_size={kernel} and dilation={dilation}",
    ),
    "conv.pool_small": (
        "RuntimeError",
        "Given input size: ({c}x{h}x{w}). Calculated output size: ({c}x{ho}x{wo}). Output "
        "size is too small",
    ),
    "conv.pool_input": (
        "RuntimeError",
        "non-empty 3D or 4D (batch mode) tensor expected for input",
    ),
    "conv.embedding_range": (
        "IndexError",
        "index out of range in self",
    ),
    "conv.embedding_indices": (
        "RuntimeError",
        "Expected tensor for argument #1 'indices' to have one of the following scalar types: "
        "Long, Int; but got torch.{kind}Tensor instead (while checking arguments for embedding)",
    ),
    "conv.dropout_p": (
        "ValueError",
        "dropout probability has to be between 0 and 1, but got {p}",
    ),
    "random.exponential_lambda": (
        "RuntimeError",
        "exponential_ expects lambda > 0.0, but found lambda={value}",
    ),
    "random.multinomial_dims": (
        "RuntimeError",
        "prob_dist must be 1 or 2 dim",
    ),
    "random.multinomial_float": (
        "RuntimeError",
        "multinomial only supports floating-point dtypes for input, got: {dtype}",
    ),
    "random.multinomial_count": (
        "RuntimeError",
        "cannot sample n_sample <= 0 samples",
    ),
    "random.multinomial_too_many": (
        "RuntimeError",
        "cannot sample n_sample > prob_dist.size(-1) samples without replacement",
    ),
    "random.multinomial_invalid": (
        "RuntimeError",
        "probability tensor contains either `inf`, `nan` or element < 0",
    ),
    "random.multinomial_sum": (
        "RuntimeError",
        "invalid multinomial distribution (sum of probabilities <= 0)",
    ),
    "conv.pool_padding_dilated": (
        "RuntimeError",
        "pad should be smaller than or equal to half of kernel size, but got padW = {pw}, "
        "padH = {ph}, kW = {kw}, kH = {kh}",
    ),
}
