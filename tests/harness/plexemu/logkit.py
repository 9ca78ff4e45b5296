# -*- coding: utf-8 -*-
"""The plug-in log: framework line format, rotation, caller attribution, traceback text.

plex-runtime.md §6: `%(asctime)-15s (%(thread)x) :  %(levelname)s (%(module)s:%(lineno)d) - %(message)s`,
RotatingFileHandler(maxBytes=1 MiB, backupCount=5) rolled at every start, `module` = the caller's
basename with the log plumbing skipped. Framework-emitted lines carry the framework's own
module:line (core:349, runtime:717, agentkit:1018 ...), given explicitly by the emulator.
"""
from __future__ import absolute_import, division, print_function

import logging
import logging.handlers
import os
import sys
import traceback

from .compat import PY2, makedirs

LINE_FORMAT = '%(asctime)-15s (%(thread)x) :  %(levelname)s (%(module)s:%(lineno)d) - %(message)s'
MAX_BYTES = 1048576
BACKUP_COUNT = 5

# Where a PMS install keeps the framework; used for the framework frames of tracebacks.
FRAMEWORK_ROOT = ('/usr/lib/plexmediaserver/Resources/Plug-ins-248a2da/Framework.bundle/'
                  'Contents/Resources/Versions/2/Python/Framework')

_HERE = os.path.dirname(os.path.abspath(__file__))
_LOGGING_DIR = os.path.dirname(os.path.abspath(logging.__file__))

# Emulator frames that stand for framework frames in tracebacks: (emulator module, function) ->
# the framework frames the real call path has there (file under FRAMEWORK_ROOT, line, function,
# source line). Emulator frames without an entry are left out of traceback text.
FRAME_MAP = {
    ('agentkit', '_search'): [('api/agentkit.py', 1011, '_search', 'agent.search(*f_args, **f_kwargs)')],
    ('agentkit', '_update'): [('api/agentkit.py', 1093, '_update', 'agent.update(obj, media, lang, **kwargs)')],
    ('routing', '_match'): [('components/runtime.py', 463, 'match_route',
                             'raise Framework.exceptions.FrameworkException("No route found matching \'%s\'" % path)')],
    ('routing', '_call_route'): [('components/runtime.py', 843, 'handle_request', 'result = f(**d)')],
    ('loader', 'call_named_function'): [('code/sandbox.py', 294, 'call_named_function',
                                         'result = f(*args, **kwargs)')],
    ('loader', 'execute'): [('code/sandbox.py', 271, 'execute', 'exec(code) in self.environment')],
    ('threadkit', '_run'): [('components/runtime.py', 1126, '_start_thread', 'f(*args, **kwargs)')],
    ('httpkit', 'content'): [('components/networking.py', 243, 'content', 'return self.__str__()'),
                             ('components/networking.py', 221, '__str__', 'self.load()')],
    ('httpkit', 'load'): [('components/networking.py', 159, 'load',
                           'f = self._opener.open(req, timeout=self._timeout)')],
    ('parsekit', 'html_from_url'): [('api/parsekit.py', 470, 'ElementFromURL',
                                     'return self.ElementFromString(self._http_request(')],
    ('parsekit', 'xml_from_url'): [('api/parsekit.py', 332, 'ElementFromURL',
                                    'return self.ElementFromString(self._http_request(')],
    ('parsekit', 'json_from_url'): [('api/parsekit.py', 133, 'ObjectFromURL',
                                     'return self.ObjectFromString(self._http_request(')],
}


def _is_emulator_file(filename):
    return os.path.abspath(filename).startswith(_HERE + os.sep)


def framework_entries(tb):
    """traceback.extract_tb with emulator frames replaced by the framework frames they stand for."""
    entries = []
    for filename, lineno, name, line in traceback.extract_tb(tb):
        if _is_emulator_file(filename):
            key = (os.path.splitext(os.path.basename(filename))[0], name)
            for rel, fw_line, fw_name, source in FRAME_MAP.get(key, ()):
                entries.append((FRAMEWORK_ROOT + '/' + rel, fw_line, fw_name, source))
            continue
        entries.append((filename, lineno, name, line))
    return entries


def traceback_text(msg='Traceback', exc_info=None):
    """core.traceback(): '<msg> (most recent call last):' + format_list + format_exception_only."""
    etype, value, tb = exc_info or sys.exc_info()
    body = ''.join(traceback.format_list(framework_entries(tb)))
    body += exception_only(etype, value)
    return '%s (most recent call last):\n%s' % (msg, body)


def exception_only(etype, value):
    """The last traceback line as Python 2 writes it: bare class name, then the message."""
    if etype is None:
        return 'None\n'
    if issubclass(etype, SyntaxError):
        return ''.join(traceback.format_exception_only(etype, value))
    text = _safe_str(value)
    return '%s: %s\n' % (etype.__name__, text) if text else '%s\n' % etype.__name__


