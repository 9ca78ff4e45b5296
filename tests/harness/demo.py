# -*- coding: utf-8 -*-
"""`make demo`: PlexImprovement in the framework emulator against the simulated server.

Everything runs on 127.0.0.1 in a throw-away app-support folder: the simulated server with
the sample agent and the fake metadata site, a full-library refresh that fills the agent's
log the way Plex would, then PlexImprovement's own menu driven through its routes
(Aggregate logs, Diagnose) exactly as a Plex client would call them.

Run by `make demo` as ``python -m harness.demo`` with tests/, tools/ and the bundle's
Libraries/Shared on PYTHONPATH (the harness imports tools/restricted_rules.py and the core).
"""
from __future__ import absolute_import, division, print_function

import argparse
import os
import shutil
import sys
import tempfile
import time

from pleximprovement.names import AGGREGATE_TXT, DIAGNOSTIC_MD, PREFIX
from pleximprovement.pms import completion, library
from pleximprovement.pms.client import PmsClient
from pleximprovement.runtime.paths import ServerLayout

from harness import plexemu
from harness.pmssim.server import SimServer

DEFAULT_SEED = 7
DEFAULT_SIZE = 120
HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
BUNDLE = os.path.join(REPO, 'PlexImprovement.bundle')
MARKER = '.pleximprovement-demo'   # in every folder --dir made: the only kind the demo empties
DEFAULT_DIR = os.path.join(REPO, 'build', 'demo')


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


def run(workdir, seed, size):
    app_support = os.path.join(workdir, 'Plex Media Server')
    ServerLayout(app_support).create()
    sim = SimServer(app_support, seed=seed, library_size=size)
    try:
        server_url = sim.start()
        say('PMS %s token=%s (simulated, 127.0.0.1 only)' % (server_url, sim.token))
        say('Refreshing the whole library with the sample agent as it ships...')
        summary = refresh_library(server_url, sim.token)
        say('  %s' % (summary,))
        emu = plexemu.Emulator(BUNDLE, app_support, env={'PLEXTOKEN': sim.token}, server_url=server_url)
        emu.start()
        try:
            say('')
            menu_tree(emu)
            say('')
            say('Status:')
            print_container(emu.request(PREFIX + '/status'))
            for label, path in (('Aggregate logs', '/aggregate'), ('Diagnose', '/diagnose')):
                say('')
                say('%s:' % label)
                print_container(emu.request(PREFIX + path))
                wait_idle(emu, label)
            say('')
            say('Status:')
            print_container(emu.request(PREFIX + '/status'))
            say('')
            say('Reports (Data items in %s):' % emu.data_dir)
            for name in sorted(os.listdir(emu.data_dir)):
                if name.endswith(('.txt', '.md')):
                    say('  %s' % os.path.join(emu.data_dir, name))
            show_head(emu.data_dir, AGGREGATE_TXT % 1, 9)
            show_head(emu.data_dir, DIAGNOSTIC_MD % 1, 40)
        finally:
            emu.stop()
    finally:
        sim.stop()


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
    args = parser.parse_args(argv)
    workdir = tempfile.mkdtemp(prefix='pleximprovement-demo-') if args.throwaway else args.dir
    if not args.throwaway:
        try:
            prepare_dir(workdir)
        except NotTheDemosFolder as error:
            sys.stderr.write('demo: %s\n' % (error,))
            return 2
    try:
        run(workdir, args.seed, args.size)
    finally:
        if args.throwaway:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == '__main__':
    sys.exit(main())
