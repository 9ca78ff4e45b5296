# -*- coding: utf-8 -*-
"""Per-thread request context (code/context.py): headers, prefix, response headers/status."""
from __future__ import absolute_import, division, print_function

import threading


class RequestContext(object):
    """Thread-local; `snapshot`/`adopt` carry it into globalized threads (Thread.Create)."""

    FIELDS = ('active', 'headers', 'method', 'body', 'prefix', 'pref_values', 'response_headers',
              'response_status', 'locale')

    def __init__(self):
        self._local = threading.local()

    def _get(self, name, default=None):
        return getattr(self._local, name, default)

    def begin(self, headers=None, method='GET', body=b'', prefix=None, pref_values=None, locale=None):
        self._local.active = True
        self._local.headers = dict(headers or {})
        self._local.method = method
        self._local.body = body
        self._local.prefix = prefix
        self._local.pref_values = pref_values
        self._local.response_headers = {}
        self._local.response_status = None
        self._local.locale = locale

    def clear(self):
        for name in self.FIELDS:
            if hasattr(self._local, name):
                delattr(self._local, name)

    def snapshot(self):
        if not self.active:
            return None
        values = dict((name, self._get(name)) for name in self.FIELDS)
        values['response_headers'] = {}
        values['response_status'] = None
        return values

    def adopt(self, values):
        self.clear()
        for name, value in (values or {}).items():
            setattr(self._local, name, value)

    @property
    def active(self):
        return bool(self._get('active', False))

    def __getattr__(self, name):
        if name in RequestContext.FIELDS:
            return self._get(name)
        raise AttributeError(name)

    def set(self, name, value):
        setattr(self._local, name, value)
