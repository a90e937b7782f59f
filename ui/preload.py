"""The chart's code, loaded with the page: every page of the app draws a plotly chart.

Streamlit loads an element's JavaScript when the element first arrives over the websocket, and
plotly's, a 4.7 MB chunk, is the largest part of the browser's work on a visit. On a page with
other elements above its chart, the browser used to fetch and evaluate that chunk only after
drawing them, so the chart waited for the rest of the page and then for plotly. The middleware
below adds two tags to the page's HTML (Streamlit's ``index.html``, the same for every page): a
``modulepreload`` link, so the chunk downloads with Streamlit's own bundle, and a module script
that imports it, so the browser evaluates it before the page's elements arrive. When the chart
arrives its code is ready (``bench/bench_open.py --phases`` shows when).
"""

import gzip
from pathlib import Path

from streamlit import file_util
from streamlit.logger import get_logger

LOG = get_logger(__name__)
CHART_CHUNK = "PlotlyChart.*.js"  # Streamlit's plotly element, named with its content's hash
HEAD_END = b"</head>"


def chart_chunk(static_dir=None):
    """The page-relative URL of Streamlit's plotly element chunk, or None if there is not one.

    Relative, like the URLs in ``index.html`` itself, so it resolves under any base path.
    """
    js = Path(static_dir or file_util.get_static_dir()) / "static" / "js"
    found = sorted(js.glob(CHART_CHUNK))
    return f"./static/js/{found[0].name}" if len(found) == 1 else None


def head_tags(href):
    """The tags that fetch and evaluate the chunk at ``href`` early (an import that fails is
    left to Streamlit, which imports the chunk again when the chart arrives)."""
    return (f'<link rel="modulepreload" crossorigin href="{href}">'
            f'<script type="module">import("{href}").catch(() => {{}})</script>').encode()


class PreloadChart:
    """ASGI middleware: ``head_tags`` before ``</head>`` in every HTML page the app answers a
    GET with (in full, with its length corrected; Streamlit gzips a page's HTML for a browser
    that accepts it, except the root's); every other response passes unchanged."""

    def __init__(self, app, href=None):
        self.app = app
        href = href or chart_chunk()
        if href is None:
            LOG.warning("no single %s in Streamlit's static files: pages load it as they "
                        "draw their first chart", CHART_CHUNK)
        self.tags = head_tags(href) if href else None

    async def __call__(self, scope, receive, send):
        if self.tags is None or scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        held = {}
        # a page comes back as body messages, not as a file's path for the server to send
        extensions = {k: v for k, v in scope.get("extensions", {}).items()
                      if k != "http.response.pathsend"}
        scope = {**scope, "extensions": extensions}

        async def send_page(message):
            if message["type"] == "http.response.start":
                if is_html_page(message):
                    held["start"], held["body"] = message, []
                    return
            elif "start" in held:
                held["body"].append(message.get("body", b""))
                if message.get("more_body"):
                    return
                await send_html(send, held.pop("start"), b"".join(held["body"]), self.tags)
                return
            await send(message)

        await self.app(scope, receive, send_page)


def is_html_page(start):
    """Whether a response that starts so is a whole HTML page, as it is or gzipped."""
    headers = dict(start.get("headers", ()))
    return (start["status"] == 200
            and headers.get(b"content-encoding", b"gzip") == b"gzip"
            and headers.get(b"content-type", b"").startswith(b"text/html"))


async def send_html(send, start, body, tags):
    """Send the page ``body`` with ``tags`` before its ``</head>`` (if it has one)."""
    zipped = (b"content-encoding", b"gzip") in start["headers"]
    page = gzip.decompress(body) if zipped else body
    if HEAD_END in page:
        page = page.replace(HEAD_END, tags + HEAD_END, 1)
        body = gzip.compress(page, mtime=0) if zipped else page
    start["headers"] = [(name, str(len(body)).encode() if name == b"content-length" else value)
                        for name, value in start["headers"]]
    await send(start)
    await send({"type": "http.response.body", "body": body})
