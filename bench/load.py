"""A classroom at once: sessions working the app together against one server.

Starts one ``streamlit run app.py`` on 127.0.0.1 (a free port; always stopped at the end) and
one Debian Chromium driven by Playwright, with one browser context per browser session. With
``--browsers K`` only K sessions (spread over the start order) are browsers; the others are
protocol sessions (bench/protocol.py): they speak Streamlit's websocket protocol from this
process, so the server runs the same scripts, takes the same widget changes and sends the same
figures as for a browser, without a browser drawing on the server's cores. Each session, again
and again until the time is up (a round in progress is finished):

- opens the shared link (Explore on Karpathy's neuron) and waits for its output and graph;
- edits the code (a new value for x1) and waits for what the engine prints for it;
- clicks two graph nodes and waits for the ring to move to each;
- on Losses, picks MSELoss, then the reduction ``sum``, and waits for each value;
- on Descent, trains the classification's 500 steps and waits for the step count;
- one session in five also pastes a snippet of the hostile corpus and waits for its error box.

It prints p50/p95 seconds from each action to the updated output or chart (browser and protocol
sessions apart; for a protocol session, to the ForwardMsg that carries it, and to the run's
``script_finished``), the server's resident memory (the server process, and with its sandbox
workers), the worker processes seen, the limit stops shown, the server's own child processes
(a restarted fork server would show), the clicks the chart did not take (made again), the CPU
seconds of the server, of the browsers and of this script, and every error: a wait that timed
out, a Streamlit exception, a JavaScript error, "the app is busy", a server that died. Any
error makes the exit status 1.

With ``--replicas N`` (N > 1) it starts N servers behind Debian's nginx (deploy/nginx.conf:
sticky sessions by cookie, websockets passed) and drives the sessions through nginx; the memory
and CPU figures are the replicas' together, it reports which replica served each session, and
it checks that the shared link opens the same page on each replica directly and through nginx
(the URL carries the state).

    python -m bench.load                              # 30 sessions for 180 s
    python -m bench.load --sessions 5 --seconds 30    # what CI runs
    python -m bench.load --replicas 2 --sessions 5 --seconds 30   # and behind nginx
    python -m bench.load --sessions 30 --seconds 180 --browsers 5  # 5 browsers, 25 protocol

A browser session's times include the browser's own work: Chromium tabs share the server's
cores. A protocol session's do not include drawing at all.
"""

import argparse
import asyncio
import contextlib
import itertools
import math
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from pathlib import Path

from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright

from bench.protocol import ProtocolError, Visitor, plotly_array, trace_named
from engine import evaluate
from lessons.corpus import PRESETS
from lessons.explore import MAX_CODE_CHARS
from tests.browser.conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    answers,
    free_port,
    serving_process,
    streamlit_server,
)
from tests.engine.snippets.test_hostile import HOSTILE
from ui.i18n import translate

WAIT_MS = 180_000  # how long one action may take before it counts as an error (a busy machine)
POLL_MS = 250  # how often a page checks a condition (not every frame: 30 tabs share 2 cores)
CLICK_AGAIN_MS = 15_000  # a click the chart has not answered by then, on an idle page, was lost
CLICK_TRIES = 3
HOSTILE_EVERY = 5  # one session in this many pastes hostile snippets
STAGGER_SECONDS = 0.25  # between the starts of two sessions: a class opens a link within seconds
SAMPLE_SECONDS = 0.2  # how often the server's memory and processes are read
DESCENT = "descent?lang=en&task=classification&steps=500"
CODE = '[data-testid="stCode"]'  # the Losses page's value
CONSOLE = "pre.text-block"  # Explore's printed output (the first text block)
ERROR_BOX = '[data-testid="stAlertContentError"]'
BUSY = translate("en", "sandbox.busy", workers=0).split(":")[0]  # "The app is busy"
# where the graph (the first chart) draws a value node, by name: its data and page coordinates
LOCATE_NODE = """(name) => {
    const gd = document.querySelectorAll('.js-plotly-plot')[0];
    const values = gd._fullData.find(t => t.name === 'values');
    const i = values.text.findIndex(s => s.startsWith(`<b>${name}</b>`));
    const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
    const box = gd.querySelector('.nsewdrag').getBoundingClientRect();
    return {x: values.x[i], y: values.y[i],
            px: box.left + xa.l2p(values.x[i]), py: box.top + ya.l2p(values.y[i])};
}"""
# whether the graph's ring (the inspected node) is on that node
RINGED = """(p) => {
    const gd = document.querySelectorAll('.js-plotly-plot')[0];
    const ring = gd && gd._fullData && gd._fullData.find(t => t.name === 'highlight');
    return !!ring && ring.x[0] === p.x && ring.y[0] === p.y;
}"""
# the opening words of each limit's message, to tell which stopped a run
LIMIT_WORDS = {limit: translate("en", f"sandbox.{limit}", mb=0, seconds=0, code=0)[:24]
               for limit in ("memory", "cpu", "wall", "result", "crash")}


