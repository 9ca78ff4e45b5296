# -*- coding: utf-8 -*-
"""Python 2/3 shims, so the emulator runs on the 2.7 the framework uses and on 3.x."""
from __future__ import absolute_import, division, print_function

import errno
import os
import shutil
import sys

PY2 = sys.version_info[0] == 2

if PY2:  # pragma: no cover - exercised only under python2.7
    text_type = unicode  # noqa: F821
    binary_type = str
    string_types = (str, unicode)  # noqa: F821
    integer_types = (int, long)  # noqa: F821
    import __builtin__ as builtins_module  # noqa: F401
    import cPickle as pickle  # noqa: F401
    import urllib2 as urllib_request  # noqa: F401
    from urllib import urlencode, quote, unquote, quote_plus  # noqa: F401
    from urlparse import urlparse, urlsplit, parse_qs, parse_qsl, urljoin  # noqa: F401
    from urllib2 import HTTPError, URLError  # noqa: F401
    import cookielib as cookiejar  # noqa: F401
    from HTMLParser import HTMLParser  # noqa: F401
    from htmlentitydefs import name2codepoint  # noqa: F401
    from BaseHTTPServer import BaseHTTPRequestHandler, HTTPServer  # noqa: F401
    from SocketServer import ThreadingMixIn  # noqa: F401
    import httplib as http_client  # noqa: F401
    import Queue as queue  # noqa: F401
    from thread import get_ident  # noqa: F401
else:
    text_type = str
    binary_type = bytes
    string_types = (str, bytes)
    integer_types = (int,)
    import builtins as builtins_module  # noqa: F401
    import pickle  # noqa: F401
    import urllib.request as urllib_request  # noqa: F401
    from urllib.parse import (urlencode, quote, unquote, quote_plus, urlparse,  # noqa: F401
                              urlsplit, parse_qs, parse_qsl, urljoin)
    from urllib.error import HTTPError, URLError  # noqa: F401
    import http.cookiejar as cookiejar  # noqa: F401
    from html.parser import HTMLParser  # noqa: F401
    from html.entities import name2codepoint  # noqa: F401
    from http.server import BaseHTTPRequestHandler, HTTPServer  # noqa: F401
    from socketserver import ThreadingMixIn  # noqa: F401
    import http.client as http_client  # noqa: F401
    import queue  # noqa: F401
    from threading import get_ident  # noqa: F401


def to_bytes(value, encoding='utf-8'):
    """What the framework's str(data) gives on 2.7: text is UTF-8 encoded, others str()'d."""
    if isinstance(value, binary_type):
        return value
    if isinstance(value, text_type):
        return value.encode(encoding)
    return to_bytes(text_type(value) if not PY2 else str(value), encoding)


def to_text(value, encoding='utf-8'):
    """Decodes bytes leniently; text passes through."""
    if isinstance(value, text_type):
        return value
    if isinstance(value, binary_type):
        return value.decode(encoding, 'replace')
    return text_type(value)


def native_str(value):
    """The `str` type of the running Python (bytes on 2.7, text on 3)."""
    if PY2:
        return to_bytes(value)
    return to_text(value)


def read_bytes(path):
    with open(path, 'rb') as handle:
        return handle.read()


def write_bytes(path, data):
    with open(path, 'wb') as handle:
        handle.write(data)


def makedirs(path):
    """os.makedirs that tolerates an existing directory (no exist_ok on 2.7)."""
    try:
        os.makedirs(path)
    except OSError as exc:
        if exc.errno != errno.EEXIST or not os.path.isdir(path):
            raise


def remove_if_exists(path):
    try:
        os.remove(path)
        return True
    except OSError as exc:
        if exc.errno != errno.ENOENT:
            raise
        return False


def move(src, dst):
    shutil.move(src, dst)
