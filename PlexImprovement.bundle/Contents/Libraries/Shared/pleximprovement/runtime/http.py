# -*- coding: utf-8 -*-
"""HTTP requests with the standard library, failures sorted by why they failed.

In: a URL, method, headers and body. Out: an HttpResult (status, lower-cased headers, body)
or an HttpFailure whose `kind` says why (fetch_errors.CLASSES: http, timeout, dns, ssl,
refused, other). It is used for the server's own API on loopback, where the framework's
HTTP kit hides the status.
"""
from __future__ import absolute_import, division, print_function

import socket

from ..fetch_errors import failure_class

try:  # Python 2.7 (Plex)
    import urllib2 as urlrequest
    from urllib2 import HTTPError, URLError
except ImportError:  # Python 3
    import urllib.request as urlrequest
    from urllib.error import HTTPError, URLError

try:
    import ssl
    SSL_ERRORS = (ssl.SSLError,)
except ImportError:  # pragma: no cover - Python without ssl
    SSL_ERRORS = ()


class HttpResult(object):
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body


class HttpFailure(Exception):
    """A request that did not give a 2xx answer; `kind` says why, `status` for HTTP codes."""

    def __init__(self, kind, message, status=None, body=None):
        Exception.__init__(self, message)
        self.kind = kind
        self.status = status
        self.body = body


class UrllibHttp(object):
    """HTTP with the standard library, used for the server's own API on loopback.

    The framework's HTTP kit would add the token itself for 127.0.0.1, but it caches,
    lower-cases headers and hides the status; plain urllib works the same in every mode.
    """

    def __init__(self, token=None):
        self.token = token

    def request(self, url, method='GET', headers=None, timeout=20.0, body=None):
        request = urlrequest.Request(url, data=body)
        request.get_method = lambda: method
        if self.token:
            request.add_header('X-Plex-Token', self.token)
        for key, value in (headers or {}).items():
            request.add_header(key, value)
        try:
            response = urlrequest.urlopen(request, timeout=timeout)
            try:
                data = response.read()
                info = response.info()
                found = dict((k.lower(), v) for k, v in info.items())
                return HttpResult(response.getcode(), found, data)
            finally:
                response.close()
        except HTTPError as error:
            try:
                content = error.read()
            except Exception:  # noqa: BLE001 - the body is only evidence
                content = b''
            raise HttpFailure('http', 'HTTP %s from %s' % (error.code, url), error.code, content)
        except URLError as error:
            raise HttpFailure(classify_reason(error.reason), 'cannot reach %s: %s' % (url, error.reason))
        except socket.timeout as error:
            raise HttpFailure('timeout', 'timed out reading %s: %s' % (url, error))
        except SSL_ERRORS as error:
            raise HttpFailure('ssl', 'SSL error with %s: %s' % (url, error))
        except (socket.error, IOError) as error:
            raise HttpFailure(classify_reason(error), 'connection to %s failed: %s' % (url, error))


def classify_reason(reason):
    """The HttpFailure kind of a URLError reason or socket error (fetch_errors.py's table)."""
    if isinstance(reason, socket.timeout):
        return 'timeout'
    if isinstance(reason, socket.gaierror):
        return 'dns'
    return failure_class(str(reason))[0] or 'other'
