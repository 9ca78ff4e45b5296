# -*- coding: utf-8 -*-
"""XML elements and the framework's serialisation (lxml tostring, pretty, with declaration).

lxml is not available here; ElementTree elements are serialised by hand so the bytes look
like `etree.tostring(el, pretty_print=True, encoding='utf-8', xml_declaration=True)`:
declaration, two-space indentation, attributes in insertion order where the Python keeps it.
"""
from __future__ import absolute_import, division, print_function

import xml.etree.ElementTree as ET

from .compat import text_type, to_text

DECLARATION = b"<?xml version='1.0' encoding='utf-8'?>\n"


def element(tag, text=None, **attrs):
    el = ET.Element(tag)
    for key, value in attrs.items():
        if value is not None:
            el.set(key, to_text(value))
    if text is not None:
        el.text = to_text(text)
    return el


def _esc_text(value):
    return value.replace(u'&', u'&amp;').replace(u'<', u'&lt;').replace(u'>', u'&gt;')


def _esc_attr(value):
    return (_esc_text(value).replace(u'"', u'&quot;').replace(u'\n', u'&#10;')
            .replace(u'\r', u'&#13;').replace(u'\t', u'&#9;'))


def _write(el, out, depth, pretty):
    pad = u'  ' * depth if pretty else u''
    attrs = u''.join(u' %s="%s"' % (k, _esc_attr(to_text(v))) for k, v in el.attrib.items())
    children = list(el)
    text = el.text
    out.append(u'%s<%s%s' % (pad, el.tag, attrs))
    if not children and not text:
        out.append(u'/>')
    elif not children:
        out.append(u'>%s</%s>' % (_esc_text(to_text(text)), el.tag))
    else:
        out.append(u'>')
        if text:
            out.append(_esc_text(to_text(text)))
        if pretty:
            out.append(u'\n')
        for child in children:
            _write(child, out, depth + 1, pretty)
        out.append(u'%s</%s>' % (pad, el.tag))
    if el.tail:
        out.append(_esc_text(to_text(el.tail)))
    if pretty:
        out.append(u'\n')


def to_string(el, declaration=True, pretty=True):
    """Bytes, UTF-8."""
    out = []
    _write(el, out, 0, pretty)
    body = u''.join(out).encode('utf-8')
    return (DECLARATION + body) if declaration else body


def from_string(data):
    if isinstance(data, text_type):
        data = data.encode('utf-8')
    return ET.fromstring(data)
