"""A visitor without a browser: Streamlit's own websocket protocol, spoken from Python.

A ``Visitor`` does what the browser's Streamlit client does for the server: it loads the page
and the health check (which sets the XSRF cookie), opens ``/_stcore/stream`` with the browser's
subprotocols
(``streamlit`` and the XSRF token), asks for a script run with the page's query string and page
(a ``rerun_script`` BackMsg carrying the ``ClientState``), and reads the ForwardMsgs the run
sends: the elements (deltas, each at its place on the page), the query string and the page the
app publishes, and ``script_finished``. Widgets are found in the elements by label, key or
options, and a visitor changes one as the browser does: a rerun whose ``widget_states`` carry
the new value (text for a text area, the formatted option for a select box or a radio, the
selection's JSON for a chart clicked, a trigger for a button) along with every value the
visitor set before on that page.

So the server does for a visitor here what it does for a browser: the same script runs, the
same widgets change, the same figures are built and sent. What a visitor here does not cost
the server: the static files (a browser loads them once), and the browser's own drawing. It
keeps no message cache: a browser names the large messages it holds (``cached_message_hashes``)
and gets a reference instead of them again; a visitor here gets every message in full.

``ProtocolSession`` is ``bench.load.Session``'s round done this way.
"""

import asyncio
import base64
import json
import time
import urllib.request

import numpy as np
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect

from ui.widgets import panel_parts

XSRF_COOKIE = "_streamlit_xsrf"
LOCALE = "en-US"


def plotly_array(value):
    """A figure's array as a list: plotly sends numpy arrays as ``{"dtype", "bdata"}`` (base64
    of the array's bytes, with ``shape`` when it has more than one axis), other arrays as lists."""
    if isinstance(value, dict) and "bdata" in value:
        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        if "shape" in value:
            shape = value["shape"]
            shape = [int(n) for n in shape.split(",")] if isinstance(shape, str) else shape
            array = array.reshape(shape)
        return array.tolist()
    return list(value)


def trace_named(figure, name):
    """(index, trace) of the figure's trace called ``name``; ProtocolError if there is none."""
    for i, trace in enumerate(figure["data"]):
        if trace.get("name") == name:
            return i, trace
    raise ProtocolError(f"the figure has no trace {name!r}")


class ProtocolError(Exception):
    """The server closed the stream, or a run did not finish in time."""


def widget_id_key(widget_id):
    """The key a widget was given in the script (the end of its id), or None for a widget
    without a key. Streamlit's ids are ``$$ID-<hash>-<key>`` (``-None`` when no key)."""
    key = widget_id.split("-", 2)[-1] if widget_id.count("-") >= 2 else None
    return None if key in (None, "None", "") else key


class Element:
    """One element on the page: its kind (``code``, ``text_area``, ``plotly_chart``...), its
    proto, and its place (the delta path)."""

    def __init__(self, path, proto):
        self.path = path
        self.proto = proto
        self.kind = proto.WhichOneof("type")
        self.body = getattr(proto, self.kind)

    @property
    def id(self):
        return getattr(self.body, "id", "")

    @property
    def label(self):
        return getattr(self.body, "label", "")

    @property
    def text(self):
        """What the element shows as text: a code block's code, an alert's body, a metric's
        value, an exception's message."""
        if self.kind == "code":
            return self.body.code_text
        if self.kind in ("alert", "markdown", "text"):
            return self.body.body
        if self.kind == "metric":
            return self.body.body
        if self.kind == "exception":
            return f"{self.body.type}: {self.body.message}"
        return ""

    def figure(self):
        """A plotly chart's figure, as the JSON dict the browser draws."""
        return json.loads(self.body.spec)

    def __repr__(self):
        return f"Element({self.kind}, {self.label or self.text[:40]!r})"


