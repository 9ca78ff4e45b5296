# -*- coding: utf-8 -*-
"""restricted_rules must refuse exactly what the framework's compiler refuses (plex-runtime.md 2.6)."""
from __future__ import absolute_import, division, print_function

import textwrap

import pytest

from restricted_rules import (ELEVATED_DUNDERS, INIT_DUNDERS, RUNTIME_ONLY_PREFIXES, Violation, find_violations,
                              parse27)


def check(source, policy='init'):
    data = textwrap.dedent(source).lstrip('\n').encode('utf-8')
    return [(v.lineno, v.message) for v in find_violations(data, 'mod.py', policy)]


def lines(source, policy='init'):
    return [lineno for lineno, _ in check(source, policy)]


def test_api_shape():
    found = find_violations(b'x._y = 1\n', 'some/file.py', 'init')
    assert found == [Violation('some/file.py', 1, '"_y" is an invalid attribute name because it starts with "_"')]
    assert Violation._fields == ('filename', 'lineno', 'message')
    with pytest.raises(ValueError):
        find_violations(b'x = 1\n', 'f.py', 'standard')


def test_clean_code_passes_both_policies():
    source = u'''
        # -*- coding: utf-8 -*-
        """Doc."""
        from __future__ import absolute_import, division, print_function
        from pleximprovement import _internal
        import os
        _ = L
        TITLE = u"caf\u00e9"

        class Menu(object):
            def __init__(self, items):
                self.items = [i for i in items if i]
                total = 0
                total += len(self.items)
                gen = (x for x in self.items)
                with Thread.Lock('x') as held:
                    pass
                try:
                    pass
                except Exception as exc:
                    Log.Exception(str(exc))

            def __str__(self):
                return 'Menu'
        '''
    assert check(source, 'init') == []
    assert check(source, 'elevated') == []


@pytest.mark.parametrize('snippet,lineno,message', [
    ('x = _hidden\n', 1, '"_hidden" is an invalid variable name'),
    ('_hidden = 1\n', 1, '"_hidden" is an invalid variable name'),
    ('obj._attr\n', 1, '"_attr" is an invalid attribute name'),
    ('obj._attr = 1\n', 1, '"_attr" is an invalid attribute name'),
    ('def _f():\n    pass\n', 1, '"_f" is an invalid function name'),
    ('def f(_a):\n    pass\n', 1, '"_a" is an invalid argument name'),
    ('def f(*_a):\n    pass\n', 1, '"_a" is an invalid argument name'),
    ('def f(**_k):\n    pass\n', 1, '"_k" is an invalid argument name'),
    ('def f((a, _b)):\n    pass\n', 1, '"_b" is an invalid variable name'),
    ('f = lambda _q: 1\n', 1, '"_q" is an invalid argument name'),
    ('class _C(object):\n    pass\n', 1, '"_C" is an invalid class name'),
    ('import _thread\n', 1, '"_thread" is an invalid import name'),
    ('import os as _os\n', 1, '"_os" is an invalid import name'),
    ('try:\n    pass\nexcept E, _e:\n    pass\n', 3, '"_e" is an invalid variable name'),
    ('x = [_i for _i in y]\n', 1, '"_i" is an invalid variable name'),
    ('def f():\n    yield 1\n', 2, 'Yield statements are not allowed'),
    ('exec "x = 1"\n', 1, 'Exec statements are not allowed'),
    ('obj.count += 1\n', 1, 'Augmented assignment of attributes and object items'),
    ('d[k] += 1\n', 1, 'Augmented assignment of attributes and object items'),
    ('printed = 1\n', 1, '"printed" is a reserved name'),
    ('x = a__roles__\n', 1, 'ends with "__roles__"'),
    ('data = open("f").read()\n', 1, 'builtin open()'),
    ('print "hello"\n', 1, 'print statement'),
    ('from __future__ import print_function\nprint("hello")\n', 2, 'print() under print_function'),
    ('x = __file__\n', 1, '"__file__" is an invalid variable name'),
])
def test_each_rule(snippet, lineno, message):
    found = check(snippet)
    assert len(found) >= 1, snippet
    assert found[0][0] == lineno
    assert message in found[0][1]


def test_line_numbers_are_exact():
    assert lines('''
        x = 1
        y = obj._a
        def g():
            yield x
        obj.n += 1
        ''') == [2, 4, 5]


def test_from_import_of_underscore_name_is_allowed():
    assert check('from x import _y\nfrom . import _z\n') == []


def test_dunder_lists_per_policy():
    assert INIT_DUNDERS < ELEVATED_DUNDERS
    source = '''
        class T(object):
            def __getitem__(self, key):
                return self.__name__
            def __iter__(self):
                return iter([])
        '''
    assert lines(source, 'init') == [2, 3, 4]
    assert check(source, 'elevated') == []
    for never in ('__unicode__', '__dict__', '__class__', '__lt__'):
        assert check('x.%s\n' % never, 'elevated'), never


def test_open_bound_by_the_module_is_fine():
    assert check('from io import open\ndata = open("f", "rb").read()\n') == []
    assert check('def open(x):\n    return x\nopen(1)\n') == []


def test_syntax_error_propagates_with_line_number():
    with pytest.raises(SyntaxError) as info:
        find_violations(b'x = 1\ny = f"{x}"\n', 'bad.py', 'init')
    assert info.value.lineno == 2


def test_python3_only_syntax_is_refused_by_the_27_grammar():
    for source in (b'def f(*, a):\n    pass\n', b'nonlocal x\n', b'async def f():\n    pass\n'):
        with pytest.raises(SyntaxError):
            parse27(source, 'x.py')


def test_coding_declaration_and_non_ascii():
    tree = parse27(u'# -*- coding: utf-8 -*-\nx = u"\u00e9"\n'.encode('utf-8'), 'x.py')
    assert tree.body[0].value.s == u'\u00e9'
    latin = parse27(u'# -*- coding: latin-1 -*-\nx = u"\u00e9"\n'.encode('latin-1'), 'x.py')
    assert latin.body[0].value.s == u'\u00e9'
    with_bom = parse27(b'\xef\xbb\xbfx = 1\n', 'x.py')
    assert len(with_bom.body) == 1
    with pytest.raises(SyntaxError):
        parse27(b'# -*- coding: utf-8 -*-\nx = "\xff"\n', 'x.py')


def test_runtime_only_rules_are_labelled():
    found = check('print "x"\ny = open("f")\n')
    assert len(found) == 2
    assert all(message.startswith(RUNTIME_ONLY_PREFIXES) for _, message in found)
    assert not check('x._y\n')[0][1].startswith(RUNTIME_ONLY_PREFIXES)
