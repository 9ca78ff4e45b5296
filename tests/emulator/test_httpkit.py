# -*- coding: utf-8 -*-
"""HTTP and parse kits against a loopback server (plex-runtime.md §3.6, §3.7)."""
from __future__ import absolute_import, division, print_function

import gzip
import hashlib
import io
import os
import threading
import time

import pytest

from harness.plexemu.compat import BaseHTTPRequestHandler, HTTPServer, HTTPError, URLError
from harness.plexemu.errors import FrameworkException
from harness.plexemu.xpath import XPathError

from .conftest import log_lines, make_bundle, read_text

PAGE = b'<html><body><div class="hit big"><a href="/m/1">One</a></div><a href="/m/2">Two</a></body></html>'


class _Handler(BaseHTTPRequestHandler):
    seen = []

    def do_GET(self):
        _Handler.seen.append((self.path, dict((k.lower(), v) for k, v in self.headers.items())))
        if self.path.startswith('/forbidden'):
            body, status, ctype = b'blocked', 403, 'text/plain'
        elif self.path.startswith('/img'):
            body, status, ctype = b'\x89PNG-bytes', 200, 'image/png'
        elif self.path.startswith('/cookie'):
            body, status, ctype = b'cookie set', 200, 'text/plain'
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
        if self.path.startswith('/cookie'):
            self.send_header('Set-Cookie', 'kept=k1; Path=/; Expires=Fri, 01 Jan 2100 00:00:00 GMT')
            self.send_header('Set-Cookie', 'session=s1; Path=/')
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
                         app_support, server_url=site, env={'PLEXTOKEN': 't'})
    with pytest.raises(FrameworkException):
        standard.globals['HTTP'].Request('http://127.0.0.1:32400/')


def cache_files(app_support, identifier):
    """Every file under Plug-in Support/Caches/<id>/HTTP.system (components/caching.py)."""
    root = os.path.join(app_support, 'Plug-in Support', 'Caches', identifier, 'HTTP.system')
    found = []
    for folder, _dirs, files in os.walk(root):
        found.extend(os.path.relpath(os.path.join(folder, name), root) for name in files)
    return sorted(found)


def content_file(url):
    digest = hashlib.sha1(url.encode('utf-8')).hexdigest()
    return os.path.join(digest[:2], digest[2:] + '.content')


def fetches(path):
    return len([p for p, _ in _Handler.seen if p == path])


def test_cache_is_on_disk_and_survives_a_restart(emu, site, app_support):
    http = emu.globals['HTTP']
    assert http.Request(site + '/page', cacheTime=60).content == PAGE
    assert content_file(site + '/page') in cache_files(app_support, emu.identifier)
    assert 'CacheInfo' in cache_files(app_support, emu.identifier)
    emu.reload()
    assert emu.globals['HTTP'].Request(site + '/page', cacheTime=60).content == PAGE
    assert fetches('/page') == 1
    assert any("DEBUG (networking:139) - Fetching '%s/page' from the HTTP cache" % site in line_
               for line_ in log_lines(emu))


def test_cache_time_zero_deletes_and_clear_cache_empties(emu, site, app_support):
    http = emu.globals['HTTP']
    http.Request(site + '/page', cacheTime=60).content
    http.Request(site + '/page', cacheTime=0).content
    assert content_file(site + '/page') not in cache_files(app_support, emu.identifier)
    http.Request(site + '/page', cacheTime=60).content
    http.Request(site + '/page', cacheTime=60).content
    assert fetches('/page') == 3
    http.ClearCache()
    assert content_file(site + '/page') not in cache_files(app_support, emu.identifier)
    http.Request(site + '/page', cacheTime=60).content
    assert fetches('/page') == 4


def test_expired_entry_is_fetched_again(emu, site):
    http = emu.globals['HTTP']
    http.Request(site + '/page', cacheTime=60).content
    time.sleep(1.1)
    http.Request(site + '/page', cacheTime=1).content
    assert fetches('/page') == 2


def test_content_class_caches_every_type(emu, site, app_support):
    http = emu.globals['HTTP']
    http.Request(site + '/img', cacheTime=60).content
    http.Request(site + '/img', cacheTime=60).content
    assert fetches('/img') == 1
    assert content_file(site + '/img') in cache_files(app_support, emu.identifier)


def test_agent_class_caches_only_text_types(emulators, app_support, site):
    bundle = make_bundle(app_support + '-b', 'HttpAgent', 'def Start():\n    pass\n', klass='Agent')
    content_bundle = make_bundle(app_support + '-c', 'HttpAgent', 'def Start():\n    pass\n')
    before = emulators(content_bundle, app_support)  # same identifier, Content class: caches the image
    before.globals['HTTP'].Request(site + '/img', cacheTime=60).content
    before.stop()
    agent = emulators(bundle, app_support)
    http = agent.globals['HTTP']
    assert http.Request(site + '/img', cacheTime=60).content == b'\x89PNG-bytes'
    http.Request(site + '/img', cacheTime=60).content
    http.Request(site + '/page', cacheTime=60).content
    http.Request(site + '/page', cacheTime=60).content
    assert fetches('/img') == 3 and fetches('/page') == 1
    files = cache_files(app_support, agent.identifier)
    assert content_file(site + '/img') not in files and content_file(site + '/page') in files
    lines = log_lines(agent)
    assert any("Removing cached data for '%s/img' (content type 'image/png' not cacheable in Agent plug-ins)" % site
               in line_ for line_ in lines)
    assert any("Not caching '%s/img' (content type 'image/png' not cacheable in Agent plug-ins)" % site
               in line_ for line_ in lines)


def test_cookies_saved_after_each_request_and_loaded_at_start(emu, site, app_support):
    jar = os.path.join(app_support, 'Plug-in Support', 'Data', emu.identifier, 'HTTPCookies')
    assert not os.path.exists(jar)
    emu.globals['HTTP'].Request(site + '/cookie').content
    text = read_text(jar)
    assert 'kept\tk1' in text and 'session' not in text  # MozillaCookieJar.save drops session cookies
    emu.reload()
    assert any('DEBUG (networking:' in line_ and line_.endswith('Loaded HTTP cookies') for line_ in log_lines(emu))
    emu.globals['HTTP'].Request(site + '/page').content
    assert _Handler.seen[-1][1].get('cookie') == 'kept=k1'


def test_no_cookie_jar_logged_at_first_start(emu):
    assert any(line_.endswith('No cookie jar found') for line_ in log_lines(emu))


def test_anchor_is_stripped_before_request_log_and_cache(emu, site):
    http = emu.globals['HTTP']
    http.Request(site + '/page#first', cacheTime=60).content
    http.Request(site + '/page#second', cacheTime=60).content
    assert fetches('/page') == 1
    assert any(line_.endswith("Requesting '%s/page'" % site) for line_ in log_lines(emu))
    assert not any('#first' in line_ for line_ in log_lines(emu))
