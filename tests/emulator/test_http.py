# -*- coding: utf-8 -*-
"""HTTP and parse kits against a loopback server (plex-runtime.md §3.6, §3.7)."""
from __future__ import absolute_import, division, print_function

import gzip
import io
import threading

import pytest

from harness.plexemu.compat import BaseHTTPRequestHandler, HTTPServer, HTTPError, URLError
from harness.plexemu.errors import FrameworkException
from harness.plexemu.xpath import XPathError

from .conftest import log_lines, make_bundle

PAGE = b'<html><body><div class="hit big"><a href="/m/1">One</a></div><a href="/m/2">Two</a></body></html>'


class _Handler(BaseHTTPRequestHandler):
    seen = []

    def do_GET(self):
        _Handler.seen.append((self.path, dict((k.lower(), v) for k, v in self.headers.items())))
        if self.path.startswith('/forbidden'):
            body, status, ctype = b'blocked', 403, 'text/plain'
        elif self.path.startswith('/gz'):
            buf = io.BytesIO()
            with gzip.GzipFile(fileobj=buf, mode='wb') as handle:
                handle.write(b'{"a": "b"}')
            body, status, ctype = buf.getvalue(), 200, 'application/json'
        else:
            body, status, ctype = PAGE, 200, 'text/html'
        self.send_response(status)
        self.send_header('Content-Type', ctype)
        if self.path.startswith('/gz'):
            self.send_header('Content-Encoding', 'gzip')
        self.send_header('Content-Length', str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    _Handler.seen = []
    server = HTTPServer(('127.0.0.1', 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.05})
    thread.daemon = True
    thread.start()
    yield 'http://127.0.0.1:%d' % server.server_address[1]
    server.shutdown()
    server.server_close()
    thread.join(5)


@pytest.fixture
def emu(emulators, app_support):
    return emulators(make_bundle(app_support + '-b', 'Http', 'def Start():\n    pass\n'), app_support,
                     env={'PLEXTOKEN': 'tok123'})


def test_lazy_request_headers_and_token(emu, site):
    http = emu.globals['HTTP']
    http.Headers['X-Kit'] = 'kit'
    req = http.Request(site + '/page', headers={'X-Call': 'call'})
    assert _Handler.seen == []  # lazy
    assert req.content == PAGE
    path, headers = _Handler.seen[0]
    assert headers['user-agent'].startswith('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_9_2)')
    assert headers['accept-encoding'] == 'gzip' and headers['x-kit'] == 'kit' and headers['x-call'] == 'call'
    assert headers['x-plex-token'] == 'tok123'
    assert req.headers['content-type'] == 'text/html'
    assert any(line_.endswith("DEBUG (networking:144) - Requesting '%s/page'" % site) for line_ in log_lines(emu))


def test_http_error_has_code_and_content(emu, site):
    with pytest.raises(HTTPError) as info:
        emu.globals['HTTP'].Request(site + '/forbidden').content
    assert info.value.code == 403 and info.value.content == b'blocked'
    assert info.value.__class__ is emu.globals['Ex'].HTTPError
    assert any(line_.endswith("ERROR (networking:197) - Error opening URL '%s/forbidden'" % site)
               for line_ in log_lines(emu))


def test_connection_refused_is_urlerror_and_not_logged(emu):
    with pytest.raises(URLError):
        emu.globals['HTTP'].Request('http://127.0.0.1:9/x', timeout=2).content
    assert not any('Error opening URL' in line_ for line_ in log_lines(emu))


def test_gzip_json_and_cache(emu, site):
    assert emu.globals['JSON'].ObjectFromURL(site + '/gz') == {u'a': u'b'}
    assert _Handler.seen[-1][1]['accept'] == 'text/*, application/json'
    http = emu.globals['HTTP']
    http.Request(site + '/page', cacheTime=60).content
    http.Request(site + '/page', cacheTime=60).content
    assert len([p for p, _ in _Handler.seen if p == '/page']) == 1
    assert any("Fetching '%s/page' from the HTTP cache" % site in line_ for line_ in log_lines(emu))


def test_html_xpath_subset(emu, site):
    page = emu.globals['HTML'].ElementFromURL(site + '/page')
    assert page.xpath('//a/@href') == ['/m/1', '/m/2']
    assert page.xpath('//div[contains(@class,"hit")]/a/text()') == ['One']
    assert page.xpath('//a[@href="/m/2"]')[0].text == 'Two'
    assert page.xpath('//a[1]/text()') == ['One', 'Two']  # first <a> of each parent, as in XPath
    with pytest.raises(XPathError):
        page.xpath('//a[position()>1]')


def test_xml_and_size_limit(emu):
    xml = emu.globals['XML']
    el = xml.ElementFromString('<r><i id="1">a</i></r>')
    assert el.xpath('//i[@id="1"]/text()') == ['a']
    with pytest.raises(FrameworkException):
        xml.ElementFromString('<r>' + 'x' * 5242880 + '</r>')


def test_server_url_rewrite_and_standard_refusal(emulators, app_support, site):
    elevated = emulators(make_bundle(app_support + '-b', 'Pms', 'def Start():\n    pass\n'), app_support,
                         server_url=site, env={'PLEXTOKEN': 't'})
    assert elevated.globals['HTTP'].Request('http://127.0.0.1:32400/library/sections').content == PAGE
    assert _Handler.seen[-1][0] == '/library/sections' and _Handler.seen[-1][1]['x-plex-token'] == 't'
    standard = emulators(make_bundle(app_support + '-c', 'PmsStd', 'def Start():\n    pass\n', policy=None),
                         app_support, server_url=site)
    with pytest.raises(FrameworkException):
        standard.globals['HTTP'].Request('http://127.0.0.1:32400/')
