# -*- coding: utf-8 -*-
"""The emulator package as a whole: a kit that cannot be imported stops everything, loudly."""
from __future__ import absolute_import, division, print_function

import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

PROBE = '''
import sys
sys.modules[%(kit)r] = None  # what a kit that fails to import looks like to `import`
try:
    import harness.plexemu
except ImportError as exc:
    print('ImportError: %%s' %% exc)
else:
    print('imported')
'''


@pytest.mark.parametrize('kit', ['httpkit', 'parsekit', 'agentkit', 'threadkit'])
def test_a_broken_kit_fails_the_import_instead_of_vanishing_from_the_sandbox(kit, harness_environ):
    code = PROBE % {'kit': 'harness.plexemu.' + kit}
    out = subprocess.check_output([sys.executable, '-c', code], cwd=REPO, env=harness_environ)
    out = out.decode('utf-8').strip()
    assert out.startswith('ImportError'), out
