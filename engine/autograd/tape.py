"""Tape: compile one sample's scalar graph into a numpy program that runs a whole batch at once.

Training on a scalar engine would otherwise rebuild the same graph for every sample of every
step. The graph has the same shape for every sample, so it is traced once and turned into a
straight-line program over arrays with one column per sample:

- chains of ``+`` and ``-`` whose intermediate sums nothing else reads become one n-ary sum
  (a neuron's ``b + w0*x0 + w1*x1 + ...`` is one node of 1 + 2n terms), added left to right
  as the scalar engine adds them, so the floats agree exactly;
- nodes at the same depth doing the same op form one step: a single numpy call computes them
  all, reading their operands out of one (rows, batch) buffer by fancy indexing;
- nodes that no sample's input reaches (the parameters, an L2 penalty on them) run once per
  batch, one column wide, instead of once per sample.

Backward walks the steps in reverse: each step multiplies its outputs' gradients by the op
table's local derivatives and adds them into its operands' rows.
"""

import threading

import numpy as np

from .value import Value, topological_order

MAX_CHUNK = 4096  # samples per pass: bounds the buffers at (rows x 4096) floats whatever the batch
_SUM_SIGNS = {"add": 1.0, "sub": -1.0}  # the sign an op gives its right operand in a sum
REDUCTIONS = ("sum", "mean")


class _Constant:
    """A float operand of the graph (``x * 2.0``), one per distinct float."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def _trace(output):
    """Every Value below ``output``, parents before children, and how many edges read each."""
    order = topological_order(output)
    uses = dict.fromkeys(order, 0)
    for v in order:
        for p in v.parents:
            if p.__class__ is Value:
                uses[p] += 1
    return order, uses


def _indexer(rows):
    """Rows as a slice when they are consecutive (a view, no copy), else as an index array."""
    rows = np.asarray(rows, dtype=np.intp)
    if len(rows) and np.array_equal(rows, np.arange(rows[0], rows[0] + len(rows))):
        return slice(int(rows[0]), int(rows[0]) + len(rows))
    return rows


class _Scatter:
    """Adds per-edge gradients (one row each) into the rows they flow to, summing repeats."""

    __slots__ = ("rows", "order", "starts")

    def __init__(self, rows):
        rows = np.asarray(rows, dtype=np.intp)
        order = np.argsort(rows, kind="stable")
        ranked = rows[order]
        starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
        if len(starts) == len(rows):  # every row once: a plain indexed add is right
            self.rows, self.order, self.starts = _indexer(rows), None, None
        else:  # repeats (x * x, or an activation read by many neurons) are summed first
            self.rows, self.order, self.starts = _indexer(ranked[starts]), order, starts

    def add(self, G, contributions):
        """G[rows] += contributions, where several contributions may go to one row."""
        if self.order is not None:
            contributions = np.add.reduceat(contributions[self.order], self.starts, axis=0)
        G[self.rows] += contributions


class _MapStep:
    """k nodes of one op: out[i] = op(a[i], b[i]) for each node i, every sample at once.

    An operand slot reads either the step's own buffer (one column per sample) or, when every
    operand in it is static, the static buffer (one column, broadcast across the samples).
    """

    __slots__ = ("op", "out", "args", "static", "scatters")

    def __init__(self, op, out, args, static, scatters):
        self.op = op
        self.out = out
        self.args = args  # per slot: rows (a slice or an index array)
        self.static = static  # per slot: True when its rows are in the static buffer
        self.scatters = scatters  # per slot: a _Scatter, or None when no parameter is behind it

    def forward(self, V, S):
        """Compute the nodes' rows of V; returns the gathered operands for backward."""
        xs = [(S if s else V)[ix] for ix, s in zip(self.args, self.static, strict=True)]
        V[self.out] = self.op.np_forward(*xs)
        return xs

    def backward(self, V, G, GS, xs):
        """Add g * d(out)/d(operand) into each operand's gradient rows."""
        g = G[self.out]
        out = V[self.out]
        for local, scatter, s in zip(self.op.np_grads, self.scatters, self.static, strict=True):
            if scatter is None:
                continue
            d = local(*xs, out)
            # a closed gate (relu off) passes nothing, not even inf * 0 = nan (see Op.gate)
            contributions = np.where(d == 0.0, 0.0, g * d) if self.op.gate else g * d
            scatter.add(GS if s else G, contributions)


