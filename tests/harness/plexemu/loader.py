# -*- coding: utf-8 -*-
"""Code/ loading: restriction check, run-time rewrites, sandbox globals, sandbox importer.

plex-runtime.md §2.3-§2.8. Every Code/ module is first checked by
`restricted_rules.find_violations` (tools/restricted_rules.py, the gate's static RestrictedPython
rules; tools/ is on sys.path wherever the harness runs; strict list for __init__.py, Elevated
list for siblings of Elevated bundles), then parsed by the running Python and rewritten the
way RestrictedPython rewrites it where behaviour differs at run time: loops/comprehensions/
unpacking call `_getiter_` (x.__iter__(): a str has none on 2.7) and augmented assignment to a
name calls `_inplacevar_` (only `+=` works).
"""
from __future__ import absolute_import, division, print_function

import ast
import copy
import itertools
import os
import sys
import types

import restricted_rules

from . import process
from .compat import PY2, builtins_module, read_bytes, string_types
from .errors import BundleLoadError, FrameworkException

_OPS = {ast.Add: '+=', ast.Sub: '-=', ast.Mult: '*=', ast.Div: '/=', ast.Mod: '%=', ast.Pow: '**=',
        ast.LShift: '<<=', ast.RShift: '>>=', ast.BitOr: '|=', ast.BitXor: '^=', ast.BitAnd: '&=',
        ast.FloorDiv: '//='}

SAFE_BUILTIN_NAMES = ['None', 'True', 'False', 'abs', 'basestring', 'bool', 'callable', 'chr', 'cmp', 'complex',
                      'divmod', 'float', 'hash', 'hex', 'id', 'int', 'isinstance', 'issubclass', 'len', 'long',
                      'oct', 'ord', 'pow', 'range', 'repr', 'round', 'str', 'tuple', 'unichr', 'unicode',
                      'xrange', 'zip']
PLAIN_GLOBALS = ['object', 'set', 'str', 'unicode', 'min', 'max', 'xrange', 'list', 'dict', 'staticmethod',
                 'classmethod', 'property', 'sorted', 'reversed', 'reduce', 'filter', 'map', 'enumerate']
ELEVATED_BUILTINS = ['hasattr', 'getattr', 'setattr', 'dir', 'super', 'type']

# Python-3 stand-ins for the 2.7 names the sandbox publishes (same behaviour where it matters).
if PY2:  # pragma: no cover
    _PY2_NAMES = {}
else:
    import functools

    def _cmp(a, b):
        return (a > b) - (a < b)

    _PY2_NAMES = {'basestring': (str, bytes), 'long': int, 'unichr': chr, 'unicode': str, 'xrange': range,
                  'cmp': _cmp, 'reduce': functools.reduce, 'StandardError': Exception}


def _builtin(name):
    if name in _PY2_NAMES:
        return _PY2_NAMES[name]
    return getattr(builtins_module, name)


def getiter(obj):
    """`_getiter_` = lambda x: x.__iter__() -- strings have no __iter__ on 2.7."""
    if isinstance(obj, string_types):
        kind = type(obj).__name__ if PY2 else 'str'  # a 2.7 literal 'abc' is a str
        raise AttributeError("'%s' object has no attribute '__iter__'" % kind)
    return obj.__iter__()


def inplacevar(op, arg1, arg2):
    if op == '+=':
        return arg1 + arg2
    raise FrameworkException("Operator '%s' is not supported" % op)


def unpack(value, shape):
    """RCompile's UNPACK_SEQUENCE: `_getiter_(value)` first, at every level of a tuple/list target.

    `shape` has one entry per target element: None for a plain target, a nested shape for a
    nested tuple/list. The outer count is taken first (n + 1 items at most, as UNPACK_SEQUENCE
    does); a wrong count is left to the assignment, which raises Python's own ValueError.
    """
    items = list(itertools.islice(getiter(value), len(shape) + 1))
    if len(items) != len(shape):
        return items
    return [item if sub is None else unpack(item, sub) for item, sub in zip(items, shape)]