def _safe_str(value):
    try:
        return str(value)
    except Exception:
        return '<unprintable %s object>' % type(value).__name__


class _Formatter(logging.Formatter):
    """On 2.7 every str field becomes unicode (UTF-8), so invalid bytes drop the line (§6.4)."""

    def format(self, record):
        if PY2:  # pragma: no cover
            for key in list(record.__dict__):
                val = record.__dict__[key]
                if key[:1] != '_' and isinstance(val, str):
                    record.__dict__[key] = val.decode('utf-8')
        return logging.Formatter.format(self, record)


class _CallerFilter(logging.Filter):
    """Sets module/lineno to the first frame that is not log plumbing (FrameworkLogger.findCaller)."""

    def filter(self, record):
        fw = getattr(record, 'fw_where', None)
        if fw is not None:
            record.module, record.lineno = fw
            record.funcName = fw[0]
            return True
        frame = sys._getframe(1)
        while frame is not None:
            filename = os.path.abspath(frame.f_code.co_filename)
            if not (filename.startswith(_LOGGING_DIR + os.sep) or filename.startswith(_HERE + os.sep)):
                record.pathname = frame.f_code.co_filename
                record.filename = os.path.basename(record.pathname)
                record.module = os.path.splitext(record.filename)[0]
                record.lineno = frame.f_lineno
                record.funcName = frame.f_code.co_name
                break
            frame = frame.f_back
        return True


class PluginLog(object):
    """One plug-in's log file. The kits write through a logger of this emulator's own (a stopped
    emulator's leftover threads write nowhere); the stdlib logger named after the identifier
    (what library code reaches with logging.getLogger(identifier), §6.4) carries the same
    handler while the emulator runs (process.py keeps identifiers unique among running ones)."""

    def __init__(self, identifier, log_path):
        self.identifier = identifier
        self.path = log_path
        self.logger = logging.Logger(identifier)  # not registered: nobody else gets this object
        self.named_logger = logging.getLogger(identifier)
        self.handler = None

    def open(self):
        makedirs(os.path.dirname(self.path))
        rollover = os.path.exists(self.path)
        handler = logging.handlers.RotatingFileHandler(
            self.path, mode='a', maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding='utf-8')
        handler.setFormatter(_Formatter(LINE_FORMAT))
        handler.addFilter(_CallerFilter())
        if rollover:
            handler.doRollover()
        for logger in (self.logger, self.named_logger):
            for old in list(logger.handlers):
                logger.removeHandler(old)
            logger.addHandler(handler)
            logger.setLevel(logging.DEBUG)
            logger.propagate = False
        self.handler = handler

    def close(self):
        if self.handler is not None:
            for logger in (self.logger, self.named_logger):
                logger.removeHandler(self.handler)
                logger.addHandler(logging.NullHandler())  # the process is gone: lines go nowhere
            self.handler.close()
            self.handler = None

    def fw(self, level, where, msg, *args):
        """A framework-emitted line: `where` = (module, lineno) as in the real framework."""
        if self.handler is None:
            return
        self.logger.log(level, msg, *args, extra={'fw_where': where})

    def fw_exception(self, where, msg, *args):
        """core.log_exception(): CRITICAL, eager formatting, traceback text appended."""
        self.fw(logging.CRITICAL, where, '%s', traceback_text(msg % tuple(args)))


class LogKit(object):
    """The `Log` global (api/logkit.py, §3.2)."""

    def __init__(self, plugin_log):
        self._log = plugin_log

    def __call__(self, fmt, *args, **kwargs):
        self.Info(fmt, *args, **kwargs)

    def Debug(self, fmt, *args, **kwargs):
        self._log.logger.debug(fmt, *args, **kwargs)

    def Info(self, fmt, *args, **kwargs):
        self._log.logger.info(fmt, *args, **kwargs)

    def Warn(self, fmt, *args, **kwargs):
        self._log.logger.warning(fmt, *args, **kwargs)

    Warning = Warn

    def Error(self, fmt, *args, **kwargs):
        self._log.logger.error(fmt, *args, **kwargs)

    def Critical(self, fmt, *args, **kwargs):
        self._log.logger.critical(fmt, *args, **kwargs)

    def Exception(self, fmt, *args):
        """Eager `fmt % args` (a stray % raises here, as in the framework), CRITICAL + traceback."""
        self._log.logger.critical('%s', traceback_text(fmt % tuple(args)))

    def Stack(self):
        lines = traceback.format_stack()[:-1]
        self._log.logger.debug('Current stack:\n' + ''.join('  %s\n' % line_.strip() for line_ in lines))
