#!/usr/bin/env python3
"""A small scriptable HTTP server for fetch's fault tests, on loopback only.

usage: fault_server.py PORT LOGFILE

Every request is logged as one line "METHOD PATH STATUS" to LOGFILE when it is
answered, and as "SECONDS HOST METHOD PATH" to LOGFILE.arrivals when it
arrives (SECONDS: time.monotonic(), for tests that measure waits). Behaviour
by path (Host header ignored), each a fault the crawler must survive:

  /                      site root linking to the pages below
  /robots.txt            disallows /p9/geheim
  /p1/ok                 a page (ETag "v1"; answers 304 to If-None-Match "v1")
  /p2/flaky              503 with Retry-After: 2 the first time, then 200
  /p3/busy               429 with Retry-After as an HTTP-date 3 s ahead, then 200
  /p4/stall              sends half the body, then stalls (longer than the client timeout)
  /p5/truncated          Content-Length larger than the body, then closes
  /p6/loop               redirects to /p6/loop2, which redirects back
  /p7/gone               410;  /p8/missing: 404
  /p9/geheim             must never be requested (robots.txt)
  /p10/ansi              a Windows-1252 page (charset in the header), with é and €
  /p11/away              redirects to another host
  /p12/moved             redirects to /p1/ok on the same host
  /p13/huge              a 200 KB page (over a 100 KB crawl.max_body_bytes)

A Host header starting with "app." gets a JavaScript application (as
begrotingsapp serves): every page is an empty shell whose script inserts the
content, so only a browser sees the links and the text.

A Host header starting with "broken." answers 500 to everything but robots.txt
(404) until the file
LOGFILE.fixed exists; then it is a small site: a root and two pages with a table
(for the steward's fail-fix-rerun test); with LOGFILE.empty as well, the root
also links /p3/leeg, which serves binary data instead of a page.

A Host header starting with "slow." gets a different site: a root linking to
40 pages /p100/pagina-0 ... /p139/pagina-39, each answered after 0.15 s (for
the kill -9 and resume test, and to measure how many requests a host gets at
once: LOGFILE.peaks holds the peak per host and over all hosts ("*")).

robots.txt by RFC 9309: a Host header starting with one of these gets a small
site (a root linking /p1/een and /p2/twee) whose robots.txt is
  r503.     503, always (unreachable: nothing else may be requested)
  r403.     403 (unavailable: everything allowed)
  rbig.     5 MiB that starts with "Disallow: /p2/"
  rredir.   five redirects (/robots.txt -> /robots-1.txt ... -> /robots-5.txt),
            then "Disallow: /p2/"
  rdelay.   "Crawl-delay: 1"

Stopping: a Host header starting with "stall." gets that small site with a
/p1/een that answers only after 120 s; "stallrobots." one whose robots.txt does.
"""
import email.utils
import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT = int(sys.argv[1])
LOG = open(sys.argv[2], "a", buffering=1)
counts = {}
lock = threading.Lock()
active = {}  # host -> requests being answered now
peaks = {}   # host -> the most at once ("*": all hosts together)


def enter(host, d):
    with lock:
        active[host] = active.get(host, 0) + d
        active["*"] = active.get("*", 0) + d
        for k in (host, "*"):
            peaks[k] = max(peaks.get(k, 0), active[k])
        with open(sys.argv[2] + ".peaks", "w") as f:
            json.dump(peaks, f)

