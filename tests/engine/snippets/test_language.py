"""The Python people paste: while, dicts, sets, isinstance, built-ins and str methods print what
real Python prints, and each is bounded."""

import pytest

from engine import InputError, evaluate
from engine.snippets.interpreter import Limits
from tests.engine.snippets.test_formatting import python_printed


def error_of(source, **limits):
    with pytest.raises(InputError) as info:
        evaluate(source, Limits(**limits)) if limits else evaluate(source)
    return info.value


def same_as_python(source):
    assert evaluate(source).printed == python_printed(source)


WHILE = [
    "i = 0\nwhile i < 5:\n    i += 1\n    if i == 2:\n        continue\n    if i == 4:\n"
    "        break\n    print(i)\nprint('done', i)",
    "n = 27\nsteps = 0\nwhile n != 1:\n    n = n // 2 if n % 2 == 0 else 3 * n + 1\n"
    "    steps += 1\nprint(steps)",
    "xs = [3, 2, 1]\nwhile xs:\n    print(xs.pop())",
    "loss = 1.0\nepoch = 0\nwhile loss > 0.01 and epoch < 100:\n    loss *= 0.5\n    epoch += 1\n"
    "print(f'epoch {epoch}: loss {loss:.6f}')",
]
DICTS = [
    "d = {'a': 1, 'b': 2}\nd['c'] = 3\nd['a'] += 10\nprint(d, len(d), 'a' in d, 'z' not in d)\n"
    "print(d.get('z'), d.get('z', 0), d.get('b'), d.pop('a'), d.pop('q', -1), d)\n"
    "for k, v in d.items():\n    print(k, v)\nprint(d.keys(), d.values(), d.items(), list(d))",
    "d = {k: k * k for k in range(5) if k % 2 == 0}\nprint(d, {**d, 'w': 0}, {})",
    "d = {}\nd.update({'x': 1}, y=2)\nd.update([('z', 3)])\nprint(d.setdefault('z', 5), "
    "d.setdefault('n', []), d)\ne = d.copy()\ne.clear()\nprint(e, d == d.copy(), dict(a=1, b=2))",
    "history = {'loss': [], 'acc': []}\nfor epoch in range(3):\n"
    "    history['loss'].append(1 / (epoch + 1))\n    history['acc'].append(epoch * 0.25)\n"
    "print(history)\nfor name, values in sorted(history.items()):\n    print(name, max(values))",
    "counts = {}\nfor w in 'the cat and the hat and the bat'.split():\n"
    "    counts[w] = counts.get(w, 0) + 1\nprint(counts, sorted(counts, key=counts.get))",
    "d = {(1, 2): 'a', 3.5: 'b', True: 'c', None: 'd'}\nprint(d[(1, 2)], d[1], d[None], d)",
]
SETS = [
    "s = {3, 1, 2, 3}\ns.add(5)\ns.add(1)\ns.discard(2)\ns.update([7, 8])\n"
    "print(s, len(s), 3 in s, sorted(s), set(), set('aab') == {'a', 'b'})",
    "s = {x % 4 for x in range(20)}\nprint(s, s.union([9]), s.intersection([1, 2, 9]), "
    "s.difference([0]))",
]
BUILTINS = [
    "print(sorted([3, 1, 2]), sorted('bca', reverse=True), sorted([(2, 'b'), (1, 'z')]))\n"
    "print(list(reversed([1, 2, 3])), list(reversed('ab')), list(reversed(range(3))))\n"
    "print(any([0, 1]), any([]), all([]), all([1, 0]), any(x > 2 for x in [1, 3]))",
    "print(max([1, -5, 3], key=abs), min([1, -5, 3], key=abs), max('a', 'b'), min(4, 2, 8))\n"
    "print(sum([0.1] * 10), sum(range(5), 10))\n"
    "for i, (a, b) in enumerate(zip('xyz', [1, 2, 3]), start=1):\n    print(i, a, b)",
    "xs = [3, 1, 2]\nxs.sort()\nys = xs.copy()\nys.sort(reverse=True, key=abs)\nxs.remove(2)\n"
    "print(xs, ys, sorted(['b', 'A', 'c'], key=str))",
    "print(repr('a'), repr([1, 'b']), repr(2.5), repr(None), repr({'k': (1,)}))",
    "print(isinstance(1, int), isinstance(True, int), isinstance(1.0, (int, float)),\n"
    "      isinstance('s', str), isinstance([], (tuple, (dict, list))), isinstance({}, dict),\n"
    "      isinstance({1}, set), isinstance(2, float), isinstance(None, bool))",
]
STRINGS = [
    "print(', '.join(['a', 'b']), 'a,b,,c'.split(','), 'a b  c'.split(), 'a=b=c'.rsplit('=', 1))\n"
    "print('  x '.strip(), '--x--'.strip('-'), ' x'.lstrip(), 'x '.rstrip() + '|')\n"
    "print('Ab'.upper(), 'Ab'.lower(), 'hello world'.title(), 'hello'.capitalize())\n"
    "print('aa'.replace('a', 'bb'), 'aaa'.replace('a', '', 2), 'abc'.startswith('a'),\n"
    "      'abc'.endswith(('x', 'bc')), 'abc'.find('c'), 'abca'.count('a'), 'abc'.index('b'))\n"
    "print('7'.zfill(3), 'x'.center(5, '*'), 'x'.ljust(3) + '|', 'x'.rjust(3), '12'.isdigit(),\n"
    "      'ab'.isalpha(), ' '.isspace(), 'a\\nb'.splitlines())",
    "name = 'loss'\nline = '-' * 10\nprint(line)\nprint(name.upper().center(10, '='))\n"
    "print(' | '.join(f'{k}={v:.2f}' for k, v in {'a': 1, 'b': 0.5}.items()))",
]


