# -*- coding: utf-8 -*-
"""selfcheck/bundle.py: one bundle with our identifier in Plug-ins, the one running, Elevated
(case-sensitive), the core in Libraries/Shared and that folder on sys.path."""
from __future__ import absolute_import, division, print_function

import io
import os

from pleximprovement.selfcheck.bundle import bundle_checks
from pleximprovement.selfcheck.result import OK, PROBLEM, UNKNOWN

ME = 'com.plexapp.plugins.pleximprovement'
PLIST = (u'<?xml version="1.0" encoding="UTF-8"?><plist version="1.0"><dict>'
         u'<key>CFBundleIdentifier</key><string>%s</string>%s</dict></plist>')


def make_bundle(plugins, name, identifier=ME, policy='Elevated', core=True):
    contents = os.path.join(plugins, name, 'Contents')
    os.makedirs(contents)
    extra = u'<key>PlexPluginCodePolicy</key><string>%s</string>' % policy if policy else u''
    with io.open(os.path.join(contents, 'Info.plist'), 'w', encoding='utf-8') as handle:
        handle.write(PLIST % (identifier, extra))
    if core:
        package = os.path.join(contents, 'Libraries', 'Shared', 'pleximprovement')
        os.makedirs(package)
        io.open(os.path.join(package, '__init__.py'), 'wb').close()
    return os.path.join(plugins, name)


def states(checks):
    return [(c['id'], c['status'], c['key']) for c in checks]


def test_installed_elevated_and_on_the_path(tmpdir):
    plugins = str(tmpdir)
    bundle = make_bundle(plugins, 'PlexImprovement.bundle')
    make_bundle(plugins, 'Other.bundle', identifier='com.example.other')
    assert states(bundle_checks(plugins, ME, bundle, True)) == [
        ('bundle', OK, 'SELFCHECK_BUNDLE_OK'), ('policy', OK, 'SELFCHECK_POLICY_OK')]
    assert states(bundle_checks(plugins, ME)) == [            # offline: nothing known about sys.path
        ('bundle', OK, 'SELFCHECK_BUNDLE_OK'), ('policy', OK, 'SELFCHECK_POLICY_OK')]


def test_missing_duplicate_elsewhere_unreadable(tmpdir):
    plugins = str(tmpdir.join('Plug-ins'))
    os.makedirs(plugins)
    assert states(bundle_checks(plugins, ME)) == [
        ('bundle', PROBLEM, 'SELFCHECK_BUNDLE_MISSING'), ('policy', UNKNOWN, 'SELFCHECK_POLICY_UNKNOWN')]
    elsewhere = make_bundle(str(tmpdir), 'Elsewhere.bundle')
    assert states(bundle_checks(plugins, ME, elsewhere, True))[0] == ('bundle', PROBLEM, 'SELFCHECK_BUNDLE_MISSING')
    make_bundle(plugins, 'PlexImprovement.bundle')
    checks = bundle_checks(plugins, ME, elsewhere, True)
    assert states(checks) == [('bundle', PROBLEM, 'SELFCHECK_BUNDLE_ELSEWHERE'), ('policy', OK, 'SELFCHECK_POLICY_OK')]
    assert checks[0]['fix'] == 'SELFCHECK_BUNDLE_MISSING_FIX'
    make_bundle(plugins, 'PlexImprovement copy.bundle')
    checks = bundle_checks(plugins, ME)
    assert states(checks)[0] == ('bundle', PROBLEM, 'SELFCHECK_BUNDLE_DUPLICATE')
    assert checks[0]['params']['bundles'] == u'PlexImprovement copy.bundle, PlexImprovement.bundle'
    assert states(bundle_checks(str(tmpdir.join('nowhere')), ME))[0] == (
        'bundle', PROBLEM, 'SELFCHECK_PLUGINS_UNREADABLE')


def test_the_policy(tmpdir):
    plugins = str(tmpdir)
    for name, policy in (('a.bundle', 'elevated'), ('b.bundle', None), ('c.bundle', 'Standard')):
        bundle = make_bundle(plugins, name, identifier=name, policy=policy)
        check = bundle_checks(plugins, name, bundle, None)[1]
        assert (check['status'], check['key'], check['fix']) == (
            PROBLEM, 'SELFCHECK_POLICY_BAD', 'SELFCHECK_POLICY_FIX')
        assert check['params']['policy'] == (policy or u'-')
    bundle = make_bundle(plugins, 'd.bundle', identifier='d', core=False)
    assert states(bundle_checks(plugins, 'd', bundle))[1] == ('policy', PROBLEM, 'SELFCHECK_SHARED_MISSING')
    bundle = make_bundle(plugins, 'e.bundle', identifier='e')
    assert states(bundle_checks(plugins, 'e', bundle, False))[1] == ('policy', PROBLEM, 'SELFCHECK_SHARED_NOT_ON_PATH')