ROOT = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>Begroting 2026 - Faultville</title></head>
<body><main><h1>Begroting 2026</h1><ul>
<li><a href="/p1/ok">ok</a></li><li><a href="/p2/flaky">flaky</a></li>
<li><a href="/p3/busy">busy</a></li><li><a href="/p4/stall">stall</a></li>
<li><a href="/p5/truncated">truncated</a></li><li><a href="/p6/loop">loop</a></li>
<li><a href="/p7/gone">gone</a></li><li><a href="/p8/missing">missing</a></li>
<li><a href="/p9/geheim">geheim</a></li><li><a href="/p10/ansi">ansi</a></li>
<li><a href="/p11/away">away</a></li><li><a href="/p12/moved">moved</a></li>
<li><a href="/p13/huge">huge</a></li>
<li><a href="https://elders.example.org/p1/x">elders</a></li>
</ul></main></body></html>"""


def page(title, extra=""):
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><main><h1>{title}</h1><p>Tekst van {title}.{extra}</p></main></body></html>")


ARRIVALS = open(sys.argv[2] + ".arrivals", "a", buffering=1)
BIG_ROBOTS = (b"User-agent: *\nDisallow: /p2/\n" +
              b"# padding: a hostile robots.txt is large\n" * (5 * 1024 * 1024 // 41))
SMALL_ROOT = (b'<html><head><title>Begroting 2026 - Robotsdorp</title></head><body>'
              b'<a href="/p1/een">een</a> <a href="/p2/twee">twee</a></body></html>')


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def parse_request(self):
        ok = super().parse_request()
        if ok:
            with lock:
                ARRIVALS.write(f"{time.monotonic():.3f} {self.headers.get('Host', '')} "
                               f"{self.command} {self.path}\n")
        return ok

    def log_message(self, *a):
        pass

    def send(self, status, body=b"", headers=(), length=None):
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        LOG.write(f"{self.command} {self.path} {status}\n")

    def do_GET(self):
        p = self.path
        if self.headers.get("Host", "").startswith("slow."):
            return self.slow_site(p)
        if self.headers.get("Host", "").startswith("app."):
            return self.app_site(p)
        if self.headers.get("Host", "").startswith("broken."):
            return self.broken_site(p)
        host = self.headers.get("Host", "").split(".", 1)[0]
        if host in ("r503", "r403", "rbig", "rredir", "rdelay", "stall", "stallrobots"):
            return self.robots_site(host, p)
        with lock:
            counts[p] = counts.get(p, 0) + 1
            n = counts[p]
        html = [("Content-Type", "text/html; charset=utf-8")]
        if p == "/":
            return self.send(200, ROOT.encode(), html)
        if p == "/robots.txt":
            return self.send(200, b"User-agent: *\nDisallow: /p9/\nAllow: /p9/open\n",
                             [("Content-Type", "text/plain")])
        if p == "/p1/ok":
            if self.headers.get("If-None-Match") == '"v1"':
                return self.send(304, b"", [("ETag", '"v1"')])
            return self.send(200, page("ok").encode(), html + [("ETag", '"v1"')])
        if p == "/p2/flaky":
            if n == 1:
                return self.send(503, b"busy", [("Retry-After", "2")])
            return self.send(200, page("flaky").encode(), html)
        if p == "/p3/busy":
            if n == 1:
                when = email.utils.formatdate(time.time() + 3, usegmt=True)
                return self.send(429, b"slow down", [("Retry-After", when)])
            return self.send(200, page("busy").encode(), html)
        if p == "/p4/stall":
            body = page("stall", "x" * 2000).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            LOG.write(f"GET {p} 200-stalled\n")
            time.sleep(8)
            return
        if p == "/p5/truncated":
            body = page("truncated").encode()
            self.send(200, body[:40], html, length=len(body))
            self.close_connection = True
            return
        if p == "/p6/loop":
            return self.send(302, b"", [("Location", "/p6/loop2")])
        if p == "/p6/loop2":
            return self.send(302, b"", [("Location", "/p6/loop")])
        if p == "/p7/gone":
            return self.send(410, b"gone")
        if p == "/p8/missing":
            return self.send(404, b"missing")
        if p == "/p10/ansi":
            body = page("ansi", " Café kost € 5.").encode("cp1252").replace(b'charset="utf-8"', b"")
            return self.send(200, body, [("Content-Type", "text/html; charset=windows-1252")])
        if p == "/p11/away":
            return self.send(301, b"", [("Location", "https://elders.example.org/p1/x")])
        if p == "/p13/huge":
            return self.send(200, page("huge", " groot" * 35000).encode(), html)
        if p == "/p12/moved":
            return self.send(301, b"", [("Location", "/p1/ok")])
        return self.send(404, b"no such page")


    def robots_site(self, host, p):
        text = [("Content-Type", "text/plain")]
        if p == "/robots.txt" or p.startswith("/robots-"):
            if host == "r503":
                return self.send(503, b"unavailable")
            if host == "r403":
                return self.send(403, b"forbidden")
            if host == "rbig":
                try:  # the crawler hangs up after the part it reads
                    return self.send(200, BIG_ROBOTS, text)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True
                    return LOG.write(f"GET {p} 200-cut\n")
            if host == "rredir":
                n = 0 if p == "/robots.txt" else int(p[len("/robots-"):-len(".txt")])
                if n < 5:
                    return self.send(301, b"", [("Location", f"/robots-{n + 1}.txt")])
                return self.send(200, b"User-agent: *\nDisallow: /p2/\n", text)
            if host == "rdelay":
                return self.send(200, b"User-agent: *\nCrawl-delay: 1\n", text)
            if host == "stallrobots":
                time.sleep(120)
            return self.send(404, b"no robots.txt")
        if p == "/":
            return self.send(200, SMALL_ROOT, [("Content-Type", "text/html; charset=utf-8")])
        if p in ("/p1/een", "/p2/twee"):
            if host == "stall" and p == "/p1/een":
                time.sleep(120)
            name = p.rsplit("/", 1)[1]
            return self.send(200, page(name).encode(), [("Content-Type", "text/html; charset=utf-8")])
        return self.send(404, b"no such page")

    def broken_site(self, p):
        import os
        # its robots.txt is missing (404) either way: a 500 there would make
        # the whole host disallowed (RFC 9309), and this site is about a root
        # that fails
        if p == "/robots.txt":
            return self.send(404, b"no robots.txt")
        if not os.path.exists(sys.argv[2] + ".fixed"):
            return self.send(500, b"internal error")
        html = [("Content-Type", "text/html; charset=utf-8")]
        if p == "/":
            more = b' <a href="/p3/leeg">l</a>' if os.path.exists(sys.argv[2] + ".empty") else b""
            return self.send(200, b'<html><head><title>Begroting 2026 - Brokenburg</title></head><body>'
                             b'<a href="/p1/financien">f</a> <a href="/p2/wonen">w</a>' + more +
                             b'</body></html>', html)
        if p == "/p3/leeg":
            return self.send(200, b"\x00\x00PK\x03\x04 binary", [("Content-Type", "application/zip")])
        if p in ("/p1/financien", "/p2/wonen"):
            name = p.rsplit("/", 1)[1]
            body = (f"<html><body><main><h1>{name}</h1><table><tr><td colspan='3'>bedragen x "
                    f"\u20ac1.000</td></tr><tr><td>Omschrijving</td><td>2026</td><td>2027</td></tr>"
                    f"<tr><td>Lasten</td><td>1.250</td><td>-75</td></tr></table></main></body></html>")
            return self.send(200, body.encode(), html)
        return self.send(404, b"no such page")

    def app_site(self, p):
        html = [("Content-Type", "text/html; charset=utf-8")]
        if p == "/begroting-2021/":
            content = ('<h1>Begroting 2021</h1><a href="/begroting-2021/programma/een">een</a> '
                       '<a href="/begroting-2021/programma/twee">twee</a>')
        elif p.startswith("/begroting-2021/programma/"):
            name = p.rsplit("/", 1)[1]
            content = (f"<h1>Programma {name}</h1><table><tr><td>Lasten</td><td>1.234</td></tr>"
                       "</table>")
        elif p == "/app.js":
            return self.send(200, b"/* app */", [("Content-Type", "text/javascript")])
        else:
            return self.send(404, b"no such page")
        shell = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>App</title>'
                 '<script src="/app.js"></script></head><body><div id="app"></div><script>'
                 f"document.getElementById('app').innerHTML = {json.dumps(content)};"
                 "</script></body></html>")
        return self.send(200, shell.encode(), html)

    def slow_site(self, p):
        html = [("Content-Type", "text/html; charset=utf-8")]
        if p == "/":
            links = "".join(f'<li><a href="/p{100 + i}/pagina-{i}">{i}</a></li>' for i in range(40))
            return self.send(200, f"<html><body><ul>{links}</ul></body></html>".encode(), html)
        if p.startswith("/p1") and "/pagina-" in p:
            host = self.headers.get("Host", "").split(":")[0]
            enter(host, 1)
            time.sleep(0.15)
            enter(host, -1)
            return self.send(200, page("pagina " + p.rsplit("-", 1)[1], " x" * 500).encode(), html)
        return self.send(404, b"no such page")


ThreadingHTTPServer.daemon_threads = True
srv = ThreadingHTTPServer(("127.0.0.1", PORT), H)
srv.serve_forever()
