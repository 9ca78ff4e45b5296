# -*- coding: utf-8 -*-
"""Code loading under the framework's rules (plex-runtime.md §2)."""
from __future__ import absolute_import, division, print_function

import os
import sys

import pytest

from harness.plexemu import BundleLoadError, Emulator

from .conftest import BASIC, log_lines, make_bundle

START = 'def Start():\n    pass\n\n'
ROUTES = START + "@handler('/video/t', 'T')\ndef Main():\n    return 'main'\n\n"


def test_violation_fails_to_load(app_support):
    bundle = make_bundle(app_support + '-b', 'Bad', START + 'def _hidden():\n    return 1\n')
    emu = Emulator(bundle, app_support)
    with pytest.raises(BundleLoadError) as info:
        emu.start()
    assert 'Code/__init__.py:4:' in str(info.value) and '"_hidden"' in str(info.value)
    assert info.value.exit_code == 2 and info.value.lineno == 4
    emu.stop()


def test_dunder_allowed_in_elevated_sibling_but_not_in_init(app_support):
    bundle = make_bundle(app_support + '-b', 'Dunder', START + 'NAME = __name__\n')
    with pytest.raises(BundleLoadError):
        Emulator(bundle, app_support).start()


def test_syntax_error_names_file_and_line(app_support):
    bundle = make_bundle(app_support + '-b', 'Syntax', START + 'def broken(:\n    pass\n')
    with pytest.raises(BundleLoadError) as info:
        Emulator(bundle, app_support).start()
    assert 'Code/__init__.py:4' in str(info.value)


def test_exception_while_executing_init_is_exit_3(app_support):
    bundle = make_bundle(app_support + '-b', 'Exec', START + 'x = 1 / 0\n')
    emu = Emulator(bundle, app_support)
    with pytest.raises(BundleLoadError) as info:
        emu.start()
    assert info.value.exit_code == 3 and info.value.lineno == 4
    assert any('CRITICAL (core:615) - Exception starting plug-in' in line_ for line_ in log_lines(emu))


def test_start_exception_is_logged_and_swallowed(emulators, app_support):
    emu = emulators(make_bundle(app_support + '-b', 'StartFails', "def Start():\n    raise KeyError('x')\n"),
                    app_support)
    lines = log_lines(emu)
    assert any("CRITICAL (sandbox:303) - Exception when calling function 'Start' (most recent call last):"
               in line_ for line_ in lines)
    assert lines[-1].endswith('INFO (core:611) - Started plug-in')


def test_missing_start_logs_critical(emulators, app_support):
    emu = emulators(make_bundle(app_support + '-b', 'NoStart', 'X = 1\n'), app_support)
    assert any("CRITICAL (sandbox:298) - Function named 'Start' couldn't be found in the current environment"
               in line_ for line_ in log_lines(emu))


def test_sandbox_globals(basic):
    g = basic.globals
    assert g['__name__'] == '__code__'
    builtins = g['__builtins__']
    for name in ('open', 'file', 'sum', 'any', 'all', 'iter', 'next', 'print', 'eval', 'globals', 'vars'):
        assert name not in builtins and name not in g, name
    for name in ('getattr', 'hasattr', 'setattr', 'dir', 'super', 'type'):
        assert name in g
    for name in ('Log', 'Data', 'Dict', 'Prefs', 'HTTP', 'XML', 'HTML', 'JSON', 'Thread', 'Core', 'Platform',
                 'Request', 'Response', 'Network', 'Locale', 'L', 'F', 'String', 'Hash', 'Datetime', 'Util', 'Ex',
                 'Client', 'Plugin', 'handler', 'route', 'Callback', 'indirect', 'ObjectContainer', 'Agent',
                 'MetadataSearchResult', 'Media', 'Proxy', 'R', 'CACHE_1HOUR', 'DataObject', 'MessageContainer'):
        assert name in g, name


def test_standard_policy_lacks_elevated_names(emulators, app_support):
    code = ROUTES + ("@route('/video/t/probe')\ndef Probe():\n    out = []\n"
                     "    for name in ['getattr', 'Core', 'type']:\n        try:\n            eval_name = {'getattr': "
                     "lambda: getattr, 'Core': lambda: Core, 'type': lambda: type}[name]()\n"
                     "            out.append(name + '=ok')\n        except NameError:\n"
                     "            out.append(name + '=missing')\n    return ','.join(out)\n")
    emu = emulators(make_bundle(app_support + '-b', 'Std', code, policy=None), app_support)
    assert emu.request('/video/t/probe').body == b'getattr=missing,Core=missing,type=missing'
    assert any('DEBUG (core:361) - Using the standard policy' in line_ for line_ in log_lines(emu))


def test_runtime_rewrites(emulators, app_support):
    code = ROUTES + ("@route('/video/t/loop')\ndef Loop():\n    return [c for c in 'ab']\n\n"
                     "@route('/video/t/unpack')\ndef Unpack():\n    a, b = 'xy'\n    return a\n\n"
                     "@route('/video/t/ok')\ndef Ok():\n    n = 1\n    n += 2\n    return ','.join(list('ab')) + str(n)"
                     "\n\n@route('/video/t/minus')\ndef Minus():\n    n = 5\n    n -= 1\n    return str(n)\n")
    emu = emulators(make_bundle(app_support + '-b', 'Rewrite', code), app_support)
    for path in ('/video/t/loop', '/video/t/unpack'):
        r = emu.request(path)
        assert r.status == 500 and r.xml().get('status') == "AttributeError: 'str' object has no attribute '__iter__'"
    assert emu.request('/video/t/ok').body == b'a,b3'
    r = emu.request('/video/t/minus')
    assert r.xml().get('status') == "FrameworkException: Operator '-=' is not supported"