# the Losses page's picker names each loss with its group
MSE_OPTION = f"{translate('en', 'losses.group.regression')} · MSELoss"


def shared_code():
    """The code of the link the teacher sends: Karpathy's neuron."""
    return PRESETS["neuron"]


def edited_code(value):
    """The shared code with x1 set to ``value``; each session and round edits in its own."""
    source = shared_code()
    assert "x1 = Value(2.0" in source
    return source.replace("x1 = Value(2.0", f"x1 = Value({value!r}", 1)


def printed(source):
    """What the page's console shows for ``source``: the engine's printed lines."""
    return "\n".join(evaluate(source).printed)


def reaches_the_browser(source):
    """Whether a text area can hold ``source`` as it is: within its length, valid UTF-8, and
    without the control characters a browser's text area does not keep."""
    try:
        source.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return len(source) <= MAX_CODE_CHARS and all(c.isprintable() or c == "\n" for c in source)


HOSTILE_PASTES = [s for s in HOSTILE if reaches_the_browser(s)]


# --- the server's memory and processes ------------------------------------------------------------


def _status(pid):
    """(VmRSS in bytes, parent pid) of a live process, None once it is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            fields = dict(line.split(":", 1) for line in f if ":" in line)
    except OSError:
        return None
    rss = fields.get("VmRSS", "0 kB").split()[0]  # absent for a zombie
    return int(rss) * 1024, int(fields["PPid"])


def process_tree(root):
    """{pid: (rss bytes, parent pid)} of ``root`` and every live process below it."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as f:
                    parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    tree, frontier = {}, [root]
    while frontier:
        pid = frontier.pop()
        status = _status(pid)
        if status is not None:
            tree[pid] = status
            frontier.extend(child for child, parent in parents.items() if parent == pid)
    return tree


def cpu_seconds(pids):
    """CPU seconds used by the live processes ``pids`` and the children they have reaped."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += sum(int(x) for x in fields[11:15])  # utime stime cutime cstime, in ticks
    return total / os.sysconf("SC_CLK_TCK")


def browser_side(server_pids):
    """This process and everything below it but the servers: Playwright's driver, Chromium."""
    servers = set().union(*(process_tree(pid) for pid in server_pids))
    return set(process_tree(os.getpid())) - servers


class Sampler(threading.Thread):
    """Reads the servers' resident memory (alone, and with every process below them), their
    own child processes (the fork server, the resource tracker) and the sandbox workers alive
    (a worker is a child of multiprocessing's fork server)."""

    def __init__(self, pids):
        super().__init__(daemon=True, name="rss-sampler")
        self.pids = (pids,) if isinstance(pids, int) else tuple(pids)
        self.stopping = threading.Event()
        self.server_peak = self.tree_peak = 0
        self.workers = set()
        self.children = set()

    def sample(self):
        """(servers' rss, servers' and children's rss) now, in bytes; records peaks and
        workers."""
        server = total = 0
        for root in self.pids:
            tree = process_tree(root)
            if root not in tree:
                continue
            server += tree[root][0]
            total += sum(rss for rss, _ in tree.values())
            children = {pid for pid, (_, parent) in tree.items() if parent == root}
            self.children |= children
            self.workers |= {pid for pid, (_, parent) in tree.items() if parent in children}
        self.server_peak = max(self.server_peak, server)
        self.tree_peak = max(self.tree_peak, total)
        return server, total

    def run(self):
        while not self.stopping.wait(SAMPLE_SECONDS):
            self.sample()


# --- one session ----------------------------------------------------------------------------------


