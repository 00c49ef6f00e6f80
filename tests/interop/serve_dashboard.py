#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""The manrs serve dashboard in a real headless Chromium (Debian chromium,
chromium-driver, python3-selenium), against a running daemon:

 1. the page loads and its script fills every table from the API (the
    tables are replaced by ones marked data-source="api");
 2. an alert injected by the test (the lab's BMP stream sent to the
    collector, which the monitor turns into alerts) appears in the open
    alerts table, with the same ids as /api/v1/alerts, and the BMP peers
    and the incidents chart follow;
 3. with JavaScript off, the server-rendered page already lists the same
    open alerts and peers;
 4. the browser console has no error.
Screenshots go to OUTDIR. Usage: serve_dashboard.py URL BMP_PORT STREAM OUTDIR
"""
import json
import os
import socket
import sys
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def browser(javascript):
    o = Options()
    o.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1280,1600", "--no-first-run", "--disable-extensions"):
        o.add_argument(a)
    if not javascript:
        o.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    o.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    svc = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(service=svc, options=o)


def api(url, path):
    with urllib.request.urlopen(url + path, timeout=10) as r:
        return json.load(r)


def wait(what, cond, seconds=20):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            v = cond()
            if v:
                return v
        except Exception:  # the DOM is being replaced under us
            pass
        time.sleep(0.2)
    fail("timed out waiting for " + what)


def send_bmp(port, path):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(open(path, "rb").read())
    s.shutdown(socket.SHUT_WR)
    while s.recv(65536):
        pass
    s.close()


def row_ids(d):
    return sorted(int(r.get_attribute("data-alert-id"))
                  for r in d.find_elements(By.CSS_SELECTOR, "#alerts tr[data-alert-id]"))


def console_errors(d):
    return [e for e in d.get_log("browser") if e.get("level") == "SEVERE"]


def main():
    url, bmp_port, stream, outdir = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    os.makedirs(outdir, exist_ok=True)
    d = browser(True)
    try:
        d.get(url + "/")
        if d.title != "manrs serve":
            fail("title is %r" % d.title)
        for tb in ("freshness", "rtr-clients", "alerts", "bmp-peers"):
            wait("table %s filled from the API" % tb,
                 lambda tb=tb: d.find_element(By.ID, tb).get_attribute("data-source") == "api")
        fresh = d.find_element(By.ID, "freshness").text
        if "rtr" not in fresh or "whois" not in fresh:
            fail("freshness table: %r" % fresh)
        if row_ids(d):
            fail("alerts before any route was sent: %s" % row_ids(d))
        d.save_screenshot(os.path.join(outdir, "serve_dashboard_empty.png"))
        print("page loaded; the script filled the tables from the API (no alert yet)")

        send_bmp(bmp_port, stream)
        want = wait("open alerts in the API",
                    lambda: sorted(a["id"] for a in api(url, "/api/v1/alerts?state=open")["alerts"]))
        wait("the injected alerts in the page", lambda: row_ids(d) == want)
        peers = wait("BMP peers in the page",
                     lambda: len(d.find_elements(By.CSS_SELECTOR, "#bmp-peers tr td.ok")) >= 5 and
                     len(d.find_elements(By.CSS_SELECTOR, "#bmp-peers tr")))
        bars = wait("the incidents chart",
                    lambda: len(d.find_elements(By.CSS_SELECTOR, "#incidents-chart rect.bar")))
        text = d.find_element(By.ID, "alerts").text
        d.save_screenshot(os.path.join(outdir, "serve_dashboard.png"))
        print("injected alerts appear: ids %s (as /api/v1/alerts); %d BMP peers; %d chart bars"
              % (want, peers, bars))
        if not text.strip():
            fail("the alerts table has no text")
        errs = console_errors(d)
        if errs:
            fail("console errors: %s" % errs)
        print("no console error")
    finally:
        d.quit()

    n = browser(False)
    try:
        n.get(url + "/")
        ids = row_ids(n)
        if ids != want:
            fail("without JavaScript the page lists alerts %s, want %s" % (ids, want))
        if n.find_element(By.ID, "alerts").get_attribute("data-source") == "api":
            fail("JavaScript ran although it is off")
        prow = len(n.find_elements(By.CSS_SELECTOR, "#bmp-peers tr"))
        if prow != peers:
            fail("without JavaScript %d peers, want %d" % (prow, peers))
        n.save_screenshot(os.path.join(outdir, "serve_dashboard_nojs.png"))
        print("without JavaScript: the server-rendered page lists the same %d alerts and %d peers"
              % (len(ids), prow))
    finally:
        n.quit()
    print("ok: dashboard in Chromium; screenshots in " + outdir)


if __name__ == "__main__":
    main()
