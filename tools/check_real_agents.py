# -*- coding: utf-8 -*-
"""Every catalog fix on real agents, in the REAL Plex framework: applied, started, rolled back byte for byte.

Usage: check_real_agents.py [--hama GIT] [--phoenix GIT] [--pgma GIT] [--pgma-bundle NAME]
                            [--run-bundle PATH] [--py27 PATH] [--snapshot GIT]
                            [--only AGENT ...] [--fix ID ...] [--keep]
(`make check-real-agents`; not part of `make test`: it needs fetched snapshots.)

In: three fetched agent repositories (bare git dirs; defaults beside this checkout in
../.mirror/, or HAMA_GIT, PHOENIX_GIT, PGMA_GIT): Hama (everything in Code/), PhoenixAdult
(hundreds of files in Libraries/Shared), and one bundle of the PGMA-Modernized family with the
helper folder _PGMA its bundles share beside them in Plug-ins; the framework snapshot
(PLEX_FW_SNAPSHOT) and ../shared/realframework/run_bundle (RUN_BUNDLE) with a CPython 2.7 that
has lxml and simplejson (PY27). Out: one line per (agent, fix) and a summary; exit 1 when any
pair failed, 2 when a prerequisite is missing (one line naming it).

Each agent is exported (git archive) into a temporary folder: the bundle, a Plug-ins folder
that links to it (run_bundle links bundles the same way) with the helper folder in it, and a
data folder for the journal and backups. A baseline start of the unmodified agent comes first:
its CRITICAL log lines (real agents reach for the internet at start; run_bundle runs them in a
network namespace without one) are what every later start is compared with, and the tree it
leaves is "before". Then, for each catalog fix whose plan applies (a preview that refuses says
why not) and a custom diff adding a comment line to Code/__init__.py: apply through the
installer; for an overlay, import the overlay with the 2.7 interpreter as the server's Python
does (writing .pyc files: run_bundle keeps bytecode off); start the agent in the real
framework: it must start, log no CRITICAL line the baseline did not have, and for an overlay
log "PlexImprovement overlay active:"; roll back through the installer: every file of the
bundle and the helper folder (.pyc included) and every folder must be as before, and the
journal must list nothing on the agent. Nothing fetched is copied into this repository.
"""
from __future__ import absolute_import, division, print_function

import argparse
import collections
import difflib
import hashlib
import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = os.path.dirname(REPO)
SHARED = os.path.join(REPO, 'PlexImprovement.bundle', 'Contents', 'Libraries', 'Shared')
sys.path.insert(0, SHARED)

from pleximprovement import names  # noqa: E402  (SHARED above)
from pleximprovement.fixes import catalog, overlay  # noqa: E402
from pleximprovement.fixes.errors import Refused  # noqa: E402
from pleximprovement.fixes.installer import Installer  # noqa: E402
from pleximprovement.fixes.target import find_target  # noqa: E402

MIRROR = os.path.join(WORK, '.mirror')
PY27_DEFAULT = os.path.expanduser('~/.pyenv/versions/2.7.18/bin/python2.7')
Agent = collections.namedtuple('Agent', 'name git paths bundle_path helpers')
LOG_LINE = re.compile(r'^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \([0-9a-f]+\) :  ([A-Z]+) \((.*)$')
CUSTOM_NAME = 'real_agents_comment'
CUSTOM_LINE = '# checked by PlexImprovement tools/check_real_agents.py\n'
START_TIMEOUT = '240'     # retry overlays back off while every fetch fails offline


class Missing(Exception):
    """A prerequisite is not on this machine: one line saying which and how to get it."""


