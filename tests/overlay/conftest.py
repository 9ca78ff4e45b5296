# -*- coding: utf-8 -*-
"""Fixtures for the overlay tests: the fake site, and copies of the sample agent in throw-away Plug-ins
folders, with the overlay installed by hand (runtime package + config + import line) or not at all, each
run in the framework emulator with its site_url pref pointing at the fake site."""
from __future__ import absolute_import, division, print_function

import io
import os
import re
import shutil

import pytest

from harness import plexemu
from harness.pmssim import catalogue, fakesite
from harness.pmssim.plugins import SAMPLE_AGENT_BUNDLE, SAMPLE_AGENT_ID
from pleximprovement.fixes import overlay
from pleximprovement.runtime.paths import ServerLayout

LINE_RE = re.compile(plexemu.LOG_LINE_RE)
NO_CONFIG = object()


def write_bytes(path, data):
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with io.open(path, 'wb') as handle:
        handle.write(data)


def read_bytes(path):
    with io.open(path, 'rb') as handle:
        return handle.read()


def install_overlay(bundle, config):
    """What Phase 3's installer does, by hand. `config`: {overlay_id: params}, raw bytes, or NO_CONFIG."""
    shared = os.path.join(bundle, 'Contents', 'Libraries', 'Shared')
    for relative, data in overlay.module_files():
        write_bytes(os.path.join(shared, *relative.split('/')), data)
    if config is not NO_CONFIG:
        data = config if isinstance(config, bytes) else overlay.config_bytes(config)
        write_bytes(os.path.join(shared, overlay.CONFIG_NAME), data)
    init = os.path.join(bundle, 'Contents', 'Code', '__init__.py')
    write_bytes(init, overlay.insert_import(read_bytes(init)))


@pytest.fixture
def lib():
    return catalogue.Catalogue(seed=3, size=120)


@pytest.fixture
def make_site(lib):
    """make_site(**SiteConfig fields) -> a started fake site without faults unless asked for."""
    sites = []

    def factory(**config):
        config.setdefault('seed', 3)
        site = fakesite.FakeSite(lib.site_entries, fakesite.SiteConfig.quiet(**config))
        site.start()
        sites.append(site)
        return site

    yield factory
    for site in sites:
        site.stop()


@pytest.fixture
def make_agent(tmpdir):
    """make_agent(site, config=None, edit=None, files=None) -> a started Emulator hosting a copy of the sample
    agent; the emulators made before it are stopped (their logs and results stay readable).

    config None: the agent as shipped (no overlay); else the overlay installed with that config
    (NO_CONFIG: without a config file). edit(code_text) -> code_text changes the copy's Code/__init__.py
    before the overlay line is added; files {path below Contents: text} are added to the copy."""
    emulators = []

    def factory(site, config=None, edit=None, files=None):
        root = os.path.join(str(tmpdir), 'run%d' % len(emulators))
        bundle = os.path.join(root, 'Plug-ins', 'SampleAgent.bundle')
        shutil.copytree(SAMPLE_AGENT_BUNDLE, bundle)
        init = os.path.join(bundle, 'Contents', 'Code', '__init__.py')
        if edit is not None:
            write_bytes(init, edit(read_bytes(init).decode('utf-8')).encode('utf-8'))
        for relative, text in (files or {}).items():
            write_bytes(os.path.join(bundle, 'Contents', relative), text.encode('utf-8'))
        if config is not None:
            install_overlay(bundle, config)
        app_support = os.path.join(root, 'Plex Media Server')
        prefs = '<PluginPreferences><site_url>%s</site_url></PluginPreferences>' % site.base_url
        write_bytes(ServerLayout(app_support).preferences_file(SAMPLE_AGENT_ID), prefs.encode('utf-8'))
        for running in emulators:  # one plug-in process per identifier (the emulator refuses two)
            running.stop()
        emu = plexemu.Emulator(bundle, app_support)
        emulators.append(emu)
        return emu.start()

    yield factory
    for emu in emulators:
        emu.stop()


def log_text(emu):
    return read_bytes(emu.log_path).decode('utf-8', 'replace')


def messages(emu):
    """The log's lines without time and thread, `LEVEL (module:line) - message` (continuation lines as they
    are), with this run's folders replaced by <app support> and <bundle> so runs compare."""
    out = []
    text = log_text(emu).replace(emu.app_support, '<app support>').replace(emu.bundle_path, '<bundle>')
    for line in text.splitlines():
        found = LINE_RE.match(line)
        out.append('%s (%s:%s) - %s' % (found.group('level'), found.group('module'), found.group('lineno'),
                                        found.group('message')) if found else line)
    return out


def overlay_lines(emu):
    """`LEVEL message` of the overlay's own lines."""
    return [line.split(' ', 1)[0] + ' ' + line.split(' - ', 1)[1] for line in messages(emu)
            if ' - ' + overlay.LOG_PREFIX in line]