async def keep_going(session):
    """A session's rounds until its deadline, at least one; an error is counted and it goes on."""
    while session.rounds == 0 or time.monotonic() < session.deadline:
        try:
            await session.round()
        except Exception as err:  # noqa: BLE001 - counted, and the session goes on
            session.record(session.action, None, f"{type(err).__name__}: {err}"[:500])
        session.rounds += 1


class Session:
    """One visitor's browser context, the times of their actions and the errors they saw."""

    kind = "browser"

    def __init__(self, number, browser, url, deadline, record, hostile_pastes):
        self.number = number
        self.browser = browser
        self.url = url
        self.deadline = deadline
        self.record = record  # record(action, seconds) or record(action, None, error text)
        self.hostile = number % HOSTILE_EVERY == 0
        self.hostile_pastes = hostile_pastes  # shared: every paste is another snippet
        self.rounds = 0
        self.page = None

    async def run(self):
        context = await self.browser.new_context(viewport={"width": 1400, "height": 1000},
                                                 locale="en-US")
        self.page = await context.new_page()
        self.page.set_default_timeout(WAIT_MS)
        self.page.on("pageerror", lambda err: self.record("javascript", None, str(err)))
        try:
            await keep_going(self)
        finally:
            await context.close()

    async def timed(self, action, act, until):
        """Do ``act()``, wait for ``until()``, record the seconds between, check the page."""
        self.action = action
        await self.idle()
        start = time.monotonic()
        await act()
        await until()
        self.record(action, time.monotonic() - start)
        await self.idle()
        await self.check()

    async def round(self):
        page, n, r = self.page, self.number, self.rounds
        self.action = "open link"
        link = f"{self.url}/?" + urllib.parse.urlencode({"code": shared_code(), "lang": "en"},
                                                        quote_via=urllib.parse.quote)
        await self.timed(
            "open link",
            lambda: page.goto(link, wait_until="domcontentloaded"),
            lambda: self.all_of(self.output(printed(shared_code())), self.graph_drawn()),
        )

        source = edited_code(round(1.0 + n / 100 + r / 10_000, 6))
        editor = page.locator("textarea").first
        await editor.fill(source)
        await self.timed("edit code", lambda: editor.press("Control+Enter"),
                         lambda: self.output(printed(source)))

        for name in ("x1", "w1"):
            await self.click_node(name)

        if self.hostile:
            snippet = next(self.hostile_pastes)
            await editor.fill(snippet)
            await self.timed("hostile snippet", lambda: editor.press("Control+Enter"),
                             lambda: page.locator(ERROR_BOX).first.wait_for())
            await self.check_limit_stop()

        nav = page.get_by_test_id("stSidebar")
        await self.timed("open Losses", lambda: nav.get_by_role("link", name="Losses").click(),
                         lambda: self.value("tensor(0.6667)"))
        await self.timed("pick a loss", lambda: self.choose("Loss", MSE_OPTION),
                         lambda: self.value("tensor(1.3333)"))  # (0 + 0 + 2^2) / 3
        await self.timed("pick a reduction",
                         lambda: page.get_by_text("sum", exact=True).click(),
                         lambda: self.value("tensor(4.)"))

        await self.timed("open Descent",
                         lambda: page.goto(f"{self.url}/{DESCENT}", wait_until="domcontentloaded"),
                         lambda: page.locator(".st-key-train button:visible").wait_for())
        await self.timed("train 500 steps",
                         lambda: page.locator(".st-key-train button:visible").click(),
                         lambda: self.metric("steps taken", "500"))

    # --- what a session waits for

    async def all_of(self, *waits):
        await asyncio.gather(*waits)

    async def output(self, text):
        """A text block (the console) shows exactly ``text``."""
        await self.page.wait_for_function(
            "([selector, text]) => [...document.querySelectorAll(selector)]"
            ".some(e => e.innerText.trim() === text)",
            arg=[CONSOLE, text], polling=POLL_MS, timeout=WAIT_MS)

    async def graph_drawn(self):
        await self.page.locator(".js-plotly-plot .main-svg").first.wait_for()

    async def value(self, text):
        """The Losses page's value (its first code block) reads ``text``."""
        await self.page.wait_for_function(
            "([selector, text]) => { const e = document.querySelector(selector);"
            " return e && e.innerText.trim() === text; }",
            arg=[CODE, text], polling=POLL_MS, timeout=WAIT_MS)

    async def metric(self, label, text):
        box = self.page.locator('[data-testid="stMetric"]').filter(has_text=label).first
        await box.locator('[data-testid="stMetricValue"]').filter(has_text=text).wait_for()

    async def choose(self, label, option):
        await self.page.get_by_role("combobox", name=label, exact=True).click()
        await self.page.get_by_role("option", name=option, exact=True).click()

    async def click_node(self, name):
        """Click the graph's node ``name`` and wait until the ring (the highlight trace) moves
        onto it. A click the chart did not take (the ring has not moved and the page is idle
        after CLICK_AGAIN_MS) is repeated, as a visitor would, and counted."""
        page, point = self.page, {}

        async def click():
            await self.graph_drawn()
            point.update(await page.evaluate(LOCATE_NODE, name))
            await page.mouse.click(point["px"], point["py"])

        async def ringed():
            for _ in range(CLICK_TRIES - 1):
                try:
                    await page.wait_for_function(RINGED, arg=point, polling=POLL_MS,
                                                 timeout=CLICK_AGAIN_MS)
                    return
                except PlaywrightTimeout:
                    await self.idle()
                    if await page.evaluate(RINGED, point):
                        return
                    self.record("click repeated", 0.0)
                    await page.mouse.click(point["px"], point["py"])
            await page.wait_for_function(RINGED, arg=point, polling=POLL_MS, timeout=WAIT_MS)

        await self.timed("click a node", click, ringed)

    async def idle(self):
        """Streamlit's script run has ended (its status widget says "Running" meanwhile)."""
        await self.page.wait_for_function(
            "() => { const s = document.querySelector('[data-testid=\"stStatusWidget\"]');"
            " return !s || !s.innerText.includes('Running'); }",
            polling=POLL_MS, timeout=WAIT_MS)

    async def check(self):
        """No Streamlit exception and no busy message on the page."""
        page = self.page
        if await page.locator('[data-testid="stException"]').count():
            text = await page.locator('[data-testid="stException"]').first.inner_text()
            self.record(self.action, None, f"exception on the page: {text[:300]}")
        if await page.get_by_text(BUSY).count():
            self.record(self.action, None, "the app said it is busy")

    async def check_limit_stop(self):
        """Count a hostile snippet's error box that names a sandbox limit."""
        text = await self.page.locator(ERROR_BOX).first.inner_text()
        for limit, words in LIMIT_WORDS.items():
            if words in text:
                self.record(f"limit stop: {limit}", 0.0)


