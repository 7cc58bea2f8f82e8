"""Exit with a plain message when the port `make run` wants is already taken."""

import socket
import sys

host, port = sys.argv[1], int(sys.argv[2])
with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sys.exit(f"Port {port} on {host} is already in use. Run `make run PORT=8001` (or stop what uses it).")
