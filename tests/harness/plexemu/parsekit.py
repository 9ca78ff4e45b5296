# -*- coding: utf-8 -*-
"""`XML`, `HTML`, `JSON` kits (plex-runtime.md §3.7; api/parsekit.py).

lxml/simplejson are not available: XML is parsed by ElementTree, HTML by a lenient
HTMLParser tree builder, both returned as `xpath.Element` (lxml-like, XPath subset, see
xpath.py). JSON strings come back as unicode, as simplejson gives them. `*FromString`
refuses more than 5 MiB unless max_size is given.
"""
from __future__ import absolute_import, division, print_function

import json
import xml.etree.ElementTree as ET

from . import xmlutil, xpath
from .compat import PY2, HTMLParser, name2codepoint, text_type, to_text
from .errors import APIException

MAX_SIZE = 5242880
VOID = frozenset(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source',
                  'track', 'wbr'])


def _check_size(data, max_size):
    limit = MAX_SIZE if max_size is None else max_size
    if data is not None and len(data) > limit:
        raise APIException('Data of size %d is greater than the maximum size %d' % (len(data), limit))


class _TreeBuilder(HTMLParser):
    """Forgiving HTML -> ElementTree (unclosed tags closed by their parent's end tag)."""

    def __init__(self):
        HTMLParser.__init__(self)
        self.top = ET.Element('html-fragment')
        self.stack = [self.top]
        self.last = None

    def handle_starttag(self, tag, attrs):
        el = ET.SubElement(self.stack[-1], tag.lower())
        for key, value in attrs:
            el.set(key.lower(), value if value is not None else '')
        self.last = None
        if tag.lower() not in VOID:
            self.stack.append(el)
        else:
            self.last = el

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag.lower() not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        tag = tag.lower()
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                self.last = self.stack[i]
                del self.stack[i:]
                return

    def handle_data(self, data):
        if self.last is not None:
            self.last.tail = (self.last.tail or '') + data
        else:
            parent = self.stack[-1]
            if len(parent):
                parent[-1].tail = (parent[-1].tail or '') + data
            else:
                parent.text = (parent.text or '') + data

    def handle_entityref(self, name):  # 2.7 only (3 converts char refs itself)
        self.handle_data(unichr_(name2codepoint.get(name, 63)))

    def handle_charref(self, name):
        code = int(name[1:], 16) if name.lower().startswith('x') else int(name)
        self.handle_data(unichr_(code))


def unichr_(code):
    return (unichr if PY2 else chr)(code)  # noqa: F821


def parse_html(data):
    builder = _TreeBuilder()
    text = to_text(data)
    builder.feed(text)
    builder.close()
    top = builder.top
    children = list(top)
    html = [c for c in children if c.tag == 'html']
    if html:
        root = html[0]
    elif len(children) == 1 and not (top.text or '').strip():
        root = children[0]
    else:
        top.tag = 'div'
        root = top
    return xpath.wrap(root)


def parse_xml(data, encoding=None):
    if isinstance(data, text_type):
        data = data.encode(encoding or 'utf-8')
    return xpath.wrap(ET.fromstring(data))


def _element_node(el):
    return el._node if isinstance(el, xpath.Element) else el


class XMLKit(object):
    def __init__(self, emu):
        self._emu = emu

    def xml_from_url(self, url, max_size=None, **kwargs):
        return self.ElementFromString(self._emu.http.Request(url, immediate=True, **kwargs).content, max_size=max_size)

    def ElementFromURL(self, url, values=None, headers={}, cacheTime=None, encoding=None, errors=None, timeout=None,
                       sleep=0, follow_redirects=True, method=None, max_size=None):
        kw = _http_kwargs(values, headers, cacheTime, timeout, sleep, follow_redirects, method)
        return self.xml_from_url(url, max_size=max_size, **kw)

    def ElementFromString(self, string, encoding=None, max_size=None):
        _check_size(string, max_size)
        return parse_xml(string, encoding)

    ObjectFromString = ElementFromString
    ObjectFromURL = ElementFromURL

    def StringFromElement(self, el, encoding='utf8'):
        return xmlutil.to_string(_element_node(el))

    def Element(self, name, text=None, **attrs):
        return xpath.wrap(xmlutil.element(name, text, **attrs))


class HTMLKit(object):
    def __init__(self, emu):
        self._emu = emu

    def html_from_url(self, url, max_size=None, **kwargs):
        return self.ElementFromString(self._emu.http.Request(url, immediate=True, **kwargs).content, max_size=max_size)

    def ElementFromURL(self, url, values=None, headers={}, cacheTime=None, encoding=None, errors=None, timeout=None,
                       sleep=0, follow_redirects=True, method=None, max_size=None):
        kw = _http_kwargs(values, headers, cacheTime, timeout, sleep, follow_redirects, method)
        return self.html_from_url(url, max_size=max_size, **kw)

    def ElementFromString(self, string, max_size=None):
        _check_size(string, max_size)
        return parse_html(string)

    def StringFromElement(self, el, encoding='utf8'):
        return xmlutil.to_string(_element_node(el), declaration=False, pretty=False)

    def Element(self, name, text=None, **attrs):
        return xpath.wrap(xmlutil.element(name, text, **attrs))


class JSONKit(object):
    def __init__(self, emu):
        self._emu = emu

    def json_from_url(self, url, max_size=None, **kwargs):
        headers = dict(kwargs.pop('headers', None) or {})
        headers.setdefault('Accept', 'text/*, application/json')
        req = self._emu.http.Request(url, headers=headers, immediate=True, **kwargs)
        return self.ObjectFromString(req.content, max_size=max_size)

    def ObjectFromURL(self, url, values=None, headers={}, cacheTime=None, encoding=None, errors=None, timeout=None,
                      sleep=0, follow_redirects=True, method=None, max_size=None):
        kw = _http_kwargs(values, headers, cacheTime, timeout, sleep, follow_redirects, method)
        return self.json_from_url(url, max_size=max_size, **kw)

    def ObjectFromString(self, string, encoding=None, max_size=None):
        _check_size(string, max_size)
        if isinstance(string, bytes):
            string = string.decode(encoding or 'utf-8')
        return json.loads(string)

    def StringFromObject(self, obj):
        return json.dumps(obj)


def _http_kwargs(values, headers, cache_time, timeout, sleep, follow_redirects, method):
    kw = {'values': values, 'headers': headers, 'cacheTime': cache_time, 'sleep': sleep,
          'follow_redirects': follow_redirects, 'method': method}
    if timeout is not None:
        kw['timeout'] = timeout
    return kw


def make_kits(emu):
    return {'XML': XMLKit(emu), 'HTML': HTMLKit(emu), 'JSON': JSONKit(emu)}
