# -*- coding: utf-8 -*-
"""The command line prints the same bytes under Python 2.7 (what Plex runs) and Python 3.

Each case runs ``python -m pleximprovement <command> --logs <folder>`` under both interpreters
on the same fixture folder and compares the exit status and the output byte for byte. The
folders hold non-ASCII file names (percent-encoded in the framework's search line, which 2.7
used to unquote into mojibake) and shares whose rounding ties (round() differs between 2.7
and 3: diagnose/numbers.py).

The core is stdlib-only, so any CPython 2.7 runs it: .venv27 (which `make test` builds when
a 2.7 exists), else a python2.7 on PATH or under pyenv. The cases skip only when the machine
has no Python 2.7 at all (run under 2.7: no Python 3), and say so.
"""
from __future__ import absolute_import, division, print_function

import glob
import os
import subprocess
import sys

import pytest

TESTS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO_DIR = os.path.dirname(TESTS_DIR)
SHARED_DIR = os.path.join(REPO_DIR, 'PlexImprovement.bundle', 'Contents', 'Libraries', 'Shared')
FIXTURES = os.path.join(TESTS_DIR, 'fixtures')
VENV_BIN = 'Scripts' if os.name == 'nt' else 'bin'
EXE = '.exe' if os.name == 'nt' else ''

FOLDERS = ('logs', 'diagnose')   # diagnose/ holds demo_excerpt: non-ASCII names, a rounding tie
COMMANDS = (('aggregate',), ('aggregate', '--json'), ('diagnose',), ('diagnose', '--json'))


def on_path(name):
    """Every executable called ``name`` on PATH, in PATH order."""
    found = []
    for folder in os.environ.get('PATH', '').split(os.pathsep):
        path = os.path.join(folder, name + EXE)
        if folder and os.path.isfile(path) and os.access(path, os.X_OK):
            found.append(path)
    return found


def runs_version(python, major, minor=None):
    """True when ``python`` starts and is that version."""
    wanted = 'sys.version_info[0] == %d' % major + ('' if minor is None else ' and sys.version_info[1] == %d' % minor)
    try:
        child = subprocess.Popen([python, '-c', 'import sys; sys.exit(0 if %s else 1)' % wanted],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        child.communicate()
    except OSError:
        return False
    return child.returncode == 0


def find_python27():
    if sys.version_info[:2] == (2, 7):
        return sys.executable
    pyenv = os.environ.get('PYENV_ROOT') or os.path.join(os.path.expanduser('~'), '.pyenv')
    candidates = ([os.path.join(REPO_DIR, '.venv27', VENV_BIN, 'python' + EXE)] + on_path('python2.7') +
                  sorted(glob.glob(os.path.join(pyenv, 'versions', '2.7*', 'bin', 'python2.7'))))
    return next((p for p in candidates if os.path.exists(p) and runs_version(p, 2, 7)), None)


def find_python3():
    if sys.version_info[0] >= 3:
        return sys.executable
    candidates = [os.path.join(REPO_DIR, '.venv', VENV_BIN, 'python' + EXE)] + on_path('python3')
    return next((p for p in candidates if os.path.exists(p) and runs_version(p, 3)), None)


PYTHON27 = find_python27()
PYTHON3 = find_python3()
MISSING = ('no Python 2.7 on this machine (looked for .venv27, python2.7 on PATH and pyenv 2.7.x)'
           if PYTHON27 is None else 'no Python 3 on this machine (looked for .venv and python3 on PATH)')


def run_cli(python, args):
    """The output (bytes) of the command line under ``python``, which must exit with 0."""
    environ = dict(os.environ, PYTHONPATH=SHARED_DIR, PYTHONDONTWRITEBYTECODE='1')
    child = subprocess.Popen([python, '-m', 'pleximprovement'] + list(args), cwd=REPO_DIR, env=environ,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = child.communicate()
    assert child.returncode == 0, (python, args, err)
    return out


@pytest.mark.skipif(PYTHON27 is None or PYTHON3 is None, reason=MISSING)
@pytest.mark.parametrize('command', COMMANDS, ids=[' '.join(c) for c in COMMANDS])
@pytest.mark.parametrize('folder', FOLDERS)
def test_same_output_on_python_27_and_3(folder, command):
    args = list(command) + ['--logs', os.path.join(FIXTURES, folder)]
    old, new = run_cli(PYTHON27, args), run_cli(PYTHON3, args)
    if old != new:
        lines = zip(old.splitlines(), new.splitlines())
        first = next(((n, a, b) for n, (a, b) in enumerate(lines, 1) if a != b), 'none: one output is longer')
        pytest.fail('2.7 and 3 differ on %s; first differing line (number, 2.7, 3): %r' % (' '.join(args), first))
