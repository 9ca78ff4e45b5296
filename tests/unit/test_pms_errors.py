# -*- coding: utf-8 -*-
"""pms/errors.py: one class per problem, each message naming the URL and the fix."""
from __future__ import absolute_import, division, print_function

from pleximprovement.pms import errors


def test_http_error_classes():
    refused = errors.http_error(401, 'GET http://h/x', None)
    assert isinstance(refused, errors.TokenRefused) and refused.kind == 'token'
    assert str(refused).startswith('Plex Media Server refused the token (HTTP 401) for GET http://h/x. Fix: ')
    missing = errors.http_error(404, 'GET http://h/y', 'no such item')
    assert isinstance(missing, errors.ServerError) and missing.status == 404
    assert str(missing) == ('Plex Media Server answered HTTP 404 to GET http://h/y (no such item). Fix: check the id: '
                            'the item, section or plug-in may have been removed (refresh the list first).')
    assert 'Plex Media Server.log' in str(errors.http_error(500, 'u', None))


def test_connection_errors_count_tries():
    one = errors.unreachable('GET http://h/', 'refused: Connection refused', 1)
    assert str(one).startswith('No Plex Media Server answers to GET http://h/ (refused: Connection refused; 1 try).')
    assert 'Fix: start Plex Media Server' in str(one) and one.kind == 'unreachable'
    late = errors.timed_out('GET http://h/', 15.0, 3)
    assert str(late).startswith('Plex Media Server did not answer GET http://h/ within 15.0 s (3 tries). Fix: ')
    assert late.kind == 'timeout' and late.url == 'GET http://h/'
    bad = errors.bad_answer('GET http://h/', 'syntax error')
    assert bad.kind == 'answer' and 'not Plex Media Server XML (syntax error)' in str(bad)
    assert all(isinstance(e, errors.PmsError) for e in (one, late, bad))


def test_messages_are_ascii_on_every_python():
    exc = errors.unreachable(u'GET http://h\xe9/', u'refus\xe9', 1)
    assert str(exc).startswith('No Plex Media Server answers to GET http://h\\xe9/ (refus\\xe9; 1 try).')
    assert exc.url == 'GET http://h\\xe9/' and type(exc.url) is str
    assert errors.ascii_text(b'caf\xc3\xa9') == 'caf\\xe9'
