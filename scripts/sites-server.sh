#!/bin/bash
# sites-server.sh start|stop DIR PORT [ROOT]
#
# Serve the bundled sample sites (demo/sites/<host>/) with nginx on 127.0.0.1:PORT,
# one site per Host header, as their real hosts would. State (config, pid, logs,
# including the access log the tests read) lives in DIR.
set -eu
cmd=$1 dir=$2 port=${3:-18080}
here=$(cd "$(dirname "$0")/.." && pwd)
root=${4:-$here/demo/sites}
case $cmd in
start)
    mkdir -p "$dir/tmp"
    user_line=""
    [ "$(id -u)" = 0 ] && user_line="user root;"
    cat > "$dir/nginx.conf" <<CONF
$user_line
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 256; }
http {
    types { text/html html; application/pdf pdf; text/plain txt; text/javascript js;
            application/json json; }
    default_type text/html;
    if_modified_since before;
    gzip on;
    gzip_types text/html;
    gzip_min_length 256;
    charset utf-8;
    access_log $dir/access.log;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    server {
        listen 127.0.0.1:$port;
        root $root/\$host;
        location / { try_files \$uri \$uri.html \$uri/index.html =404; }
    }
}
CONF
    nginx -c "$dir/nginx.conf" -p "$dir" 2>"$dir/start.err" || { cat "$dir/start.err" >&2; exit 1; }
    # wait until it answers
    i=0
    while ! (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null; do
        i=$((i + 1)); [ $i -gt 50 ] && { echo "nginx did not start" >&2; exit 1; }
        sleep 0.1
    done 2>/dev/null || true
    ;;
stop)
    [ -f "$dir/nginx.pid" ] && kill "$(cat "$dir/nginx.pid")" 2>/dev/null || true
    rm -f "$dir/nginx.pid"
    ;;
*) echo "usage: $0 start|stop DIR PORT" >&2; exit 2 ;;
esac
