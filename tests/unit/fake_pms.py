# -*- coding: utf-8 -*-
"""A PmsClient over a table of answers, for the self-check's unit tests: path -> (status, body)."""
from __future__ import absolute_import, division, print_function

from pleximprovement.pms.client import PmsClient
from pleximprovement.runtime.http import HttpFailure, HttpResult

try:  # Python 2.7
    from urlparse import urlsplit
except ImportError:  # Python 3
    from urllib.parse import urlsplit


class Answers(object):
    """request() answers by path (query ignored); a path not in the table answers 404; `refused` is
    raised for every request (a server that is not there)."""

    def __init__(self, table, refused=False):
        self.table = table
        self.refused = refused
        self.paths = []

    def request(self, url, method='GET', headers=None, timeout=20.0, body=None):
        path = urlsplit(url).path
        self.paths.append(path)
        if self.refused:
            raise HttpFailure('refused', 'cannot reach %s: Connection refused' % url)
        status, answer = self.table.get(path, (404, b'not found'))
        if status >= 400:
            raise HttpFailure('http', 'HTTP %d' % status, status, answer)
        return HttpResult(status, {}, answer)


def client(table, refused=False):
    return PmsClient('http://127.0.0.1:32400', 'secret-token', http=Answers(table, refused), retries=0,
                     sleep=lambda seconds: None)
