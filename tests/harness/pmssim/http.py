# -*- coding: utf-8 -*-
"""A loopback HTTP server that stops completely, shared by the fake site and the sim.

The stdlib ThreadingMixIn either leaks daemon request threads (2.7) or joins them without
a bound; tests here must prove that nothing is left running after stop(), so request
threads are tracked and joined, and a stop event lets slow handlers end their sleep early.
"""
from __future__ import absolute_import, division, print_function

import socket
import threading

try:  # pragma: no cover - 2.7 only
    from BaseHTTPServer import BaseHTTPRequestHandler, HTTPServer
    from urlparse import urlsplit, parse_qsl
    from urllib import quote, unquote
    text_type = unicode  # noqa: F821
except ImportError:
    from http.server import BaseHTTPRequestHandler, HTTPServer
    from urllib.parse import urlsplit, parse_qsl, quote, unquote  # noqa: F401
    text_type = str

LOOPBACK = '127.0.0.1'


def to_text(value):
    """Bytes (UTF-8, leniently) or text -> text."""
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    return text_type(value)


def to_bytes(value):
    if isinstance(value, bytes):
        return value
    return text_type(value).encode('utf-8')


def split_target(target):
    """'/a%20b?x=1' -> (u'/a b', {u'x': u'1'}, raw path). First value of a repeated key wins."""
    parts = urlsplit(target)
    raw_path = parts.path or '/'
    path = unquote(raw_path)
    if isinstance(path, bytes):  # 2.7: unquote of a byte string gives bytes
        path = path.decode('utf-8', 'replace')
    query = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        key, value = to_text(key), to_text(value)
        if key not in query:
            query[key] = value
    return to_text(path), query, raw_path


class LoopbackHTTPServer(HTTPServer):
    """Threaded HTTP server on 127.0.0.1 whose request threads can all be joined."""

    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, handler_class, context=None, port=0):
        HTTPServer.__init__(self, (LOOPBACK, port), handler_class)
        self.context = context
        self.stopping = threading.Event()
        self.threads_lock = threading.Lock()
        self.request_threads = set()
        self.serve_thread = None

    def process_request(self, request, client_address):
        thread = threading.Thread(target=self.process_request_thread,
                                  args=(request, client_address),
                                  name='sim-http-request')
        thread.daemon = True
        with self.threads_lock:
            self.request_threads.add(thread)
        thread.start()

    def process_request_thread(self, request, client_address):
        try:
            self.finish_request(request, client_address)
        except Exception:  # pragma: no cover - logged like the stdlib does
            if not self.stopping.is_set():
                self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            with self.threads_lock:
                self.request_threads.discard(threading.current_thread())

    def handle_error(self, request, client_address):
        # A client that hangs up early (timeouts in agents do) is normal here.
        pass

    @property
    def port(self):
        return self.server_address[1]

    def start(self, name):
        self.serve_thread = threading.Thread(target=self.serve_forever, kwargs={'poll_interval': 0.05},
                                             name=name)
        self.serve_thread.daemon = True
        self.serve_thread.start()
        return self.port

    def stop(self, join_timeout=10.0):
        """Stop accepting, wake sleeping handlers, join every thread, close the socket."""
        self.stopping.set()
        if self.serve_thread is not None:
            self.shutdown()
            self.serve_thread.join(join_timeout)
            self.serve_thread = None
        with self.threads_lock:
            pending = list(self.request_threads)
        for thread in pending:
            thread.join(join_timeout)
        self.server_close()


class QuietHandler(BaseHTTPRequestHandler):
    """Base handler: no stderr chatter, bounded socket waits, helpers to answer."""

    timeout = 30
    server_version = 'SimHTTP/1.0'

    def log_message(self, fmt, *args):  # noqa: D401 - stdlib signature
        pass

    def send_body(self, status, body, content_type='text/html; charset=utf-8', headers=None):
        data = to_bytes(body)
        self.send_response(status)
        self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        if self.command != 'HEAD':
            try:
                self.wfile.write(data)
            except (socket.error, IOError):
                pass  # the client gave up (e.g. its timeout fired first)
        return len(data)
