"""Every page's HTML loads the chart's code (Streamlit's plotly element chunk) with the page, and
nothing else the server answers changes."""

import gzip
import urllib.request
from pathlib import Path

import pytest
from streamlit import file_util

from tests.browser.conftest import free_port, serving_process, streamlit_command
from ui import preload

from .own_loop import run_in_own_loop

pytestmark = pytest.mark.usefixtures("no_worker_left")
PAGE = b"<html><head><title>Streamlit</title></head><body></body></html>"
HREF = "./static/js/PlotlyChart.abc.js"


def test_the_chart_chunk_is_streamlits_plotly_element():
    href = preload.chart_chunk()
    assert href is not None and href.startswith("./static/js/PlotlyChart.")
    chunk = Path(file_util.get_static_dir()) / href
    assert chunk.stat().st_size > 1_000_000  # plotly itself is in it
    assert b"plotly" in chunk.read_bytes()[:2_000_000].lower()


def test_without_a_single_chunk_pages_are_sent_as_they_are(tmp_path, monkeypatch):
    js = tmp_path / "static" / "js"
    js.mkdir(parents=True)
    assert preload.chart_chunk(tmp_path) is None  # none
    (js / "PlotlyChart.a.js").touch()
    assert preload.chart_chunk(tmp_path) == "./static/js/PlotlyChart.a.js"
    (js / "PlotlyChart.b.js").touch()
    assert preload.chart_chunk(tmp_path) is None  # which one?
    monkeypatch.setattr(preload, "chart_chunk", lambda: None)
    start, body = respond(href=None)
    assert body == PAGE


def respond(status=200, content_type=b"text/html", body=PAGE, pieces=1, method="GET",
            headers=(), href=HREF):
    """What ``PreloadChart`` sends for an app answering so: (start message, body bytes)."""

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", content_type), (b"content-length", str(len(body)).encode()),
            *headers]})
        size = -(-len(body) // pieces)
        for i in range(pieces):
            await send({"type": "http.response.body", "body": body[i * size:(i + 1) * size],
                        "more_body": i < pieces - 1})

    sent = []

    async def send(message):
        sent.append(message)

    async def run():
        await preload.PreloadChart(app, href=href)({"type": "http", "method": method}, None, send)

    run_in_own_loop(run)
    start, bodies = sent[0], sent[1:]
    return start, b"".join(m.get("body", b"") for m in bodies)


def test_a_page_gets_the_tags_before_its_head_ends_with_its_length_corrected():
    start, body = respond(pieces=3)  # the body in three pieces, as a file may be sent
    tags = preload.head_tags(HREF)
    assert body == PAGE.replace(b"</head>", tags + b"</head>")
    assert dict(start["headers"])[b"content-length"] == str(len(body)).encode()
    assert b'<link rel="modulepreload" crossorigin href="./static/js/PlotlyChart.abc.js">' in tags
    assert b'import("./static/js/PlotlyChart.abc.js")' in tags


def test_a_gzipped_page_gets_the_tags_and_stays_gzipped():
    start, body = respond(body=gzip.compress(PAGE), pieces=2,
                          headers=[(b"content-encoding", b"gzip"), (b"vary", b"Accept-Encoding")])
    assert gzip.decompress(body) == PAGE.replace(b"</head>", preload.head_tags(HREF) + b"</head>")
    headers = dict(start["headers"])
    assert headers[b"content-length"] == str(len(body)).encode()
    assert headers[b"content-encoding"] == b"gzip" and headers[b"vary"] == b"Accept-Encoding"


@pytest.mark.parametrize("answer", [
    {"content_type": b"application/javascript", "body": b"const page = '</head>'"},
    {"content_type": b"application/json", "body": b'{"head": "</head>"}'},
    {"status": 304, "body": b""},
    {"status": 404, "body": PAGE},
    {"method": "HEAD", "body": PAGE},
    {"headers": [(b"content-encoding", b"br")], "body": b"brotli"},
])
def test_every_other_answer_passes_unchanged(answer):
    start, body = respond(**answer)
    assert body == answer["body"]
    assert dict(start["headers"])[b"content-length"] == str(len(answer["body"])).encode()


def test_a_server_that_sends_files_by_path_is_asked_for_the_bytes():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["extensions"])

    async def run():
        scope = {"type": "http", "method": "GET",
                 "extensions": {"http.response.pathsend": {}, "http.response.trailers": {}}}
        await preload.PreloadChart(app, href=HREF)(scope, None, None)

    run_in_own_loop(run)
    assert seen == [{"http.response.trailers": {}}]  # a page's bytes pass through the middleware


def test_a_page_without_a_head_end_is_sent_as_it_was():
    start, body = respond(body=b"<p>no head</p>", pieces=2)
    assert body == b"<p>no head</p>"
    assert dict(start["headers"])[b"content-length"] == b"14"


def get(url, encoding="identity"):
    request = urllib.request.Request(url, headers={"Accept-Encoding": encoding})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.status, answer.headers, answer.read()


def test_the_served_pages_load_the_chart_chunk_which_the_server_serves(tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with serving_process(streamlit_command("app.py", port), url, tmp_path / "server.log",
                         "streamlit"):
        href = preload.chart_chunk()
        zipped = set()
        for path in ("/", "/losses", "/descent?example=classification"):
            for encoding in ("identity", "gzip"):  # Streamlit gzips all but the root's
                status, headers, page = get(url + path, encoding)
                assert status == 200
                assert int(headers["Content-Length"]) == len(page)
                if headers.get("Content-Encoding") == "gzip":
                    page = gzip.decompress(page)
                    zipped.add(path)
                assert preload.head_tags(href) + b"</head>" in page
        assert "/losses" in zipped  # what a browser gets
        status, headers, chunk = get(f"{url}/{href.removeprefix('./')}")
        assert status == 200 and "javascript" in headers["Content-Type"]
        assert len(chunk) > 1_000_000
