# -*- coding: utf-8 -*-
"""The py27 gate must fail, with the right file:line, on each kind of bad code, and pass the tree."""
from __future__ import absolute_import, division, print_function

import os
import subprocess
import sys

import pytest

import py27_gate  # tools/ is on sys.path: tests/conftest.py

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(HERE, 'bad_fixtures')
BAD_CODE = os.path.join(FIXTURES, 'Bad.bundle', 'Contents', 'Code')

needs_vermin = pytest.mark.skipif(not py27_gate.vermin_available(), reason='vermin runs on Python 3 only')


class Collect(object):
    """A text sink that works for str on both Python 2 and 3."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def lines(self):
        return ''.join(self.parts).splitlines()


def gate(*roots, **kw):
    out = Collect()
    args = list(roots)
    if kw.get('skip_vermin', not py27_gate.vermin_available()):
        args.insert(0, '--skip-vermin')
    rc = py27_gate.main(args, out=out)
    return rc, out.lines()


def fixture(*parts):
    return os.path.join(FIXTURES, *parts)


def located(lines, path, lineno, text):
    """True when one problem line names path:lineno and contains text."""
    prefix = '%s:%d:' % (py27_gate.display(path), lineno)
    return any(line.startswith(prefix) and text in line for line in lines)


def test_fstring_is_not_python27():
    rc, lines = gate(fixture('fstring.py'))
    assert rc == 1
    assert located(lines, fixture('fstring.py'), 5, 'not Python 2.7')
    assert lines[-1].startswith('py27 gate: FAILED, 1 problem(s)')


def test_missing_future_line():
    rc, lines = gate(fixture('no_future.py'))
    assert rc == 1
    assert located(lines, fixture('no_future.py'), 3, py27_gate.FUTURE_LINE)
    assert py27_gate.FUTURE_LINE == 'from __future__ import absolute_import, division, print_function'


def test_missing_coding_line():
    rc, lines = gate(fixture('no_coding.py'))
    assert rc == 1
    assert located(lines, fixture('no_coding.py'), 1, 'coding: utf-8')


@needs_vermin
def test_py3_only_api_is_reported_and_guarded_imports_are_not():
    rc, lines = gate(fixture('py3_api.py'), skip_vermin=False)
    assert rc == 1
    assert located(lines, fixture('py3_api.py'), 19, "'subprocess.run' member")
    assert not any('urllib' in line for line in lines), lines
    assert len(lines) == 2  # the one problem and the summary


@needs_vermin
def test_py2_only_syntax_is_reported():
    rc, lines = gate(fixture('py2_only.py'), skip_vermin=False)
    assert rc == 1
    assert located(lines, fixture('py2_only.py'), 4, 'Python 2 only')


def test_restricted_rules_in_code_init():
    rc, lines = gate(os.path.join(FIXTURES, 'Bad.bundle'))
    assert rc == 1
    init = os.path.join(BAD_CODE, '__init__.py')
    assert located(lines, init, 9, '"_private" is an invalid attribute name')
    assert located(lines, init, 16, 'Yield statements are not allowed')
    assert located(lines, init, 20, 'Augmented assignment of attributes')
    assert located(lines, init, 24, 'open()')
    # Code/__init__.py is strict even in an Elevated bundle; a sibling module is not.
    assert located(lines, init, 28, '"__getitem__" is an invalid function name')
    helper = os.path.join(BAD_CODE, 'helper.py')
    assert located(lines, helper, 8, '"__dict__"')
    assert not located(lines, helper, 7, '__getitem__')
    # Run-time failures of the sandbox are refused too.
    assert located(lines, init, 5, 'import os.path')
    assert located(lines, init, 11, 'only += works')


def test_code_policy_follows_info_plist(tmpdir):
    code = tmpdir.mkdir('X.bundle').mkdir('Contents').mkdir('Code')
    helper = code.join('helper.py')
    helper.write('x = 1\n')
    assert py27_gate.code_policy(str(code.join('__init__.py'))) == 'init'
    assert py27_gate.code_policy(str(helper)) == 'init'  # no Info.plist: Standard policy
    tmpdir.join('X.bundle', 'Contents', 'Info.plist').write(
        '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>'
        '<key>PlexPluginCodePolicy</key><string>Elevated</string></dict></plist>\n')
    assert py27_gate.code_policy(str(helper)) == 'elevated'
    assert py27_gate.code_policy(str(tmpdir.join('elsewhere.py'))) is None


def test_default_walk_skips_bad_fixtures_and_empty_files_pass(tmpdir):
    root = tmpdir.mkdir('root')
    root.join('__init__.py').write('')
    root.mkdir('bad_fixtures').join('broken.py').write('x = f"{1}"\n')
    root.mkdir('.hidden').join('broken.py').write('x = f"{1}"\n')
    rc, lines = gate(str(root))
    assert rc == 0, lines
    assert lines == ['py27 gate: OK (parse 1, header 1, vermin %d, restricted 0 files)'
                     % (1 if py27_gate.vermin_available() else 0)]


def test_waiver_comment_covers_only_its_line(tmpdir):
    code = tmpdir.mkdir('W.bundle').mkdir('Contents').mkdir('Code')
    code.join('__init__.py').write_binary(
        b'# -*- coding: utf-8 -*-\nfrom __future__ import absolute_import, division, print_function\n\n'
        b'n = 5\nn -= 1  # py27gate: ok (this fixture proves the sandbox refuses it)\nn *= 2\n')
    rc, lines = gate(str(tmpdir.join('W.bundle')))
    assert rc == 1
    assert len(lines) == 2 and ':6: restricted: only += works' in lines[0]
    assert lines[-1].endswith('; 1 waived by "# py27gate: ok")')


def test_parse_failures_cannot_be_waived(tmpdir):
    bad = tmpdir.join('bad.py')
    bad.write('# -*- coding: utf-8 -*-\nx = f"{1}"  # py27gate: ok\n')
    rc, lines = gate(str(bad))
    assert rc == 1 and 'not Python 2.7' in lines[0]


def test_command_line_exit_status():
    cmd = [sys.executable, os.path.join(REPO, 'tools', 'py27_gate.py'), fixture('fstring.py')]
    if not py27_gate.vermin_available():
        cmd.insert(2, '--skip-vermin')
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.communicate()[0].decode('utf-8')
    assert proc.returncode == 1
    assert 'fstring.py:5: not Python 2.7' in out


def test_real_tree_passes():
    rc, lines = gate()
    assert rc == 0, '\n'.join(lines)
    assert lines[-1].startswith('py27 gate: OK')
