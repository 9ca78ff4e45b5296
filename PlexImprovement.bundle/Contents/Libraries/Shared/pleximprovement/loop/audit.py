# -*- coding: utf-8 -*-
"""The server calls of a loop that change something, written to its audit trail.

In: the server URL and token (as for pms/client.py) and `note(what, details)`, the record's
audit entry. Out: AuditedClient, a PmsClient that notes every request that changes the server's
state -- any method but GET, and GETs of a refresh path (`/library/sections/N/refresh` is a
GET) -- after it answered or failed. The path is noted without its query: the query may hold a
plug-in's prefs, and the token never travels there (pms/client.py sends it as a header).
"""
from __future__ import absolute_import, division, print_function

from ..pms.client import PmsClient
from ..pms.errors import PmsError


def changes_something(method, path):
    return method != 'GET' or path.rstrip('/').endswith('/refresh')


class AuditedClient(PmsClient):
    """PmsClient noting the requests that change something (see the module docstring)."""

    def __init__(self, base_url, token, note, **kwargs):
        PmsClient.__init__(self, base_url, token, **kwargs)
        self.note = note

    def request(self, method, path, params=None, headers=None, timeout=None, allow=(), hide_query=False):
        if not changes_something(method, path):
            return PmsClient.request(self, method, path, params, headers, timeout, allow, hide_query)
        try:
            result = PmsClient.request(self, method, path, params, headers, timeout, allow, hide_query)
        except PmsError as error:
            self.note('%s %s' % (method, path), {'status': None, 'error': self.scrub(error)})
            raise
        self.note('%s %s' % (method, path), {'status': result.status})
        return result
