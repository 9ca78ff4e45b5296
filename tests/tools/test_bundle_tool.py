# -*- coding: utf-8 -*-
"""make install/uninstall/package: never touch anything but our own bundle, always leave a whole one."""
from __future__ import absolute_import, division, print_function

import os
import subprocess
import zipfile

import pytest

import bundle_tool  # tools/ is on sys.path: tests/conftest.py

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

IDENT = 'com.plexapp.plugins.pleximprovement'
PLIST = ('<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0"><dict>'
         '<key>CFBundleIdentifier</key><string>%s</string>'
         '<key>CFBundleVersion</key><string>%s</string></dict></plist>\n')


class Collect(object):
    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def text(self):
        return ''.join(self.parts)


def make_bundle(root, ident=IDENT, version='1.2.3', name='PlexImprovement.bundle'):
    bundle = root.mkdir(name)
    contents = bundle.mkdir('Contents')
    contents.join('Info.plist').write(PLIST % (ident, version))
    code = contents.mkdir('Code')
    code.join('__init__.py').write('# code\n')
    code.join('__init__.pyc').write('compiled')
    shared = contents.mkdir('Libraries').mkdir('Shared').mkdir('pkg')
    shared.join('mod.py').write('x = 1\n')
    shared.mkdir('__pycache__').join('mod.cpython-311.pyc').write('compiled')
    contents.mkdir('Resources').join('icon-default.png').write_binary(b'\x89PNG fake')
    return bundle


@pytest.fixture
def env(tmpdir):
    """A source bundle plus a fake Plex support folder with a neighbour plug-in."""
    bundle = make_bundle(tmpdir.mkdir('src'))
    support = tmpdir.mkdir('Plex Media Server')
    plugins = support.mkdir('Plug-ins')
    other = plugins.mkdir('Other.bundle').mkdir('Contents')
    other.join('Info.plist').write(PLIST % ('com.example.other', '1'))
    return bundle, support, plugins


def listing(path):
    found = []
    for dirpath, dirnames, filenames in os.walk(str(path)):
        for name in filenames:
            found.append(os.path.relpath(os.path.join(dirpath, name), str(path)).replace(os.sep, '/'))
    return sorted(found)


def test_install_copies_without_compiled_files(env):
    bundle, support, plugins = env
    out = Collect()
    dest = bundle_tool.install(str(bundle), str(support), out)
    assert dest == str(plugins.join('PlexImprovement.bundle'))
    assert listing(dest) == ['Contents/Code/__init__.py', 'Contents/Info.plist',
                             'Contents/Libraries/Shared/pkg/mod.py', 'Contents/Resources/icon-default.png']
    assert 'Installed %s 1.2.3' % IDENT in out.text()
    assert sorted(os.listdir(str(plugins))) == ['Other.bundle', 'PlexImprovement.bundle']


def test_reinstall_swaps_and_keeps_neighbours(env):
    bundle, support, plugins = env
    bundle_tool.install(str(bundle), str(support), Collect())
    installed = plugins.join('PlexImprovement.bundle')
    installed.join('Contents', 'stale.txt').write('from the old version')
    plugins.join('PlexImprovement.bundle.installing-999').mkdir()  # an interrupted run of ours
    plugins.join('Unrelated.bundle.installing-1').mkdir()           # not ours: stays
    bundle.join('Contents', 'Code', 'new.py').write('# new\n')
    out = Collect()
    bundle_tool.install(str(bundle), str(support), out)
    assert 'Updated the previous copy' in out.text()
    assert not installed.join('Contents', 'stale.txt').exists()
    assert installed.join('Contents', 'Code', 'new.py').exists()
    assert sorted(os.listdir(str(plugins))) == ['Other.bundle', 'PlexImprovement.bundle',
                                                'Unrelated.bundle.installing-1']
    assert plugins.join('Other.bundle', 'Contents', 'Info.plist').exists()


def test_install_refuses_without_plugins_folder(tmpdir):
    bundle = make_bundle(tmpdir.mkdir('src'))
    with pytest.raises(bundle_tool.ToolError) as info:
        bundle_tool.install(str(bundle), str(tmpdir.join('nowhere')), Collect())
    message = str(info.value)
    assert 'no Plug-ins folder' in message and 'PLEX_SUPPORT=' in message and '/config' in message
    assert not tmpdir.join('nowhere').exists()


def test_install_refuses_to_replace_a_foreign_bundle(env):
    bundle, support, plugins = env
    foreign = plugins.mkdir('PlexImprovement.bundle')
    foreign.join('keep.txt').write('somebody else')
    with pytest.raises(bundle_tool.ToolError):
        bundle_tool.install(str(bundle), str(support), Collect())
    assert foreign.join('keep.txt').read() == 'somebody else'
    with pytest.raises(bundle_tool.ToolError):
        bundle_tool.uninstall(str(bundle), str(support), Collect())
    assert foreign.join('keep.txt').exists()


