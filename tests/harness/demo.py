# -*- coding: utf-8 -*-
"""`make demo`: PlexImprovement in the framework emulator against the simulated server.

Everything runs on 127.0.0.1 in a throw-away app-support folder: the simulated server with
the sample agent and the fake metadata site (bot-blocked pages, rate limits, titles that only
match when cleaned), a full-library refresh that fills the agent's log the way Plex would, then
PlexImprovement's own menu driven through its routes as a Plex client would call them: the
Prefs set to apply fixes automatically, "Run the whole loop" confirmed with the owner's token,
one line per loop step (from the plug-in's log), a final summary, and every report, the state
files, the decision log and the fix journal copied to ./demo-output/.

Run by `make demo` as ``python -m harness.demo`` with tests/, tools/ and the bundle's
Libraries/Shared on PYTHONPATH (the harness imports tools/restricted_rules.py and the core).
"""
from __future__ import absolute_import, division, print_function

import argparse
import json
import os
import shutil
import sys
import tempfile
import time

from pleximprovement.names import (DECISION_LOG, FINAL_REPORT, FIX_JOURNAL, IDENTIFIER, LOOP_AUDIT, LOOP_STATE,
                                   PREFIX)
from pleximprovement.pms import completion, library
from pleximprovement.pms.client import PmsClient
from pleximprovement.runtime.paths import ServerLayout

from harness import plexemu
from harness.pmssim.fakesite import SiteConfig
from harness.pmssim.server import SimServer

DEFAULT_SEED = 7
DEFAULT_SIZE = 120
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BUNDLE = os.path.join(REPO, 'PlexImprovement.bundle')
MARKER = '.pleximprovement-demo'   # in every folder --dir made: the only kind the demo empties
DEFAULT_DIR = os.path.join(REPO, 'build', 'demo')
DEFAULT_OUT = 'demo-output'          # below the folder make demo runs in: the repository
DEFAULT_ITEMS = 8
DEFAULT_ITERATIONS = 6
# The sample agent's known weaknesses: bot-blocked pages, rate limits, titles that only match
# when cleaned. Flaky 503s and slow pages are off: the trial's back-off windows after them
# (30 s and more, trial/backoff.py) would make the demo wait without showing anything new.
DEMO_SITE = SiteConfig(error_503_rate=0.0, slow_rate=0.0)


def say(text=''):
    sys.stdout.write(text + '\n')
    sys.stdout.flush()


def print_container(response, indent='  '):
    root = response.xml()
    header = root.get('header')
    if header:
        say('%s[%s] %s' % (indent, header, root.get('message') or ''))
    for item in root:
        key = item.get('key') or ''
        say('%s- %s  ->  %s' % (indent, item.get('title'), key))
    return root


def show_head(folder, name, count):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return
    say('')
    say('First lines of %s:' % name)
    with open(path, 'rb') as handle:
        for line in handle.read().decode('utf-8', 'replace').splitlines()[:count]:
            say('  ' + line)


def menu_tree(emu):
    say('Main menu (%s):' % PREFIX)
    root = print_container(emu.request(PREFIX))
    return root


def wait_idle(emu, label, timeout=600.0):
    """Poll Status (as a client would) until no job runs; show progress lines as they change."""
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        first = emu.request(PREFIX + '/status').xml().find('Directory')
        line = first.get('title') if first is not None else ''
        if line != last:
            say('  %s: %s' % (label, line))
            last = line
        if line == 'Nothing is running':
            return True
        time.sleep(0.2)
    say('  %s: still running after %ds' % (label, timeout))
    return False


def refresh_library(base_url, token, timeout=900.0):
    """Force-refresh every section through the server API and wait until each is done.

    This is what a client (or PlexImprovement's Phase 4) does against a real server, with the
    core's own client (pleximprovement/pms): done means the section was seen busy (its
    `refreshing` flag or an Activity) and is not any more, or nothing showed up at all
    (pms/completion.py wait_section): an empty /activities alone may just mean "not yet".
    """
    client = PmsClient(base_url, token)
    sections = library.sections(client)
    for section in sections:
        done = completion.refresh_section_and_wait(client, section['id'], force=True, deadline=timeout)
        say('  %s: %s after %s s' % (section['title'], 'refreshed' if done['finished'] else 'still refreshing',
                                     done['seconds']))
    return '%d section(s) refreshed' % len(sections)


def follow_loop(emu, timeout=600.0):
    """Print the loop's step lines as the plug-in logs them ("Loop iteration ..."), until no job runs."""
    deadline = time.time() + timeout
    offset = 0
    while time.time() < deadline:
        with open(emu.log_path, 'rb') as handle:
            handle.seek(offset)
            chunk = handle.read()
        complete = chunk[:chunk.rfind(b'\n') + 1]
        offset += len(complete)
        for line in complete.decode('utf-8', 'replace').splitlines():
            if ' - Loop ' in line:
                say('  ' + line.split(' - Loop ', 1)[1])
        first = emu.request(PREFIX + '/status').xml().find('Directory')
        if first is not None and first.get('title') == 'Nothing is running' and not chunk[len(complete):]:
            return True
        time.sleep(0.3)
    say('  the loop is still running after %ds' % timeout)
    return False


