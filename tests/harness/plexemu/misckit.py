# -*- coding: utf-8 -*-
"""Small kits: Platform, Network, Client, Request, Response, Plugin, Core, String, Hash,
Datetime, Util, Resource/R (plex-runtime.md §3.9-§3.11)."""
from __future__ import absolute_import, division, print_function

import base64
import binascii
import datetime
import hashlib
import logging
import os
import platform
import random
import re
import sys
import time
import uuid
import zlib

from .compat import (quote, quote_plus, to_bytes, to_text, unquote, urlencode, urljoin, parse_qs, PY2,
                     native_str)

CPU_MAP = {'x86_64': 'i386', 'AMD64': 'i386', 'i686': 'i386', 'i386': 'i386', 'armv7l': 'armv5tel',
           'armv6l': 'armv5tel', 'aarch64': 'aarch64'}


def platform_os():
    if sys.platform.startswith('darwin'):
        return 'MacOSX'
    if sys.platform.startswith('win'):
        return 'Windows'
    if sys.platform.startswith('freebsd'):
        return 'FreeBSD'
    return 'Linux'


class PlatformKit(object):
    def __init__(self, emu):
        self._emu = emu
        self.OS = platform_os()
        machine = platform.machine()
        self.CPU = CPU_MAP.get(machine, machine)
        self.OSVersion = platform.release()
        self.HasSilverlight = False
        self.HasFlash = False

    @property
    def MachineIdentifier(self):
        return self._emu.server_attributes.get('machineIdentifier')

    @property
    def ServerVersion(self):
        return self._emu.server_attributes.get('serverVersion')


class NetworkKit(object):
    def __init__(self, emu):
        self._emu = emu
        self.Hostname = 'localhost'
        self.Address = '127.0.0.1'
        self.PublicAddress = None

    @property
    def Timeout(self):
        return self._emu.network_timeout

    @Timeout.setter
    def Timeout(self, value):
        self._emu.plugin_log.fw(logging.DEBUG, ('networking', 434), 'Setting the default network timeout to %.1f',
                                float(value))
        self._emu.network_timeout = float(value)


class RequestKit(object):
    def __init__(self, emu):
        self._emu = emu

    def _warn(self, what):
        self._emu.plugin_log.fw(logging.WARNING, ('runtimekit', 62),
                                'Attempting to access %s outside a request context', what)

    @property
    def Headers(self):
        if not self._emu.context.active:
            self._warn('request headers')
            return {}
        return self._emu.context.headers

    @property
    def Body(self):
        if not self._emu.context.active:
            self._warn('the request body')
            return ''
        return self._emu.context.body

    @property
    def Method(self):
        return self._emu.context.method if self._emu.context.active else None


class ResponseKit(object):
    def __init__(self, emu):
        self._emu = emu

    @property
    def Headers(self):
        if not self._emu.context.active:
            return {}
        return self._emu.context.response_headers

    @property
    def Status(self):
        return self._emu.context.response_status

    @Status.setter
    def Status(self, value):
        self._emu.context.set('response_status', value)


class ClientKit(object):
    def __init__(self, emu):
        self._emu = emu

    def _header(self, *names):
        headers = self._emu.context.headers or {}
        for name in names:
            if name in headers:
                return headers[name]
        return None

    @property
    def Platform(self):
        return self._header('X-Plex-Platform', 'X-Plex-Client-Platform')

    @property
    def Product(self):
        return self._header('X-Plex-Product')

    @property
    def Version(self):
        return self._header('X-Plex-Version') or '0'

    @property
    def Identifier(self):
        return self._header('X-Plex-Client-Identifier')


class PluginKit(object):
    def __init__(self, emu):
        self._emu = emu

    @property
    def Identifier(self):
        return self._emu.identifier

    @property
    def Prefixes(self):
        return [p['prefix'] for p in self._emu.routing.prefixes]

    def AddPrefixHandler(self, prefix, f, name, thumb=None, art=None, titleBar=None, share=False):
        self._emu.routing.add_prefix_handler(prefix, f, name, thumb, art, titleBar, share)

    def AddViewGroup(self, name, viewMode='List', mediaType='items', **kwargs):
        self._emu.routing.add_view_group(name, viewMode, mediaType, **kwargs)

    def Traceback(self, msg='Traceback'):
        from .logkit import traceback_text
        return traceback_text(msg)

    def Nice(self, value):
        pass