class ProtocolSession:
    """One visitor speaking Streamlit's websocket protocol (bench/protocol.py) instead of a
    browser: the same round as Session's, the same widgets changed, the same hostile share.
    An action's time runs from sending the change (for a link: from loading the page) to the
    ForwardMsg that carries the updated output or chart; its run's ``script_finished`` is
    recorded too, as ``finished(action, seconds)``."""

    kind = "protocol"

    def __init__(self, number, url, deadline, record, hostile_pastes, finished=None):
        self.number = number
        self.url = url
        self.deadline = deadline
        self.record = record
        self.finished = finished or (lambda action, seconds: None)
        self.hostile = number % HOSTILE_EVERY == 0
        self.hostile_pastes = hostile_pastes
        self.rounds = 0
        self.visitor = None
        self.action = "open link"

    async def run(self):
        self.visitor = Visitor(self.url)
        try:
            await keep_going(self)
        finally:
            await self.visitor.close()

    async def timed(self, action, act, what):
        """Await ``act()`` (a Run, timed by its ``until``), record its times, check the page.
        ProtocolError if the run finished without showing ``what``."""
        self.action = action
        run = await act()
        if run.seen is None:
            self.check(run.page)
            shown = "; ".join(t[:200] for t in error_boxes(run.page) if BUSY not in t)
            raise ProtocolError(f"the run finished without {what}"
                                + (f"; it showed the error: {shown}" if shown else ""))
        self.record(action, run.seen)
        self.finished(action, run.seconds)
        self.check(run.page)
        return run

    async def round(self):
        v, n, r = self.visitor, self.number, self.rounds
        link = "?" + urllib.parse.urlencode({"code": shared_code(), "lang": "en"},
                                            quote_via=urllib.parse.quote)
        expected = printed(shared_code())
        await self.timed("open link", lambda: v.open(link, until=lambda page: (
            expected in page.text_blocks() and page.find("plotly_chart") is not None)),
            "the link's output and graph")

        source = edited_code(round(1.0 + n / 100 + r / 10_000, 6))
        expected = printed(source)
        editor = self.need(v.page.find("text_area", key="explore.source"), "the code editor")
        await self.timed("edit code", lambda: v.set_text(
            editor, source, until=lambda page: expected in page.text_blocks()),
            "the edited code's output")

        for name in ("x1", "w1"):
            await self.click_node(name)

        if self.hostile:
            snippet = next(self.hostile_pastes)
            editor = self.need(v.page.find("text_area", key="explore.source"), "the code editor")
            run = await self.timed("hostile snippet", lambda: v.set_text(
                editor, snippet, until=lambda page: error_boxes(page)), "an error box")
            for text in error_boxes(run.page):
                for limit, words in LIMIT_WORDS.items():
                    if words in text:
                        self.record(f"limit stop: {limit}", 0.0)

        await self.timed("open Losses", lambda: v.go_to(
            "losses", until=lambda page: first_code(page) == "tensor(0.6667)"),
            "the Losses page's value")
        picker = self.need(v.page.find("selectbox", label="Loss"), "the loss picker")
        await self.timed("pick a loss", lambda: v.choose(
            picker, MSE_OPTION, until=lambda page: first_code(page) == "tensor(1.3333)"),
            "MSELoss's value")
        reduction = self.need(v.page.find("radio", option="sum"), "the reduction")
        await self.timed("pick a reduction", lambda: v.choose(
            reduction, "sum", until=lambda page: first_code(page) == "tensor(4.)"),
            "the sum's value")

        await self.timed("open Descent", lambda: v.open(
            DESCENT, until=lambda page: page.find("button", key="train") is not None),
            "the train button")
        train = v.page.find("button", key="train")
        await self.timed("train 500 steps", lambda: v.click(
            train, until=lambda page: metric(page, STEPS_TAKEN) == "500"), "500 steps taken")

    async def click_node(self, name):
        """Click the graph's node ``name`` (select its point) and wait for the ring on it."""
        chart = self.need(self.visitor.page.find("plotly_chart"), "the graph")
        curve, index, (x, y) = graph_node(chart, name)
        await self.timed("click a node", lambda: self.visitor.select_point(
            chart, curve, index, until=lambda page: ringed(page, x, y)), f"the ring on {name}")

    def need(self, element, what):
        if element is None:
            raise ProtocolError(f"the page has no {what}")
        return element

    def check(self, page):
        """No Streamlit exception and no busy message in what the run drew."""
        for e in page.all("exception"):
            self.record(self.action, None, f"exception on the page: {e.text[:300]}")
        if any(BUSY in text for text in page.texts("alert")):
            self.record(self.action, None, "the app said it is busy")


