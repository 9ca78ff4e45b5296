# -*- coding: utf-8 -*-
"""Code/ loading: restriction check, run-time rewrites, sandbox globals, sandbox importer.

plex-runtime.md §2.3-§2.8. Every Code/ module is first checked by
`harness.restricted_rules.find_violations` (the static RestrictedPython rules; strict list for
__init__.py, Elevated list for siblings of Elevated bundles), then parsed by the running
Python and rewritten the way RestrictedPython rewrites it where behaviour differs at run
time: loops/comprehensions/unpacking call `_getiter_` (x.__iter__(): a str has none on 2.7)
and augmented assignment to a name calls `_inplacevar_` (only `+=` works).
"""
from __future__ import absolute_import, division, print_function

import ast
import copy
import os
import sys
import types

from .compat import PY2, builtins_module, read_bytes, string_types
from .errors import BundleLoadError, FrameworkException

try:
    from harness import restricted_rules
except ImportError:  # pragma: no cover - tests/ not on sys.path
    restricted_rules = None

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


def guarded_setattr(obj, name, value):
    """Standard policy's setattr: no private names."""
    if isinstance(name, string_types) and name.startswith('_'):
        raise TypeError('attribute-less object (assign or del)')
    setattr(obj, name, value)


def guarded_delattr(obj, name):
    if isinstance(name, string_types) and name.startswith('_'):
        raise TypeError('attribute-less object (assign or del)')
    delattr(obj, name)


def _str_node(value):
    constant = getattr(ast, 'Constant', None)
    return constant(value=value) if constant is not None else ast.Str(s=value)


def _call(name, *args):
    return ast.Call(func=ast.Name(id=name, ctx=ast.Load()), args=list(args), keywords=[])


class _Rewriter(ast.NodeTransformer):
    """The run-time-visible parts of RestrictionMutator: _getiter_ and _inplacevar_."""

    def _wrap(self, node):
        return ast.copy_location(_call('_getiter_', node), node)

    def visit_For(self, node):
        self.generic_visit(node)
        node.iter = self._wrap(node.iter)
        return node

    def visit_comprehension(self, node):
        self.generic_visit(node)
        node.iter = self._wrap(node.iter)
        return node

    def visit_Assign(self, node):
        self.generic_visit(node)
        if any(isinstance(t, (ast.Tuple, ast.List)) for t in node.targets):
            node.value = self._wrap(node.value)
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
    if restricted_rules is None:  # pragma: no cover
        raise BundleLoadError('harness.restricted_rules is not importable', path)
    try:
        violations = restricted_rules.find_violations(source, path, policy)
    except SyntaxError as exc:
        raise BundleLoadError('%s:%s: SyntaxError: %s' % (path, exc.lineno, exc.msg), path, exc.lineno)
    # Rules the framework only meets at run time (builtin open -> NameError, print) do not stop
    # the load in Plex; the gate refuses them, the emulator lets them fail where Plex does.
    runtime_only = tuple(getattr(restricted_rules, 'RUNTIME_ONLY_PREFIXES', ()))
    violations = [v for v in violations if not (runtime_only and v.message.startswith(runtime_only))]
    if violations:
        first = violations[0]
        raise BundleLoadError('%s:%d: %s' % (first.filename, first.lineno, first.message), path, first.lineno)
    try:
        tree = ast.parse(source, path)
    except SyntaxError as exc:
        raise BundleLoadError('%s:%s: SyntaxError (not valid for this Python %d): %s'
                              % (path, exc.lineno, sys.version_info[0], exc.msg), path, exc.lineno)
    tree = ast.fix_missing_locations(_Rewriter().visit(tree))
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
            return sys.modules[name]  # dotted names bind the leaf, as in the framework (§2.7)
        if not PY2 and (level is None or level < 0):
            level = 0
        return __import__(name, globals, locals, fromlist or (), level)

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
