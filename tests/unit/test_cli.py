# -*- coding: utf-8 -*-
"""`python -m pleximprovement <command>`: the table of commands, --help and the usage line."""
from __future__ import absolute_import, division, print_function

import os
import subprocess
import sys

from pleximprovement import cli

SHARED = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'PlexImprovement.bundle', 'Contents',
                      'Libraries', 'Shared')


def run(*args):
    env = dict(os.environ, PYTHONPATH=SHARED)
    proc = subprocess.Popen([sys.executable, '-m', 'pleximprovement'] + list(args), env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = proc.communicate()
    return proc.returncode, out.decode('utf-8'), err.decode('utf-8')


def test_registry_is_a_dict_of_functions():
    assert callable(cli.COMMANDS['aggregate'])
    assert cli.main(['no-such-command']) == 2


def test_help_exits_0_and_lists_every_command():
    for flag in ('--help', '-h', 'help'):
        code, out, err = run(flag)
        assert code == 0 and err == ''
        assert out.startswith('usage: python -m pleximprovement COMMAND')
        listed = [line.split()[0] for line in out.splitlines() if line.startswith('  ')]
        assert listed == sorted(cli.COMMANDS)
        assert 'Offline aggregation' in out


def test_no_or_unknown_command_is_one_line_and_exit_2():
    for args in ((), ('nope',)):
        code, out, err = run(*args)
        assert code == 2 and out == ''
        assert len(err.strip().splitlines()) == 1 and ', '.join(sorted(cli.COMMANDS)) in err