def unpack_each(iterator, shape):
    """A for/comprehension tuple target: each item goes through `unpack`."""
    for item in iterator:
        yield unpack(item, shape)


_REFUSED = 'attribute-less object (assign or del)'


def _writes_directly(obj):
    """RestrictedPython.Guards.full_write_guard: only dicts, lists and objects that declare
    `_guarded_writes` are written as they are; anything else goes through a Wrapper."""
    return type(obj) in (dict, list) or hasattr(obj, '_guarded_writes')


def guarded_setattr(obj, name, value):
    """safe_builtins['setattr'] (the only setattr under Standard): the Wrapper asks the object
    for `__guarded_setattr__`, which almost no object has -> TypeError."""
    if _writes_directly(obj):
        setattr(obj, name, value)
        return
    guard = getattr(obj, '__guarded_setattr__', None)
    if guard is None:
        raise TypeError(_REFUSED)
    guard(name, value)


def guarded_delattr(obj, name):
    """safe_builtins['delattr'] (under both policies: Elevated adds no delattr)."""
    if _writes_directly(obj):
        delattr(obj, name)
        return
    guard = getattr(obj, '__guarded_delattr__', None)
    if guard is None:
        raise TypeError(_REFUSED)
    guard(name)


def _str_node(value):
    constant = getattr(ast, 'Constant', None)
    return constant(value=value) if constant is not None else ast.Str(s=value)


def _none_node():
    constant = getattr(ast, 'Constant', None)
    return constant(value=None) if constant is not None else ast.Name(id='None', ctx=ast.Load())


_STARRED = getattr(ast, 'Starred', ())  # no such node on 2.7


def _is_sequence_target(node):
    return isinstance(node, (ast.Tuple, ast.List))


def _shape_node(target):
    """The `shape` argument of `unpack` for a tuple/list target, as an AST tuple literal."""
    elts = []
    for elt in target.elts:
        if isinstance(elt, _STARRED):
            raise SyntaxError('starred assignment targets are Python 3 only (the framework runs 2.7)',
                              (None, getattr(elt, 'lineno', None), None, None))
        elts.append(_shape_node(elt) if _is_sequence_target(elt) else _none_node())
    return ast.Tuple(elts=elts, ctx=ast.Load())


def _call(name, *args):
    return ast.Call(func=ast.Name(id=name, ctx=ast.Load()), args=list(args), keywords=[])


