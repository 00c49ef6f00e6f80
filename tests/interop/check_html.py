#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
# Load a manrs check HTML report in headless Chromium (Debian chromium +
# chromium-driver through python3-selenium): it renders, logs no console
# error, fetches nothing, and its charts hold the expected elements.
# usage: check_html.py REPORT.html SCREENSHOT.png INCIDENTS
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

html, shot, incidents = sys.argv[1], sys.argv[2], int(sys.argv[3])
opts = Options()
for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--window-size=1200,1600"):
    opts.add_argument(a)
opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
drv = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
drv.set_page_load_timeout(20)
fails = []
try:
    drv.get("file://" + html)
    q = lambda sel: drv.execute_script("return document.querySelectorAll(arguments[0]).length", sel)
    if drv.title != "MANRS readiness report":
        fails.append("title %r" % drv.title)
    if q("svg.gauge") != 4:
        fails.append("gauges: %d, want 4" % q("svg.gauge"))
    if q("svg.chart-rpki rect.bar") < 1:
        fails.append("no ROA coverage bar")
    if q("svg.chart-irr rect.bar") < 1:
        fails.append("no IRR coverage bar")
    if q("svg.chart-incidents rect.incident") != incidents:
        fails.append("incident rects: %d, want %d" % (q("svg.chart-incidents rect.incident"), incidents))
    if q("table.contacts tr") < 2:
        fails.append("no contacts table")
    if q("script, link, img, iframe, object, embed") != 0:
        fails.append("external or scripted elements present")
    w = drv.execute_script("return document.querySelector('svg.gauge').getBoundingClientRect().width")
    if not w or w < 50:
        fails.append("gauge not rendered (width %r)" % w)
    errs = [e for e in drv.get_log("browser") if e.get("level") == "SEVERE"]
    if errs:
        fails.append("console errors: %r" % errs)
    drv.save_screenshot(shot)
finally:
    drv.quit()
if fails:
    print("FAIL: " + "; ".join(fails))
    sys.exit(1)
print("ok: rendered, no console errors, charts complete; screenshot " + shot)
