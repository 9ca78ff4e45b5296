# -*- coding: utf-8 -*-
"""The offline command `python -m pleximprovement fix {list,apply,rollback,status,diff,forget}`."""
from __future__ import absolute_import, division, print_function

import io
import json
import os
import stat
import subprocess
import sys

import pytest

from fake_fixes import RESOLVE, fixed_plan, resolver
from fix_trees import code_only_agent, differences, make_server
from pleximprovement.cli import COMMANDS
from pleximprovement.cli import fix as cli_fix
from pleximprovement.fixes import catalog
from pleximprovement.fixes.fileops import FileOps
from pleximprovement.fixes.installer import Installer
from pleximprovement.fixes.target import find_target

SHARED_DIR = os.path.dirname(os.path.dirname(catalog.__file__.rsplit(os.sep + 'fixes', 1)[0] + os.sep + 'x'))


def run(argv, resolve=RESOLVE, confirm_start=None):
    out, err = io.BytesIO(), io.BytesIO()
    code = cli_fix.main(argv, out=out, err=err, resolve=resolve, confirm_start=confirm_start)
    return code, out.getvalue().decode('utf-8'), err.getvalue().decode('utf-8')


@pytest.fixture
def server(tmpdir):
    server = make_server(tmpdir)
    code_only_agent(server)
    return server


def where(server):
    return ['--plugins', server.plugins, '--data', server.data]


def test_fix_is_a_command():
    assert COMMANDS['fix'] is cli_fix.main


def test_list_comes_from_the_catalog(tmpdir):
    code, out, err = run(['list', '--json'], resolve=None)
    entries = json.loads(out)
    assert code == 0 and err == ''
    assert [e['id'] for e in entries] == [spec.fix_id for spec in catalog.CATALOG]
    assert all(e['implemented'] for e in entries)
    assert entries[0] == json.loads(json.dumps(dict(catalog.CATALOG[0].describe(), implemented=True)))
    code, out, _ = run(['list'], resolve=RESOLVE)
    assert code == 0 and out.startswith('browser_headers  %s\n' % (catalog.CATALOG[0].title,))
    assert '    --param max_retries=3 (' in out and 'network_timeout  ' in out and '(not implemented yet)' in out
    custom = tmpdir.mkdir('custom_fixes').join('mine.diff')
    custom.write('Title: my fix\n--- a/Contents/Code/__init__.py\n+++ b/Contents/Code/__init__.py\n'
                 '@@ -1 +1 @@\n-x = 1\n+x = 2\n')
    entries = json.loads(run(['list', '--json', '--data', str(tmpdir)], resolve=None)[1])
    assert entries[-1]['id'] == 'custom:mine' and entries[-1]['implemented']


def test_apply_status_diff_rollback(server):
    before = server.snapshot()
    code, out, err = run(['apply'] + where(server) + ['--agent', 'com.plexapp.agents.hama', '--fix', 'retry_backoff',
                                                      '--param', 'max_retries=5', '--param', 'honour_retry_after=False',
                                                      '--param', 'base_delay_seconds=5'])
    assert (code, err) == (0, '')
    assert out.startswith('applied retry_backoff on Hama.bundle (com.plexapp.agents.hama), change ')
    assert '  created Contents/Libraries/Shared/fake_overlay.json\n' in out
    assert '  made folder Contents/Libraries\n' in out
    assert '  restart: Info.plist touched; restart not confirmed (no server to watch)\n' in out
    code, out, _ = run(['status'] + where(server) + ['--json'])
    params = json.loads(out)['targets'][0]['applied'][0]['params']
    assert params['max_retries'] == 5 and params['honour_retry_after'] is False and params['base_delay_seconds'] == 5.0
    code, out, _ = run(['status'] + where(server))
    assert 'Hama.bundle (com.plexapp.agents.hama)\n  applied retry_backoff {' in out
    assert '  Contents/Code/__init__.py: as the fixes left it\n' in out
    code, out, _ = run(['diff'] + where(server) + ['--agent', 'Hama'])
    assert code == 0 and '+++ b/Contents/Code/__init__.py' in out
    code, out, err = run(['rollback'] + where(server) + ['--agent', 'Hama', '--fix', 'retry_backoff'])
    assert (code, err) == (0, '') and out.startswith('rolled back retry_backoff on Hama.bundle')
    assert server.snapshot() == before, differences(before, server.snapshot())
    code, out, _ = run(['status'] + where(server))
    assert out.endswith('no fix is applied to any agent\n')


def test_rollback_all(server):
    before = server.snapshot()
    for fix_id in ('browser_headers', 'fake_timeout', 'fake_clear_cache'):
        assert run(['apply'] + where(server) + ['--agent', 'Hama', '--fix', fix_id])[0] == 0
    code, out, err = run(['rollback'] + where(server) + ['--agent', 'Hama', '--all'])
    assert (code, err) == (0, '') and out.startswith('rolled back every fix on Hama.bundle')
    assert server.snapshot() == before


def one_line_refusal(result, text):
    code, out, err = result
    assert code == 2, (out, err)
    assert err.startswith('error: ') and err.endswith('\n') and err.count('\n') == 1, err
    assert text in err, err