class Page:
    """The elements of the page, in the order of their places, as the last runs left it."""

    def __init__(self):
        self.elements = {}  # delta path (tuple) -> Element

    def all(self, kind=None):
        return [e for _, e in sorted(self.elements.items()) if kind is None or e.kind == kind]

    def find(self, kind, label=None, key=None, option=None):
        """The first element of ``kind`` with that label, widget key or option; None if none."""
        for e in self.all(kind):
            if label is not None and e.label != label:
                continue
            if key is not None and widget_id_key(e.id) != key:
                continue
            if option is not None and option not in getattr(e.body, "options", ()):
                continue
            return e
        return None

    def texts(self, kind):
        return [e.text for e in self.all(kind)]

    def text_blocks(self):
        """The texts of the page's text blocks (printed output, formulas), in page order."""
        return [text for e in self.all("html") for kind, text in panel_parts(e.body.body)
                if kind == "block"]


class Run:
    """What one script run sent: the elements it drew (``page``, only this run's), the seconds
    from the request to the message that made ``until(page)`` true (``seen``; None if none
    did), and to ``script_finished`` (``seconds``)."""

    def __init__(self):
        self.page = Page()
        self.finished = None  # ForwardMsg.ScriptFinishedStatus
        self.seen = None
        self.seconds = None
        self.messages = 0
        self.bytes = 0


