#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# A small HTTP server that misbehaves on purpose, for tests/interop/fetch_http.sh.
# Serves files of DIR; the first path segment picks the behaviour:
#   /good/NAME           ETag + Last-Modified, 304 on If-None-Match, 206 on Range (If-Range)
#   /truncate-once/NAME  first request: Content-Length of the whole file, half the body,
#                        then close; afterwards as /good (so a client can resume)
#   /status500/NAME      500 Internal Server Error
#   /slow/NAME           headers, then nothing for 30 s
# Every request line and its Range / If-Range / If-None-Match headers go to LOG.
# usage: fetch_faulty_server.py PORT DIR LOG
import hashlib
import http.server
import os
import socketserver
import sys
import time
from email.utils import formatdate

PORT, ROOT, LOG = int(sys.argv[1]), sys.argv[2], sys.argv[3]
truncated_once = set()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def note(self):
        with open(LOG, "a") as f:
            f.write("%s range=%s if-range=%s inm=%s\n" % (
                self.path, self.headers.get("Range"), self.headers.get("If-Range"),
                self.headers.get("If-None-Match")))

    def send_plain(self, code, body=b""):
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.note()
        parts = self.path.split("/", 2)
        if len(parts) < 3:
            return self.send_plain(404, b"no\n")
        mode, name = parts[1], parts[2]
        path = os.path.join(ROOT, os.path.basename(name))
        if not os.path.isfile(path):
            return self.send_plain(404, b"no such file\n")
        with open(path, "rb") as f:
            body = f.read()
        etag = '"%s"' % hashlib.sha256(body).hexdigest()[:16]
        lm = formatdate(os.stat(path).st_mtime, usegmt=True)
        if mode == "status500":
            return self.send_plain(500, b"internal error\n")
        if mode == "slow":
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.flush()
            time.sleep(30)
            return
        if mode == "truncate-once" and name not in truncated_once:
            truncated_once.add(name)
            self.send_response(200)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", lm)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.serve_good(body, etag, lm)

    def serve_good(self, body, etag, lm):
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Connection", "close")
            self.end_headers()
            return
        rng, if_range = self.headers.get("Range"), self.headers.get("If-Range")
        if rng and rng.startswith("bytes=") and rng.endswith("-") and if_range in (None, etag, lm):
            start = int(rng[6:-1])
            if start < len(body):
                self.send_response(206)
                self.send_header("ETag", etag)
                self.send_header("Content-Range", "bytes %d-%d/%d" % (start, len(body) - 1, len(body)))
                self.send_header("Content-Length", str(len(body) - start))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(body[start:])
                return
        self.send_response(200)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", lm)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


Server(("127.0.0.1", PORT), Handler).serve_forever()
