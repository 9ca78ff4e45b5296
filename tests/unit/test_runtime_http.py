# -*- coding: utf-8 -*-
"""HTTP failures sorted by why they failed."""
from __future__ import absolute_import, division, print_function

import socket

from pleximprovement.runtime.http import classify_reason


def test_classify_reason():
    assert classify_reason(socket.timeout('timed out')) == 'timeout'
    assert classify_reason('[Errno -2] Name or service not known') == 'dns'
    assert classify_reason('[Errno 111] Connection refused') == 'refused'
    assert classify_reason('[SSL: CERTIFICATE_VERIFY_FAILED]') == 'ssl'
    assert classify_reason('something else') == 'other'
