# -*- coding: utf-8 -*-
"""fixes/target.py: finding an agent bundle, refusing the ones never changed, and paths that
could leave its Contents/ (or its Preferences file and Caches folder)."""
from __future__ import absolute_import, division, print_function

import os

import pytest

from fix_trees import make_server, code_only_agent, family_agents, put, sample_agent, write_plist
from pleximprovement import names
from pleximprovement.fixes.errors import NotAllowed, PathOutside, TargetNotFound
from pleximprovement.fixes.target import (Target, bundles, find_target, plist_identifier, refusal, split_relpath,
                                          target_at)


@pytest.fixture
def server(tmpdir):
    server = make_server(tmpdir)
    code_only_agent(server)
    family_agents(server)
    sample_agent(server)
    return server


@pytest.mark.parametrize('wanted', ['Hama.bundle', 'Hama', 'com.plexapp.agents.hama', 'hama',
                                    'COM.PLEXAPP.AGENTS.HAMA'])
def test_found_by_folder_name_or_identifier(server, wanted):
    target = find_target(server.plugins, wanted, None)
    assert (target.name, target.identifier) == ('Hama.bundle', 'com.plexapp.agents.hama')
    assert target.contents_dir == os.path.join(server.plugins, 'Hama.bundle', 'Contents')
    assert target.preferences_file == server.prefs('com.plexapp.agents.hama')
    assert target.caches_dir == server.caches('com.plexapp.agents.hama')


def test_the_helper_folder_beside_a_family_is_not_a_bundle(server):
    names_found = [name for name, _ in bundles(server.plugins)]
    assert '_PGMA' not in names_found and 'IAFD.bundle' in names_found
    with pytest.raises(TargetNotFound):
        find_target(server.plugins, '_PGMA', None)
    assert find_target(server.plugins, 'com.plexapp.agents.IAFD', None).name == 'IAFD.bundle'


def test_not_found_and_ambiguous(server):
    with pytest.raises(TargetNotFound) as error:
        find_target(server.plugins, 'Nope', None)
    assert "no bundle named or identified 'Nope'" in str(error.value)
    write_plist(os.path.join(server.plugins, 'Hama-old.bundle', 'Contents'), 'com.plexapp.agents.hama')
    with pytest.raises(TargetNotFound) as error:
        find_target(server.plugins, 'com.plexapp.agents.hama', None)
    assert 'matches several bundles (Hama-old.bundle, Hama.bundle)' in str(error.value)
    with pytest.raises(TargetNotFound):
        find_target(str(server.plugins) + '-missing', 'Hama', None)
    put(os.path.join(server.plugins, 'Broken.bundle', 'Contents', 'Info.plist'), b'not a plist')
    with pytest.raises(TargetNotFound) as error:
        find_target(server.plugins, 'Broken', None)
    assert 'no readable CFBundleIdentifier' in str(error.value)


@pytest.mark.parametrize('folder, identifier', [('Framework.bundle', 'com.plexapp.framework'),
                                                ('System.bundle', 'com.plexapp.system'),
                                                ('Other.bundle', 'com.plexapp.system'),
                                                ('Mine.bundle', names.IDENTIFIER),
                                                ('PlexImprovement.bundle', 'com.example.renamed')])
def test_never_the_framework_system_or_this_plugin(server, folder, identifier):
    write_plist(os.path.join(server.plugins, folder, 'Contents'), identifier)
    with pytest.raises(NotAllowed) as error:
        find_target(server.plugins, folder, None)
    assert 'never changed' in str(error.value)
    assert find_target(server.plugins, 'Hama', lambda ident: True).name == 'Hama.bundle'


def test_this_bundle_by_its_real_path_and_the_allowed_predicate(server):
    own = os.path.dirname(names.CONTENTS_DIR)
    assert 'PlexImprovement itself' in refusal('Copy.bundle', 'com.example.copy', own, None)
    with pytest.raises(NotAllowed) as error:
        find_target(server.plugins, 'Hama', lambda ident: ident == 'com.plexapp.agents.sampleagent')
    assert 'not among the agents allowed to be changed' in str(error.value)


@pytest.mark.parametrize('relpath', ['/etc/passwd', '../x', 'Contents/../../x', 'Contents/./x', 'Contents//x',
                                     'Contents\\x', 'C:/x', 'Contents/x\0'])
