# -*- coding: utf-8 -*-
"""read/operations.py: one operation per witness set, per thread, closed by its Response; the
searched item read from the keyword arguments and the update's packed guid (each compared
with the plain form it replaced, on generated input)."""
from __future__ import absolute_import, division, print_function

import base64
import re

from hypothesis import given, settings, strategies as st

from pleximprovement.read import operations
from pleximprovement.read.accumulator import MetricsAccumulator
from pleximprovement.text import decode_bytes

from log_lines import MATCHES, RESPONSE, SEARCH, messages, run

try:
    from urllib.parse import unquote as _unquote  # novermin
except ImportError:  # Python 2.7
    from urllib import unquote as _unquote


def test_witnesses_count_one_operation():
    a = run([SEARCH, MATCHES, b'INFO (__init__:1) - Getting Search Settings for: T', RESPONSE])
    assert a['total_search_ops'] == 1


def test_each_witness_alone_counts_one():
    assert run([SEARCH, RESPONSE])['total_search_ops'] == 1
    assert run([MATCHES])['total_search_ops'] == 1
    assert run([b'INFO (__init__:1) - === Search - Begin - ===', b'INFO (__init__:1) - x'])['total_search_ops'] == 1


def test_repeated_witness_is_a_new_operation():
    assert run([MATCHES, MATCHES, MATCHES])['total_search_ops'] == 3
    assert run([SEARCH, MATCHES, SEARCH, MATCHES, RESPONSE])['total_search_ops'] == 2


def test_weak_marker_never_splits():
    a = run([b'INFO (utils:1) - X - SEARCH:: a', b'INFO (utils:1) - X - SEARCH:: b',
             b'INFO (utils:1) - X - SEARCH:: c'])
    assert a['total_search_ops'] == 1


def test_threads_are_separate_contexts():
    lines = [b'2024-05-02 21:00:00,000 (1) :  ' + SEARCH, b'2024-05-02 21:00:00,000 (2) :  ' + SEARCH,
             b'2024-05-02 21:00:01,000 (2) :  INFO (x:1) - Found 1 result',
             b'2024-05-02 21:00:02,000 (1) :  ' + RESPONSE, b'2024-05-02 21:00:02,000 (2) :  ' + RESPONSE]
    acc = MetricsAccumulator()
    acc.begin_file('a')
    acc.feed_lines(lines)
    acc.finish()
    a = acc.snapshot()['agents']['a']
    assert (a['total_search_ops'], a['titles_found'], a['outcome_unknown']) == (2, 1, 1)


def test_response_404_is_not_an_error():
    a = run([b'DEBUG (runtime:717) - Handling request GET /:/prefs',
             b'DEBUG (runtime:924) - Response: [404] NoneType, 0 bytes'])
    assert a['url_errors'] == 0 and a['updates_failed'] == 0


PLAIN_KW_FIELD = re.compile(br"""['"](name|year|id|filename|show|title|album|artist)['"]: u?(?:'((?:[^'\\]|\\.)*)'"""
                            br'''|"((?:[^"\\]|\\.)*)"|(\d+))''')


KW_PIECES = (b"'", b'"', b'\\', b"\\'", b'\\"', b': ', b": u'", b': "', b'name', b'year', b'id', b'filename', b'show',
             b'title', b'album', b'artist', b"'name': ", b'"id": ', b'1994', b'T', b'{', b'}', b', ', b'u')


QUOTE = st.sampled_from([b"'", b'"'])


# `'field': u'value'` with values of plain bytes, escapes and stray quotes, sometimes unclosed.
KW_FIELDS = st.lists(st.one_of(
    st.tuples(QUOTE, st.sampled_from([b'name', b'id', b'filename', b'title', b'other']), QUOTE,
              st.sampled_from([b': ', b': u', b':']), QUOTE,
              st.lists(st.sampled_from([b'T', b' ', b'\\', b"\\'", b'\\"', b'\\\\', b"'", b'"', b'\xc3\xa9', b'7']),
                       max_size=6).map(b''.join),
              st.sampled_from([b"'", b'"', b''])).map(b''.join),
    st.sampled_from([b', ', b'{', b'}', b'12', b"'year': 1994"])), max_size=6).map(b''.join)