def summary(state):
    """The final summary: baseline vs final success rate, fixes kept and rolled back, the exit."""
    def rate(metrics):
        value = (metrics or {}).get('success_rate')
        return 'no data' if value is None else '%.2f %%' % value

    def fixes(items):
        return ', '.join('%s (%s)' % (f['fix_id'], f.get('decision') or f.get('reason')) for f in items) or 'none'
    say('Summary:')
    say('  success rate: baseline %s -> final %s' % (rate(state['baseline_metrics']), rate(state['current_metrics'])))
    say('  fixes kept: %s' % fixes(state['fixes_successful']))
    say('  fixes rolled back or not applied: %s' % fixes(state['fixes_failed']))
    say('  exit: %s (%s)' % (state['exit_condition'], state['exit_text']))


def collect_output(emu, out_dir):
    """Copy every report, the loop's state files, the decision log and the fix journal to out_dir."""
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    for name in sorted(os.listdir(emu.data_dir)):
        if name.endswith(('.txt', '.md', '.json')) and not name.startswith('.'):
            shutil.copy(os.path.join(emu.data_dir, name), os.path.join(out_dir, name))
    journal = os.path.join(os.path.dirname(emu.data_dir), FIX_JOURNAL)
    if os.path.isfile(journal):
        shutil.copy(journal, os.path.join(out_dir, FIX_JOURNAL))
    return sorted(os.listdir(out_dir))


def run(workdir, seed, size, out_dir=DEFAULT_OUT, items=DEFAULT_ITEMS, iterations=DEFAULT_ITERATIONS):
    started = time.time()
    app_support = os.path.join(workdir, 'Plex Media Server')
    ServerLayout(app_support).create()
    sim = SimServer(app_support, seed=seed, library_size=size, site_config=DEMO_SITE)
    try:
        server_url = sim.start()
        say('PMS %s token=%s (simulated, 127.0.0.1 only)' % (server_url, sim.token))
        say('Refreshing the whole library with the sample agent as it ships...')
        say('  %s' % (refresh_library(server_url, sim.token),))
        emu = plexemu.Emulator(BUNDLE, app_support, env={'PLEXTOKEN': sim.token}, server_url=server_url)
        emu.start()
        try:
            say('')
            menu_tree(emu)
            emu.request('/:/plugins/%s/prefs/set' % IDENTIFIER,
                        query={'allow_automatic_fixes': 'true', 'test_items_per_fix': str(items),
                               'server_url': server_url,
                               'max_iterations': str(iterations)})
            say('')
            say('Prefs: "Apply fixes automatically" on, %d test items per fix, at most %d iterations.'
                % (items, iterations))
            say('Run the whole loop (confirmed, with the owner\'s token):')
            print_container(emu.request(PREFIX + '/loop/run', query={'confirm': '1'},
                                        headers={'X-Plex-Token': sim.token}))
            follow_loop(emu)
            state = json.loads(open(os.path.join(emu.data_dir, LOOP_STATE), 'rb').read().decode('utf-8'))
            say('')
            summary(state)
            names = collect_output(emu, out_dir)
            say('')
            say('%d files in %s: every report, %s, %s, %s, %s' % (len(names), out_dir, LOOP_STATE, DECISION_LOG,
                                                                  LOOP_AUDIT, FINAL_REPORT))
            show_head(out_dir, FINAL_REPORT, 24)
        finally:
            emu.stop()
    finally:
        sim.stop()
    say('')
    say('Demo finished in %.0f s.' % (time.time() - started,))
    return 0 if state['exit_condition'] not in ('critical_failure', None) else 1


class NotTheDemosFolder(Exception):
    """--dir names a folder with files in it that the demo did not create."""


def prepare_dir(workdir):
    """Make `workdir` an empty folder marked as the demo's (MARKER). A folder the demo made
    before (or DEFAULT_DIR, the repo's scratch folder, which demos made before the marker
    existed) is emptied; any other non-empty folder is refused, never emptied."""
    if os.path.lexists(workdir) and not os.path.isdir(workdir):
        raise NotTheDemosFolder('%s is not a folder' % workdir)
    if os.path.isdir(workdir) and os.listdir(workdir):
        if not os.path.isfile(os.path.join(workdir, MARKER)) and \
                os.path.abspath(workdir) != os.path.abspath(DEFAULT_DIR):
            raise NotTheDemosFolder('%s is not empty and was not made by the demo: nothing was deleted; '
                                    'give --dir a new or empty folder' % workdir)
        shutil.rmtree(workdir)
    if not os.path.isdir(workdir):
        os.makedirs(workdir)
    with open(os.path.join(workdir, MARKER), 'w') as handle:
        handle.write('Made by `make demo` (tests/harness/demo.py), which empties this folder on its next run.\n')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--dir', default=DEFAULT_DIR,
                        help='app-support folder to (re)create; default build/demo. Emptied first only when '
                             'a previous demo made it; any other non-empty folder is refused')
    parser.add_argument('--throwaway', action='store_true', help='use a temp folder and delete it at the end')
    parser.add_argument('--seed', type=int, default=DEFAULT_SEED)
    parser.add_argument('--size', type=int, default=DEFAULT_SIZE, help='library size of the simulated server')
    parser.add_argument('--out', default=DEFAULT_OUT, help='where the reports and state files are copied '
                        '(default ./demo-output, replaced at each run)')
    parser.add_argument('--items', type=int, default=DEFAULT_ITEMS, help='test items per fix')
    parser.add_argument('--iterations', type=int, default=DEFAULT_ITERATIONS, help='at most this many iterations')
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix='pleximprovement-demo-') if args.throwaway else args.dir
    if not args.throwaway:
        try:
            prepare_dir(workdir)
        except NotTheDemosFolder as error:
            sys.stderr.write('demo: %s\n' % (error,))
            return 2
    try:
        return run(workdir, args.seed, args.size, args.out, args.items, args.iterations)
    finally:
        if args.throwaway:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
