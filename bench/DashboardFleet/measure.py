# The web dashboard's fleet page, timed in Chromium: first loads (navigation to the load event, and to the page
# showing its data: the app's dtn:page-ready mark), then N pages walked with the Next button, each timed by the
# page's own dtn:fleet-page measure (asking the API to showing the rows). Drives Debian's chromium through its
# chromedriver's W3C HTTP API, so it needs nothing but python3. Usage (docs/dashboard.md#budgets-measured):
#   python3 bench/DashboardFleet/measure.py http://127.0.0.1:5619 100
import json, sys, time, urllib.request, subprocess, statistics, os, shutil, tempfile

base, pages, driver_port = sys.argv[1], int(sys.argv[2]), 9577
def call(method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{driver_port}{path}", method=method,
                                 data=None if body is None else json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read())["value"]

profile = tempfile.mkdtemp(prefix="dtn-measure-")
driver = subprocess.Popen(["/usr/bin/chromedriver", f"--port={driver_port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    for _ in range(100):
        try:
            call("GET", "/status"); break
        except Exception:
            time.sleep(0.1)
    session = call("POST", "/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", f"--user-data-dir={profile}", "--window-size=1280,800"]}}}})["sessionId"]
    s = f"/session/{session}"
    script = lambda js: call("POST", f"{s}/execute/sync", {"script": js, "args": []})
    loads = []
    for attempt in range(5):
        call("POST", f"{s}/url", {"url": "about:blank"})
        call("POST", f"{s}/url", {"url": f"{base}/#/fleet"})
        while not script("return performance.getEntriesByName('dtn:page-ready').length > 0;"):
            time.sleep(0.02)
        loads.append(script("return [performance.getEntriesByType('navigation')[0].loadEventEnd, performance.getEntriesByName('dtn:page-ready')[0].startTime];"))
    for n in range(pages):
        before = script("return performance.getEntriesByName('dtn:fleet-page').length;")
        script("document.querySelectorAll('.pager button')[1].click(); return null;")
        while script("return performance.getEntriesByName('dtn:fleet-page').length;") == before:
            time.sleep(0.01)
    durations = script("return performance.getEntriesByName('dtn:fleet-page').map(e => e.duration);")
    position = script("return document.querySelector('.page-position').textContent;")
    call("DELETE", s)
finally:
    driver.terminate()
    shutil.rmtree(profile, ignore_errors=True)

d = sorted(durations)
pct = lambda p: d[min(len(d) - 1, int(round(p / 100 * len(d) + 0.5)) - 1)]
print(f"first loads (load event, data shown) ms: {[(round(a), round(b)) for a, b in loads]}")
print(f"fleet pages timed: {len(d)} (last shows {position}); ms p50 {pct(50):.0f}, p95 {pct(95):.0f}, max {d[-1]:.0f}")
