# -*- coding: utf-8 -*-
"""Every text the core, Code/ and DefaultPrefs.json ask for is in Strings/en.json."""
from __future__ import absolute_import, division, print_function

import io
import json
import os
import re

from pleximprovement.menu import app as app_module
from pleximprovement.menu import strings

BUNDLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'PlexImprovement.bundle')
CORE = os.path.join(BUNDLE, 'Contents', 'Libraries', 'Shared', 'pleximprovement')


def core_sources():
    """Every module of the core, in every sub-package, but the strings loader itself."""
    for folder, _dirs, files in os.walk(CORE):
        for name in sorted(files):
            if name.endswith('.py') and (os.path.basename(folder), name) != ('menu', 'strings.py'):
                yield os.path.join(folder, name)


def test_every_text_key_used_by_the_core_exists():
    table = strings.load_table('en')
    used = set()
    pattern = re.compile(r"""text\(\s*'([A-Z0-9_]+)'\s*[,)]""")
    sources = list(core_sources())
    assert any(p.endswith(os.path.join('menu', 'status.py')) for p in sources)
    for path in sources:
        with io.open(path, encoding='utf-8') as handle:
            used.update(pattern.findall(handle.read()))
    for key, _path in app_module.MENU:
        used.update([key, key + '_SUMMARY'])
    used.update('JOB_STATUS_' + s for s in ('DONE', 'FAILED', 'STOPPED', 'INTERRUPTED', 'RUNNING'))
    used.update('JOB_' + j.upper() + suffix for j in ('aggregate', 'diagnose') for suffix in ('', '_STARTED'))
    missing = sorted(k for k in used if k not in table)
    assert missing == []
    with io.open(os.path.join(BUNDLE, 'Contents', 'Code', '__init__.py'), encoding='utf-8') as handle:
        code_keys = re.findall(r"L\('([A-Z_]+)'\)", handle.read())
    assert code_keys and all(k in table for k in code_keys)


def test_every_pref_label_is_a_string_key():
    with io.open(os.path.join(BUNDLE, 'Contents', 'DefaultPrefs.json'), encoding='utf-8') as handle:
        items = json.load(handle)
    table = strings.load_table('en')
    assert all(item['label'] in table for item in items)
