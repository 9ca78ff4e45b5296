# -*- coding: utf-8 -*-
"""The framework's exception types (exceptions.py) and the emulator's load failure."""
from __future__ import absolute_import, division, print_function

import socket

from .compat import HTTPError, URLError, http_client


class FrameworkException(Exception):
    pass


class UnauthorizedException(FrameworkException):
    pass


class BadRequestException(FrameworkException):
    pass


class APIException(FrameworkException):
    pass


class PlexError(FrameworkException):
    def __init__(self, code, status, traceback=None):
        FrameworkException.__init__(self, code, status)
        self.code = code
        self.status = status
        self.traceback = traceback


class PlexNonCriticalError(PlexError):
    pass


class MediaNotAvailable(PlexNonCriticalError):
    def __init__(self):
        PlexNonCriticalError.__init__(self, 2001, 'This media is not currently available.')


class RedirectError(FrameworkException):
    def __init__(self, code, headers):
        FrameworkException.__init__(self, code)
        self.code = code
        self.headers = headers
        self.location = headers.get('Location') if headers else None


class BundleLoadError(Exception):
    """The bundle would not start in Plex (bootstrap exit 2: compile, exit 3: executing __init__)."""

    def __init__(self, message, filename=None, lineno=None, exit_code=2):
        Exception.__init__(self, message)
        self.filename = filename
        self.lineno = lineno
        self.exit_code = exit_code


class EmulatorConflict(RuntimeError):
    """Not a Plex error: this emulator would share with a running one what Plex gives each plug-in
    process for itself (identifier's logger, a Libraries module, an environment variable)."""


class ExKit(object):
    """The `Ex` global."""
    FrameworkException = FrameworkException
    UnauthorizedException = UnauthorizedException
    BadRequestException = BadRequestException
    APIException = APIException
    PlexError = PlexError
    PlexNonCriticalError = PlexNonCriticalError
    MediaNotAvailable = MediaNotAvailable
    RedirectError = RedirectError
    HTTPError = HTTPError
    URLError = URLError
    SocketTimeout = socket.timeout
    SocketError = socket.error
    IncompleteRead = http_client.IncompleteRead
