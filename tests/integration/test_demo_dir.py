# -*- coding: utf-8 -*-
"""`make demo --dir DIR` (tests/harness/demo.py) empties only a folder the demo made itself."""
from __future__ import absolute_import, division, print_function

import os

import pytest

from harness import demo


def test_a_non_empty_folder_the_demo_did_not_make_is_refused_and_kept(tmpdir, capsys):
    precious = tmpdir.join('precious.txt')
    precious.write('keep me')
    with pytest.raises(demo.NotTheDemosFolder):
        demo.prepare_dir(str(tmpdir))
    assert demo.main(['--dir', str(tmpdir)]) == 2
    assert precious.read() == 'keep me'
    err = capsys.readouterr().err
    assert err.startswith('demo: %s is not empty and was not made by the demo' % tmpdir)
    assert len(err.splitlines()) == 1
    a_file = tmpdir.join('a_file')
    a_file.write('x')
    with pytest.raises(demo.NotTheDemosFolder):
        demo.prepare_dir(str(a_file))


def test_a_new_empty_or_earlier_demo_folder_is_used_and_marked(tmpdir):
    for folder in (tmpdir.join('new', 'deeper'), tmpdir.mkdir('empty')):
        demo.prepare_dir(str(folder))
        assert os.listdir(str(folder)) == [demo.MARKER]
    earlier = tmpdir.join('new', 'deeper')
    earlier.mkdir('Plex Media Server').join('old.log').write('old run')
    demo.prepare_dir(str(earlier))
    assert os.listdir(str(earlier)) == [demo.MARKER]


def test_the_default_folder_is_the_demos_own(tmpdir, monkeypatch):
    """build/demo made by a demo from before the marker existed is still emptied."""
    default = tmpdir.join('build', 'demo')
    default.join('Plex Media Server', 'old.log').write('old run', ensure=True)
    monkeypatch.setattr(demo, 'DEFAULT_DIR', str(default))
    demo.prepare_dir(str(default))
    assert os.listdir(str(default)) == [demo.MARKER]
