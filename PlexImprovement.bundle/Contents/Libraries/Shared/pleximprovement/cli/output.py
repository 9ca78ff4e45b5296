# -*- coding: utf-8 -*-
"""What every command shares: writing its text to the console, and the usage exit status.

In: a stream (sys.stdout, or a StringIO in tests) and text. Out: the text as UTF-8 bytes
whatever the console's encoding, on Python 2.7 and 3 alike, so a report piped to a file is
the same file everywhere.
"""
from __future__ import absolute_import, division, print_function

USAGE_ERROR = 2     # exit status of a bad command line or a logs folder that is not there


def write(stream, text):
    """Write text (or bytes, as they are) as UTF-8 and flush."""
    data = text if isinstance(text, bytes) else text.encode('utf-8')
    target = getattr(stream, 'buffer', stream)
    try:
        target.write(data)
    except TypeError:  # a text-only stream (StringIO in tests)
        target.write(text)
    stream.flush()
