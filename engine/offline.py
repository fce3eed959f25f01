"""The offline guarantee, enforceable: make any internet socket in this process an error.

The tests switch it on for themselves and, through ``GENAUG_FORBID_NETWORK=1``, for every process
they start (``main.py`` reads it), so a code path that tries to download anything fails loudly.
Unix-domain sockets stay allowed (Qt and multiprocessing use them locally).
"""

from __future__ import annotations

import os
import socket

ENV_VAR = "GENAUG_FORBID_NETWORK"
ATTEMPTS: list[str] = []  # every blocked attempt, so a caller that swallowed the error is caught
_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", None, ""}
_installed = False


class NetworkBlocked(OSError):
    """Raised instead of opening an internet connection while the guard is on."""


def _blocked(what: str):
    ATTEMPTS.append(what)
    raise NetworkBlocked(f"network access attempted in offline mode: {what}")


def forbid_network() -> None:
    """Patch ``socket`` so internet connections, datagrams and DNS look-ups raise NetworkBlocked."""
    global _installed
    if _installed:
        return
    _installed = True
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_sendto = socket.socket.sendto
    real_getaddrinfo = socket.getaddrinfo

    def inet(sock: socket.socket) -> bool:
        return sock.family in (socket.AF_INET, socket.AF_INET6)

    def connect(self, address):
        if inet(self):
            _blocked(f"connect {address!r}")
        return real_connect(self, address)

    def connect_ex(self, address):
        if inet(self):
            _blocked(f"connect_ex {address!r}")
        return real_connect_ex(self, address)

    def sendto(self, *args):
        if inet(self):
            _blocked(f"sendto {args[-1]!r}")
        return real_sendto(self, *args)

    def getaddrinfo(host, *args, **kwargs):
        if host not in _LOCAL_HOSTS:
            _blocked(f"getaddrinfo {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
    socket.getaddrinfo = getaddrinfo


def forbid_network_if_asked() -> None:
    """Switch the guard on when ``GENAUG_FORBID_NETWORK=1`` is set."""
    if os.environ.get(ENV_VAR) == "1":
        forbid_network()
