# -*- coding: utf-8 -*-
"""What every command shares on the way out: redacted text and JSON, and the exit statuses.

In: a stream (sys.stdout, sys.stderr, or a StringIO/BytesIO in tests) and text, bytes or a
JSON-able document. Out: UTF-8 bytes, whatever the console's encoding, the same on Python
2.7 and 3, with every secret masked: `write` and `write_json` are the command line's only
ways out, and both pass everything through redact.redact(). `write_json` streams the
document a piece at a time, so printing a big snapshot costs no more memory than holding it.
"""
from __future__ import absolute_import, division, print_function

from ..redact import json_pieces, redact

USAGE_ERROR = 2     # a bad command line, or a logs folder or file that is not there
NOT_READ = 3        # the logs could not all be read, held no log file, or not the agent asked for


def write(stream, text):
    """Write text (or UTF-8 bytes) redacted, as UTF-8, and flush."""
    emit(stream, redact(text))


def write_json(stream, document):
    """`document` as redacted JSON (redact.json_pieces), a newline at the end, then flush."""
    for piece in json_pieces(document):
        emit(stream, piece)


def emit(stream, text):
    """Text already redacted, as UTF-8 bytes (or as text on a text-only stream), then flush."""
    target = getattr(stream, 'buffer', stream)
    try:
        target.write(text.encode('utf-8'))
    except TypeError:  # a text-only stream (StringIO in tests)
        target.write(text)
    stream.flush()
