# -*- coding: utf-8 -*-
"""What one Python process shares between emulators (sys.modules, sys.path, os.environ, named
loggers): each start is a fresh plug-in process as in Plex, and emulators that would have to
share one of these are refused (plex-runtime.md §0, §2.2, §2.5, §6.4, §7.1)."""
from __future__ import absolute_import, division, print_function

import io
import logging
import os
import shutil
import sys
import time

import pytest

from harness import plexemu

from .conftest import BASIC, make_bundle, read_text, write

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
REPO_BUNDLE = os.path.join(REPO, 'PlexImprovement.bundle')

MARKER_CODE = '''# -*- coding: utf-8 -*-
import emumarker


def Start():
    pass


@handler('/video/mk', 'MK')
def Main():
    return 'main'


@route('/video/mk/value')
def Value():
    return emumarker.VALUE


@route('/video/mk/extra')
def Extra():
    try:
        import emuextra
    except ImportError:
        return 'missing'
    return emuextra.VALUE
'''

PLAIN_CODE = "def Start():\n    pass\n\n@handler('/video/pl', 'PL')\ndef Main():\n    return 'main'\n"


def marker_bundle(root, value='original', name='Marker', policy='Elevated'):
    return make_bundle(root, name, MARKER_CODE, policy=policy,
                       files={'Libraries/Shared/emumarker/__init__.py': "VALUE = '%s'\n" % value})


def copy_tree(source, target):
    shutil.copytree(source, target, ignore=shutil.ignore_patterns('__pycache__', '*.pyc'))
    return target


def edit(path, old, new):
    with io.open(path, 'r', encoding='utf-8') as handle:
        text = handle.read()
    assert old in text
    write(path, text.replace(old, new))


def module_file(name):
    return os.path.abspath(sys.modules[name].__file__)


# ---- every start is a fresh interpreter ----------------------------------------------------

def test_copied_bundle_runs_its_own_library_copy(emulators, app_support, tmpdir):
    original = marker_bundle(str(tmpdir.join('a')))
    emu = emulators(original, app_support)
    assert emu.request('/video/mk/value').body == b'original'
    emu.stop()
    assert 'emumarker' not in sys.modules
    copy = copy_tree(original, str(tmpdir.join('b', 'Marker.bundle')))
    write(os.path.join(copy, 'Contents', 'Libraries', 'Shared', 'emumarker', '__init__.py'), "VALUE = 'copy'\n")
    emu_copy = emulators(copy, app_support)
    assert emu_copy.request('/video/mk/value').body == b'copy'
    assert module_file('emumarker').startswith(copy + os.sep)


def test_copied_pleximprovement_runs_the_copy_then_the_repo_package_comes_back(emulators, app_support, tmpdir):
    import pleximprovement  # the repo's copy, as unit tests import it (tests/conftest.py)
    from pleximprovement import plugin as repo_plugin
    copy = copy_tree(REPO_BUNDLE, str(tmpdir.join('elsewhere', 'PlexImprovement.bundle')))
    init = os.path.join(copy, 'Contents', 'Libraries', 'Shared', 'pleximprovement', '__init__.py')
    with io.open(init, 'ab') as handle:
        handle.write(b"\nEMU_COPY_MARKER = 'copy'\n")
    emu = emulators(copy, app_support)
    assert getattr(sys.modules['pleximprovement'], 'EMU_COPY_MARKER', None) == 'copy'
    assert module_file('pleximprovement.plugin').startswith(copy + os.sep)
    assert sys.modules['pleximprovement.plugin'].HOLDER is not repo_plugin.HOLDER
    emu.stop()
    assert sys.modules['pleximprovement'] is pleximprovement
    assert sys.modules['pleximprovement.plugin'] is repo_plugin


def test_standard_policy_cannot_import_its_libraries(emulators, app_support, tmpdir):
    emu = emulators(marker_bundle(str(tmpdir.join('s')), policy=None), app_support, start=False)
    with pytest.raises(plexemu.BundleLoadError) as info:
        emu.start()
    assert info.value.exit_code == 3 and 'No module named' in str(info.value) and 'emumarker' in str(info.value)


def test_pleximprovement_switched_to_standard_fails_to_import(emulators, app_support, tmpdir):
    import pleximprovement  # noqa: F401 - already imported in this process must not help
    copy = copy_tree(REPO_BUNDLE, str(tmpdir.join('std', 'PlexImprovement.bundle')))
    edit(os.path.join(copy, 'Contents', 'Info.plist'), u'<string>Elevated</string>', u'<string>Standard</string>')
    emu = emulators(copy, app_support, start=False)
    with pytest.raises(plexemu.BundleLoadError) as info:
        emu.start()
    assert info.value.exit_code == 3 and 'No module named' in str(info.value) and 'pleximprovement' in str(info.value)


def _write_module(path, text):
    write(path, text)
    later = time.time() + 10  # a stale .pyc (2.7 checks only the whole-second mtime) must not win
    os.utime(path, (later, later))


