# -*- coding: utf-8 -*-
"""A command's text and JSON reach the console redacted, as UTF-8, from text or bytes, on 2.7 and 3."""
from __future__ import absolute_import, division, print_function

import io
import json

from pleximprovement import redact
from pleximprovement.cli import output


def test_output_is_utf8_on_byte_and_text_streams():
    raw = io.BytesIO()
    output.write(raw, u'caf\xe9\n')
    output.write(raw, b'ok\n')
    assert raw.getvalue() == b'caf\xc3\xa9\nok\n'
    text = io.StringIO()
    output.write(text, u'caf\xe9')
    assert text.getvalue() == u'caf\xe9'


def test_everything_written_is_redacted():
    raw = io.BytesIO()
    output.write(raw, u'GET /x?X-Plex-Token=abc123 by bob@example.com\n')
    output.write_json(raw, {'line': u"{'api_key': 'k3y'}"})
    text = raw.getvalue().decode('utf-8')
    assert 'abc123' not in text and 'bob@' not in text and 'k3y' not in text
    assert text.startswith(u'GET /x?X-Plex-Token=<redacted> by <email>\n')


def test_json_is_indented_sorted_utf8_without_trailing_spaces_and_streamed(monkeypatch):
    document = {'b': [1, 2.5, None, True], 'a': {'z': u'caf\xe9', 'y': []}, 'c': u'"q" \\ \n'}
    raw = io.BytesIO()
    output.write_json(raw, document)
    text = raw.getvalue().decode('utf-8')
    assert json.loads(text) == document
    assert text == json.dumps(document, indent=1, sort_keys=True, separators=(',', ': '),
                              ensure_ascii=False) + u'\n'
    assert all(line == line.rstrip() for line in text.splitlines())
    # A big document is handed out in pieces of about JSON_PIECE characters, cut between tokens.
    monkeypatch.setattr(redact, 'JSON_PIECE', 64)
    big = {'lines': [u'token=s%03d line %d' % (i, i) for i in range(200)]}
    pieces = list(redact.json_pieces(big))
    assert len(pieces) > 20 and max(len(p) for p in pieces) < 200
    assert json.loads(u''.join(pieces)) == {'lines': [u'token=<redacted> line %d' % i for i in range(200)]}
