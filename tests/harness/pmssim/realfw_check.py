# -*- coding: utf-8 -*-
"""Run the sample agent inside the REAL Plex framework against the fake site (manual check).

The sim hosts the agent in plexemu; this shows the same agent code behaves the same way in
the framework PMS ships: a clean title is found, a messy one is not, the update fills the
model, the alternate layout raises IndexError at `.xpath(...)[0]`, and the framework's
default request headers are answered 403 by the bot check.

Needs ../shared/realframework (run_bundle), PY27 with lxml 4.9.3 + simplejson, and
PLEX_FW_SNAPSHOT (see its README). Usage, with PYTHONPATH as `make sim` sets it:
    python -m harness.pmssim.realfw_check [standard|alternate|challenge]
`--no-netns` is passed to run_bundle because the agent must reach the fake site in this
process; it only talks to 127.0.0.1 (its site_url pref points there).
"""
from __future__ import absolute_import, division, print_function

import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

from pleximprovement.runtime.paths import ServerLayout

from . import catalogue, fakesite
from .plugins import SAMPLE_AGENT_BUNDLE, SAMPLE_AGENT_ID

# tests/harness/pmssim/ -> the repository
REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), os.pardir, os.pardir, os.pardir))
RUN_BUNDLE = os.path.join(os.path.dirname(REPO), 'shared', 'realframework', 'run_bundle')


def main(argv=None):
    mode = (argv or sys.argv[1:] or ['standard'])[0]
    lib = catalogue.Catalogue(seed=3, size=60)
    config = fakesite.SiteConfig.quiet(seed=3, alt_layout_rate=1.0 if mode == 'alternate' else 0.0,
                                       challenge_rate=1.0 if mode == 'challenge' else 0.0)
    site = fakesite.FakeSite(lib.site_entries, config)
    work = tempfile.mkdtemp(prefix='realfw-')
    try:
        url = site.start()
        layout = ServerLayout(os.path.join(work, 'Plex Media Server'))
        os.makedirs(layout.preferences_dir)
        with io.open(layout.preferences_file(SAMPLE_AGENT_ID), 'wb') as handle:
            handle.write(('<PluginPreferences><site_url>%s</site_url></PluginPreferences>' % url).encode('utf-8'))
        item = [i for i in lib.items if i.naive_query_matches][0]
        search = {'media_type': 'Movie', 'lang': 'en', 'manual': False, 'version': 0, 'primary': True}
        calls = []
        for name in (item.scanned_title, u'%s (%d)' % (item.title, item.year)):
            search['kwargs'] = {'name': name}
            calls.append('CALL _AgentKit:Search ' + json.dumps(search))
        calls.append('CALL _AgentKit:UpdateMetadata ' + json.dumps({
            'media_type': 'Movie', 'guid': '%s://%s?lang=en' % (SAMPLE_AGENT_ID, item.site.site_id),
            'id': item.site.site_id, 'lang': 'en', 'force': True, 'version': 0, 'periodic': False}))
        proc = subprocess.Popen([RUN_BUNDLE, '--no-netns', '--workdir', work, SAMPLE_AGENT_BUNDLE] + calls,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        output = proc.communicate()[0].decode('utf-8', 'replace')
        for line in output.splitlines():
            if '(__init__:' in line or 'CRITICAL' in line or line.startswith('  File "') or \
                    line.split(':', 1)[0].endswith('Error'):
                print(line)
        print('site counters:', json.dumps(site.snapshot(), sort_keys=True))
        return proc.returncode
    finally:
        site.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
