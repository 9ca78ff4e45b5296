# -*- coding: utf-8 -*-
"""The hot path's faster forms give what the plain forms they replaced give, byte for byte.

Each test holds the plain form as a reference (the regex or function metrics.py had before it
was rewritten for speed) and compares on generated input built from the pieces that matter
(keywords cut anywhere, quotes, backslashes, non-ASCII bytes), so a near miss is tried too.
"""
from __future__ import absolute_import, division, print_function

import base64
import re

from hypothesis import given, settings, strategies as st

from pleximprovement.read import accumulator as metrics

try:
    from urllib.parse import unquote as _unquote  # novermin
except ImportError:  # Python 2.7
    from urllib import unquote as _unquote

# The prefilter keywords as one plain alternation (what _HOT was).
PLAIN_HOT = re.compile(br'[Ss]core: |[Ff]ound|[Rr]esult|[Mm]atch|SEARCH::|[Ss]earch|rror|timed out|efused|SSL|rrno|'
                       br'nreachable|urlopen|eset by|imeout|IncompleteRead|BadStatus|getaddrinfo|resolution|'
                       br'most recent call last|Starting framework')
PLAIN_KW_FIELD = re.compile(br"""['"](name|year|id|filename|show|title|album|artist)['"]: u?(?:'((?:[^'\\]|\\.)*)'"""
                            br'''|"((?:[^"\\]|\\.)*)"|(\d+))''')
PREFIX = b'2024-05-02 21:00:00,600 (7f01) :  DEBUG (__init__:12) - '


def cut_words(words):
    """A word, a piece of one, or a byte near the anchors (so partial keywords are tried)."""
    word = st.sampled_from(words)
    return st.one_of(
        word,
        st.tuples(word, st.integers(0, 30), st.integers(0, 30)).map(lambda t: t[0][t[1]:t[1] + 1 + t[2]]),
        st.sampled_from([b' ', b':', b'-', b')', b'S', b's', b'F', b'e', b'r', b'\xc3\xa9', b'\n', b'']),
        st.binary(max_size=4))


def messages(words):
    return st.lists(cut_words(words), max_size=12).map(b''.join)


@settings(max_examples=500, deadline=None)
@given(messages(metrics.HOT_WORDS))
def test_hot_is_any_keyword_in_the_message(msg):
    expected = any(word in msg for word in metrics.HOT_WORDS)
    assert (PLAIN_HOT.search(msg) is not None) == expected
    # as feed_lines uses it: from just after `) - `
    assert (metrics._HOT.search(PREFIX + msg, len(PREFIX)) is not None) == expected
    assert (metrics._HOT.search(msg) is not None) == expected


def test_no_keyword_can_start_before_the_message():
    """_HOT's lookbehinds may read the `) - ` before the message: harmless while no keyword
    starts with the space or holds the `-` (see metrics._anchored_any)."""
    for word in metrics.HOT_WORDS:
        assert word and b'-' not in word and word[:1] != b' ', word


def test_hot_finds_every_keyword_alone_and_inside_text():
    for word in metrics.HOT_WORDS:
        for msg in (word, b'x' + word, word + b'x', b'a ' + word + b' b'):
            assert metrics._HOT.search(PREFIX + msg, len(PREFIX)) is not None, msg
        for n in range(1, len(word)):
            part = word[:n]
            if not any(w in part for w in metrics.HOT_WORDS):
                assert metrics._HOT.search(PREFIX + part, len(PREFIX)) is None, part


@settings(max_examples=300, deadline=None)
@given(messages(metrics._EVIDENCE_HINT + (b'Errno 111]', b'HTTP Error 404', b'<urlopen error ')))
def test_evidence_hint_is_any_hint_in_the_message(msg):
    assert (metrics._EVIDENCE_HINTED(msg) is not None) == any(hint in msg for hint in metrics._EVIDENCE_HINT)


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
    assert metrics._KW_FIELD.findall(msg) == PLAIN_KW_FIELD.findall(msg)
    assert ([m.span() for m in metrics._KW_FIELD.finditer(msg)] ==
            [m.span() for m in PLAIN_KW_FIELD.finditer(msg)])


def plain_search_kwargs(agent, msg):
    """(item, item_info) as _search_kwargs set them before findall."""
    info = {}
    for m in PLAIN_KW_FIELD.finditer(msg):
        value = m.group(2) if m.group(2) is not None else (m.group(3) if m.group(3) is not None else m.group(4))
        field = metrics.text(m.group(1))
        if field not in info:
            info[field] = metrics.text(value)
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
    op = metrics._Op('search', u'agent', b'2024-05-02 21:00:00')
    metrics.MetricsAccumulator()._search_kwargs(op, msg)
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
    assert metrics.decode_blob(segment) == plain_decode_blob(segment)


def test_decode_blob_finds_a_packed_guid():
    packed = base64.b64encode(b'guid com.plexapp.agents.imdb://tt0111161?lang=en').replace(b'/', b'@')
    packed = packed.replace(b'+', b'*').replace(b'=', b'_')
    blob = metrics.decode_blob(packed)
    assert metrics._GUID.search(blob).group(1) == b'com.plexapp.agents.imdb://tt0111161?lang=en'
    assert metrics.decode_blob(packed.replace(b'Y', b'%59')) == blob
