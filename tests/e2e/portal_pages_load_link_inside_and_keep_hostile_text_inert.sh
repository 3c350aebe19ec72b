#!/bin/bash
# The portal's pages for people (index.html, pages/*.html) load in headless
# chromium (Debian's) with no console message, every link resolves to a file
# of the portal, and hostile text from a source page (<script>, javascript:
# links, "><img onerror=...> in headings and table cells, see
# make_hostile_site.py) is shown as text: nothing runs, the DOM holds no element
# it made. A screenshot of a dataset page at phone width goes to
# ${ODP_SCREENSHOT:-/tmp/odp-portal.png}.
. "$(dirname "$0")/lib.sh"
CHROMIUM="${ODP_CHROMIUM:-chromium}"
command -v "$CHROMIUM" >/dev/null || { echo "SKIPPED: chromium is not installed (apt-get install chromium)"; exit 77; }
mkdir -p "$T/sites"
cp -r "$ODP_SRC/demo/sites/." "$T/sites/"
python3 "$ODP_SRC/tests/e2e/make_hostile_site.py" "$ODP_SRC" "$T/sites" "$T/hostile.json"
python3 - "$ODP_SRC/pipelines/demo.json" "$T/hostile.json" > "$T/all.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
p["sources"] += json.load(open(sys.argv[2]))["sources"]
p["crawl"] = {"delay_ms": 0}
json.dump(p, sys.stdout)
PY
start_sites "$T/sites"
cd "$T"
"$ODP" run -q --pipeline all.json --workdir work --portal portal "${RESOLVE[@]}" || fail "odp run exited $?"
[ -f portal/index.html ] || fail "no portal/index.html"
[ -f portal/pages/GM9993-hostiel-pc-documenten-2.0.0.html ] || fail "no page of the hostile release"

browse() { # FILE OUT: the DOM after load in OUT.dom, chromium's log in OUT.log
    timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-extensions --user-data-dir="$T/profile" --enable-logging=stderr --v=0 \
        --dump-dom "file://$1" > "$2.dom" 2> "$2.log" || fail "chromium could not load $1"
}
# the check can fail: a page that logs to the console is caught
echo '<!DOCTYPE html><title>x</title><script>console.error("control message")</script>' > control.html
browse "$T/control.html" control
grep -q 'CONSOLE.*control message' control.log || fail "chromium's console messages are not seen (control page)"

pages=(portal/index.html portal/pages/*.html)
for p in "${pages[@]}"; do
    out="dom-$(basename "$p" .html)"
    browse "$T/$p" "$out"
    if grep -E 'CONSOLE|Uncaught|Content Security Policy' "$out.log"; then fail "$p: console messages"; fi
done
python3 - portal "${pages[@]}" <<'PY'
import glob, os, sys
from html.parser import HTMLParser
from urllib.parse import urlsplit, unquote
portal, pages = sys.argv[1], sys.argv[2:]
failures = []

class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.tags = [], []
    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        for k, v in attrs:
            if k in ("href", "src", "action", "formaction", "srcset", "poster", "data"):
                self.links.append(v)

root = os.path.realpath(portal)
for p in pages:
    parser = Links()
    parser.feed(open(p, encoding="utf-8").read())
    for link in parser.links:
        u = urlsplit(link)
        if u.scheme or u.netloc or not u.path:
            failures.append(f"{p}: link {link!r} leaves the portal")
            continue
        target = os.path.realpath(os.path.join(os.path.dirname(p), unquote(u.path)))
        if not target.startswith(root + os.sep) or not os.path.isfile(target):
            failures.append(f"{p}: link {link!r} resolves to no file of the portal")
    # what the browser built: no element the hostile text would have made
    dom = open(f"dom-{os.path.basename(p)[:-5]}.dom", encoding="utf-8").read()
    d = Links()
    d.feed(dom)
    for tag, attrs in d.tags:
        if tag in ("script", "img", "iframe", "object", "embed") or any(k.startswith("on") for k in attrs):
            failures.append(f"{p}: the DOM holds <{tag} {attrs}>")
        if attrs.get("id") == "pwned":
            failures.append(f"{p}: a payload ran (id=pwned)")
    if "<title>PWNED" in dom:
        failures.append(f"{p}: a payload ran (title)")

# the hostile text is on the hostile release's page, as text
dom = open("dom-GM9993-hostiel-pc-documenten-2.0.0.dom", encoding="utf-8").read()
for text in ("&lt;script&gt;document.body.insertAdjacentHTML(", "javascript:document.title='PWNED'",
             "Perspectiefnota 2026 &lt;script&gt;document.title='PWNED'&lt;/script&gt;",
             "Domein &lt;script&gt;document.title='PWNED'&lt;/script&gt; dienstverlening",
             "Inleiding\"&gt;&lt;img src=x onerror=\"document.title='PWNED'\"&gt;"):
    if text not in dom:
        failures.append(f"hostile text {text!r} is not shown as text on the release page")
# the chart of seed 004's budget lines in 2026, summed by hand per programme:
# 13: Pilots met AI -50, meester gezelfonds 0, Reiskostenregeling -1.000; 1: Raadsadviseur -132
page = open("portal/pages/GM0150-deventer-pc-documenten.html", encoding="utf-8").read()
for bar in ("programme 13: -1050000</text>", "programme 1: -132000</text>"):
    if bar not in page:
        failures.append(f"the Deventer page's chart lacks {bar!r}")
if failures:
    print("\n".join("FAIL: " + f for f in failures[:30]), file=sys.stderr)
    sys.exit(1)
print(f"pages: {len(pages)} load cleanly, links stay inside the portal, hostile text is inert")
PY
timeout 60 "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --user-data-dir="$T/profile" --window-size=412,2400 \
    --screenshot="${ODP_SCREENSHOT:-/tmp/odp-portal.png}" \
    "file://$T/portal/pages/nl-gemeenten-pc-documenten.html" >/dev/null 2>&1 ||
    fail "chromium could not take the screenshot"
echo "ok"
