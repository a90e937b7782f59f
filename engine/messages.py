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


def render(key, params=None, lang=DEFAULT_LANGUAGE, catalogue=None):
    """The text of ``key`` in ``lang`` (English where a translation is missing), formatted."""
    texts = (MESSAGES if catalogue is None else catalogue)[key]
    text = texts.get(lang) or texts[DEFAULT_LANGUAGE]
    if not params:
        return text
    return text.format(**{
        name: render(value.key, value.params, lang, catalogue) if isinstance(value, Message)
        else value
        for name, value in params.items()
    })


def keyed(cls, key, **params):
    """An exception of type ``cls`` saying ``key`` in English, carrying ``.key`` and ``.params``."""
    exc = cls(render(key, params))
    exc.key = key
    exc.params = params
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
    "check.def": {
        "en": "defining functions (`def`) is not supported here: write the steps out, and repeat "
        "them with a `for` loop",
        "zh": "这里不支持定义函数（`def`）：请把步骤直接写出来，需要重复时用 `for` 循环",
    },
    "check.async_def": {
        "en": "`async def` is not supported here: write the steps out",
        "zh": "这里不支持 `async def`：请把步骤直接写出来",
    },
    "check.lambda": {
        "en": "`lambda` is not supported here: write the expression out where you need it",
        "zh": "这里不支持 `lambda`：请在需要的地方直接写出表达式",
    },
    "check.class": {
        "en": "`class` definitions are not supported here: use the ready-made Value, MLP, Neuron, "
        "Layer, torch.nn losses and torch.optim optimizers",
        "zh": "这里不支持定义 `class`：请使用现成的 Value、MLP、Neuron、Layer、torch.nn 损失函数和 "
        "torch.optim 优化器",
    },
    "check.while": {
        "en": "`while` loops are not supported here: use `for i in range(n):`",
        "zh": "这里不支持 `while` 循环：请用 `for i in range(n):`",
    },
    "check.async_for": {
        "en": "`async for` is not supported here: use `for i in range(n):`",
        "zh": "这里不支持 `async for`：请用 `for i in range(n):`",
    },
    "check.async_with": {
        "en": "`async with` is not supported here: use `with torch.no_grad():`",
        "zh": "这里不支持 `async with`：请用 `with torch.no_grad():`",
    },
    "check.try": {
        "en": "`try` is not supported here: errors are shown to you with their line",
        "zh": "这里不支持 `try`：出错时会直接告诉你是哪一行",
    },
    "check.raise": {
        "en": "`raise` is not supported here: use `assert condition, 'message'` to check a value",
        "zh": "这里不支持 `raise`：检查一个值请用 `assert 条件, '说明'`",
    },
    "check.global": {
        "en": "`global` is not supported here: every name is already shared by the whole code",
        "zh": "这里不支持 `global`：每个变量名本来就在整段代码中共享",
    },
    "check.nonlocal": {
        "en": "`nonlocal` is not supported here: every name is already shared by the whole code",
        "zh": "这里不支持 `nonlocal`：每个变量名本来就在整段代码中共享",
    },
    "check.del": {
        "en": "`del` is not supported here: assign a new value to the name instead",
        "zh": "这里不支持 `del`：请给这个变量名赋一个新值",
    },
    "check.return": {
        "en": "`return` is not supported here: functions cannot be defined, so there is nothing "
        "to return from",
        "zh": "这里不支持 `return`：这里不能定义函数，所以没有可以返回的地方",
    },
    "check.annotation": {
        "en": "type annotations are not supported here: write `name = value`",
        "zh": "这里不支持类型注解：请写成 `name = value`",
    },
    "check.match": {
        "en": "`match` is not supported here: use `if` / `elif` / `else`",
        "zh": "这里不支持 `match`：请用 `if` / `elif` / `else`",
    },
    "check.fstring": {
        "en": "f-strings are not supported here: print several values separated by commas, e.g. "
        "print('loss', loss)",
        "zh": "这里不支持 f-string：请用逗号分隔要打印的值，例如 print('loss', loss)",
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
    "check.dict": {
        "en": "dictionaries are not supported here: use lists or separate variables",
        "zh": "这里不支持字典：请用列表或几个单独的变量",
    },
    "check.set": {
        "en": "sets are not supported here: use a list",
        "zh": "这里不支持集合：请用列表",
    },
    "check.set_comp": {
        "en": "sets are not supported here: use a list comprehension",
        "zh": "这里不支持集合：请用列表推导式",
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
    "check.double_star": {
        "en": "`**` in calls is not supported here: write the keyword arguments out",
        "zh": "这里不支持在调用中使用 `**`：请把关键字参数逐个写出来",
    },
    "check.for_else": {
        "en": "`for ... else` is not supported here: put the code after the loop",
        "zh": "这里不支持 `for ... else`：请把这段代码放在循环之后",
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
    "check.format": {
        "en": "str.format is not supported here: print several values separated by commas, e.g. "
        "print('loss', loss)",
        "zh": "这里不支持 str.format：请用逗号分隔要打印的值，例如 print('loss', loss)",
    },
    "check.attribute": {
        "en": "`.{name}` is not available here",
        "zh": "这里没有 `.{name}`",
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
        "torch.optim, math and micrograd can be imported here",
        "zh": "无法 `import {names}`：这里只能导入 torch、torch.nn、torch.nn.functional、"
        "torch.optim、math 和 micrograd",
    },
    "check.import_from": {
        "en": "`from {module} import ...` is not possible: only torch, torch.nn, "
        "torch.nn.functional, torch.optim, math and micrograd can be imported here",
        "zh": "无法 `from {module} import ...`：这里只能导入 torch、torch.nn、torch.nn.functional、"
        "torch.optim、math 和 micrograd",
    },
    "check.import_star": {
        "en": "`import *` is not supported here: import the names you use",
        "zh": "这里不支持 `import *`：请逐个导入你要用的名字",
    },
    "check.import_members": {
        "en": "not available here: {names}; {module} offers: {offers}",
        "zh": "这里没有 {names}；{module} 提供的有：{offers}",
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
    "run.undefined": {
        "en": "name '{name}' is not defined",
        "zh": "名字 '{name}' 没有定义",
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
        "en": "name '{name}' is not defined: numpy is not available here; use torch.tensor",
        "zh": "名字 '{name}' 没有定义：这里没有 numpy，请用 torch.tensor",
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
    "run.percent_format": {
        "en": "`%` formatting of strings is not supported here: print several values separated by "
        "commas, e.g. print('loss', loss)",
        "zh": "这里不支持用 `%` 格式化字符串：请用逗号分隔要打印的值，例如 print('loss', loss)",
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
    "call.duplicate": {
        "en": "{call} got multiple values for argument '{name}'",
        "zh": "{call} 的参数 '{name}' 被给了多次",
    },
    "call.missing": {
        "en": "{call} missing required argument '{name}'",
        "zh": "{call} 缺少必需的参数 '{name}'",
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
    "limit.items": {
        "en": "the code builds more than {limit:,} list items and characters in all, the limit "
        "here: build smaller lists and strings, grow lists with `.append`, print less",
        "zh": "代码一共构建的列表元素和字符超过了 {limit:,} 个的上限：请构建更小的列表和字符串，"
        "用 `.append` 增长列表，少打印一些",
    },
    "limit.iterations": {
        "en": "the code runs more than {limit:,} loop steps in all (comprehensions included), the "
        "limit here: use smaller ranges",
        "zh": "代码一共运行的循环步数（包括推导式）超过了 {limit:,} 步的上限：请用更小的 range",
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
}
