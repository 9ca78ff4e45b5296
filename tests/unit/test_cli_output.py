# -*- coding: utf-8 -*-
"""A command's text reaches the console as UTF-8, from text or bytes, on 2.7 and 3."""
from __future__ import absolute_import, division, print_function

import io

from pleximprovement.cli import output


def test_output_is_utf8_on_byte_and_text_streams():
    raw = io.BytesIO()
    output.write(raw, u'caf\xe9\n')
    output.write(raw, b'ok\n')
    assert raw.getvalue() == b'caf\xc3\xa9\nok\n'
    text = io.StringIO()
    output.write(text, u'caf\xe9')
    assert text.getvalue() == u'caf\xe9'