class _Rewriter(ast.NodeTransformer):
    """The run-time-visible parts of RestrictionMutator and RCompile: _getiter_ on every loop and
    on every tuple/list target (for, comprehension, with, assignment; nested ones too), and
    _inplacevar_."""

    def __init__(self):
        ast.NodeTransformer.__init__(self)
        self._temps = 0

    def _temp_name(self):
        self._temps += 1
        return '_emu_unpacked_%d' % self._temps  # sandbox code cannot spell a name starting with _

    def _wrap(self, node):
        return ast.copy_location(_call('_getiter_', node), node)

    def _iterate(self, node):
        """for/comprehension: `_getiter_(iter)`, and each item through `unpack` for a tuple target."""
        node.iter = self._wrap(node.iter)
        if _is_sequence_target(node.target):
            node.iter = ast.copy_location(_call('_unpack_each_', node.iter, _shape_node(node.target)), node.iter)
        return node

    def visit_For(self, node):
        self.generic_visit(node)
        return self._iterate(node)

    def visit_comprehension(self, node):
        self.generic_visit(node)
        return self._iterate(node)

    def visit_Assign(self, node):
        self.generic_visit(node)
        if not any(_is_sequence_target(t) for t in node.targets):
            return node
        if len(node.targets) == 1:
            node.value = ast.copy_location(_call('_unpack_', node.value, _shape_node(node.targets[0])), node.value)
            return node
        # a = b, c = value: evaluate once, then assign each target in turn
        temp = self._temp_name()
        out = [ast.copy_location(ast.Assign(targets=[ast.Name(id=temp, ctx=ast.Store())], value=node.value), node)]
        for target in node.targets:
            value = ast.Name(id=temp, ctx=ast.Load())
            if _is_sequence_target(target):
                value = _call('_unpack_', value, _shape_node(target))
            out.append(ast.copy_location(ast.Assign(targets=[target], value=value), node))
        return out

    def _unpack_with_target(self, holder, body):
        """`with x as (a, b)`: bind a temp, then `(a, b) = _unpack_(temp, shape)` first in the body."""
        if not _is_sequence_target(holder.optional_vars):
            return
        temp = self._temp_name()
        target = holder.optional_vars
        holder.optional_vars = ast.Name(id=temp, ctx=ast.Store())
        assign = ast.Assign(targets=[target], value=_call('_unpack_', ast.Name(id=temp, ctx=ast.Load()),
                                                          _shape_node(target)))
        body.insert(0, ast.copy_location(assign, target))

    def visit_With(self, node):
        self.generic_visit(node)
        for holder in getattr(node, 'items', None) or [node]:  # 3: withitems; 2.7: the With itself
            self._unpack_with_target(holder, node.body)
        return node

    def visit_AugAssign(self, node):
        self.generic_visit(node)
        if isinstance(node.target, ast.Name):
            op = _OPS.get(type(node.op), '?=')
            value = _call('_inplacevar_', _str_node(op), ast.Name(id=node.target.id, ctx=ast.Load()), node.value)
            new = ast.Assign(targets=[ast.Name(id=node.target.id, ctx=ast.Store())], value=value)
            return ast.copy_location(new, node)
        return node


def compile_restricted(path, policy):
    """Check with restricted_rules, then compile with the rewrites. BundleLoadError names file:line."""
    source = read_bytes(path)
    try:
        violations = restricted_rules.find_violations(source, path, policy)
    except SyntaxError as exc:
        raise BundleLoadError('%s:%s: SyntaxError: %s' % (path, exc.lineno, exc.msg), path, exc.lineno)
    # Rules the framework only meets at run time (builtin open -> NameError, print) do not stop
    # the load in Plex; the gate refuses them, the emulator lets them fail where Plex does.
    violations = [v for v in violations if not v.message.startswith(restricted_rules.RUNTIME_ONLY_PREFIXES)]
    if violations:
        first = violations[0]
        raise BundleLoadError('%s:%d: %s' % (first.filename, first.lineno, first.message), path, first.lineno)
    try:
        tree = ast.parse(source, path)
    except SyntaxError as exc:
        raise BundleLoadError('%s:%s: SyntaxError (not valid for this Python %d): %s'
                              % (path, exc.lineno, sys.version_info[0], exc.msg), path, exc.lineno)
    try:
        tree = ast.fix_missing_locations(_Rewriter().visit(tree))
    except SyntaxError as exc:
        raise BundleLoadError('%s:%s: SyntaxError: %s' % (path, exc.lineno, exc.msg), path, exc.lineno)
    return compile(tree, path, 'exec', 0, True)


