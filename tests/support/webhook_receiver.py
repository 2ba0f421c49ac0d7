"""A webhook receiver for Billfold's tests that verifies every message with the `standardwebhooks` package (PyPI),
not with Billfold's own code.

Prints its port on the first line of stdout. Paths:
  POST /_secret/<path>     body: the whsec_ secret of the endpoint at <path> (set after the endpoint is created)
  GET  /_received          JSON list of what arrived: {path, id, type, verified}
  POST /ok                 verifies, answers 204
  POST /fail/<n>           verifies, answers 500 to the first n messages, then 204
  POST /gone               answers 410 Gone
"""

import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

STATE = {"secrets": {}, "received": [], "failures": {}}
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, status, body=b""):
        self.send_response(status)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == "/_received":
            with LOCK:
                body = json.dumps(STATE["received"]).encode()
            return self.reply(200, body)
        self.reply(404)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        if self.path.startswith("/_secret/"):
            with LOCK:
                STATE["secrets"][self.path[len("/_secret"):]] = body.decode()
            return self.reply(204)
        headers = {k.lower(): v for k, v in self.headers.items()}
        verified = False
        kind = None
        try:
            payload = Webhook(STATE["secrets"][self.path]).verify(body, headers)
            verified = True
            kind = payload.get("type")
        except (WebhookVerificationError, Exception):
            verified = False
        with LOCK:
            STATE["received"].append(
                {"path": self.path, "id": headers.get("webhook-id"), "type": kind, "verified": verified}
            )
            if not verified:
                return self.reply(400)
            if self.path == "/gone":
                return self.reply(410)
            if self.path.startswith("/fail/"):
                allowed = int(self.path.split("/")[2])
                seen = STATE["failures"].get(self.path, 0)
                STATE["failures"][self.path] = seen + 1
                if seen < allowed:
                    return self.reply(500)
        self.reply(204)


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    # Stop when the test process that started us closes our stdin.
    threading.Thread(target=lambda: (sys.stdin.read(), server.shutdown()), daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
