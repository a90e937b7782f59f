"""Two replicas of the app behind Debian's nginx (deploy/nginx.conf): a shared link opens the
same page through nginx and on either replica, each drawn over its websocket, and a visitor
keeps one replica (the route cookie nginx sets on the first answer)."""

import asyncio
import concurrent.futures
import os
import shutil
import urllib.request

import pytest

from bench.load import same_page_everywhere, serving
from tests.browser.conftest import CHROMIUM, _missing

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def replicas(tmp_path_factory):
    if not (shutil.which("nginx") or os.path.exists("/usr/sbin/nginx")):
        _missing("nginx is not installed (apt-get install nginx)")
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        _missing("Chromium is not installed (apt-get install chromium)")
    with serving(tmp_path_factory.mktemp("replicas"), 2) as served:
        yield served


def test_a_shared_link_opens_the_same_page_through_nginx_and_on_each_replica(replicas):
    front, servers, urls = replicas
    assert len(servers) == 2 and front not in urls
    # in a thread of its own: the browser suite's sync Playwright runs an event loop here
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        errors = pool.submit(asyncio.run, same_page_everywhere([front, *urls])).result()
    assert errors == []


def test_nginx_sets_the_route_cookie_once_and_routes_by_it(replicas):
    front, _, _ = replicas
    with urllib.request.urlopen(front + "/") as first:
        cookie = first.headers["Set-Cookie"]
    assert cookie.startswith("backprop_route=") and "HttpOnly" in cookie
    request = urllib.request.Request(front + "/", headers={"Cookie": cookie.split(";")[0]})
    with urllib.request.urlopen(request) as again:
        assert again.status == 200 and again.headers["Set-Cookie"] is None
