"""An HTTP server behind Basic authentication: 401 for any other credentials, a small page for the right ones.

The HTTP brute force of the capture bench guesses passwords against it. Usage: basic_auth_server.py ADDRESS PORT USER:PASSWORD
"""
import base64
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

address, port, credentials = sys.argv[1], int(sys.argv[2]), sys.argv[3]
expected = "Basic " + base64.b64encode(credentials.encode()).decode()


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.headers.get("Authorization") == expected:
            body = b"<html><body>admin console</body></html>"
            self.send_response(200)
        else:
            body = b"<html><body>401 Unauthorized</body></html>"
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="admin"')
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        # One line per guess would only fill the bench's pipe.
        pass


ThreadingHTTPServer((address, port), Handler).serve_forever()
