"""One HTTPS request from a chosen source address: openssl s_client cannot bind one, and the probe tells hosts apart
by their source address on loopback. The lab's certificate is self-signed, so it is not verified.

Usage: tls_fetch.py SOURCE SERVER PORT SERVER_NAME PATH
"""
import socket
import ssl
import sys

source, server, port, name, path = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
context = ssl.create_default_context()
context.check_hostname = False
context.verify_mode = ssl.CERT_NONE
with socket.create_connection((server, port), timeout=10, source_address=(source, 0)) as raw:
    with context.wrap_socket(raw, server_hostname=name) as tls:
        tls.sendall(f"GET {path} HTTP/1.0\r\nHost: {name}\r\n\r\n".encode())
        while tls.recv(65536):
            pass
