#!/usr/bin/env bash
# bench/extract/run.sh [N]: page_extract vs a libxml2 parse-only floor vs
# pandas.read_html (lxml) on N (default 2000) generated pages: one thread, then
# both extractors on 2 threads; on the full pages (about 75 KB: content,
# navigation, scripts, as the sites serve them) and on --bare pages (the
# content alone, about 20 KB). Per-core figures are per CPU second.
# Builds into $BENCH_BUILD (default /tmp/odp-bench-extract). Needs python3-pandas
# and python3-lxml for the peer (skipped when missing).
set -euo pipefail
n=${1:-2000}
src=$(cd "$(dirname "$0")/../.." && pwd)
out=${BENCH_BUILD:-/tmp/odp-bench-extract}
mkdir -p "$out"
python3 "$src/bench/extract/gen_pages.py" "$out/pages" "$n"
python3 "$src/bench/extract/gen_pages.py" "$out/bare" "$n" --bare
pc=$(pkg-config --cflags --libs libxml-2.0 libutf8proc jansson)
cc -std=c11 -D_GNU_SOURCE -O2 -DODP_VERSION='"bench"' -DODP_SOURCE_DIR="\"$src\"" \
  -I"$src/lib" -I"$src/extract" "$src/bench/extract/bench_extract.c" \
  "$src"/extract/{page,page_record,table_grid,table_rows,table_legend,table_record,table_write,text,widget,legend}.c "$src"/lib/{error,strbuf,dutch_number,jsonout,jsonl,xalloc}.c $pc -lm -pthread -o "$out/bench_extract"
# the peer needs Debian's pandas: prefer /usr/bin/python3 (a pyenv python3 lacks it)
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
echo "mode jobs pages bytes wall_s cpu_s pages_per_s pages_per_cpu_s MB_per_cpu_s peak_rss_kb"
for corpus in pages bare; do
  files=("$out/$corpus"/*.html)
  echo "# $corpus: $(du -sm "$out/$corpus" | cut -f1) MB"
  for jobs in 1 2; do
    "$out/bench_extract" --parse-only --jobs $jobs "${files[@]}"
    "$out/bench_extract" --jobs $jobs "${files[@]}"
  done
  if $py -c 'import pandas, lxml' 2>/dev/null; then
    $py "$src/bench/extract/bench_read_html.py" "${files[@]}"
  else
    echo "pandas_read_html skipped (apt-get install -y python3-pandas python3-lxml)"
  fi
done
