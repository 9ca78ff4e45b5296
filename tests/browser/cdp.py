# -*- coding: utf-8 -*-
"""Headless Chromium driven over the Chrome DevTools protocol, for `make test-browser`.

In: the chromium binary (Debian's /usr/bin/chromium, or $CHROMIUM) and a fresh profile folder.
Out: a Browser whose `load(url)` opens a page and returns what the page did: console errors,
uncaught exceptions, log errors, and every URL it requested; `evaluate(js)` and `screenshot()`
on the loaded page. Uses websocket-client (requirements-dev.txt) on the DevTools socket, which
Chromium opens on 127.0.0.1 only; every flag that makes Chromium call home is off.
"""
from __future__ import absolute_import, division, print_function

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time

import websocket

try:
    from urllib.request import urlopen
except ImportError:  # Python 2
    from urllib2 import urlopen

FLAGS = ('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--disable-default-apps', '--disable-extensions', '--no-default-browser-check',
         '--remote-debugging-address=127.0.0.1', '--remote-debugging-port=0', '--window-size=1100,900')
START_TIMEOUT = 30.0
LOAD_TIMEOUT = 30.0


def chromium_path():
    """The Chromium to drive: $CHROMIUM, else Debian's; None when there is none."""
    for candidate in (os.environ.get('CHROMIUM'), '/usr/bin/chromium', '/usr/bin/chromium-browser'):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


class BrowserError(Exception):
    """Chromium did not start, or did not answer in time."""


class PageLoad(object):
    """What one page load did."""

    def __init__(self, url):
        self.url = url
        self.requests = []      # every URL the page asked for (Network.requestWillBeSent)
        self.errors = []        # console errors, uncaught exceptions, log entries of level error
        self.loaded = False


class Browser(object):
    def __init__(self, binary):
        self.profile = tempfile.mkdtemp(prefix='pleximprovement-chromium-')
        self.output = open(os.devnull, 'wb')   # Chromium's own chatter (dbus, GPU) is not the page's
        self.process = subprocess.Popen([binary] + list(FLAGS) + ['--user-data-dir=' + self.profile, 'about:blank'],
                                        stdout=self.output, stderr=self.output)
        self.socket = None
        self.next_id = 0
        try:
            self.socket = websocket.create_connection(self.page_socket_url(), timeout=LOAD_TIMEOUT,
                                                      suppress_origin=True)
            for domain in ('Page', 'Runtime', 'Log', 'Network'):
                self.call(domain + '.enable')
        except Exception:
            self.close()
            raise

    def page_socket_url(self):
        """The DevTools socket of the first page, once Chromium wrote its port."""
        port_file = os.path.join(self.profile, 'DevToolsActivePort')
        deadline = time.time() + START_TIMEOUT
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise BrowserError('chromium exited with status %s before opening DevTools' % self.process.returncode)
            if os.path.exists(port_file):
                with open(port_file, 'rb') as handle:
                    lines = handle.read().decode('ascii', 'replace').split()
                if lines:
                    listing = json.loads(urlopen('http://127.0.0.1:%s/json/list' % lines[0], timeout=10)
                                         .read().decode('utf-8'))
                    pages = [t for t in listing if t.get('type') == 'page']
                    if pages:
                        return pages[0]['webSocketDebuggerUrl']
            time.sleep(0.1)
        raise BrowserError('chromium opened no DevTools page within %ds' % START_TIMEOUT)

    def send(self, method, params=None):
        self.next_id += 1
        self.socket.send(json.dumps({'id': self.next_id, 'method': method, 'params': params or {}}))
        return self.next_id

    def call(self, method, params=None, load=None):
        """Send a command and wait for its answer; events seen meanwhile go to `load`."""
        wanted = self.send(method, params)
        deadline = time.time() + LOAD_TIMEOUT
        while time.time() < deadline:
            message = json.loads(self.socket.recv())
            if message.get('id') == wanted:
                if 'error' in message:
                    raise BrowserError('%s failed: %s' % (method, message['error']))
                return message.get('result') or {}
            self.note(message, load)
        raise BrowserError('%s got no answer within %ds' % (method, LOAD_TIMEOUT))

    @staticmethod
    def note(message, load):
        if load is None:
            return
        method, params = message.get('method'), message.get('params') or {}
        if method == 'Network.requestWillBeSent':
            load.requests.append(params['request']['url'])
        elif method == 'Runtime.consoleAPICalled' and params.get('type') in ('error', 'assert', 'warning'):
            load.errors.append('console.%s: %s' % (params['type'], ' '.join(
                str(arg.get('value', arg.get('description', ''))) for arg in params.get('args') or ())))
        elif method == 'Runtime.exceptionThrown':
            details = params.get('exceptionDetails') or {}
            thrown = (details.get('exception') or {}).get('description') or details.get('text')
            load.errors.append('exception: %s' % (thrown,))
        elif method == 'Log.entryAdded' and params['entry'].get('level') in ('error', 'warning'):
            load.errors.append('log %s: %s (%s)' % (params['entry']['level'], params['entry'].get('text'),
                                                    params['entry'].get('url')))
        elif method == 'Page.loadEventFired':
            load.loaded = True

    def load(self, url, settle=0.3):
        """Open `url`, wait for its load event and a short quiet time; the PageLoad."""
        load = PageLoad(url)
        self.call('Page.navigate', {'url': url}, load)
        deadline = time.time() + LOAD_TIMEOUT
        while not load.loaded and time.time() < deadline:
            self.note(json.loads(self.socket.recv()), load)
        if not load.loaded:
            raise BrowserError('%s did not finish loading within %ds' % (url, LOAD_TIMEOUT))
        self.socket.settimeout(settle)
        try:
            while True:
                self.note(json.loads(self.socket.recv()), load)
        except websocket.WebSocketTimeoutException:
            pass
        finally:
            self.socket.settimeout(LOAD_TIMEOUT)
        return load

    def evaluate(self, expression):
        """The JSON value of `expression` in the loaded page."""
        result = self.call('Runtime.evaluate', {'expression': expression, 'returnByValue': True})
        if 'exceptionDetails' in result:
            raise BrowserError('evaluating %r failed: %s' % (expression, result['exceptionDetails']))
        return result['result'].get('value')

    def screenshot(self, path):
        """The whole page as a PNG file at `path`."""
        height = self.evaluate('Math.ceil(document.documentElement.scrollHeight)') or 900
        self.call('Emulation.setDeviceMetricsOverride', {'width': 1100, 'height': int(min(height, 6000)),
                                                         'deviceScaleFactor': 1, 'mobile': False})
        data = self.call('Page.captureScreenshot', {'format': 'png'})['data']
        self.call('Emulation.clearDeviceMetricsOverride')
        with open(path, 'wb') as handle:
            handle.write(base64.b64decode(data))

    def close(self):
        if self.socket is not None:
            try:
                self.socket.close()
            except Exception:  # the browser may already be gone; closing is best effort
                pass
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait()
            except Exception:  # interrupted wait: kill the process we started
                self.process.kill()
        self.output.close()
        shutil.rmtree(self.profile, ignore_errors=True)
