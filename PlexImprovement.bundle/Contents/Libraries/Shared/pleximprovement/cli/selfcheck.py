# -*- coding: utf-8 -*-
"""Check a server's set-up for PlexImprovement: ``python -m pleximprovement selfcheck --server URL ...``.

    selfcheck --server URL --token-file F --plugins DIR [--logs DIR] [--json]

Runs the checks of the menu's Self-check page (selfcheck/run.py) from outside the server: the
bundle in DIR (the server's Plug-ins folder) and its Elevated policy, the server at URL (token,
version, legacy runtime, "Show Legacy Agent", custom metadata providers, the agents in DIR and
the contributor per library) and the Logs folder (default: beside DIR). Out: one line per check,
"OK|PROBLEM|WARNING|UNKNOWN: what was found. Fix: ...", or with --json the checks as a list. The
token is read from F and sent only as the X-Plex-Token header; every line is redacted. Exit 0
when no check found a problem, 1 when one did (decisions.md 15 leaves 1 free), 2 with one line on
stderr when the command cannot start (bad arguments, unreadable token file).
"""
from __future__ import absolute_import, division, print_function

import os
import sys

from ..fixes.errors import Refused
from ..menu.strings import Text
from ..names import IDENTIFIER
from ..pms.client import PmsClient
from ..runtime.paths import ServerLayout
from ..selfcheck.result import PROBLEM, counts, text_of
from ..selfcheck.run import run_checks
from .output import write, write_json
from .read_logs import Parser, run_command
from .trial import read_token

NAME = 'selfcheck'
FOUND_PROBLEM = 1
TIMEOUT = 10.0


def parser():
    p = Parser(prog='python -m pleximprovement selfcheck',
               description="Say what is wrong with a server's set-up for PlexImprovement, each problem with its fix.")
    p.add_argument('--server', required=True, metavar='URL', help='the server, e.g. http://127.0.0.1:32400')
    p.add_argument('--token-file', required=True, metavar='F', help='a file holding the X-Plex-Token')
    p.add_argument('--plugins', required=True, metavar='DIR', help="the server's Plug-ins folder")
    p.add_argument('--logs', default=None, metavar='DIR', help="the server's Logs folder (default: beside DIR)")
    p.add_argument('--json', action='store_true', help='print the checks as JSON')
    return p


def run(args, out):
    token = read_token(args.token_file)
    logs = args.logs or ServerLayout(os.path.dirname(os.path.abspath(args.plugins))).logs_dir
    checks = run_checks(PmsClient(args.server, token, timeout=TIMEOUT, retries=0), args.plugins, logs, IDENTIFIER)
    text = Text('en')
    if args.json:
        write_json(out, [dict(one, text=text_of(text, one)) for one in checks])
    else:
        marks = dict((one['status'], text('SELFCHECK_MARK_' + one['status'].upper())) for one in checks)
        write(out, u''.join(u'%s: %s\n' % (marks[one['status']], text_of(text, one)) for one in checks))
    return FOUND_PROBLEM if counts(checks)[PROBLEM] else 0


def main(argv=None, out=None, err=None):
    """Runs the command; returns the exit status."""
    return run_command(NAME, parser(), lambda args, out, err: run(args, out), argv, out, err, (Refused,))


if __name__ == '__main__':
    sys.exit(main())