def test_split_relpath_refuses_anything_that_could_leave(relpath):
    with pytest.raises(PathOutside):
        split_relpath(relpath)


def test_paths_of_each_root(server):
    target = find_target(server.plugins, 'Hama', None)
    code = os.path.join(target.contents_dir, 'Code')
    assert target.path('bundle', 'Contents/Code/__init__.py') == os.path.join(code, '__init__.py')
    assert target.path('preferences', '') == target.preferences_file
    assert target.path('caches', 'HTTP.system/00/entry0') == os.path.join(target.caches_dir, 'HTTP.system', '00',
                                                                          'entry0')
    for root, relpath in (('bundle', 'Info.plist'), ('bundle', ''), ('preferences', 'x.xml'), ('nowhere', 'x')):
        with pytest.raises(PathOutside):
            target.path(root, relpath)
    assert target.label('preferences', '') == 'Preferences/com.plexapp.agents.hama.xml'
    assert target.label('caches', 'a/b') == 'Caches/com.plexapp.agents.hama/a/b'


def test_symbolic_links_are_refused(server, tmpdir):
    target = find_target(server.plugins, 'Hama', None)
    outside = tmpdir.mkdir('outside')
    os.symlink(str(outside), os.path.join(target.contents_dir, 'Out'))
    with pytest.raises(PathOutside) as error:
        target.path('bundle', 'Contents/Out/x.py')
    assert 'leads outside its folder' in str(error.value)
    code = os.path.join(target.contents_dir, 'Code')
    os.symlink(os.path.join(code, 'common.py'), os.path.join(code, 'l.py'))
    with pytest.raises(PathOutside) as error:
        target.path('bundle', 'Contents/Code/l.py')
    assert 'is a symbolic link' in str(error.value)
    assert 'Contents/Code/l.py' not in target.files('bundle')


def test_read_exists_listdir_files(server):
    target = find_target(server.plugins, 'Hama', None)
    assert target.read('bundle', 'Contents/Code/__init__.py').startswith(b'# -*- coding: utf-8 -*-\r\n')
    assert target.read('bundle', 'Contents/Code/nope.py') is None
    assert target.exists('bundle', 'Contents/Code/common.py') and not target.exists('bundle', 'Contents/Libraries')
    assert target.isdir('bundle', 'Contents/Code') and target.isdir('caches', '')
    assert 'common.py' in target.listdir('bundle', 'Contents/Code') and target.listdir('preferences', '') == []
    assert target.files('caches') == ['HTTP.system/00/entry0', 'HTTP.system/01/entry1', 'HTTP.system/02/entry2']
    assert target.files('preferences') == ['']
    assert 'Contents/Resources/icon-default.png' in target.files('bundle')
    sample = find_target(server.plugins, 'SampleAgent', None)
    assert sample.files('preferences') == [] and sample.read('preferences', '') is None


def test_original_answers_from_the_lookup_or_the_disk(server):
    target = find_target(server.plugins, 'Hama', None)
    assert target.original('bundle', 'Contents/Code/common.py') == target.read('bundle', 'Contents/Code/common.py')
    view = target.with_originals(lambda root, relpath: (relpath == 'Contents/Code/common.py', b'old'))
    assert view.original('bundle', 'Contents/Code/common.py') == b'old'
    assert view.original('bundle', 'Contents/Code/AniDB.py') == target.read('bundle', 'Contents/Code/AniDB.py')
    assert (view.name, view.identifier, view.contents_dir) == (target.name, target.identifier, target.contents_dir)


def test_plist_identifier_and_target_at(server):
    assert plist_identifier(os.path.join(server.plugins, 'Hama.bundle', 'Contents')) == 'com.plexapp.agents.hama'
    assert plist_identifier(os.path.join(server.plugins, 'Nope.bundle', 'Contents')) is None
    found = target_at(server.plugins, 'Hama.bundle', 'com.plexapp.agents.hama', server.support)
    assert isinstance(found, Target) and found.name == 'Hama.bundle'
    assert target_at(server.plugins, 'Hama.bundle', 'com.other', server.support) is None
    assert target_at(server.plugins, None, 'com.plexapp.agents.hama', server.support) is None
    assert target_at(server.plugins, '../Plug-ins/Hama.bundle', 'com.plexapp.agents.hama', server.support) is None