class _SumStep:
    """k sums of L terms each: out[i] = t[0, i] + t[1, i] + ... added left to right."""

    __slots__ = ("out", "terms", "signs", "sources", "edge_signs", "scatter")

    def __init__(self, out, terms, signs, sources, edge_signs, scatter):
        self.out = out
        self.terms = terms  # (L, k) rows
        self.signs = signs  # (L, k, 1) of +-1, or None when all are +1
        self.sources = sources  # per edge that needs a gradient: the row of its sum
        self.edge_signs = edge_signs  # (edges, 1) or None
        self.scatter = scatter

    def forward(self, V, S):
        """Compute the sums' rows of V (x - y is exactly x + (-y) in IEEE arithmetic)."""
        t = V[self.terms]
        if self.signs is not None:
            t *= self.signs
        # the scalar engine adds term after term. A reduce over the leading axis does too, row
        # after row, unless nothing else is left to loop over: then it adds pairwise. It starts
        # from -0.0, the sum that changes nothing (from 0.0, -0.0 + -0.0 would come out +0.0).
        if t[0].size > 1:
            np.add.reduce(t, axis=0, out=V[self.out], initial=-0.0)
        else:
            V[self.out] = np.add.accumulate(t, axis=0)[-1]

    def backward(self, V, G, GS, _):
        """d(sum)/d(term) = +-1: each term's rows get its sum's gradient, signed."""
        if self.scatter is None:
            return
        g = G[self.sources]
        if self.edge_signs is not None:
            g = g * self.edge_signs
        self.scatter.add(G, g)


class _Program:
    """Steps over a buffer whose first rows (the leaves) are filled in before it runs.

    ``static_row`` maps the static program's refs to its rows: an op reads them from there
    (sums copy theirs in as leaves, listed in ``leaves``).
    """

    __slots__ = ("steps", "row")

    def __init__(self, leaves, nodes, args, terms, needs_grad, static_row=None):
        static_row = static_row or {}
        row = {ref: i for i, ref in enumerate(leaves)}
        level = dict.fromkeys(leaves, 0)
        groups = {}  # (depth, kind) -> nodes, in the order they are met
        for v in nodes:
            if v in terms:
                refs = [r for r, _ in terms[v]]
                kind = ("sum", len(refs))
            else:
                refs = args[v]
                # the op's parameters too: softplus(beta=2) is not softplus
                kind = (v.op, v._op.args, tuple(r not in row and r in static_row for r in refs))
            level[v] = 1 + max(level.get(r, 0) for r in refs)
            groups.setdefault((level[v], kind), []).append(v)
        self.steps = []
        for key in sorted(groups, key=lambda key: key[0]):  # stable: same depth, first-met order
            members = groups[key]
            start = len(row)
            row.update((v, start + i) for i, v in enumerate(members))
            out = slice(start, len(row))
            if members[0] in terms:
                step = _sum_step(out, [terms[v] for v in members], row, needs_grad)
            else:
                operands = [args[v] for v in members]
                step = _map_step(members[0]._op, out, operands, key[1][2], row, static_row,
                                 needs_grad)
            self.steps.append(step)
        self.row = row

    def forward(self, V, S):
        """Run every step; returns what each step's backward needs."""
        return [step.forward(V, S) for step in self.steps]

    def backward(self, V, G, GS, saved):
        """Run every step's backward, last step first."""
        for step, xs in zip(reversed(self.steps), reversed(saved), strict=True):
            step.backward(V, G, GS, xs)


def _map_step(op, out, operand_lists, static, row, static_row, needs_grad):
    """The step computing nodes of one op, given each node's operand refs."""
    slots = list(zip(*operand_lists, strict=True))
    rows = [
        [(static_row if s else row)[r] for r in slot]
        for slot, s in zip(slots, static, strict=True)
    ]
    scatters = [
        _Scatter(rs) if any(needs_grad[r] for r in slot) else None
        for slot, rs in zip(slots, rows, strict=True)
    ]
    return _MapStep(op, out, [_indexer(rs) for rs in rows], static, scatters)