class CoreKit(object):
    """The `Core` global (Elevated only)."""

    def __init__(self, emu):
        self._emu = emu
        self.storage = emu.storage
        self.version = '2.6.3'
        self.log = emu.plugin_log.logger

    identifier = property(lambda self: self._emu.identifier)
    bundle_path = property(lambda self: self._emu.bundle_path)
    code_path = property(lambda self: os.path.join(self._emu.bundle_path, 'Contents', 'Code'))
    app_support_path = property(lambda self: self._emu.app_support)
    plugin_support_path = property(lambda self: self._emu.plugin_support_path)
    plugin_class = property(lambda self: self._emu.plugin_class)

    def get_server_attribute(self, name):
        return self._emu.server_attributes.get(name)

    def log_exception(self, fmt, *args):
        from .logkit import traceback_text
        self._emu.plugin_log.logger.critical('%s', traceback_text(fmt % tuple(args)))

    def traceback(self, msg='Traceback'):
        from .logkit import traceback_text
        return traceback_text(msg)


class StringKit(object):
    """api/utilkit.py StringKit."""

    def Encode(self, s):
        return native_str(base64.b64encode(to_bytes(s))).replace('/', '@').replace('+', '*').replace('=', '_')

    def Decode(self, s):
        s = to_text(s).replace('@', '/').replace('*', '+').replace('_', '=')
        return native_str(base64.b64decode(to_bytes(s)))

    def Base64Encode(self, s, with_newlines=False):
        return native_str(base64.b64encode(to_bytes(s)))

    def Base64Decode(self, s):
        return base64.b64decode(to_bytes(s)) if not PY2 else base64.b64decode(s)

    def Quote(self, s, usePlus=False):
        return (quote_plus if usePlus else quote)(to_bytes(s))

    def URLEncode(self, s):
        return quote_plus(to_bytes(s))

    def Unquote(self, s, usePlus=False):
        if usePlus:
            s = s.replace('+', ' ')
        return unquote(s)

    def JoinURL(self, base, url):
        return urljoin(base, url)

    def StripTags(self, s):
        return re.sub(r'<[^<>]+>', '', s)

    def DecodeHTMLEntities(self, s):
        from .compat import HTMLParser
        parser = HTMLParser()
        unescape = getattr(parser, 'unescape', None)
        if unescape is None:  # Python 3.9+ dropped HTMLParser.unescape
            import importlib
            return importlib.import_module('html').unescape(s)
        return unescape(s)

    def UUID(self):
        return str(uuid.uuid4())

    def StripDiacritics(self, s):
        import unicodedata
        return u''.join(c for c in unicodedata.normalize('NFKD', to_text(s)) if not unicodedata.combining(c))

    def LevenshteinDistance(self, first, second):
        if len(first) < len(second):
            first, second = second, first
        previous = list(range(len(second) + 1))
        for i, c1 in enumerate(first):
            current = [i + 1]
            for j, c2 in enumerate(second):
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (c1 != c2)))
            previous = current
        return previous[-1]

    def LongestCommonSubstring(self, first, second):
        best = ''
        for i in range(len(first)):
            for j in range(i + len(best) + 1, len(first) + 1):
                if first[i:j] in second:
                    best = first[i:j]
                else:
                    break
        return best

    def ParseQueryString(self, s):
        return parse_qs(s)

    def SplitExtension(self, s):
        return os.path.splitext(s)

    def Clean(self, s, form='NFKD', lang=None, strip_diacritics=False, strip_punctuation=False):
        text = to_text(s)
        if strip_diacritics:
            text = self.StripDiacritics(text)
        if strip_punctuation:
            text = re.sub(r'[^\w\s]', '', text, flags=re.UNICODE)
        return text

    def URLEncodeDict(self, d):
        return urlencode(d)


