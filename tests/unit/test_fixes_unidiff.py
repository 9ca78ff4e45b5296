# -*- coding: utf-8 -*-
"""The unified-diff applier: parsing, applying, reversing; context mismatch, CRLF, new and deleted files."""
from __future__ import absolute_import, division, print_function

import difflib

import pytest
from hypothesis import given, strategies as st

from pleximprovement.fixes import unidiff

PATH = 'Contents/Code/__init__.py'
OLD = b'def Start():\n    pass\n\n\ndef search():\n    return 1\n\n\nTIMEOUT = 4\n'


def make_diff(old, new, old_name='a/' + PATH, new_name='b/' + PATH, n=3):
    """A diff as ``diff -u`` writes it (difflib, plus the no-newline marker difflib leaves out)."""
    old_lines = old.decode('utf-8').splitlines(True) if old is not None else []
    new_lines = new.decode('utf-8').splitlines(True) if new is not None else []
    text = ''.join(line if line.endswith('\n') else line + '\n\\ No newline at end of file\n'
                   for line in difflib.unified_diff(old_lines, new_lines, old_name, new_name, n=n))
    return text.encode('utf-8')


def apply(diff, data):
    patch = unidiff.parse(diff)
    assert len(patch.files) == 1
    return unidiff.apply_file(patch.files[0], data)


def test_a_change_applies_and_reverses():
    new = OLD.replace(b'TIMEOUT = 4', b'TIMEOUT = 30').replace(b'    pass\n', b'    Log("hi")\n    pass\n')
    diff = make_diff(OLD, new)
    patch = unidiff.parse(diff)
    assert patch.files[0].path == PATH and not patch.files[0].is_new() and not patch.files[0].is_deleted()
    assert unidiff.apply_file(patch.files[0], OLD) == new
    assert unidiff.apply_file(patch.files[0].reversed(), new) == OLD


def test_context_mismatch_is_refused_with_the_line():
    diff = make_diff(OLD, OLD.replace(b'TIMEOUT = 4', b'TIMEOUT = 30'))
    edited = OLD.replace(b'return 1', b'return 2').replace(b'\n\n\nTIMEOUT', b'\n# note\nTIMEOUT')
    with pytest.raises(ValueError) as info:
        apply(diff, edited)
    assert 'hunk 1' in str(info.value) and PATH in str(info.value) and 'does not apply' in str(info.value)
    with pytest.raises(ValueError):
        apply(diff, None)


def test_a_hunk_moves_to_where_its_context_matches():
    diff = make_diff(OLD, OLD.replace(b'TIMEOUT = 4', b'TIMEOUT = 30'), n=1)
    moved = b'# a header line\n# another\n' + OLD
    assert apply(diff, moved) == moved.replace(b'TIMEOUT = 4', b'TIMEOUT = 30')


def test_crlf_file_with_an_lf_diff_keeps_crlf():
    new = OLD.replace(b'TIMEOUT = 4\n', b'TIMEOUT = 30\nRETRIES = 2\n')
    diff = make_diff(OLD, new)
    crlf = OLD.replace(b'\n', b'\r\n')
    result = apply(diff, crlf)
    assert result == new.replace(b'\n', b'\r\n')
    assert unidiff.apply_file(unidiff.parse(diff).files[0].reversed(), result) == crlf


def test_crlf_diff_of_a_crlf_file():
    crlf_old = OLD.replace(b'\n', b'\r\n')
    crlf_new = crlf_old.replace(b'TIMEOUT = 4', b'TIMEOUT = 30')
    diff = make_diff(OLD, OLD.replace(b'TIMEOUT = 4', b'TIMEOUT = 30')).replace(b'\n', b'\r\n')
    assert apply(diff, crlf_old) == crlf_new


def test_new_file_and_deleted_file():
    created = b'# -*- coding: utf-8 -*-\nVALUE = 1\n'
    diff = make_diff(None, created, '/dev/null', 'b/Contents/Code/extra.py')
    patch = unidiff.parse(diff)
    assert patch.files[0].is_new() and patch.files[0].path == 'Contents/Code/extra.py'
    assert unidiff.apply_file(patch.files[0], None) == created
    with pytest.raises(ValueError) as info:
        unidiff.apply_file(patch.files[0], b'exists')
    assert 'already exists' in str(info.value)
    gone = unidiff.parse(make_diff(created, None, 'a/Contents/Code/extra.py', '/dev/null')).files[0]
    assert gone.is_deleted()
    assert unidiff.apply_file(gone, created) is None
    with pytest.raises(ValueError):
        unidiff.apply_file(gone, created + b'MORE = 2\n')
    assert unidiff.apply_file(gone.reversed(), None) == created