@pytest.mark.parametrize("source", WHILE + DICTS + SETS + BUILTINS + STRINGS)
def test_prints_what_python_prints(source):
    same_as_python(source)


def test_dicts_hold_values_and_tensors_by_identity():
    ev = evaluate("import torch\na = Value(1.0)\nt = torch.tensor([1.0, 2.0])\n"
                  "d = {a: 'a', t: 't'}\nn = {'w': a}\nn['w'].data = 5.0\n"
                  "print(d[a], d[t], a.data)")
    assert ev.printed == ["a t 5.0"]


def test_isinstance_knows_the_engine_names():
    ev = evaluate("import torch\nimport torch.nn as nn\nl = nn.MSELoss()\n"
                  "print(isinstance(l, nn.MSELoss), isinstance(l, nn.L1Loss),\n"
                  "      isinstance(Value(1.0), Value), isinstance(torch.tensor(1.0), Value),\n"
                  "      isinstance(MLP(2, [1], seed=0), MLP), isinstance(l, torch.Tensor),\n"
                  "      isinstance(torch.ones(2), torch.Tensor), isinstance(1, (torch.Tensor,)))")
    assert ev.printed == ["True False True False True False True False"]


@pytest.mark.parametrize("source, words", [
    ("isinstance(1, 3)", "isinstance() arg 2 must be a type"),
    ("import torch\nisinstance(1, torch.float32)", "isinstance() arg 2 must be a type"),
    ("d = {[1]: 2}", "unhashable type: 'list'"),
    ("s = {1}\ns.add([2])", "unhashable type: 'list'"),
    ("d = {}\nd[{}] = 1", "unhashable type: 'dict'"),
    ("d = {'a': 1}\nd['b']", "'b'"),
    ("d = {'a': 1}\nfor k in d:\n    d[k + 'x'] = 1", "dictionary changed size during iteration"),
    ("sorted([1, 'a'])", "'<' not supported between instances of 'str' and 'int'"),
    ("max([])", "max() arg is an empty sequence"),
    ("', '.join([1, 2])", "sequence item 0: expected str instance, int found"),
    ("d = {}\nd.items = 3", "dict.items cannot be set here"),
    ("d = {}\nd.fromkeys", "`.fromkeys` is not available here"),
    ("v = {}.keys()\nv[0]", "'dict_keys' object is not subscriptable"),
])
def test_mistakes_read_as_python_says_them(source, words):
    err = error_of(source)
    assert words in err.message, err.message
    assert err.message_in("zh")


def test_while_counts_its_steps():
    err = error_of("i = 0\nwhile True:\n    i += 1\n", iterations=1000)
    assert err.key == "limit.iterations" and err.line == 2
    assert "1,000" in err.message and "1,000" in err.message_in("zh")
    assert evaluate("i = 0\nwhile i < 999:\n    i += 1\nprint(i)",
                    Limits(iterations=1000)).printed == ["999"]


def test_sorting_engine_objects_counts_the_comparisons():
    source = "xs = [Value(float(i)) for i in range(200)]\nys = sorted(xs)\n"
    assert evaluate(source, Limits(iterations=2000)).names["ys"][0].data == 0.0
    assert error_of(source, iterations=1000).key == "limit.iterations"


@pytest.mark.parametrize("source", [
    "d = {}\nfor i in range(2000):\n    d[i] = i",
    "s = set()\nfor i in range(2000):\n    s.add(i)",
    "d = {i: i for i in range(2000)}",
    "s = {i for i in range(2000)}",
    "d = {}\nd.update((i, i) for i in range(2000))",
    "s = set(range(2000))",
    "x = 'ab'.join(['x'] * 600)",
    "x = 'a' * 100\ny = x.replace('a', 'bbbbbbbbbbbbbbbbbbbb')",
    "x = 'a'.center(2000)",
    "x = 'a'.zfill(2000)",
    "d = {}\nd.setdefault(1)\nfor i in range(2000):\n    d.setdefault(i, i)",
])
def test_growth_counts_against_the_items_bound(source):
    assert error_of(source, items=1000).key == "limit.items"