def test_libraries_shared_on_path_only_while_running(basic):
    shared = os.path.join(BASIC, 'Contents', 'Libraries', 'Shared')
    assert sys.path[0] == shared
    basic.stop()
    assert shared not in sys.path


def test_sibling_module_sees_globals_copied_at_import(basic):
    assert basic.request('/applications/basic/helper').body == b'module helper len=3 before=yes|after=False|lib=6'


def test_package_in_code_needs_explicit_import(emulators, app_support):
    files = {'Code/pkg/__init__.py': '# -*- coding: utf-8 -*-\nVALUE = 1\n',
             'Code/pkg/mod.py': '# -*- coding: utf-8 -*-\nX = 2\n'}
    code = ROUTES + ("@route('/video/t/imp')\ndef Imp():\n    try:\n        from pkg import mod\n"
                     "        return 'ok'\n    except ImportError:\n        return 'ImportError'\n")
    emu = emulators(make_bundle(app_support + '-b', 'Pkg', code, files=files), app_support)
    assert emu.request('/video/t/imp').body == b'ImportError'


def test_localization(basic):
    assert basic.request('/applications/basic/localized').body == b'Basic emulator fixture|Hello Bob|NO_SUCH_KEY'


def test_builtin_open_loads_but_fails_when_called(emulators, app_support):
    code = ROUTES + ("@route('/video/t/open')\ndef Open():\n    try:\n        open('/etc/hostname')\n"
                     "        return 'opened'\n    except NameError:\n        return 'NameError'\n")
    emu = emulators(make_bundle(app_support + '-b', 'Opener', code), app_support)
    assert emu.request('/video/t/open').body == b'NameError'


CTX_MODULE = '''# -*- coding: utf-8 -*-
class Ctx(object):
    def __init__(self, value):
        self.value = value

    def __enter__(self):
        return self.value

    def __exit__(self, kind, value, tb):
        return False
'''


def test_every_tuple_target_unpacks_through_getiter(emulators, app_support):
    """RCompile turns each UNPACK_SEQUENCE into `_getiter_(x)` first: for/with/comprehension
    targets and nested targets too, so unpacking a str fails there as in `a, b = 'xy'`."""
    code = ROUTES + ("import ctx\n\n"
                     "@route('/video/t/for')\ndef For():\n    out = []\n    for a, b in ['xy']:\n"
                     "        out.append(a)\n    return ','.join(out)\n\n"
                     "@route('/video/t/comp')\ndef Comp():\n    return ','.join([a for a, b in ['xy']])\n\n"
                     "@route('/video/t/nested')\ndef Nested():\n    a, (b, c) = ('x', 'yz')\n    return b\n\n"
                     "@route('/video/t/with')\ndef With():\n    with ctx.Ctx('xy') as (a, b):\n        return a\n\n"
                     "@route('/video/t/fine')\ndef Fine():\n    out = []\n"
                     "    for k, (v, w) in sorted({'a': (1, 2)}.items()):\n        out.append(k + str(v) + str(w))\n"
                     "    with ctx.Ctx(('p', 'q')) as (p, q):\n        out.append(p + q)\n"
                     "    return ','.join(out + [a + b for a, b in [('x', 'y')]])\n")
    emu = emulators(make_bundle(app_support + '-b', 'Unpack', code, files={'Code/ctx.py': CTX_MODULE}), app_support)
    for path in ('/video/t/for', '/video/t/comp', '/video/t/nested', '/video/t/with'):
        r = emu.request(path)
        assert r.status == 500, (path, r.body)
        assert r.xml().get('status') == "AttributeError: 'str' object has no attribute '__iter__'", path
    assert emu.request('/video/t/fine').body == b'a12,pq,xy'


SETATTR_CODE = ROUTES + '''class Box(object):
    pass


@route('/video/t/setattr')
def SetAttr():
    out = []
    box = Box()
    box.plain = 1
    for target, name in [(box, 'x'), (box, '_x'), ({}, 'x')]:
        try:
            setattr(target, name, 1)
            out.append('set')
        except TypeError as exc:
            out.append('TypeError: ' + str(exc))
        except AttributeError:
            out.append('AttributeError')
    try:
        delattr(box, 'plain')
        out.append('deleted')
    except TypeError as exc:
        out.append('TypeError: ' + str(exc))
    return '|'.join(out)
'''


def test_standard_write_guard_refuses_setattr(emulators, app_support):
    """Standard: `setattr` is RestrictedPython's guarded_setattr (full_write_guard): anything but a
    dict/list or an object with `_guarded_writes` is refused; `obj.x = 1` itself is fine (_write_ is
    the identity). Elevated publishes the builtin setattr (policies/elevatedpolicy.py)."""
    std = emulators(make_bundle(app_support + '-b', 'SetStd', SETATTR_CODE, policy=None), app_support)
    refused = 'TypeError: attribute-less object (assign or del)'
    assert std.request('/video/t/setattr').body.decode('utf-8') == '|'.join(
        [refused, refused, 'AttributeError', refused])
    elevated = emulators(make_bundle(app_support + '-c', 'SetElev', SETATTR_CODE), app_support)
    # Elevated adds the builtin setattr but not delattr: that one stays guarded.
    assert elevated.request('/video/t/setattr').body.decode('utf-8') == 'set|set|AttributeError|' + refused