@settings(max_examples=500, deadline=None)
@given(st.one_of(KW_FIELDS, messages(KW_PIECES)))
def test_kw_field_reads_the_same_fields(msg):
    assert operations._KW_FIELD.findall(msg) == PLAIN_KW_FIELD.findall(msg)
    assert ([m.span() for m in operations._KW_FIELD.finditer(msg)] ==
            [m.span() for m in PLAIN_KW_FIELD.finditer(msg)])


def plain_search_kwargs(agent, msg):
    """(item, item_info) as _search_kwargs set them before findall."""
    info = {}
    for m in PLAIN_KW_FIELD.finditer(msg):
        value = m.group(2) if m.group(2) is not None else (m.group(3) if m.group(3) is not None else m.group(4))
        field = decode_bytes(m.group(1))
        if field not in info:
            info[field] = decode_bytes(value)
    name = info.get('name') or info.get('show') or info.get('title') or info.get('album')
    if name:
        info['name'] = name
    ident = info.get('id') or name
    if not ident:
        return None, None
    if 'filename' in info:
        info['_raw_filename'] = True
    return u'%s|%s' % (agent, ident), info


@settings(max_examples=500, deadline=None)
@given(st.one_of(KW_FIELDS, messages(KW_PIECES + (b"'name': u'", b"'id': '", b"'filename': '%2F", b'\xff'))))
def test_search_kwargs_sets_the_same_item(msg):
    op = operations.Operation('search', u'agent', b'2024-05-02 21:00:00')
    operations.Operations({}, None, operations.ItemBudget()).search_kwargs(op, msg)
    assert (op.item, op.item_info) == plain_search_kwargs(u'agent', msg)


def plain_decode_blob(segment):
    try:
        seg = _unquote(segment.decode('ascii', 'replace')).encode('ascii', 'replace')
        seg = seg.replace(b'@', b'/').replace(b'*', b'+').replace(b'_', b'=')
        seg = seg + b'=' * (-len(seg) % 4)
        return base64.b64decode(seg)
    except Exception:  # noqa: as decode_blob
        return b''


BLOB_PIECES = (b'Y29t', b'LnBs', b'ZXhh', b'cHAu', b'Oi8v', b'dHQw', b'@', b'*', b'_', b'=', b'/', b'+', b'%', b'%41',
               b'%2F', b'%zz', b'%C3%A9', b'\xc3\xa9', b'\xff', b'?', b' ', b'MQo_')


def packed_blob(data_and_marks):
    """Packed base64 of `data`, bytes marked 1 written as %XX, marked 2 followed by a stray byte."""
    data, marks = data_and_marks
    packed = base64.b64encode(data).replace(b'/', b'@').replace(b'+', b'*').replace(b'=', b'_')
    out = []
    for byte, mark in zip(bytearray(packed), marks + [0] * len(packed)):
        out.append(('%%%02X' % byte).encode('ascii') if mark == 1 else bytes(bytearray([byte])))
        if mark == 2:
            out.append(b'\xc3')
    return b''.join(out)


PACKED = st.tuples(st.binary(max_size=40), st.lists(st.sampled_from([0, 0, 0, 1, 2]), max_size=60)).map(packed_blob)


@settings(max_examples=500, deadline=None)
@given(st.one_of(PACKED, messages(BLOB_PIECES)))
def test_decode_blob_decodes_the_same_bytes(segment):
    assert operations.decode_blob(segment) == plain_decode_blob(segment)


def test_decode_blob_finds_a_packed_guid():
    packed = base64.b64encode(b'guid com.plexapp.agents.imdb://tt0111161?lang=en').replace(b'/', b'@')
    packed = packed.replace(b'+', b'*').replace(b'=', b'_')
    blob = operations.decode_blob(packed)
    assert operations._GUID.search(blob).group(1) == b'com.plexapp.agents.imdb://tt0111161?lang=en'
    assert operations.decode_blob(packed.replace(b'Y', b'%59')) == blob