STEPS_TAKEN = translate("en", "descent.steps_done")


def first_code(page):
    """The text of the page's first code block (the Losses page's value), or None."""
    codes = page.texts("code")
    return codes[0] if codes else None


def error_boxes(page):
    """The texts of the page's error boxes."""
    return [e.text for e in page.all("alert") if e.body.format == e.body.ERROR]


def metric(page, label):
    """The value a metric called ``label`` shows, or None."""
    return next((e.text for e in page.all("metric") if e.label == label), None)


def graph_node(chart, name):
    """(trace index, point index, (x, y)) of the value node ``name`` in the graph's figure: its
    trace "values" labels each node with its name in bold first."""
    curve, values = trace_named(chart.figure(), "values")
    index = next(i for i, text in enumerate(values["text"]) if text.startswith(f"<b>{name}</b>"))
    return curve, index, (plotly_array(values["x"])[index], plotly_array(values["y"])[index])


def ringed(page, x, y):
    """Whether the page's graph (its first chart) draws its ring (the trace "highlight") at
    (x, y)."""
    chart = page.find("plotly_chart")
    if chart is None:
        return False
    try:
        _, ring = trace_named(chart.figure(), "highlight")
    except ProtocolError:
        return False
    return (plotly_array(ring["x"])[:1], plotly_array(ring["y"])[:1]) == ([x], [y])


# --- the whole run --------------------------------------------------------------------------------


