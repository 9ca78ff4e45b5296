# -*- coding: utf-8 -*-
"""Deliberately bad: a Python-3-only API; the guarded imports must not be reported."""
from __future__ import absolute_import, division, print_function

import subprocess

try:
    from urllib.parse import quote
except ImportError:
    from urllib import quote

try:
    from urllib import urlencode
except ImportError:  # Python 3
    from urllib.parse import urlencode


def call(args):
    return subprocess.run(args, check=True), quote, urlencode
