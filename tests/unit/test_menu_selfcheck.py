# -*- coding: utf-8 -*-
"""menu/selfcheck.py: the page (a summary, one entry per check with its fix, Back last), the
Status line only when a problem was found, and Status never computing while the result is fresh;
every key the self-check names is in Strings/en.json."""
from __future__ import absolute_import, division, print_function

import io
import os
import re

from pleximprovement import runtime
from pleximprovement.menu import selfcheck as page_module
from pleximprovement.menu.selfcheck import SelfCheckPages, running_bundle, shared_on_path
from pleximprovement.menu.strings import Text, load_table
from pleximprovement.prefs import validate
from pleximprovement.selfcheck.result import OK, PROBLEM, WARNING, check


class Clock(object):
    def __init__(self):
        self.value = 5000.0

    def now(self):
        return self.value


def pages(tmpdir, results):
    rt = runtime.local_runtime(str(tmpdir))
    clock = Clock()
    rt.clock = clock
    settings, _problems = validate(lambda pref_id: None)
    made = SelfCheckPages(rt, Text('en'), lambda: settings)
    calls = []

    def compute():
        calls.append(clock.value)
        return results[min(len(calls), len(results)) - 1]

    made.cache.compute = compute
    return made, clock, calls


def test_the_page_lists_every_check_with_its_fix_and_ends_with_back(tmpdir):
    made, _clock, calls = pages(tmpdir, [[
        check('bundle', OK, 'SELFCHECK_BUNDLE_OK', bundle=u'/x/Plug-ins/PlexImprovement.bundle'),
        check('legacy_hidden', WARNING, 'SELFCHECK_HIDDEN', 'SELFCHECK_HIDDEN_FIX', setting=u'ShowLegacyAgent'),
        check('server_api', PROBLEM, 'SELFCHECK_API_DOWN', why=u'<script>X-Plex-Token=abc123</script>')]])
    view = made.page()
    titles = [e['title'] for e in view['entries']]
    assert view['title'] == 'Self-check' and len(calls) == 1
    assert titles[0].startswith('Self-check at ') and '1 problem(s), 1 warning(s), 0 unknown' in titles[0]
    assert titles[1] == u'OK: PlexImprovement is installed in the server\'s Plug-ins folder ' \
                        u'(/x/Plug-ins/PlexImprovement.bundle).'
    assert titles[2].startswith('WARNING: Legacy agents are hidden') and 'Fix: to give a new library' in titles[2]
    assert titles[3].startswith('PROBLEM: The server does not answer: ')
    assert '<' not in titles[3] and 'abc123' not in titles[3]                 # made safe for Kitana, redacted
    assert view['entries'][-1]['title'] == 'Back to the main menu' and view['entries'][-1]['path'] == ''
    made.page()
    assert len(calls) == 2                                                     # the page always checks again


def test_status_gets_one_line_only_for_a_problem_and_reuses_a_fresh_result(tmpdir):
    problem = [check('bundle', OK, 'SELFCHECK_BUNDLE_OK', bundle=u'b'),
               check('server_api', PROBLEM, 'SELFCHECK_API_REFUSED', why=u'HTTP 401.')]
    fine = [check('bundle', OK, 'SELFCHECK_BUNDLE_OK', bundle=u'b')]
    made, clock, calls = pages(tmpdir, [problem, fine])
    lines = made.status_entries()
    assert len(lines) == 1 and lines[0]['path'] == '/selfcheck'
    assert lines[0]['title'].startswith('Set-up: 1 problem(s), first: The server answers but cannot be used')
    clock.value += 60.0
    assert made.status_entries() == lines and len(calls) == 1              # fresh: no new computation
    clock.value += 600.0
    assert made.status_entries() == [] and len(calls) == 2


def test_running_bundle_and_the_import_path(tmpdir):
    bundle = str(tmpdir.join('PlexImprovement.bundle'))
    assert running_bundle(os.path.join(bundle, 'Contents')) == bundle
    shared = os.path.join(bundle, 'Contents', 'Libraries', 'Shared')
    assert shared_on_path(bundle, ['', '/usr/lib/python', shared]) is True
    assert shared_on_path(bundle, ['', '/usr/lib/python']) is False


def test_every_selfcheck_key_is_a_string():
    table = load_table('en')
    folder = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(page_module.__file__))), 'selfcheck')
    used = set(['SELFCHECK_MARK_' + s.upper() for s in ('ok', 'problem', 'warning', 'unknown')])
    for name in os.listdir(folder):
        if name.endswith('.py'):
            with io.open(os.path.join(folder, name), encoding='utf-8') as handle:
                used.update(re.findall(r"'(SELFCHECK_[A-Z_]+)'", handle.read()))
    assert len(used) > 40
    assert sorted(k for k in used if k not in table) == []