def percentile(times, q):
    """The ``q``-th percentile (nearest rank) of ``times``."""
    ordered = sorted(times)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def browser_numbers(sessions, browsers=None):
    """The numbers of the sessions that run in Chromium: ``browsers`` of the ``sessions``,
    spread evenly over the start order (all of them when ``browsers`` is None)."""
    browsers = sessions if browsers is None else browsers
    return {j * sessions // browsers for j in range(browsers)} if browsers else set()


async def drive(url, server_pids, sessions, seconds, browsers=None):
    """Run every session, ``browsers`` of them in Chromium (all when None) and the rest as
    protocol sessions; return a dict: ``times`` ({kind: {action: [seconds]}}, kind "browser"
    or "protocol"), ``finished`` ({action: [seconds to the protocol runs' script_finished]}),
    ``errors`` ([(session, kind, action, error)]), ``rounds`` ({kind: rounds}), ``cpu`` (CPU
    seconds of Chromium and Playwright's driver) and ``script_cpu`` (of this process: the
    protocol sessions and the browser sessions' driving)."""
    times, finished = defaultdict(lambda: defaultdict(list)), defaultdict(list)
    errors, in_browser = [], browser_numbers(sessions, browsers)

    def recorder(number, kind):
        def record(action, elapsed, error=None):
            if error is None:
                times[kind][action].append(elapsed)
            else:
                errors.append((number, kind, action, error))
        return record

    cpu, script_cpu = cpu_seconds(browser_side(server_pids)), time.process_time()
    async with contextlib.AsyncExitStack() as stack:
        browser = None
        if in_browser:
            p = await stack.enter_async_context(async_playwright())
            browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            stack.push_async_callback(browser.close)
        deadline = time.monotonic() + seconds
        pastes = itertools.cycle(HOSTILE_PASTES)
        crowd = [Session(i, browser, url, deadline, recorder(i, "browser"), pastes)
                 if i in in_browser else
                 ProtocolSession(i, url, deadline, recorder(i, "protocol"), pastes,
                                 lambda action, seconds: finished[action].append(seconds))
                 for i in range(sessions)]

        async def start(session):
            await asyncio.sleep(session.number * STAGGER_SECONDS)
            await session.run()

        await asyncio.gather(*(start(s) for s in crowd))
        script_cpu = time.process_time() - script_cpu
        cpu = cpu_seconds(browser_side(server_pids)) - cpu - script_cpu
    rounds = defaultdict(int)
    for s in crowd:
        rounds[s.kind] += s.rounds
    return {"times": times, "finished": finished, "errors": errors, "rounds": dict(rounds),
            "cpu": cpu, "script_cpu": script_cpu}


NGINX_CONF = ROOT / "deploy" / "nginx.conf"


def nginx_config(folder, port, replica_urls):
    """deploy/nginx.conf filled in: nginx's files in ``folder``, serving 127.0.0.1:``port``."""
    servers = "\n        ".join(f"server {urllib.parse.urlsplit(u).netloc};" for u in replica_urls)
    return (NGINX_CONF.read_text().replace("@PREFIX@", str(folder))
            .replace("@LISTEN@", f"127.0.0.1:{port}").replace("@SERVERS@", servers))


@contextlib.contextmanager
def nginx_front(folder, replica_urls):
    """Debian's nginx on a free local port in front of the replicas; yield its URL; always stop
    it. RuntimeError if it is missing or does not start."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(nginx):
        raise RuntimeError("nginx is not installed (apt-get install nginx)")
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf, log = folder / "nginx.conf", folder / "error.log"
    conf.write_text(nginx_config(folder, port, replica_urls))
    url = f"http://127.0.0.1:{port}"
    command = [nginx, "-p", str(folder), "-e", str(log), "-c", str(conf), "-g", "daemon off;"]
    with serving_process(command, url, log, "nginx"):
        yield url


@contextlib.contextmanager
def serving(folder, replicas):
    """``replicas`` servers of the app, behind nginx when there are several; yield (the URL the
    sessions open, the servers' processes, each replica's own URL)."""
    with contextlib.ExitStack() as stack:
        started = [stack.enter_context(streamlit_server(folder / f"server{i}.log"))
                   for i in range(replicas)]
        urls = [url for url, _ in started]
        front = urls[0] if replicas == 1 else stack.enter_context(
            nginx_front(folder / "nginx", urls))
        yield front, [server for _, server in started], urls


def sessions_per_replica(access_log):
    """{replica address: visitors it served} from nginx's log (one route cookie a visitor)."""
    served = defaultdict(set)
    for line in access_log.read_text(errors="replace").splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[0] != "-" and parts[1] != "-":  # (not a health check)
            served[parts[1]].add(parts[0])
    return {replica: len(visitors) for replica, visitors in sorted(served.items())}


async def same_page_everywhere(urls):
    """The errors of opening the shared link at each URL (nginx, then each replica): each must
    show the console the engine prints for its code."""
    link = "/?" + urllib.parse.urlencode({"code": shared_code(), "lang": "en"},
                                         quote_via=urllib.parse.quote)
    expected, errors = printed(shared_code()), []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for url in urls:
                page = await browser.new_page()
                try:
                    await page.goto(url + link, wait_until="domcontentloaded")
                    await page.wait_for_function(
                        "([selector, text]) => [...document.querySelectorAll(selector)]"
                        ".some(e => e.innerText.trim() === text)",
                        arg=[CONSOLE, expected], polling=POLL_MS, timeout=WAIT_MS)
                except PlaywrightTimeout:
                    errors.append((None, "shared link", f"{url} did not show the link's output"))
                finally:
                    await page.close()
        finally:
            await browser.close()
    return errors


def healthy(url):
    return answers(url, timeout=10)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30, help="sessions at once")
    parser.add_argument("--seconds", type=float, default=180,
                        help="how long sessions start new rounds (each does at least one)")
    parser.add_argument("--replicas", type=int, default=1,
                        help="servers of the app; more than one run behind nginx")
    parser.add_argument("--settle", type=float, default=5,
                        help="seconds after the sessions at which the memory is read again "
                             "(Streamlit keeps a closed session's state for 120 s)")
    parser.add_argument("--browsers", type=int, default=None,
                        help="sessions in Chromium (default: all); the rest speak Streamlit's "
                             "websocket protocol from this process (bench/protocol.py)")
    args = parser.parse_args(argv)
    if args.sessions < 1 or args.seconds < 0 or args.replicas < 1:
        parser.error("--sessions and --replicas must be at least 1 and --seconds not negative")
    if args.browsers is not None and not 0 <= args.browsers <= args.sessions:
        parser.error("--browsers must be between 0 and --sessions")
    browsers = args.sessions if args.browsers is None else args.browsers

    with tempfile.TemporaryDirectory() as tmp, \
            serving(Path(tmp), args.replicas) as (url, servers, replica_urls):
        pids = [server.pid for server in servers]
        sampler = Sampler(pids)
        time.sleep(2)
        idle = sampler.sample()
        warm_errors = asyncio.run(warm_up(url))
        time.sleep(2)
        warm = sampler.sample()
        sampler.start()
        began, load = time.monotonic(), os.getloadavg()[0]
        tree = lambda: set().union(*(process_tree(pid) for pid in pids))
        server_cpu = cpu_seconds(tree())
        try:
            result = asyncio.run(drive(url, pids, args.sessions, args.seconds, browsers))
        finally:
            sampler.stopping.set()
            sampler.join()
        took = time.monotonic() - began
        server_cpu = cpu_seconds(tree()) - server_cpu
        errors = warm_errors + result["errors"]
        if args.replicas > 1:
            errors += [(n, "browser", a, e)
                       for n, a, e in asyncio.run(same_page_everywhere([url, *replica_urls]))]
        time.sleep(5)  # the last workers end, and the sessions' memory may be given back
        after = sampler.sample()
        if args.settle > 5:
            time.sleep(args.settle - 5)
            settled = sampler.sample()
        for server, replica in zip(servers, replica_urls, strict=True):
            if server.poll() is not None or not healthy(replica):
                errors.append((None, None, "server",
                               f"the server at {replica} stopped answering"))
        if args.replicas > 1 and not healthy(url):
            errors.append((None, None, "server", "nginx stopped answering"))
        log = "\n".join((Path(tmp) / f"server{i}.log").read_text(errors="replace")
                        for i in range(args.replicas))
        served = sessions_per_replica(Path(tmp) / "nginx" / "access.log") \
            if args.replicas > 1 else {}

    where = "one server" if args.replicas == 1 else f"{args.replicas} servers behind nginx"
    times, rounds = result["times"], result["rounds"]
    who = {"browser": f"{browsers} in one Chromium",
           "protocol": f"{args.sessions - browsers} speaking Streamlit's protocol"}
    print(f"{args.sessions} sessions ("
          + ", ".join(f"{who[kind]}: {n} rounds" for kind, n in rounds.items())
          + f"), {args.seconds:g} s of new rounds ({took:.0f} s in all), {where}, "
          f"{os.cpu_count()} cores")
    if served:
        print("visitors (route cookies) each replica served: "
              + ", ".join(f"{replica} {n}" for replica, n in served.items())
              + "; the shared link opened through nginx and on each replica alike")
    print(action_table(times, result["finished"]))
    mb = lambda b: f"{b / (1 << 20):.0f} MB"
    print(f"\nserver RSS: idle {mb(idle[0])} ({mb(idle[1])} with its children), after one "
          f"visitor's round before the class {mb(warm[0])} ({mb(warm[1])}), "
          f"peak {mb(sampler.server_peak)} ({mb(sampler.tree_peak)} with its children), "
          f"5 s after the sessions {mb(after[0])} ({mb(after[1])})"
          + (f", {args.settle:g} s after {mb(settled[0])} ({mb(settled[1])})"
             if args.settle > 5 else ""))
    stops = defaultdict(int)
    for actions in times.values():
        for action, seconds in actions.items():
            if action.startswith("limit stop"):
                stops[action.split(": ")[1]] += len(seconds)
    print(f"sandbox workers seen (sampled every {SAMPLE_SECONDS:g} s; one per run): "
          f"{len(sampler.workers)}; workers stopped by a limit: {dict(stops) or 0}; the "
          f"servers' own child processes seen: {len(sampler.children)} (two a server: the fork "
          "server that starts the workers and multiprocessing's resource tracker; more would "
          "be restarts)")
    if browsers:
        print("clicks on a node the chart did not take, made again: "
              f"{len(times['browser']['click repeated'])}")
    print(f"CPU seconds used: server and workers {server_cpu:.0f}, Chromium and Playwright "
          f"{result['cpu']:.0f}, this script (protocol sessions, and the browsers' driving) "
          f"{result['script_cpu']:.1f}, of {took * os.cpu_count():.0f} core-seconds; load "
          f"average {load:.1f} at the start, {os.getloadavg()[0]:.1f} at the end")
    print(f"errors: {len(errors)}")
    for number, kind, action, error in errors[:30]:
        print(f"  session {number} ({kind}), {action}: {error}")
    if errors and "Traceback" in log:
        print("\nthe server's log from its first traceback:")
        print(log[log.index("Traceback"):][:20_000])
    return 1 if errors else 0


