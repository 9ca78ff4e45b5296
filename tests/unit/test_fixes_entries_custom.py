# -*- coding: utf-8 -*-
"""Custom fixes: a unified diff in the data folder's custom_fixes/, validated, applied, verified and
rolled back by the installer like any fix; CRLF files, new and deleted files, mismatches refused."""
from __future__ import absolute_import, division, print_function

import difflib
import io
import os
import sys

import pytest

from fix_trees import LAYOUTS, differences, make_server, put
from pleximprovement.cli import fix as fix_command
from pleximprovement.fixes import catalog
from pleximprovement.fixes.entries import custom
from pleximprovement.fixes.errors import PathOutside, Refused, UnknownFix
from pleximprovement.fixes.installer import Installer
from pleximprovement.fixes.plan import BUNDLE
from pleximprovement.fixes.target import find_target
from pleximprovement.names import CUSTOM_FIXES_DIR

INIT = 'Contents/Code/__init__.py'
PY2 = sys.version_info[0] == 2


def prepared(tmpdir, layout):
    server = make_server(tmpdir.join('server'))
    name, _identifier = LAYOUTS[layout](server)
    return server, Installer(server.data, server.plugins), find_target(server.plugins, name, None)


def read(target, relpath):
    return target.read(BUNDLE, relpath)


def unified(relpath, old, new, header=b''):
    old_lines = old.decode('utf-8').splitlines(True) if old is not None else []
    new_lines = new.decode('utf-8').splitlines(True) if new is not None else []
    lines = difflib.unified_diff(old_lines, new_lines, 'a/' + relpath if old is not None else '/dev/null',
                                 'b/' + relpath if new is not None else '/dev/null')
    text = ''.join(line if line.endswith('\n') else line + '\n\\ No newline at end of file\n' for line in lines)
    return header + text.encode('utf-8')


def drop(server, name, data):
    put(os.path.join(server.data, CUSTOM_FIXES_DIR, name), data)
    return catalog.CUSTOM_PREFIX + os.path.splitext(name)[0]


def lf(data):
    return data.replace(b'\r\n', b'\n')


def edited_init(target):
    """A diff made on LF text against the agent's __init__.py (CRLF in the code-only layout)."""
    old = lf(read(target, INIT))
    return old, old.replace(b'def Start():', b'def Start():\n    Log("patched")', 1)


@pytest.mark.parametrize('layout', sorted(LAYOUTS))
def test_apply_verify_rollback_is_byte_identical(tmpdir, layout):
    server, inst, target = prepared(tmpdir, layout)
    old, new = edited_init(target)
    extra = b'# -*- coding: utf-8 -*-\nHELPER = 1\n'
    fix_id = drop(server, 'patched_start.diff', b'Title: Log at start\nAddresses: code_bug\n'
                  + unified(INIT, old, new) + unified('Contents/Code/helper_added.py', None, extra))
    before = server.snapshot()
    outcome = inst.apply(target, fix_id)
    assert sorted(f['what'] for f in outcome['files']) == ['changed', 'created']
    crlf = b'\r\n' in read(target, INIT)
    assert read(target, INIT) == (new.replace(b'\n', b'\r\n') if crlf else new)
    assert read(target, 'Contents/Code/helper_added.py') == extra
    assert catalog.module_for(fix_id, server.data).verify(target, {})[0]
    assert list(inst.applied(target)) == [fix_id]
    inst.rollback(target, fix_id)
    assert server.snapshot() == before, differences(before, server.snapshot())


def test_a_deleted_file_comes_back(tmpdir):
    server, inst, target = prepared(tmpdir, 'code_only')
    victim = 'Contents/Code/notes.py'
    put(os.path.join(target.bundle_dir, victim), b'# -*- coding: utf-8 -*-\r\nNOTES = [1,\r\n         2]')
    fix_id = drop(server, 'drop_tvdb4.patch', unified(victim, read(target, victim), None))
    before = server.snapshot()
    inst.apply(target, fix_id)
    assert read(target, victim) is None
    inst.rollback(target, fix_id)
    assert server.snapshot() == before


@pytest.mark.parametrize('other_fix', [False, True])
def test_a_deleted_python_2_only_file_comes_back_on_any_python(tmpdir, other_fix):
    """Its original bytes are what was there: the compile check never refuses them (Python 3 cannot
    compile a print statement), whether RESTORE_ORIGINAL or the reversed diff puts them back."""
    server, inst, target = prepared(tmpdir, 'code_only')
    victim = 'Contents/Code/AniDB.py'
    original = read(target, victim)
    assert b'print "failed' in original
    fix_id = drop(server, 'drop_anidb.diff', unified(victim, original, None))
    before = server.snapshot()
    inst.apply(target, fix_id)
    if other_fix:
        inst.apply(target, 'agent_timeout_pref')
    outcome = inst.rollback(target, fix_id)
    assert read(target, victim) == original
    assert (outcome['compiled'], outcome['unchecked']) == (([victim], []) if PY2 else ([], [victim]))
    if other_fix:
        inst.rollback(target, 'agent_timeout_pref')
    assert server.snapshot() == before, differences(before, server.snapshot())