def test_no_newline_at_end_of_file():
    old = b'a\nb'
    new = b'a\nb\nc'
    diff = make_diff(old, new)
    assert b'No newline at end of file' in diff
    assert apply(diff, old) == new
    assert unidiff.apply_file(unidiff.parse(diff).files[0].reversed(), new) == old
    with pytest.raises(ValueError):
        apply(diff, b'a\nb\n')   # the diff says b had no newline


def test_paths_are_taken_from_contents_on():
    for name in ('a/Contents/Code/x.py', 'Hama.bundle/Contents/Code/x.py', '/srv/p/Hama.bundle/Contents/Code/x.py',
                 'Contents/Code/x.py\t2024-05-01 10:00:00.000000000 +0200'):
        diff = ('--- %s\n+++ %s\n@@ -1 +1 @@\n-a\n+b\n' % (name, name)).encode('utf-8')
        assert unidiff.parse(diff).files[0].path == 'Contents/Code/x.py'


@pytest.mark.parametrize('name', ['a/Code/x.py', 'a/Contents/../../x.py', 'Contents', 'a/Contents//x.py',
                                  'Contents\\Code\\x.py', '"a/Contents/x.py"'])
def test_paths_outside_contents_are_refused(name):
    diff = ('--- %s\n+++ %s\n@@ -1 +1 @@\n-a\n+b\n' % (name, name)).encode('utf-8')
    with pytest.raises(ValueError):
        unidiff.parse(diff)


@pytest.mark.parametrize('diff', [
    b'just text\n',
    b'--- a/Contents/x.py\n+++ b/Contents/y.py\n@@ -1 +1 @@\n-a\n+b\n',
    b'--- a/Contents/x.py\n+++ b/Contents/x.py\n',
    b'--- a/Contents/x.py\n+++ b/Contents/x.py\n@@ -1,2 +1,2 @@\n-a\n+b\n',
    b'--- a/Contents/x.py\n+++ b/Contents/x.py\n@@ -1 +1 @@\n-a\n+b\n--- a/Contents/x.py\n+++ b/Contents/x.py\n'
    b'@@ -3 +3 @@\n-c\n+d\n',
    b'diff --git a/Contents/x.png b/Contents/x.png\nBinary files a/Contents/x.png and b/Contents/x.png differ\n',
    b'diff --git a/Contents/x b/Contents/x\nold mode 100644\nnew mode 100755\n',
    b'--- a/Contents/x.py\n+++ b/Contents/x.py\n@@ -1 +1 @@\n?a\n+b\n',
])
def test_malformed_or_unsupported_diffs_are_refused(diff):
    with pytest.raises(ValueError):
        unidiff.parse(diff)


def test_header_text_and_several_files():
    diff = (b'Title: two files\n# Agent: Hama\n' + make_diff(OLD, OLD.replace(b'4', b'5'))
            + make_diff(None, b'x = 1\n', '/dev/null', 'b/Contents/Libraries/Shared/extra.py'))
    patch = unidiff.parse(diff)
    assert patch.header == ['Title: two files', '# Agent: Hama']
    assert [f.path for f in patch.files] == [PATH, 'Contents/Libraries/Shared/extra.py']


def test_git_style_new_file_header_is_accepted():
    diff = (b'diff --git a/Contents/Code/n.py b/Contents/Code/n.py\nnew file mode 100644\nindex 0000000..e69de29\n'
            b'--- /dev/null\n+++ b/Contents/Code/n.py\n@@ -0,0 +1,2 @@\n+a\n+b\n')
    assert apply(diff, None) == b'a\nb\n'


def test_empty_context_lines_without_a_space_are_context():
    diff = b'--- a/Contents/x.py\n+++ b/Contents/x.py\n@@ -1,3 +1,3 @@\n a\n\n-c\n+d\n'
    assert apply(diff, b'a\n\nc\n') == b'a\n\nd\n'


LINES = st.lists(st.sampled_from([u'a', u'b', u'c', u'', u'def x():', u'    pass', u'\u00e9t\u00e9']), max_size=12)


@given(LINES, LINES, st.sampled_from(['\n', '\r\n']), st.booleans(), st.integers(0, 3))
def test_any_diff_applies_forward_and_back(old, new, eol, last_newline, context):
    def join(lines):
        text = eol.join(lines) + (eol if lines and last_newline else '')
        return text.encode('utf-8')
    before, after = join(old), join(new)
    if before == after:
        return
    diff = make_diff(before, after, n=context)
    patch = unidiff.parse(diff).files[0]
    assert unidiff.apply_file(patch, before) == after
    assert unidiff.apply_file(patch.reversed(), after) == before
