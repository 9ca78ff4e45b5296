# -*- coding: utf-8 -*-
"""Offline command line: `python -m pleximprovement <command> ...`.

COMMANDS maps a sub-command name to its module's `main(argv) -> exit code`: one module per
command (aggregate.py, analyze.py, diagnose.py, fix.py, loop.py, trial.py), so adding a command is a module and
a line here. `--help` lists them with the first line of each module's docstring; a missing or unknown
command is one line on stderr and exit status 2.
"""
from __future__ import absolute_import, division, print_function

import sys

from . import aggregate, analyze, bundle_logs, diagnose, fix, loop, selfcheck, trial
from .output import USAGE_ERROR, write

COMMANDS = {
    'aggregate': aggregate.main,
    'analyze': analyze.main,
    'bundle-logs': bundle_logs.main,
    'diagnose': diagnose.main,
    'fix': fix.main,
    'loop': loop.main,
    'selfcheck': selfcheck.main,
    'trial': trial.main,
}

HELP = ('-h', '--help', 'help')


def usage():
    """The commands with the first line of each one's docstring, and how to get their options."""
    lines = [u'usage: python -m pleximprovement COMMAND [options]', u'', u'commands:']
    for name in sorted(COMMANDS):
        doc = (sys.modules[COMMANDS[name].__module__].__doc__ or u'').strip().splitlines()
        lines.append(u'  %-10s %s' % (name, doc[0].replace(u'``', u'') if doc else u''))
    lines.append(u'')
    lines.append(u'python -m pleximprovement COMMAND --help shows the options of one command.')
    return u'\n'.join(lines) + u'\n'


def main(argv=None):
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in HELP:
        write(sys.stdout, usage())
        return 0
    if not argv or argv[0] not in COMMANDS:
        problem = u'unknown command %s' % argv[0] if argv else u'no command given'
        write(sys.stderr, u'pleximprovement: %s; commands: %s (--help for more)\n' % (
            problem, u', '.join(sorted(COMMANDS))))
        return USAGE_ERROR
    return COMMANDS[argv[0]](argv[1:])