def test_failed_copy_leaves_previous_install_intact(env, monkeypatch):
    bundle, support, plugins = env
    bundle_tool.install(str(bundle), str(support), Collect())

    def broken(*args, **kw):
        raise IOError('disk full')
    monkeypatch.setattr(bundle_tool.shutil, 'copy2', broken)
    with pytest.raises(IOError):
        bundle_tool.install(str(bundle), str(support), Collect())
    assert listing(plugins.join('PlexImprovement.bundle'))[1] == 'Contents/Info.plist'
    assert sorted(os.listdir(str(plugins))) == ['Other.bundle', 'PlexImprovement.bundle']


def test_uninstall_removes_only_ours_and_names_the_data_folder(env):
    bundle, support, plugins = env
    bundle_tool.install(str(bundle), str(support), Collect())
    out = Collect()
    assert bundle_tool.uninstall(str(bundle), str(support), out) is True
    assert sorted(os.listdir(str(plugins))) == ['Other.bundle']
    assert os.path.join('Plug-in Support', 'Data', IDENT) in out.text()
    out = Collect()
    assert bundle_tool.uninstall(str(bundle), str(support), out) is False
    assert 'not installed' in out.text()


def test_package_is_versioned_sorted_deterministic(tmpdir):
    bundle = make_bundle(tmpdir.mkdir('src'), version='2.0.1')
    dist = tmpdir.join('dist')
    first = bundle_tool.package(str(bundle), str(dist), Collect())
    assert os.path.basename(first) == 'PlexImprovement.bundle-2.0.1.zip'
    data = open(first, 'rb').read()
    os.utime(str(bundle.join('Contents', 'Info.plist')), (1, 1))
    second = bundle_tool.package(str(bundle), str(dist), Collect())
    assert open(second, 'rb').read() == data
    names = zipfile.ZipFile(first).namelist()
    assert names == sorted(names)
    assert 'PlexImprovement.bundle/Contents/Info.plist' in names
    assert not [n for n in names if n.endswith('.pyc') or '__pycache__' in n]
    assert os.listdir(str(dist)) == ['PlexImprovement.bundle-2.0.1.zip']


def test_package_refuses_a_bad_version(tmpdir):
    bundle = make_bundle(tmpdir.mkdir('src'), version='1.0/../../x')
    with pytest.raises(bundle_tool.ToolError):
        bundle_tool.package(str(bundle), str(tmpdir.join('dist')), Collect())


def test_default_support_per_os():
    linux = bundle_tool.default_support('linux2', {}, '/home/u')
    assert linux == '/var/lib/plexmediaserver/Library/Application Support/Plex Media Server'
    assert bundle_tool.default_support('darwin', {}, '/Users/u') == os.path.join(
        '/Users/u', 'Library', 'Application Support', 'Plex Media Server')
    assert bundle_tool.default_support('win32', {'LOCALAPPDATA': 'C:/Users/u/AppData/Local'}, '') == os.path.join(
        'C:/Users/u/AppData/Local', 'Plex Media Server')
    assert bundle_tool.default_support('linux', {'PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR': '/srv/plex'}, '') == \
        os.path.join('/srv/plex', 'Plex Media Server')
    with pytest.raises(bundle_tool.ToolError):
        bundle_tool.default_support('cygwin', {}, '')


def test_real_bundle_version():
    info = bundle_tool.read_info(bundle_tool.DEFAULT_BUNDLE)
    assert info['CFBundleIdentifier'] == IDENT
    assert bundle_tool.version_of(bundle_tool.DEFAULT_BUNDLE)


def run_make(*args):
    proc = subprocess.Popen(['make', '--no-print-directory', '-C', REPO] + list(args),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.communicate()[0]
    return proc.returncode, out.decode('utf-8', 'replace')


def test_make_install_and_uninstall_use_the_tool(tmpdir):
    if subprocess.call(['sh', '-c', 'command -v make >/dev/null']) != 0:
        pytest.skip('make is not installed')
    support = tmpdir.mkdir('Plex Media Server')
    rc, text = run_make('install', 'PLEX_SUPPORT=%s' % support)
    assert rc != 0, text  # no Plug-ins folder yet: refused
    assert 'no Plug-ins folder' in text
    support.mkdir('Plug-ins')
    rc, text = run_make('install', 'PLEX_SUPPORT=%s' % support)
    assert rc == 0, text
    assert support.join('Plug-ins', 'PlexImprovement.bundle', 'Contents', 'Info.plist').exists()
    rc, text = run_make('uninstall', 'PLEX_SUPPORT=%s' % support)
    assert rc == 0, text
    assert os.listdir(str(support.join('Plug-ins'))) == []