def _sum_step(out, term_lists, row, needs_grad):
    """The step computing sums of equally many terms, given each sum's (ref, sign) terms."""
    terms = np.array([[row[r] for r, _ in ts] for ts in term_lists], dtype=np.intp).T
    signs = np.array([[s for _, s in ts] for ts in term_lists]).T[:, :, None]
    # one edge per (term, sum) whose term leads to a parameter, in the (L, k) order of `terms`
    edges = [
        (out.start + i, ts[position][1], row[ts[position][0]])
        for position in range(terms.shape[0])
        for i, ts in enumerate(term_lists)
        if needs_grad[ts[position][0]]
    ]
    if not edges:
        return _SumStep(out, terms, _signs_or_none(signs), None, None, None)
    sources, edge_signs, targets = zip(*edges, strict=True)
    return _SumStep(
        out,
        terms,
        _signs_or_none(signs),
        _indexer(sources),
        _signs_or_none(np.array(edge_signs)[:, None]),
        _Scatter(targets),
    )


def _signs_or_none(signs):
    return None if (signs == 1.0).all() else signs


class TapeResult:
    """One run: ``outputs`` per sample, ``grads`` per parameter, ``loss`` (their sum or mean)."""

    __slots__ = ("outputs", "grads", "loss")

    def __init__(self, outputs, grads, loss):
        self.outputs = outputs
        self.grads = grads
        self.loss = loss

    def __repr__(self):
        return f"TapeResult(loss={self.loss:.6g}, {len(self.outputs)} samples)"