def arguments(argv):
    p = argparse.ArgumentParser(description='Apply every catalog fix to real agents in the real framework, '
                                'start them, roll back, compare byte for byte.')
    p.add_argument('--hama', default=os.environ.get('HAMA_GIT') or os.path.join(MIRROR, 'ZeroQI+Hama.bundle', 'repo'))
    p.add_argument('--phoenix', default=os.environ.get('PHOENIX_GIT')
                   or os.path.join(MIRROR, 'PAhelper+PhoenixAdult.bundle', 'repo'))
    p.add_argument('--pgma', default=os.environ.get('PGMA_GIT')
                   or os.path.join(MIRROR, 'CodyBerenson+PGMA-Modernized', 'repo'))
    p.add_argument('--pgma-bundle', default='GEVI.bundle', help='the family member to check (with _PGMA)')
    p.add_argument('--run-bundle', default=os.environ.get('RUN_BUNDLE')
                   or os.path.join(WORK, 'shared', 'realframework', 'run_bundle'))
    p.add_argument('--py27', default=os.environ.get('PY27') or PY27_DEFAULT)
    p.add_argument('--snapshot', default=os.environ.get('PLEX_FW_SNAPSHOT')
                   or os.path.join(MIRROR, 'squaresmile+Plex-Plug-Ins', 'repo'))
    p.add_argument('--only', action='append', default=[], metavar='NAME', help='check only this agent (repeatable)')
    p.add_argument('--fix', action='append', default=[], metavar='ID', help='check only this fix (repeatable)')
    p.add_argument('--keep', action='store_true', help='keep the temporary folder (its path is printed)')
    return p.parse_args(argv)


def agents(args):
    return [Agent('Hama.bundle', args.hama, ['Contents'], '', []),
            Agent('PhoenixAdult.bundle', args.phoenix, ['Contents'], '', []),
            Agent(args.pgma_bundle, args.pgma, [args.pgma_bundle, '_PGMA'], args.pgma_bundle, ['_PGMA'])]


def require(args, chosen):
    """Missing naming the first prerequisite that is not there."""
    for agent in chosen:
        if not os.path.isdir(agent.git):
            raise Missing('%s: no fetched snapshot at %s (fetch github:%s, or pass its git dir)'
                          % (agent.name, agent.git, {'Hama.bundle': 'ZeroQI/Hama.bundle',
                                                     'PhoenixAdult.bundle': 'PAhelper/PhoenixAdult.bundle'}.get(
                                                         agent.name, 'CodyBerenson/PGMA-Modernized')))
    if not os.path.isfile(args.run_bundle):
        raise Missing('run_bundle not found at %s (set RUN_BUNDLE or --run-bundle)' % (args.run_bundle,))
    if not os.path.isdir(args.snapshot):
        raise Missing('no framework snapshot at %s (fetch github:squaresmile/Plex-Plug-Ins; set PLEX_FW_SNAPSHOT)'
                      % (args.snapshot,))
    if not os.path.isfile(args.py27):
        raise Missing('no Python 2.7 at %s (set PY27 or --py27)' % (args.py27,))
    if subprocess.call([args.py27, '-c', 'import lxml.etree, simplejson'], stderr=open(os.devnull, 'w')):
        raise Missing('%s lacks lxml/simplejson: %s -m pip install "lxml==4.9.3" simplejson' % (args.py27, args.py27))