def _remove_module(shared, name):
    for candidate in (os.path.join(shared, name + '.py'), os.path.join(shared, name + '.pyc')):
        if os.path.exists(candidate):
            os.remove(candidate)
    shutil.rmtree(os.path.join(shared, '__pycache__'), ignore_errors=True)


def test_module_written_into_libraries_is_picked_up_and_forgotten_by_restarts(emulators, app_support, tmpdir):
    bundle = marker_bundle(str(tmpdir.join('w')))
    shared = os.path.join(bundle, 'Contents', 'Libraries', 'Shared')
    emu = emulators(bundle, app_support)
    assert emu.request('/video/mk/extra').body == b'missing'
    _write_module(os.path.join(shared, 'emuextra.py'), "VALUE = 'one'\n")
    emu.reload()
    assert emu.request('/video/mk/extra').body == b'one'
    _write_module(os.path.join(shared, 'emuextra.py'), "VALUE = 'two, longer'\n")
    assert emu.request('/video/mk/extra').body == b'one'  # a running process keeps what it imported
    emu.reload()
    assert emu.request('/video/mk/extra').body == b'two, longer'
    _remove_module(shared, 'emuextra')
    emu.reload()
    assert emu.request('/video/mk/extra').body == b'missing'
    emu.stop()
    assert 'emuextra' not in sys.modules


# ---- per-bundle state ----------------------------------------------------------------------

def test_environment_is_the_emulators_until_stop(emulators, app_support, monkeypatch):
    monkeypatch.setenv('PLEXTOKEN', 'outer')
    monkeypatch.delenv('EMU_ONLY', raising=False)
    emu = emulators(BASIC, app_support, env={'PLEXTOKEN': 'inner', 'EMU_ONLY': '1'})
    assert os.environ['PLEXTOKEN'] == 'inner' and os.environ['EMU_ONLY'] == '1'
    emu.stop()
    assert os.environ['PLEXTOKEN'] == 'outer' and 'EMU_ONLY' not in os.environ


def test_emulators_needing_different_environments_are_refused(emulators, app_support, tmpdir, monkeypatch):
    monkeypatch.delenv('PLEXTOKEN', raising=False)
    support = str(tmpdir.join('other'))
    emulators(BASIC, app_support, env={'PLEXTOKEN': 'a'})
    other = emulators(make_bundle(str(tmpdir.join('x')), 'Other', PLAIN_CODE), support, start=False,
                      env={'PLEXTOKEN': 'b'})
    with pytest.raises(plexemu.EmulatorConflict) as info:
        other.start()
    assert 'PLEXTOKEN' in str(info.value)
    tokenless = emulators(make_bundle(str(tmpdir.join('y')), 'Tokenless', PLAIN_CODE), support, start=False)
    with pytest.raises(plexemu.EmulatorConflict):
        tokenless.start()  # it would see the other plug-in's token
    same = emulators(make_bundle(str(tmpdir.join('z')), 'Same', PLAIN_CODE), support, env={'PLEXTOKEN': 'a'})
    assert same.started and os.environ['PLEXTOKEN'] == 'a'


def test_one_running_emulator_per_identifier_and_loggers_are_per_emulator(emulators, tmpdir):
    first = emulators(make_bundle(str(tmpdir.join('a')), 'Twin', PLAIN_CODE), str(tmpdir.join('s1')))
    second = emulators(make_bundle(str(tmpdir.join('b')), 'Twin', PLAIN_CODE), str(tmpdir.join('s2')), start=False)
    with pytest.raises(plexemu.EmulatorConflict) as info:
        second.start()
    assert first.identifier in str(info.value)
    stale_log = first.globals['Log']
    first.stop()
    second.start()
    stale_log.Info('LATE LINE from the stopped plug-in')
    second.globals['Log'].Info('LINE from the running plug-in')
    assert 'LATE LINE' not in read_text(second.log_path) and 'LATE LINE' not in read_text(first.log_path)
    assert 'LINE from the running plug-in' in read_text(second.log_path)
    assert 'LINE from the running plug-in' not in read_text(first.log_path)
    logging.getLogger(second.identifier).info('NAMED LINE from library code')  # §6.4: the plug-in's logger
    assert 'NAMED LINE from library code' in read_text(second.log_path)
    second.stop()
    logging.getLogger(second.identifier).info('NAMED LINE after the stop')
    assert 'after the stop' not in read_text(second.log_path) + read_text(first.log_path)


def test_a_library_module_cannot_be_loaded_by_two_running_emulators(emulators, app_support, tmpdir):
    emulators(REPO_BUNDLE, app_support)
    copy = copy_tree(REPO_BUNDLE, str(tmpdir.join('second', 'PlexImprovement.bundle')))
    edit(os.path.join(copy, 'Contents', 'Info.plist'), u'com.plexapp.plugins.pleximprovement',
         u'com.example.second.pleximprovement')
    second = emulators(copy, str(tmpdir.join('support2')), start=False)
    with pytest.raises(plexemu.EmulatorConflict) as info:
        second.start()  # one pleximprovement.plugin.HOLDER per process: both would share it
    assert 'pleximprovement' in str(info.value)
    assert not second.started