class Tape:
    """One sample's scalar graph compiled to run a batch of samples at once.

    ``inputs`` are the leaf Values a sample fills in (a data row, in column order); every other
    leaf below ``output`` is a parameter, whose ``.data`` is read afresh at each run.
    """

    def __init__(self, output, inputs):
        if output.__class__ is not Value:
            raise TypeError(f"a tape is compiled from a Value, got {type(output).__name__}")
        inputs = list(inputs)
        for x in inputs:
            if x.__class__ is not Value or x.op:
                raise ValueError(
                    f"inputs must be leaf Values (made by Value(...), not by an operation); "
                    f"got {x!r}"
                )
        if len(set(inputs)) != len(inputs):
            raise ValueError("an input is listed twice; each data column fills one leaf Value")
        order, uses = _trace(output)
        is_input = set(inputs)
        self.inputs = inputs
        self.output = output
        self.parameters = [v for v in order if not v.op and v not in is_input]

        constants = {}  # float.hex() -> _Constant: -0.0 and 0.0 differ, nan is one constant

        def ref(p):
            return p if p.__class__ is Value else constants.setdefault(p.hex(), _Constant(p))

        args, terms, merged = {}, {}, set()
        for v in order:
            if not v.op:
                continue
            if v.op in _SUM_SIGNS:
                a, b = v.parents
                if a in terms and uses[a] == 1:  # ((t0 + t1) - t2): the inner sum is not kept
                    ts = terms.pop(a)
                    merged.add(a)
                else:
                    ts = [(ref(a), 1.0)]
                ts.append((ref(b), _SUM_SIGNS[v.op]))
                terms[v] = ts
            else:
                args[v] = [ref(p) for p in v.parents]
        nodes = [v for v in order if v.op and v not in merged]
        self._constants = [c.value for c in constants.values()]

        batched = dict.fromkeys(inputs, True)
        needs_grad = dict.fromkeys(inputs, False)
        for leaf in self.parameters:
            batched[leaf], needs_grad[leaf] = False, True
        for c in constants.values():
            batched[c], needs_grad[c] = False, False
        for v in nodes:
            refs = [r for r, _ in terms[v]] if v in terms else args[v]
            batched[v] = any(batched[r] for r in refs)
            needs_grad[v] = any(needs_grad[r] for r in refs)

        # parameters and what depends on them alone: once per run, one column wide
        static_nodes = [v for v in nodes if not batched[v]]
        self._static = _Program(
            self.parameters + list(constants.values()), static_nodes, args, terms, needs_grad
        )
        # the rest: one column per sample, reading the static rows it needs as extra leaves
        batched_nodes = [v for v in nodes if batched[v]]
        imports = {}  # static refs a sum adds up, copied in as leaves
        for v in batched_nodes:
            if v in terms:
                imports.update((r, None) for r, _ in terms[v] if not batched[r])
        if not batched.get(output, False):
            imports[output] = None
        imports = list(imports)
        self._batched = _Program(
            inputs + imports, batched_nodes, args, terms, needs_grad, self._static.row
        )
        self._imports = _indexer([self._static.row[r] for r in imports])
        grad_imports = [r for r in imports if needs_grad[r]]
        self._grad_imports = _indexer([self._static.row[r] for r in grad_imports])
        self._grad_import_rows = _indexer([self._batched.row[r] for r in grad_imports])
        self._out = self._batched.row[output]
        self._buffers = threading.local()
        self.num_nodes = len(order)
        self.num_steps = len(self._static.steps) + len(self._batched.steps)

    def __repr__(self):
        return (
            f"Tape({len(self.inputs)} inputs, {len(self.parameters)} parameters, "
            f"{self.num_nodes} nodes in {self.num_steps} steps)"
        )

    def _batch(self, batch):
        batch = np.asarray(batch, dtype=float)
        if batch.ndim != 2 or batch.shape[1] != len(self.inputs):
            raise ValueError(
                f"batch must have shape (samples, {len(self.inputs)}): one column per input; "
                f"got shape {batch.shape}"
            )
        if len(batch) == 0:
            raise ValueError("batch is empty: give at least one sample")
        return batch

    def _buffer(self, name, rows, width):
        # Buffers are kept from run to run, one set per thread: a fresh few hundred kB per run
        # costs more than the arithmetic, as the allocator hands it back to the system and
        # takes it again, zeroed page by page.
        buffers = self._buffers.__dict__
        buffer = buffers.get(name)
        if buffer is None or buffer.shape != (rows, width):
            buffer = buffers[name] = np.empty((rows, width))
        return buffer

    def _static_forward(self):
        n = len(self.parameters)
        S = self._buffer("S", len(self._static.row), 1)
        S[:n, 0] = [p.data for p in self.parameters]
        S[n : n + len(self._constants), 0] = self._constants
        return S, self._static.forward(S, S)

    def _batched_forward(self, S, chunk):
        n_in = len(self.inputs)
        V = self._buffer("V", len(self._batched.row), len(chunk))
        V[:n_in] = chunk.T
        V[n_in : n_in + _length(self._imports)] = S[self._imports]
        return V, self._batched.forward(V, S)

    def forward(self, batch):
        """The output for each sample (rows of ``batch``), without gradients."""
        batch = self._batch(batch)
        outputs = np.empty(len(batch))
        with np.errstate(all="ignore"):
            S, _ = self._static_forward()
            for start in range(0, len(batch), MAX_CHUNK):
                V, _ = self._batched_forward(S, batch[start : start + MAX_CHUNK])
                outputs[start : start + MAX_CHUNK] = V[self._out]
        return outputs

    def run(self, batch, reduce="sum"):
        """Each sample's output, and d(sum or mean of the outputs)/d(parameter) per parameter."""
        if reduce not in REDUCTIONS:
            raise ValueError(f"reduce must be one of {', '.join(REDUCTIONS)}; got {reduce!r}")
        batch = self._batch(batch)
        outputs = np.empty(len(batch))
        # d(mean)/d(output_i) = 1/B: the seed every sample's backward starts from
        seed = 1.0 if reduce == "sum" else 1.0 / len(batch)
        n = len(self.parameters)
        totals = np.zeros(n)
        with np.errstate(all="ignore"):
            S, saved = self._static_forward()
            for start in range(0, len(batch), MAX_CHUNK):
                V, saved_batched = self._batched_forward(S, batch[start : start + MAX_CHUNK])
                outputs[start : start + MAX_CHUNK] = V[self._out]
                if not n:
                    continue
                G = self._buffer("G", *V.shape)
                G.fill(0.0)
                G[self._out] = seed
                # Static rows get one gradient column per sample too: backward multiplies each
                # sample's gradient by the local derivative before adding samples up, as the
                # scalar engine does, so 0 * inf is nan here as there.
                GS = self._buffer("GS", len(self._static.row), V.shape[1])
                GS.fill(0.0)
                self._batched.backward(V, G, GS, saved_batched)
                GS[self._grad_imports] += G[self._grad_import_rows]
                self._static.backward(S, GS, GS, saved)
                totals += GS[:n].sum(axis=1)
            loss = float(outputs.sum() if reduce == "sum" else outputs.mean())  # inf - inf: nan
        grads = dict(zip(self.parameters, totals.tolist(), strict=True))
        return TapeResult(outputs, grads, loss)


def _length(indexer):
    return indexer.stop - indexer.start if isinstance(indexer, slice) else len(indexer)
