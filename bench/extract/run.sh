#!/usr/bin/env bash
# bench/extract/run.sh [N]: page_extract vs a libxml2 parse-only floor vs
# pandas.read_html (lxml) on N (default 2000) generated pages, one core each.
# Builds into $BENCH_BUILD (default /tmp/odp-bench-extract). Needs python3-pandas
# and python3-lxml for the peer (skipped when missing).
set -euo pipefail
n=${1:-2000}
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${BENCH_BUILD:-/tmp/odp-bench-extract}
mkdir -p "$out"
python3 "$src/bench/extract/gen_pages.py" "$out/pages" "$n"
pc=$(pkg-config --cflags --libs libxml-2.0 libutf8proc jansson)
cc -std=c11 -D_GNU_SOURCE -O2 -DODP_VERSION='"bench"' -DODP_SOURCE_DIR="\"$src\"" \
  -I"$src/lib" -I"$src/extract" "$src/bench/extract/bench_extract.c" \
  "$src"/extract/{page,table_grid,text,widget,legend}.c "$src"/lib/{error,strbuf,dutch_number,json_dump}.c $pc -lm -o "$out/bench_extract"
files=("$out"/pages/*.html)
echo "mode pages bytes seconds pages_per_s MB_per_s peak_rss_kb"
"$out/bench_extract" --parse-only "${files[@]}"
"$out/bench_extract" "${files[@]}"
# the peer needs Debian's pandas: prefer /usr/bin/python3 (a pyenv python3 lacks it)
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
if $py -c 'import pandas, lxml' 2>/dev/null; then
  $py "$src/bench/extract/bench_read_html.py" "${files[@]}"
else
  echo "pandas_read_html skipped (apt-get install -y python3-pandas python3-lxml)"
fi
