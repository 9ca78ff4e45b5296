# -*- coding: utf-8 -*-
"""pms/client.py and pms/errors.py: requests, retries, the three clear errors, and the
token never shown (messages, repr, attributes)."""
from __future__ import absolute_import, division, print_function

import socket

import pytest

from pleximprovement.pms import errors
from pleximprovement.pms.client import PmsClient, encode_query, quote_part, split_base_url
from pleximprovement.runtime.http import HttpFailure, HttpResult

TOKEN = 'Sekr3tT0kenValue42'


class FakeHttp(object):
    """Answers from a list (HttpResult or an HttpFailure to raise), recording each call."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def request(self, url, method='GET', headers=None, timeout=20.0, body=None):
        self.calls.append({'url': url, 'method': method, 'headers': dict(headers or {}), 'timeout': timeout})
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer


def ok(body=b'<?xml version="1.0" encoding="UTF-8"?>\n<MediaContainer size="0"/>\n'):
    return HttpResult(200, {}, body)


def client_with(http, **kwargs):
    kwargs.setdefault('sleep', lambda seconds: None)
    return PmsClient('http://127.0.0.1:32400', TOKEN, http=http, **kwargs)


def all_texts(exc):
    return [str(exc), repr(exc), exc.url, exc.fix] + [str(a) for a in exc.args]


def assert_no_token(exc):
    for text in all_texts(exc):
        assert TOKEN not in text, text


def test_token_goes_in_the_header_only():
    http = FakeHttp(ok())
    client_with(http).xml('/library/sections', {'type': 1})
    call = http.calls[0]
    assert call['url'] == 'http://127.0.0.1:32400/library/sections?type=1'
    assert call['headers']['X-Plex-Token'] == TOKEN
    assert call['headers']['X-Plex-Product'] == 'PlexImprovement'
    assert call['timeout'] == 15.0


def test_401_is_token_refused_with_url_and_fix_and_no_retry():
    http = FakeHttp(HttpFailure('http', 'HTTP 401 from http://127.0.0.1:32400/', 401, b''))
    with pytest.raises(errors.TokenRefused) as caught:
        client_with(http).xml('/library/sections')
    exc = caught.value
    assert exc.kind == 'token' and exc.status == 401
    assert 'GET http://127.0.0.1:32400/library/sections' in str(exc)
    assert 'refused the token (HTTP 401) for GET' in str(exc)
    assert 'Fix: ' in str(exc) and 'PLEXTOKEN' in str(exc) and '--token-file' in str(exc)
    assert len(http.calls) == 1
    assert_no_token(exc)


def free_port():
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(('127.0.0.1', 0))
    port = probe.getsockname()[1]
    probe.close()
    return port


def test_refused_connection_is_server_unreachable_after_bounded_retries():
    port = free_port()
    slept = []
    client = PmsClient('http://127.0.0.1:%d' % port, TOKEN, retries=2, backoff=0.25, sleep=slept.append)
    with pytest.raises(errors.ServerUnreachable) as caught:
        client.send('PUT', '/library/metadata/7/refresh', {'force': 1})
    exc = caught.value
    assert exc.kind == 'unreachable'
    assert slept == [0.25, 0.5]
    assert 'No Plex Media Server answers to PUT http://127.0.0.1:%d/library/metadata/7/refresh?force=1' % port \
        in str(exc)
    assert 'refused' in str(exc).lower() and '3 tries' in str(exc)
    assert 'Fix: start Plex Media Server' in str(exc) and 'server_url' in str(exc)
    assert_no_token(exc)


def test_timeout_is_server_timeout_and_only_get_is_retried():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(('127.0.0.1', 0))
    listener.listen(8)  # accepts connections (backlog) but never answers
    try:
        base = 'http://127.0.0.1:%d' % listener.getsockname()[1]
        slept = []
        client = PmsClient(base, TOKEN, timeout=0.3, retries=1, sleep=slept.append)
        with pytest.raises(errors.ServerTimeout) as caught:
            client.xml('/activities')
        assert len(slept) == 1
        exc = caught.value
        assert exc.kind == 'timeout'
        assert 'did not answer GET %s/activities within 0.3 s (2 tries)' % base in str(exc)
        assert 'Fix: ' in str(exc)
        assert_no_token(exc)
        slept = []
        client = PmsClient(base, TOKEN, timeout=0.3, retries=1, sleep=slept.append)
        with pytest.raises(errors.ServerTimeout):
            client.send('PUT', '/library/metadata/1/refresh')
        assert slept == []  # a PUT that timed out may have been queued: not sent again
    finally:
        listener.close()


def test_503_is_retried_for_get_but_not_put_and_other_statuses_are_server_errors():
    unavailable = HttpFailure('http', 'HTTP 503', 503, b'')
    http = FakeHttp(unavailable, unavailable, ok())
    assert client_with(http).xml('/').tag == 'MediaContainer'
    assert len(http.calls) == 3
    http = FakeHttp(unavailable)
    with pytest.raises(errors.ServerError) as caught:
        client_with(http).send('PUT', '/library/metadata/3/refresh')
    assert caught.value.status == 503 and len(http.calls) == 1
    http = FakeHttp(HttpFailure('http', 'HTTP 404', 404, b'<html/>'))
    with pytest.raises(errors.ServerError) as caught:
        client_with(http).xml('/library/metadata/99')
    assert caught.value.status == 404 and 'Fix: check the id' in str(caught.value)
    assert len(http.calls) == 1


def test_allowed_status_is_returned_not_raised():
    http = FakeHttp(HttpFailure('http', 'HTTP 404', 404, b'gone'))
    client = client_with(http)
    assert client.send('GET', '/:/plugins/x/restart', allow=(404,)) == 404
    assert client.xml('/library/metadata/5', allow=(404,)) is None


def test_answer_that_is_not_xml_is_bad_answer():
    http = FakeHttp(ok(b'<html><body>Login'))
    with pytest.raises(errors.BadAnswer) as caught:
        client_with(http).xml('/library/sections')
    assert 'is not Plex Media Server XML' in str(caught.value)
    assert_no_token(caught.value)


def test_token_in_base_url_is_used_and_never_shown():
    http = FakeHttp(HttpFailure('http', 'HTTP 500', 500, b''))
    client = PmsClient('http://127.0.0.1:32400/?X-Plex-Token=%s' % TOKEN, None, http=http, sleep=lambda s: None)
    assert client.token == TOKEN
    assert client.base_url == 'http://127.0.0.1:32400'
    assert TOKEN not in repr(client)
    with pytest.raises(errors.ServerError) as caught:
        client.xml('/library/sections')
    assert http.calls[0]['url'] == 'http://127.0.0.1:32400/library/sections'
    assert_no_token(caught.value)


@pytest.mark.parametrize('failure', [
    HttpFailure('http', 'HTTP 401', 401, b''),
    HttpFailure('http', 'HTTP 404', 404, b''),
    HttpFailure('http', 'HTTP 500', 500, b''),
    HttpFailure('timeout', 'timed out reading http://127.0.0.1:32400/?X-Plex-Token=%s' % TOKEN),
    HttpFailure('refused', 'cannot reach http://127.0.0.1:32400/?X-Plex-Token=%s: [Errno 111] '
                           'Connection refused (token %s)' % (TOKEN, TOKEN)),
    HttpFailure('dns', 'cannot reach http://nas.local:32400/: [Errno -2] Name or service not known'),
    IOError('reset while sending X-Plex-Token=%s' % TOKEN),
])
def test_no_error_message_holds_the_token_even_with_the_token_in_the_url(failure):
    http = FakeHttp(failure)
    client = client_with(http, retries=0)
    with pytest.raises(errors.PmsError) as caught:
        client.xml('/library/sections', {'X-Plex-Token': TOKEN, 'title': 'x'})
    assert TOKEN in http.calls[0]['url']  # the caller put it there; it is still not shown
    assert_no_token(caught.value)
    assert '<redacted>' in str(caught.value)


def test_prefs_values_can_be_kept_out_of_messages():
    http = FakeHttp(HttpFailure('http', 'HTTP 500', 500, b''))
    with pytest.raises(errors.ServerError) as caught:
        client_with(http).send('GET', '/:/plugins/a.b/prefs/set', {'apikey_custom': 'hunter2'}, hide_query=True)
    assert 'hunter2' not in str(caught.value)
    assert 'GET http://127.0.0.1:32400/:/plugins/a.b/prefs/set?...' in str(caught.value)


def test_repr_and_scrub():
    client = client_with(FakeHttp(ok()))
    assert repr(client) == 'PmsClient(http://127.0.0.1:32400)'
    assert client.scrub(u'a %s b' % TOKEN) == u'a <redacted> b'
    assert client.scrub(b'X-Plex-Token=abc&x=1') == u'X-Plex-Token=<redacted>&x=1'


def test_helpers():
    assert encode_query({'b': u'x y', 'a': 1, 'n': None, 'f': True}) == 'a=1&b=x%20y&f=1'
    assert encode_query([('z', 1), ('a', u'é')]) == 'z=1&a=%C3%A9'
    assert quote_part(u'com.plexapp.agents.x/../y') == 'com.plexapp.agents.x%2F..%2Fy'
    assert split_base_url(' http://h:32400/ ') == ('http://h:32400', None)
    assert split_base_url('https://h:32400/?X-Plex-Token=abc#f') == ('https://h:32400', 'abc')
