# -*- coding: utf-8 -*-
"""Offline fixes: ``python -m pleximprovement fix {list,apply,rollback,status,diff,forget} ...``.

    fix list [--json] [--data DATA]
    fix apply    --plugins DIR --data DATA --agent BUNDLE_OR_IDENTIFIER --fix ID [--param k=v ...]
    fix rollback --plugins DIR --data DATA --agent BUNDLE_OR_IDENTIFIER (--fix ID | --all)
    fix status   --plugins DIR --data DATA [--json]
    fix diff     --plugins DIR --data DATA --agent BUNDLE_OR_IDENTIFIER [--fix ID]
    fix forget   --plugins DIR --data DATA --agent BUNDLE_OR_IDENTIFIER

DIR is a server's Plug-ins folder (Plug-in Support beside it holds the agents' Preferences and
Caches); DATA the folder holding the journal and the backups (the plug-in's data folder to
share them with the plug-in). Every command with --data first finishes or undoes a change a
crash interrupted. The catalog (fixes/catalog.py) is the list, with the custom fixes in
DATA/custom_fixes/ (ids custom:<name>); fixes/installer.py does the work; --param values are
read by the catalog's parameter rules. Exit 0 on success; 2 with one line on stderr when
refused (unknown fix, agent not found or not allowed, path outside the bundle, read-only
file, edited file, full disk). Offline the agent's Info.plist is touched and the restart is
reported as not confirmed. What recovery did is printed first, one "recovered:" line each.
"""
from __future__ import absolute_import, division, print_function

import argparse
import json
import sys

from ..fixes import catalog
from ..fixes.errors import NoImplementation, Refused
from ..fixes.installer import Installer, fix_module
from ..fixes.parameters import describe
from ..fixes.target import find_target
from .output import USAGE_ERROR, write


def parser():
    p = argparse.ArgumentParser(prog='python -m pleximprovement fix',
                                description='Apply, roll back and list fixes on Plex agent bundles.')
    sub = p.add_subparsers(dest='command')
    sub.required = True     # as Python 2.7's argparse always has it
    listing = sub.add_parser('list', help='the fix catalog')
    listing.add_argument('--json', action='store_true')
    listing.add_argument('--data', metavar='DATA', help='also list the custom fixes in DATA/custom_fixes/')
    for name, text in (('apply', 'apply one fix to one agent'), ('rollback', 'roll back one fix or all of them'),
                       ('status', 'what is applied where'), ('diff', 'what the fixes changed in one agent'),
                       ('forget', 'stop tracking an agent someone else changed')):
        one = sub.add_parser(name, help=text)
        one.add_argument('--plugins', required=True, metavar='DIR', help="the server's Plug-ins folder")
        one.add_argument('--data', required=True, metavar='DATA', help='the folder holding the journal and backups')
        if name != 'status':
            one.add_argument('--agent', required=True, metavar='BUNDLE_OR_IDENTIFIER')
        if name == 'status':
            one.add_argument('--json', action='store_true')
        if name in ('apply', 'diff'):
            one.add_argument('--fix', required=name == 'apply', metavar='ID')
        if name == 'apply':
            one.add_argument('--param', action='append', default=[], metavar='NAME=VALUE')
        if name == 'rollback':
            which = one.add_mutually_exclusive_group(required=True)
            which.add_argument('--fix', metavar='ID')
            which.add_argument('--all', action='store_true')
    return p


def parse_params(pairs):
    """NAME=VALUE pairs as {name: text}; the catalog reads the text (fixes/parameters.py)."""
    params = {}
    for pair in pairs:
        name, sep, text = pair.partition('=')
        if not sep or not name:
            raise Refused('--param %r is not NAME=VALUE' % (pair,))
        params[name] = text
    return params


def catalog_entries(data_dir, resolve):
    """Each catalog entry (and, with a data folder, each custom fix there) described, with whether a
    module implements it."""
    entries = []
    for spec in catalog.entries(data_dir):
        try:
            resolve(spec.fix_id)
            implemented = True
        except NoImplementation:
            implemented = False
        entries.append(dict(spec.describe(), implemented=implemented))
    return entries


def list_text(entries):
    lines = []
    for entry in entries:
        missing = '' if entry['implemented'] else '  (not implemented yet)'
        lines.append('%s  %s%s' % (entry['id'], entry['title'], missing))
        lines.append('    addresses: %s' % ', '.join(sorted(entry['addresses'])))
        lines.extend('    --param %s' % (describe(name, entry['parameters'][name]),)
                     for name in sorted(entry['parameters']))
    return '\n'.join(lines) + '\n'