def absent_blobs(agent):
    """The paths among the agent's whose content the snapshot lacks (a fetch may leave its largest
    files out): git archive would stop at them."""
    listing = subprocess.check_output(['git', '--git-dir', agent.git, 'ls-tree', '-r', '-z', 'HEAD', '--']
                                      + agent.paths)
    entries = [item.split(b'\t', 1) for item in listing.split(b'\0') if item]
    blobs = [(meta.split()[2], path) for meta, path in entries if meta.split()[1] == b'blob']
    check = subprocess.Popen(['git', '--git-dir', agent.git, 'cat-file', '--batch-check'],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    answer = check.communicate(b''.join(sha + b'\n' for sha, _path in blobs))[0].splitlines()
    return sorted(path.decode('utf-8') for (sha, path), line in zip(blobs, answer) if line.endswith(b' missing'))


def export(agent, folder, bundle, helpers_dir):
    """git archive of the agent's paths into ``folder`` (without the files the snapshot lacks), then its
    bundle moved to ``bundle`` and its helper folders into ``helpers_dir``; the helper folders' paths."""
    os.makedirs(folder)
    excluded = [':(exclude)' + path for path in absent_blobs(agent)]
    with tempfile.TemporaryFile() as errors:
        archive = subprocess.Popen(['git', '--git-dir', agent.git, 'archive', 'HEAD', '--'] + agent.paths + excluded,
                                   stdout=subprocess.PIPE, stderr=errors)
        unpack = subprocess.Popen(['tar', '-x', '-C', folder], stdin=archive.stdout)
        archive.stdout.close()
        if unpack.wait() or archive.wait():
            errors.seek(0)
            raise Missing('%s: git archive of %s failed: %s' % (agent.name, agent.git,
                                                                errors.read().decode('utf-8', 'replace').strip()))
    shutil.move(os.path.join(folder, agent.bundle_path) if agent.bundle_path else folder, bundle)
    helpers = [os.path.join(helpers_dir, helper) for helper in agent.helpers]
    for helper, place in zip(agent.helpers, helpers):
        shutil.move(os.path.join(folder, helper), place)
    shutil.rmtree(folder, ignore_errors=True)
    return helpers


def snapshot(roots):
    """name -> ('file', sha256, mode) | ('dir', mode) | ('link', target) for everything below the roots."""
    found = {}
    for root in roots:
        for top, dirs, files in os.walk(root):
            for name in dirs + files:
                full = os.path.join(top, name)
                rel = os.path.join(os.path.basename(root), os.path.relpath(full, root))
                mode = stat.S_IMODE(os.lstat(full).st_mode)
                if os.path.islink(full):
                    found[rel] = ('link', os.readlink(full))
                elif os.path.isdir(full):
                    found[rel] = ('dir', mode)
                else:
                    with io.open(full, 'rb') as handle:
                        found[rel] = ('file', hashlib.sha256(handle.read()).hexdigest(), mode)
    return found


def differences(before, after):
    keys = sorted(set(before) | set(after))
    changed = [k for k in keys if before.get(k) != after.get(k)]
    return ['%s (%s)' % (k, 'left behind' if k not in before else 'missing' if k not in after else 'differs')
            for k in changed]


def criticals(log_text, workdir):
    """The CRITICAL lines of a plug-in log, each with the exception that ends its traceback, paths of
    this run's temporary folder blanked (so two starts compare)."""
    lines = log_text.replace(workdir, '<tmp>').splitlines()
    found = []
    for n, line in enumerate(lines):
        match = LOG_LINE.match(line)
        if not match or match.group(1) != 'CRITICAL':
            continue
        end = n + 1
        while end < len(lines) and (lines[end].startswith(' ') or not lines[end].strip()) \
                and not LOG_LINE.match(lines[end]):
            end += 1
        tail = lines[end] if end < len(lines) and not LOG_LINE.match(lines[end]) else ''
        found.append('(%s%s' % (match.group(2), ' | ' + tail if tail else ''))
    return found


class Runner(object):
    """Starts one agent in the real framework (run_bundle) and reads what its start logged."""

    def __init__(self, args, workdir, bundle, scratch):
        self.args = args
        self.workdir = workdir
        self.bundle = bundle
        self.scratch = scratch
        self.count = 0

    def start(self):
        """(started, seconds, CRITICAL lines, log text)."""
        self.count += 1
        summary_path = os.path.join(self.scratch, 'start%d.json' % self.count)
        output = os.path.join(self.scratch, 'start%d.txt' % self.count)
        command = [self.args.run_bundle, self.bundle, '--workdir', self.workdir, '--json', summary_path, '--no-log',
                   '--python', self.args.py27, '--snapshot', self.args.snapshot, '--start-timeout', START_TIMEOUT]
        began = time.time()
        with open(output, 'wb') as handle:
            subprocess.call(command, stdout=handle, stderr=subprocess.STDOUT)
        seconds = time.time() - began
        try:
            with io.open(summary_path, 'r', encoding='utf-8') as handle:
                summary = json.load(handle)
        except (IOError, OSError, ValueError):
            return False, seconds, [], ''
        log_text = ''
        if summary.get('log_file') and os.path.exists(summary['log_file']):
            with io.open(summary['log_file'], 'r', encoding='utf-8', errors='replace') as handle:
                log_text = handle.read()
        return bool(summary.get('started')), seconds, criticals(log_text, self.workdir), log_text


def compile_overlay(py27, target):
    """Import the overlay as the server's Python 2.7 does, writing .pyc files; how many it wrote."""
    shared = os.path.join(target.contents_dir, 'Libraries', 'Shared')
    environ = dict((k, v) for k, v in os.environ.items() if k not in ('PYTHONDONTWRITEBYTECODE', 'PYTHONPATH'))
    code = 'import sys; sys.path.append(sys.argv[1]); import %s' % overlay.MODULE_NAME
    subprocess.check_call([py27, '-c', code, shared], env=environ, cwd=shared)
    folder = os.path.join(shared, overlay.MODULE_NAME)
    return len([name for name in os.listdir(folder) if name.endswith('.pyc')])


def custom_diff(target, data_dir):
    """A custom fix (unified diff in DATA/custom_fixes/) that adds one comment line at the end of
    Code/__init__.py; its id, or None when the file is not UTF-8 text."""
    relpath = 'Contents/Code/__init__.py'
    try:
        old = target.read('bundle', relpath).decode('utf-8').replace('\r\n', '\n')
    except (AttributeError, UnicodeDecodeError):
        return None
    new = old + ('' if old.endswith('\n') or not old else '\n') + CUSTOM_LINE
    lines = difflib.unified_diff(old.splitlines(True), new.splitlines(True), 'a/' + relpath, 'b/' + relpath)
    text = ''.join(line if line.endswith('\n') else line + '\n\\ No newline at end of file\n' for line in lines)
    folder = os.path.join(data_dir, names.CUSTOM_FIXES_DIR)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with io.open(os.path.join(folder, CUSTOM_NAME + '.diff'), 'wb') as handle:
        handle.write(('Title: a comment line (check_real_agents)\n' + text).encode('utf-8'))
    return catalog.CUSTOM_PREFIX + CUSTOM_NAME


def new_lines(baseline, now):
    """The CRITICAL lines of ``now`` the baseline start did not have (as many times as it had them)."""
    had = collections.Counter(baseline)
    return sorted(line for line, count in collections.Counter(now).items() for _ in range(count - had[line]))


class AgentCheck(object):
    """One agent: exported, started unmodified, then each fix applied, started and rolled back."""

    def __init__(self, args, agent, tmp):
        self.args = args
        self.agent = agent
        self.home = os.path.join(tmp, agent.name)
        self.workdir = os.path.join(self.home, 'server')
        self.plugins = os.path.join(self.workdir, 'Plex Media Server', 'Plug-ins')
        self.data = os.path.join(self.home, 'data')
        self.scratch = os.path.join(self.home, 'runs')
        self.bundle = os.path.join(self.home, 'agents', agent.name)
        for folder in (self.plugins, self.data, self.scratch, os.path.dirname(self.bundle)):
            os.makedirs(folder)
        self.helpers = export(agent, os.path.join(self.home, 'export'), self.bundle, self.plugins)
        os.symlink(self.bundle, os.path.join(self.plugins, agent.name))   # as run_bundle links it
        self.installer = Installer(self.data, self.plugins)
        self.target = find_target(self.plugins, agent.name, None)
        self.runner = Runner(args, self.workdir, self.bundle, self.scratch)

    def tree(self):
        return snapshot([self.bundle] + self.helpers)

    def fixes(self):
        found = [(spec.fix_id, spec.lever) for spec in catalog.CATALOG]
        custom = custom_diff(self.target, self.data)
        found += [(custom, 'custom')] if custom else []
        return [(fix_id, lever) for fix_id, lever in found if not self.args.fix or fix_id in self.args.fix]

    def run(self, report):
        started, seconds, self.baseline, _log = self.runner.start()
        before = self.tree()
        files = len([k for k, v in before.items() if v[0] == 'file'])
        absent = absent_blobs(self.agent)
        report.line(self.agent.name, 'baseline', 'OK' if started else 'FAIL',
                    '%s in %.1f s, %d CRITICAL line(s) at start, %d files%s, %d compiled (.pyc/.pyo) among them%s'
                    % ('started' if started else 'did NOT start', seconds, len(self.baseline), files,
                       ' (%s and _PGMA)' % self.agent.name if self.helpers else '',
                       len([k for k in before if k.endswith(('.pyc', '.pyo'))]),
                       '; %d file(s) absent from the snapshot, not exported: %s' % (len(absent), ', '.join(absent))
                       if absent else ''))
        if not started:
            return
        for fix_id, lever in self.fixes():
            try:
                verdict, text = self.one(fix_id, lever, before)
            except Refused as error:
                verdict, text = 'FAIL', 'refused: %s' % (error,)
                self.recover_from_failure(before)
            report.line(self.agent.name, fix_id, verdict, text)

    def one(self, fix_id, lever, before):
        try:
            self.installer.preview(self.target, fix_id)
        except Refused as error:
            return 'n/a', 'does not apply: %s' % (error,)
        applied = self.installer.apply(self.target, fix_id)
        notes = ['applied (%d file(s))' % len(applied['files'])]
        if lever == 'overlay':
            notes.append('python2.7 import wrote %d .pyc' % compile_overlay(self.args.py27, self.target))
        started, seconds, found, log_text = self.runner.start()
        problems = [] if started else ['the agent did not start']
        extra = new_lines(self.baseline, found)
        problems.extend('new CRITICAL: %s' % line for line in extra)
        if lever == 'overlay':
            if overlay.ACTIVE_PREFIX + ' ' + fix_id in log_text:
                notes.append('"%s %s" logged' % (overlay.ACTIVE_PREFIX, fix_id))
            else:
                problems.append('no "%s %s" line in the log' % (overlay.ACTIVE_PREFIX, fix_id))
        notes.append('started in %.1f s, %d CRITICAL as in the baseline' % (seconds, len(found) - len(extra)))
        rolled = self.installer.rollback(self.target, fix_id)
        after = self.tree()
        gone = differences(before, after)
        if gone:
            problems.append('not byte-identical after rollback: %s%s' % (
                ', '.join(gone[:5]), ' and %d more' % (len(gone) - 5) if len(gone) > 5 else ''))
        else:
            removed = len([f for f in rolled['files'] if f['path'].endswith(('.pyc', '.pyo'))])
            notes.append('rolled back byte-identical (%d files hashed%s)'
                         % (len([v for v in after.values() if v[0] == 'file']),
                            ', %d .pyc removed' % removed if removed else ''))
        listed = [t['bundle'] for t in self.installer.status()['targets']]
        if listed:
            problems.append('the journal still lists %s' % ', '.join(listed))
        if problems:
            self.recover_from_failure(before)
            return 'FAIL', '; '.join(problems + notes)
        return 'OK', '; '.join(notes)

    def recover_from_failure(self, before):
        """Put the agent back from its snapshot so the next fix starts from the same tree (the journal
        forgets it; the baseline start's own files stay)."""
        try:
            self.installer.forget(self.target)
        except Refused:
            pass
        if differences(before, self.tree()):
            for folder in [self.bundle] + self.helpers:
                shutil.rmtree(folder)
            export(self.agent, os.path.join(self.home, 'export'), self.bundle, self.plugins)


class Report(object):
    def __init__(self):
        self.counts = collections.Counter()
        self.began = time.time()

    def line(self, agent, fix_id, verdict, text):
        if fix_id != 'baseline':
            self.counts[verdict] += 1
        elif verdict != 'OK':
            self.counts['FAIL'] += 1
        print('%-20s %-28s %-4s %s' % (agent, fix_id, verdict, text))
        sys.stdout.flush()

    def summary(self, agents_checked):
        pairs = sum(self.counts[k] for k in ('OK', 'n/a', 'FAIL'))
        print('real agents: %d agent(s), %d (agent, fix) pair(s): %d OK, %d not applicable, %d FAILED in %.0f s'
              % (agents_checked, pairs, self.counts['OK'], self.counts['n/a'], self.counts['FAIL'],
                 time.time() - self.began))
        return 1 if self.counts['FAIL'] else 0


def main(argv=None):
    args = arguments(argv)
    chosen = [a for a in agents(args) if not args.only or a.name in args.only or a.name[:-7] in args.only]
    try:
        require(args, chosen)
    except Missing as error:
        print('check_real_agents: %s' % (error,), file=sys.stderr)
        return 2
    tmp = tempfile.mkdtemp(prefix='real-agents-')
    report = Report()
    try:
        for agent in chosen:
            AgentCheck(args, agent, tmp).run(report)
    except Missing as error:
        print('check_real_agents: %s' % (error,), file=sys.stderr)
        return 2
    finally:
        if args.keep:
            print('temporary folder kept: %s' % (tmp,))
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return report.summary(len(chosen))


if __name__ == '__main__':
    sys.exit(main())