class Sandbox(object):
    """sandbox.environment (= __init__'s globals) plus the sandbox importer (code/sandbox.py, loader.py)."""

    def __init__(self, emu, code_path, elevated):
        self.emu = emu
        self.code_path = code_path
        self.elevated = elevated
        self.modules = {}
        self.environment = {}

    def build_environment(self, api):
        builtins = {}
        for name in SAFE_BUILTIN_NAMES:
            builtins[name] = _builtin(name) if name not in ('None', 'True', 'False') else \
                {'None': None, 'True': True, 'False': False}[name]
        for name in dir(builtins_module):
            value = getattr(builtins_module, name)
            if isinstance(value, type) and issubclass(value, BaseException) and not name.startswith('_'):
                builtins[name] = value
        if not PY2:
            builtins['StandardError'] = Exception
            builtins['__build_class__'] = builtins_module.__build_class__
        builtins['setattr'] = guarded_setattr
        builtins['delattr'] = guarded_delattr
        builtins['__import__'] = self.import_module
        env = {
            '__builtins__': builtins,
            '__name__': '__code__',
            '_getattr_': getattr,
            '_write_': lambda x: x,
            '_getiter_': getiter,
            '_getitem_': lambda x, y: x.__getitem__(y),
            '_inplacevar_': inplacevar,
            '_unpack_': unpack,
            '_unpack_each_': unpack_each,
            '_apply_': lambda f, *a, **kw: f(*a, **kw),
            '__path__': self.code_path,
        }
        for name in PLAIN_GLOBALS:
            env[name] = _builtin(name)
        if self.elevated:
            for name in ELEVATED_BUILTINS:
                env[name] = _builtin(name)
        env.update(api)
        self.environment = env
        return env

    def execute(self, code):
        exec(code, self.environment)

    def call_named_function(self, name, *args, **kwargs):
        """Start()/ValidatePrefs(): CRITICAL when missing, exceptions logged and swallowed."""
        log = self.emu.plugin_log
        try:
            f = self.environment.get(name)
            if f is None:
                log.fw(50, ('sandbox', 298), "Function named '%s' couldn't be found in the current environment", name)
                return None
            from .routing import format_kwargs_for_function
            format_kwargs_for_function(f, kwargs)
            return f(*args, **kwargs)
        except Exception:
            log.fw_exception(('sandbox', 303), "Exception when calling function '%s'", name)
            return None

    # ---- importer ----------------------------------------------------------------------
    def import_module(self, name, globals=None, locals=None, fromlist=(), level=-1):
        """sandbox.__import__: Code/ first (by the importer's folder), then sys.modules, then Python."""
        globals = globals or {}
        directory = globals.get('__path__') if isinstance(globals.get('__path__'), string_types) else None
        if directory is None or sys._getframe(1).f_code.co_name != '<module>':
            directory = self.code_path
        if not name:
            raise ImportError('No module named %s' % '.')  # `from . import x`
        first = name.split('.')[0]
        module = self._load_sandbox_module(first, directory)
        if module is not None:
            leaf = module
            for part in name.split('.')[1:]:
                if not hasattr(leaf, part):
                    raise ImportError('No module named %s' % part)
                leaf = getattr(leaf, part)
            return leaf if fromlist else module
        if name in sys.modules and sys.modules[name] is not None:
            module = sys.modules[name]  # dotted names bind the leaf, as in the framework (§2.7)
        else:
            if not PY2 and (level is None or level < 0):
                level = 0
            module = __import__(name, globals, locals, fromlist or (), level)
        if process.foreign_module(module, self.emu.own_library_dirs()):
            # another running emulator's Libraries module: a real plug-in process has no such module
            raise ImportError('No module named %s' % first)
        return module

    def _load_sandbox_module(self, name, directory):
        candidates = [os.path.join(directory, name + '.py'), os.path.join(directory, name, '__init__.py')]
        path = None
        for candidate in candidates:
            if os.path.isfile(candidate):
                path = candidate
                break
        if path is None:
            return None
        if name in self.modules:
            return self.modules[name]
        policy = 'elevated' if self.elevated else 'init'
        code = compile_restricted(path, policy)
        module = types.ModuleType(name)
        module.__dict__.update(copy.copy(self.environment))
        module.__dict__['__name__'] = name
        module.__dict__['__path__'] = os.path.dirname(path)
        self.modules[name] = module
        try:
            exec(code, module.__dict__)
        except Exception:
            del self.modules[name]
            raise
        return module