def outcome_text(outcome):
    what = outcome['fix'] or 'every fix'
    verb = {'apply': 'applied', 'rollback': 'rolled back', 'forget': 'forgot'}[outcome['action']]
    lines = ['%s %s on %s (%s), change %s' % (verb, what, outcome['bundle'], outcome['target'], outcome['change'])]
    lines.extend('  %s %s' % (f['what'], f['path']) for f in outcome['files'])
    lines.extend('  made folder %s' % (d,) for d in outcome['dirs_made'])
    lines.extend('  removed folder %s' % (d,) for d in outcome['dirs_removed'])
    if outcome['compiled']:
        lines.append('  compiled: %s' % ', '.join(outcome['compiled']))
    if outcome['unchecked']:
        lines.append('  not compiled here (Python 2 only before and after): %s' % ', '.join(outcome['unchecked']))
    if outcome['verify']:
        lines.append('  verified: %s' % (outcome['verify'],))
    if outcome['restart']:
        lines.append('  restart: Info.plist touched; %s' % {
            'not confirmed': 'restart not confirmed (no server to watch)',
            'confirmed': 'the agent started again',
            'did not start': 'the agent did not start again'}[outcome['restart']])
    if outcome['rolled_back']:
        lines.append('  rolled back at once: %s' % (outcome['rolled_back'],))
    return '\n'.join(lines) + '\n'


def status_text(report):
    lines = ['journal: %s' % (report['journal'],)]
    if report['unreadable_lines']:
        lines.append('  %d unreadable line(s) skipped (a write torn by a crash)' % (report['unreadable_lines'],))
    if not report['targets']:
        lines.append('no fix is applied to any agent')
    for entry in report['targets']:
        gone = '' if entry['found'] else ': bundle not found'
        lines.append('%s (%s)%s' % (entry['bundle'], entry['identifier'], gone))
        lines.extend('  applied %s %s (change %s, %s)'
                     % (a['fix'], json.dumps(a['params'], sort_keys=True), a['change'], a['time'])
                     for a in entry['applied'])
        if not entry['applied']:
            lines.append('  no fix applied, but files differ from the original: "fix rollback --all" restores them')
        lines.extend('  %s: %s' % (f['path'], f['state']) for f in entry['files'])
        lines.extend('  interrupted change %s could not be recovered' % (c,) for c in entry['open'])
    return '\n'.join(lines) + '\n'


def run(args, out, resolve, confirm_start):
    resolve = resolve or (lambda fix_id: fix_module(fix_id, args.data))
    if args.command == 'list':
        entries = catalog_entries(args.data, resolve)
        write(out, json.dumps(entries, indent=1, sort_keys=True) + '\n' if args.json else list_text(entries))
        return 0
    installer = Installer(args.data, args.plugins, resolve=resolve, confirm_start=confirm_start)
    recovered = installer.recover()
    if args.command == 'status':
        report = dict(installer.status(), recovered=recovered)
        if args.json:
            write(out, json.dumps(report, indent=1, sort_keys=True) + '\n')
            return 0
        write(out, ''.join('recovered: %s\n' % (note,) for note in recovered) + status_text(report))
        return 0
    write(out, ''.join('recovered: %s\n' % (note,) for note in recovered))
    if args.command == 'apply':
        resolve(args.fix)   # an unknown or unimplemented fix is named before the agent is looked for
    target = find_target(args.plugins, args.agent, None)
    if args.command == 'diff':
        write(out, installer.diff(target, args.fix))
        return 0
    if args.command == 'apply':
        outcome = installer.apply(target, args.fix, parse_params(args.param))
    elif args.command == 'rollback':
        outcome = installer.rollback_all(target) if args.all else installer.rollback(target, args.fix)
    else:
        outcome = installer.forget(target)
    write(out, outcome_text(outcome))
    if outcome['rolled_back']:
        raise Refused('%s did not start again after fix %s; it was rolled back at once' % (target.name, args.fix))
    return 0


def main(argv=None, out=None, err=None, resolve=None, confirm_start=None):
    """Runs the command; returns the exit status. ``resolve``: fix id -> module (default:
    installer.fix_module with the --data folder's custom fixes; tests inject fakes)."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = parser().parse_args(argv)
    try:
        return run(args, out, resolve, confirm_start)
    except Refused as error:
        write(err, 'error: %s\n' % (error,))
    except EnvironmentError as error:
        write(err, 'error: %s\n' % (error,))
    return USAGE_ERROR


if __name__ == '__main__':
    sys.exit(main())