def test_context_mismatch_is_refused_and_nothing_changes(tmpdir):
    server, inst, target = prepared(tmpdir, 'code_only')
    old, new = edited_init(target)
    fix_id = drop(server, 'stale.diff', unified(INIT, old.replace(b'import common', b'import commons'), new))
    before = server.snapshot()
    with pytest.raises(Refused) as info:
        inst.apply(target, fix_id)
    assert 'does not apply cleanly' in str(info.value) and 'import common' in str(info.value)
    assert server.snapshot() == before


def test_paths_outside_contents_and_symlinks_are_refused(tmpdir):
    server, inst, target = prepared(tmpdir, 'sample')
    with pytest.raises(Refused) as info:
        inst.apply(target, drop(server, 'escape.diff', b'--- a/../x\n+++ b/../x\n@@ -1 +1 @@\n-a\n+b\n'))
    assert 'not a usable unified diff' in str(info.value)
    outside = tmpdir.join('outside.py')
    outside.write('a\n')
    os.symlink(str(outside), os.path.join(target.contents_dir, 'Code', 'linked.py'))
    before = server.snapshot()
    with pytest.raises(PathOutside):
        inst.apply(target, drop(server, 'link.diff', unified('Contents/Code/linked.py', b'a\n', b'b\n')))
    assert server.snapshot() == before and outside.read() == 'a\n'


def test_custom_fix_and_overlay_on_the_same_file_in_either_order(tmpdir):
    for run, order in enumerate((['custom', 'overlay'], ['overlay', 'custom'])):
        server, inst, target = prepared(tmpdir.join('run%d' % run), 'code_only')
        old, new = edited_init(target)
        fix_id = drop(server, 'log_start.diff', unified(INIT, old, new))
        before = server.snapshot()
        inst.apply(target, fix_id)
        inst.apply(target, 'browser_headers')
        assert b'Log("patched")' in read(target, INIT) and b'pleximprovement_overlay' in read(target, INIT)
        for which in order:
            inst.rollback(target, fix_id if which == 'custom' else 'browser_headers')
        assert server.snapshot() == before, (order, differences(before, server.snapshot()))


def test_verify_fails_when_the_change_is_gone(tmpdir):
    server, inst, target = prepared(tmpdir, 'sample')
    old, new = edited_init(target)
    fix_id = drop(server, 'x.diff', unified(INIT, old, new))
    module = catalog.module_for(fix_id, server.data)
    assert module.verify(target, {})[0] is False
    inst.apply(target, fix_id)
    assert module.verify(target, {}) == (True, 'diff x.diff in place (1 file(s))')


def test_names_and_headers(tmpdir):
    server = make_server(tmpdir.join('server'))
    body = unified(INIT, b'a\n', b'b\n')
    drop(server, 'plain.diff', body)
    drop(server, 'plain.patch', body)
    drop(server, 'headed.diff', b'# title: Faster search\n# agent: com.example.agents.x\n' + body)
    fixes, problems = custom.load_all(server.data)
    assert [f.ID for f in fixes] == ['custom:headed', 'custom:plain']
    assert fixes[0].TITLE == 'Faster search' and fixes[0].AGENT == 'com.example.agents.x'
    assert fixes[1].TITLE == 'Custom fix plain' and fixes[1].AGENT is None and fixes[1].ADDRESSES == {}
    assert problems == [('plain.patch', 'another file, plain.diff, has the same name')]
    with pytest.raises(UnknownFix) as info:
        custom.load(server.data, 'custom:none')
    assert os.path.join(server.data, 'custom_fixes') in str(info.value)
    put(os.path.join(server.data, 'custom_fixes', 'big.diff'), b'#' * (custom.MAX_BYTES + 1))
    with pytest.raises(Refused):
        custom.load(server.data, 'custom:big')


def test_a_custom_fix_is_listed_by_the_command_line(tmpdir):
    server = make_server(tmpdir.join('server'))
    drop(server, 'headed.diff', b'Title: Faster search\n' + unified(INIT, b'a\n', b'b\n'))
    out = io.StringIO() if str is not bytes else io.BytesIO()
    assert fix_command.main(['list', '--data', server.data], out=out) == 0
    assert 'custom:headed' in out.getvalue() and 'browser_headers' in out.getvalue()