class HashKit(object):
    def _digest(self, algo, data, digest):
        h = hashlib.new(algo, to_bytes(data))
        return h.digest() if digest else h.hexdigest()

    def MD5(self, data, digest=False):
        return self._digest('md5', data, digest)

    def SHA1(self, data, digest=False):
        return self._digest('sha1', data, digest)

    def SHA224(self, data, digest=False):
        return self._digest('sha224', data, digest)

    def SHA256(self, data, digest=False):
        return self._digest('sha256', data, digest)

    def SHA384(self, data, digest=False):
        return self._digest('sha384', data, digest)

    def SHA512(self, data, digest=False):
        return self._digest('sha512', data, digest)

    def CRC32(self, data):
        return '%08X' % (zlib.crc32(to_bytes(data)) & 0xffffffff)


class DatetimeKit(object):
    def Now(self):
        return datetime.datetime.now()

    def UTCNow(self):
        return datetime.datetime.utcnow()

    def ParseDate(self, date, fmt=None):
        if date is None or len(date) == 0:
            return None
        if fmt:
            return datetime.datetime.strptime(date, fmt)
        for candidate in ('%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d', '%d %B %Y', '%B %d, %Y', '%Y'):
            try:
                return datetime.datetime.strptime(date.strip(), candidate)
            except ValueError:
                continue
        return None

    def Delta(self, **kwargs):
        return datetime.timedelta(**kwargs)

    def TimestampFromDatetime(self, dt):
        return int(time.mktime(dt.timetuple()))

    def FromTimestamp(self, ts):
        return datetime.datetime.fromtimestamp(ts)

    def MillisecondsFromString(self, s):
        parts = [int(p) for p in s.split(':')]
        total = 0
        for part in parts:
            total = total * 60 + part
        return total * 1000


class UtilKit(object):
    def Floor(self, x):
        import math
        return int(math.floor(x))

    def Ceiling(self, x):
        import math
        return int(math.ceil(x))

    def VersionAtLeast(self, version, *components):
        parts = [int(p) for p in re.findall(r'\d+', str(version))]
        return parts[:len(components)] >= list(components)

    def RandomInt(self, a, b):
        return random.randint(a, b)

    def Random(self):
        return random.random()

    def RandomChoice(self, seq):
        return random.choice(seq)

    def RandomItemFromList(self, seq):
        return random.choice(seq)

    def RandomSample(self, seq, count):
        raise NameError("global name 'ramdom' is not defined")  # the 2.6.3 typo (§3.11)

    def ListSortedByAttr(self, lst, attr):
        return sorted(lst, key=lambda x: getattr(x, attr))

    def ListSortedByKey(self, lst, key):
        return sorted(lst, key=lambda x: x[key])


# The framework's own images (Framework.bundle/Contents/Resources/Versions/2/Resources in the snapshot).
FRAMEWORK_RESOURCES = frozenset(
    'Book1.png Book2.png Bundle.png CD.png Camera.png Favorite.png FlagGreen.png FlagRed.png Gamepad.png '
    'Gear.png History.png More.png Network.png NewStuff.png NextPage.png Popular.png Prefs.png Recent.png '
    'Search.png TV.png World.png'.split())


class ResourceKit(object):
    def __init__(self, emu):
        self._emu = emu

    def ExternalPath(self, name):
        """None for an empty name or one neither the bundle nor the framework has, as
        runtime.external_resource_path answers (a thumb of None is then left out)."""
        if not name or (self._emu.resource_path(name) is None and name not in FRAMEWORK_RESOURCES):
            return None
        return self._emu.resource_url(name)

    def SharedExternalPath(self, name):
        return self.ExternalPath(name)

    def Load(self, name, binary=True):
        return self._emu.resource_data(name)

    def LoadShared(self, name, binary=True):
        return self._emu.resource_data(name)

    def ContentsOfURLWithFallback(self, url, fallback=None):
        return url


def crc_hex(data):
    return binascii.hexlify(to_bytes(data))