def test_refusals_are_exit_2_with_one_line(server):
    agent = ['--agent', 'Hama']
    one_line_refusal(run(['apply'] + where(server) + agent + ['--fix', 'nope'], resolve=None),
                     "unknown fix 'nope' (known: browser_headers, ")
    one_line_refusal(run(['apply'] + where(server) + agent + ['--fix', 'network_timeout']),
                     'fix network_timeout has no implementation yet')
    one_line_refusal(run(['apply'] + where(server) + ['--agent', 'Nope', '--fix', 'browser_headers']),
                     "no bundle named or identified 'Nope'")
    one_line_refusal(run(['apply'] + where(server) + agent + ['--fix', 'retry_backoff', '--param', 'max_retries=999']),
                     'fix retry_backoff: max_retries=999')
    one_line_refusal(run(['apply'] + where(server) + agent + ['--fix', 'retry_backoff', '--param', 'colour=red']),
                     "fix retry_backoff has no parameter 'colour'")
    one_line_refusal(run(['apply'] + where(server) + agent + ['--fix', 'retry_backoff', '--param', 'oops']),
                     "--param 'oops' is not NAME=VALUE")
    one_line_refusal(run(['rollback'] + where(server) + agent + ['--fix', 'browser_headers']),
                     'fix browser_headers is not applied to Hama.bundle')
    outside = resolver(fixed_plan('outside', {('bundle', 'Contents/../../Other.bundle/x'): b'x'}))
    one_line_refusal(run(['apply'] + where(server) + agent + ['--fix', 'outside'], resolve=outside),
                     "contains an empty, \".\" or \"..\" part")
    one_line_refusal(run(['apply', '--plugins', server.plugins + '-nope', '--data', server.data] + agent +
                         ['--fix', 'browser_headers']), 'does not exist')


def test_read_only_and_hash_mismatch(server):
    init = os.path.join(server.plugins, 'Hama.bundle', 'Contents', 'Code', '__init__.py')
    os.chmod(init, 0o444)
    try:
        before = server.snapshot()
        one_line_refusal(run(['apply'] + where(server) + ['--agent', 'Hama', '--fix', 'browser_headers']),
                         'Contents/Code/__init__.py of Hama.bundle is read-only; nothing was changed')
        assert server.snapshot() == before
    finally:
        os.chmod(init, 0o644)
    assert run(['apply'] + where(server) + ['--agent', 'Hama', '--fix', 'browser_headers'])[0] == 0
    with io.open(init, 'ab') as handle:
        handle.write(b'# edited\n')
    one_line_refusal(run(['rollback'] + where(server) + ['--agent', 'Hama', '--all']),
                     'Contents/Code/__init__.py of Hama.bundle was changed by someone else since fix browser_headers')
    code, out, _ = run(['forget'] + where(server) + ['--agent', 'Hama'])
    assert code == 0 and out.startswith('forgot every fix on Hama.bundle')
    assert stat.S_IMODE(os.stat(init).st_mode) == 0o644


def test_every_command_recovers_first(server):
    class Crash(BaseException):
        pass

    def crash(count, operation, path):
        if operation == 'rename' and 'Hama.bundle' in path:
            raise Crash()
    before = server.snapshot()
    inst = Installer(server.data, server.plugins, ops=FileOps(before=crash), resolve=RESOLVE)
    with pytest.raises(Crash):
        inst.apply(find_target(server.plugins, 'Hama', None), 'browser_headers')
    code, out, _ = run(['status'] + where(server))
    assert code == 0 and out.startswith('recovered: change ') and '(apply browser_headers on Hama.bundle)' in out
    assert 'put back as before' in out and server.snapshot() == before
    assert json.loads(run(['status'] + where(server) + ['--json'])[1])['recovered'] == []


def test_a_start_that_fails_is_rolled_back(server):
    before = server.snapshot()
    result = run(['apply'] + where(server) + ['--agent', 'Hama', '--fix', 'browser_headers'],
                 confirm_start=lambda target, since: False)
    assert '  rolled back at once: the agent did not start again after the change\n' in result[1]
    one_line_refusal(result, 'Hama.bundle did not start again after fix browser_headers; it was rolled back at once')
    assert server.snapshot() == before


@pytest.mark.parametrize('argv', [[], ['rollback', '--plugins', 'p', '--data', 'd', '--agent', 'a'],
                                  ['apply', '--plugins', 'p', '--data', 'd', '--agent', 'a']])
def test_usage_errors_exit_2(argv):
    with pytest.raises(SystemExit) as exit_:
        run(argv)
    assert exit_.value.code == 2


def test_the_module_entry_point(server):
    environ = dict(os.environ, PYTHONPATH=SHARED_DIR)
    listing = subprocess.check_output([sys.executable, '-m', 'pleximprovement', 'fix', 'list', '--json'], env=environ)
    assert [e['id'] for e in json.loads(listing.decode('utf-8'))] == [s.fix_id for s in catalog.CATALOG]
    process = subprocess.Popen([sys.executable, '-m', 'pleximprovement', 'fix', 'apply'] + where(server) +
                               ['--agent', 'Hama', '--fix', 'nope'], env=environ,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = process.communicate()
    assert process.returncode == 2 and out == b''
    assert err.decode('utf-8').startswith("error: unknown fix 'nope' (known: browser_headers, ")
    assert err.count(b'\n') == 1
