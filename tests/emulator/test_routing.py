# -*- coding: utf-8 -*-
"""Dispatch, parameters, Callback URLs, errors (plex-runtime.md §4.1-§4.5)."""
from __future__ import absolute_import, division, print_function

import pytest

from harness.plexemu.routing import format_kwargs_for_function

from .conftest import BASIC_ID, log_lines, make_bundle


def message(resp):
    return resp.xml().get('message')


def test_parameters_arrive_as_strings_unless_typed(basic):
    assert message(basic.request('/applications/basic/echo', {'name': 'Bob', 'count': '2', 'flag': '1'})) == \
        "'Bob'|2|'1'"
    r = basic.request('/applications/basic/echo?name=&count=3')
    assert message(r) == 'None|3|None'  # `name=` arrives as None


def test_path_variables_are_unquoted(basic):
    assert message(basic.request('/applications/basic/item/a%20b+c', {'extra': 'e'})) == 'a b c|e'


def test_callback_urls(basic):
    root = basic.request('/applications/basic').xml()
    keys = [d.get('key') for d in root.findall('Directory')]
    assert keys[0] == '/applications/basic/echo?count=2&name=world'
    assert keys[1] == '/applications/basic/item/a%20b'
    assert keys[2] == '/applications/basic/search'
    cb = basic.globals['Callback']
    echo = basic.globals['Echo']
    assert cb(echo, name=None) == '/applications/basic/echo?name=__NONE__'
    assert message(basic.request(cb(echo, name=None, count=4))) == 'None|4|None'


def test_callback_for_unrouted_function(basic, emulators, app_support):
    code = ("def Start():\n    pass\n\n@handler('/video/u', 'U')\ndef Main():\n    return Callback(Plain, x=1)\n\n"
            "def Plain(x=0):\n    return 'x=%r' % x\n")
    emu = emulators(make_bundle(app_support + '-b', 'Unrouted', code), app_support)
    url = emu.request('/video/u').body.decode('utf-8')
    assert url.startswith('/video/u/:/function/Plain?function_args=')
    assert emu.request(url).body == b'x=1'  # arguments keep their Python types
    assert any('WARNING (runtime:1065) - Generating a callback path for a function with no route' in line_
               for line_ in log_lines(emu))


def test_404_and_log(basic):
    r = basic.request('/applications/basic/nope')
    assert (r.status, r.body) == (404, b'')
    lines = log_lines(basic)
    assert any(line_.endswith('ERROR (runtime:846) - Could not find route matching /applications/basic/nope')
               for line_ in lines)
    assert lines[-1].endswith('DEBUG (runtime:924) - Response: [404] NoneType, 0 bytes')


def test_none_result_is_404(basic):
    assert basic.request('/applications/basic/nothing').status == 404


def test_500_with_traceback(basic):
    r = basic.request('/applications/basic/boom')
    assert r.status == 500 and r.content_type == 'application/xml'
    root = r.xml()
    assert root.tag == 'Response' and root.get('code') == '2000'
    assert root.get('status') == 'ValueError: boom from a route'
    tb = root.find('Traceback').text
    assert tb.startswith('Traceback (most recent call last):\n')
    assert 'Contents/Code/__init__.py", line 47, in Boom\n    raise ValueError' in tb
    lines = log_lines(basic)
    assert any(line_.endswith('CRITICAL (runtime:889) - Exception (most recent call last):') for line_ in lines)
    assert lines[-1].endswith('DEBUG (runtime:924) - Response: [500] %d bytes' % len(r.body))


def test_log_lines_of_a_request(basic):
    basic.globals['Prefs']['greeting']  # schema loaded before, so no prefs line in between
    r = basic.request('/applications/basic/search', {'query': 'x'})
    lines = log_lines(basic)[-3:]
    assert lines[0].endswith('DEBUG (runtime:717) - Handling request GET /applications/basic/search?query=x')
    assert lines[1].endswith('DEBUG (runtime:814) - Found route matching /applications/basic/search')
    assert lines[2].endswith('Response: [200] ObjectContainer, %d bytes' % len(r.body))


def test_unexpected_query_argument_is_500(basic):
    r = basic.request('/applications/basic', {'a': '1'})
    assert r.status == 500 and r.xml().get('status').startswith('TypeError: MainMenu() ')


def test_text_result_and_root(basic):
    r = basic.request('/applications/basic/text')
    assert (r.status, r.content_type, r.body) == (200, 'text/plain', b'plain text')
    assert basic.request('/').body == b'OK\n'


def test_token_moved_from_query_to_headers(basic):
    r = basic.request('/applications/basic/headers', {'X-Plex-Token': 'tok'})
    assert r.body == b'tok'


def test_route_type_conversion_failure_is_404(basic):
    assert basic.request('/applications/basic/echo', {'count': 'abc'}).status == 404


def test_default_type_conversion_uses_last_varnames():
    def f(q, page=1, flag=False):
        return q, page, flag
    kwargs = {'page': '2', 'flag': 'true'}
    format_kwargs_for_function(f, kwargs)
    assert kwargs == {'page': 2, 'flag': True}

    def g(q, page=1, flag=False):
        n = 0
        return q, page, flag, n
    kwargs = {'page': '2', 'flag': 'true'}
    with pytest.raises(ValueError):  # misaligned: flag gets page's int conversion (§4.3)
        format_kwargs_for_function(g, kwargs)


def test_prefixes_management_route(basic):
    root = basic.request('/:/prefixes').xml()
    prefix = root.find('Prefix')
    assert prefix.get('key') == '/applications/basic' and prefix.get('identifier') == BASIC_ID
    assert prefix.get('hasPrefs') == '1'


def test_serve_over_http(basic):
    from harness.plexemu.compat import urllib_request
    host, port = basic.serve()
    assert host == '127.0.0.1'
    body = urllib_request.urlopen('http://%s:%d/applications/basic/text' % (host, port), timeout=5).read()
    assert body == b'plain text'
    basic.shutdown_server()