async def warm_up(url):
    """One protocol visitor's round before the class arrives (the teacher trying the link): the
    app's modules loaded and the shared link's analysis cached, as on a server in use. Its
    times are not counted; its errors are (session "warm-up")."""
    errors = []

    def record(action, seconds, error=None):
        if error is not None:
            errors.append(("warm-up", "protocol", action, error))

    await ProtocolSession(1, url, 0, record, iter(())).run()  # session 1: no hostile paste
    return errors


def action_table(times, finished):
    """The actions' p50, p95 and max seconds, for browser and protocol sessions apart; protocol
    rows add the p50 and p95 to the run's script_finished."""
    kinds = [kind for kind in ("browser", "protocol") if kind in times]
    lines = [f"\n{'action':<18}{'sessions':>10}{'count':>7}{'p50 s':>8}{'p95 s':>8}{'max s':>8}"
             + ("   script_finished p50 / p95" if "protocol" in kinds else "")]
    actions = dict.fromkeys(a for kind in kinds for a in times[kind])
    for action in actions:
        if action.startswith("limit stop") or action == "click repeated":
            continue
        for kind in kinds:
            seconds = times[kind].get(action)
            if not seconds:
                continue
            line = (f"{action:<18}{kind:>10}{len(seconds):>7}{statistics.median(seconds):>8.2f}"
                    f"{percentile(seconds, 95):>8.2f}{max(seconds):>8.2f}")
            if kind == "protocol" and finished.get(action):
                done = finished[action]
                line += f"   {statistics.median(done):.2f} / {percentile(done, 95):.2f}"
            lines.append(line)
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
