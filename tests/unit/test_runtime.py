# -*- coding: utf-8 -*-
"""The runtime the core is handed: built offline from a bundle folder."""
from __future__ import absolute_import, division, print_function

import os

from pleximprovement import runtime


def test_local_runtime_reads_default_prefs():
    here = os.path.dirname(os.path.abspath(__file__))
    bundle = os.path.join(os.path.dirname(here), '..', 'PlexImprovement.bundle')
    rt = runtime.local_runtime('/nonexistent', bundle_path=bundle)
    assert rt.prefs.get('max_iterations') == '10'
    assert rt.prefs.get('allow_automatic_fixes') is False
    assert rt.prefs.get('logs_path') is None
