"""The socket guard itself must work, or every other test's promise of "no network" is empty."""

import socket

import pytest

from tests.conftest import NetworkUsed


def test_socket_connect_fails_the_test() -> None:
    with pytest.raises(NetworkUsed):
        socket.create_connection(("127.0.0.1", 9))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        with pytest.raises(NetworkUsed):
            sock.connect(("127.0.0.1", 9))
    finally:
        sock.close()


def test_name_lookup_fails_the_test() -> None:
    with pytest.raises(NetworkUsed):
        socket.getaddrinfo("example.org", 443)
