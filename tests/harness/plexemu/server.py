# -*- coding: utf-8 -*-
"""Optional HTTP front for an Emulator on 127.0.0.1 (a free port), one thread per request."""
from __future__ import absolute_import, division, print_function

import threading

from .compat import BaseHTTPRequestHandler, HTTPServer, ThreadingMixIn


class _Server(ThreadingMixIn, HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def _make_handler(emu):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.0'

        def _answer(self, method):
            length = int(self.headers.get('Content-Length') or 0)
            body = self.rfile.read(length) if length else b''
            path, _, query = self.path.partition('?')
            headers = dict((k, v) for k, v in self.headers.items())
            resp = emu.request(path, query or None, headers, method, body)
            self.send_response(resp.status)
            for key, value in resp.headers.items():
                self.send_header(key, value)
            self.send_header('Content-Length', str(len(resp.body)))
            self.end_headers()
            if method != 'HEAD':
                self.wfile.write(resp.body)

        def do_GET(self):
            self._answer('GET')

        def do_POST(self):
            self._answer('POST')

        def do_PUT(self):
            self._answer('PUT')

        def do_DELETE(self):
            self._answer('DELETE')

        def do_HEAD(self):
            self._answer('HEAD')

        def log_message(self, *args):
            pass

    return Handler


class EmulatorServer(object):
    def __init__(self, emu):
        self._httpd = _Server(('127.0.0.1', 0), _make_handler(emu))
        self.address = self._httpd.server_address[:2]
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={'poll_interval': 0.1})
        self._thread.daemon = True
        self._thread.start()

    def close(self):
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)