class Visitor:
    """One visitor's connection to a Streamlit server: a session of its own, as a browser
    tab's. ``await Visitor.open(url, path_and_query)`` loads the page and runs its script."""

    def __init__(self, url, locale=LOCALE):
        self.url = url.rstrip("/")
        self.locale = locale
        self.socket = None
        self.page = Page()
        self.query = ""
        self.page_hash = ""
        self.pages = {}  # URL path ("" for the home page) -> page script hash
        self.states = {}  # widget id -> WidgetState this visitor set (kept while on the page)
        self.session_id = None
        self.cookies = {}  # name -> value, as the browser keeps them for the site

    # --- connecting

    def _get(self, path):
        """GET ``path`` as the browser's request would, with the cookies the visitor holds;
        keep the cookies the answer sets (the XSRF token, a load balancer's route)."""
        headers = {"Accept-Language": self.locale}
        if self.cookies:
            headers["Cookie"] = self._cookie_header()
        request = urllib.request.Request(f"{self.url}/{path}", headers=headers)
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            for header in response.headers.get_all("Set-Cookie") or ():
                name, _, rest = header.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0].strip('"')

    def _cookie_header(self):
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())

    def _load(self, link):
        """Load the page as a browser does before it opens the stream: its HTML, then the
        health check, which sets the XSRF cookie. Returns the XSRF token, or None when the
        server sets none."""
        self._get(link)
        self._get("_stcore/health")
        return self.cookies.get(XSRF_COOKIE)

    async def open(self, link, until=None, timeout=180):
        """Open ``link`` (a path and query string after the server's URL, as ``"?code=..."``
        or ``"descent?lang=en"``) in a new session; return the first run."""
        await self.close()
        start = time.monotonic()
        path, _, query = link.partition("?")
        token = await asyncio.to_thread(self._load, link)
        scheme = "wss" if self.url.startswith("https") else "ws"
        stream = f"{scheme}{self.url[self.url.index(':'):]}/_stcore/stream"
        headers = {"Origin": self.url}
        if self.cookies:
            headers["Cookie"] = self._cookie_header()
        protocols = ["streamlit", token] if token else ["streamlit"]
        self.socket = await connect(stream, subprotocols=protocols,
                                    additional_headers=headers, max_size=None,
                                    open_timeout=timeout, ping_interval=None)
        self.page, self.states, self.query, self.page_hash = Page(), {}, query, ""
        return await self.rerun(page_name=path.strip("/"), until=until, timeout=timeout,
                                start=start)

    async def close(self):
        if self.socket is not None:
            await self.socket.close()
            self.socket = None

    # --- runs

    async def rerun(self, widgets=(), page_name=None, page_hash=None, until=None, timeout=180,
                    start=None):
        """Ask for a script run with the visitor's widget values, ``widgets`` (WidgetStates)
        among them, and read its messages until it finishes; return the Run. ``until(page)``,
        asked of the run's own elements at each one that arrives, times the run's ``seen``."""
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_hash if page_hash is None else page_hash
        state.page_name = page_name or ""
        state.context_info.locale = self.locale
        state.context_info.timezone = "UTC"
        state.context_info.url = f"{self.url}/{page_name or ''}"
        triggers = []
        for w in widgets:
            if w.WhichOneof("value") in ("trigger_value", "string_trigger_value",
                                         "json_trigger_value"):
                triggers.append(w)
            else:
                self.states[w.id] = w
        state.widget_states.widgets.extend([*self.states.values(), *triggers])
        start = time.monotonic() if start is None else start
        await self.socket.send(message.SerializeToString())
        return await self.read_run(start, until, timeout)

    async def read_run(self, start, until, timeout):
        """The messages of one script run, up to its ``script_finished`` (one that ended early
        for a rerun is followed by the rerun's)."""
        run = Run()
        touched = set()
        deadline = start + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise ProtocolError(f"no script_finished within {timeout:g} s")
            try:
                data = await asyncio.wait_for(self.socket.recv(), left)
            except TimeoutError:
                raise ProtocolError(f"no script_finished within {timeout:g} s") from None
            except Exception as err:  # the connection closed
                raise ProtocolError(f"the stream closed: {err}") from err
            msg = ForwardMsg()
            msg.ParseFromString(data)
            run.messages += 1
            run.bytes += len(data)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id or self.session_id
            elif kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
                self.page_hash = msg.navigation.page_script_hash
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                path = tuple(msg.metadata.delta_path)
                element = Element(path, msg.delta.new_element)
                self.page.elements[path] = run.page.elements[path] = element
                touched.add(path)
                if until is not None and run.seen is None and until(run.page):
                    run.seen = time.monotonic() - start
            elif kind == "delta" and msg.delta.WhichOneof("type") == "add_block":
                touched.add(tuple(msg.metadata.delta_path))
            elif kind == "script_finished":
                run.finished = msg.script_finished
                if run.finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue
                # as the browser: what this run did not draw again is gone
                self.page.elements = {p: e for p, e in self.page.elements.items()
                                      if p in touched}
                run.seconds = time.monotonic() - start
                return run

    # --- widgets, as a visitor changes them

    async def set_text(self, element, text, **options):
        """Type ``text`` into a text area or text input (and leave it, as Ctrl+Enter does)."""
        return await self.rerun([WidgetState(id=element.id, string_value=text)], **options)

    async def choose(self, element, option, **options):
        """Pick ``option`` (its text as shown) in a select box or a radio."""
        if option not in element.body.options:
            raise ProtocolError(f"{element.label!r} has no option {option!r}")
        return await self.rerun([WidgetState(id=element.id, string_value=option)], **options)

    async def click(self, button, **options):
        return await self.rerun([WidgetState(id=button.id, trigger_value=True)], **options)

    async def select_point(self, chart, curve, index, **options):
        """Click the point ``index`` of the chart's trace ``curve`` (a chart drawn with
        ``on_select``): the selection the browser sends for a click in points mode."""
        trace = chart.figure()["data"][curve]
        point = {"curve_number": curve, "point_number": index, "point_index": index,
                 "x": plotly_array(trace["x"])[index], "y": plotly_array(trace["y"])[index]}
        if "customdata" in trace:
            point["customdata"] = plotly_array(trace["customdata"])[index]
        selection = {"selection": {"points": [point], "point_indices": [index], "box": [],
                                   "lasso": []}}
        return await self.rerun([WidgetState(id=chart.id, string_value=json.dumps(selection))],
                                **options)

    async def go_to(self, url_path, **options):
        """Follow a page link to the page at ``url_path`` ("" for the home page): a rerun of
        that page in this session, its widget values left behind."""
        if url_path not in self.pages:
            raise ProtocolError(f"the app has no page {url_path!r}: {sorted(self.pages)}")
        self.states, self.query = {}, ""
        return await self.rerun(page_hash=self.pages[url_path], **options)
