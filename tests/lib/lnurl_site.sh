# shellcheck shell=bash
# A Lightning Address web server for tests: nginx with TLS (a certificate
# from the test CA of doh_stack.sh, whose nginx_test_prelude it uses) on ADDRESS:443, serving LUD-16 replies
# from www/.well-known/lnurlp/<user> as application/json, and logging each
# request with the headers a client could use to tell relays apart. Sourced,
# not run; works in the current directory; returns non-zero on failure (the
# caller says why and stops LNURL_NGINX_PID).

# lnurl_site_start ADDRESS DOMAIN: nginx for https://DOMAIN on ADDRESS:443
# (root is needed for port 443). Expects ca.pem/ca.key (doh_test_ca) and the
# files under www/. Log: lnurl-access.log, one line per request:
#   URI STATUS ua="…" accept="…" host="…" via="…" xff="…" cookie="…"
# `lnslow` is served at 1 byte/s: a reply that never completes in a test's time;
# `lntext` as text/plain (LUD-01: headers have no meaning); `lnredirect`
# redirects to lnvalid; `lnbroken` is a 500 error page.
lnurl_site_start() {
  local address=$1 domain=$2 i
  doh_cert site "DNS:$domain" || return 1
  {
    nginx_test_prelude
    cat <<CONF
  log_format lnurl '\$request_uri \$status ua="\$http_user_agent" accept="\$http_accept" host="\$host" '
                   'via="\$http_via" xff="\$http_x_forwarded_for" cookie="\$http_cookie"';
  access_log $PWD/lnurl-access.log lnurl;
  server {
    listen $address:443 ssl;
    server_name $domain;
    ssl_certificate $PWD/site.pem;
    ssl_certificate_key $PWD/site.key;
    root $PWD/www;
    default_type application/json;
    location = /.well-known/lnurlp/lnslow { limit_rate 1; }
    location = /.well-known/lnurlp/lntext { default_type text/plain; }
    location = /.well-known/lnurlp/lnredirect { return 302 https://$domain/.well-known/lnurlp/lnvalid; }
    location = /.well-known/lnurlp/lnbroken { return 500; }
  }
}
CONF
  } >nginx.conf
  : >lnurl-access.log
  nginx -c "$PWD/nginx.conf" -p "$PWD" >nginx.out 2>&1 &
  LNURL_NGINX_PID=$!
  for ((i = 0; i < 50; i++)); do
    curl -s -o /dev/null --max-time 2 --cacert ca.pem --resolve "$domain:443:$address" \
      "https://$domain/" && return 0
    kill -0 "$LNURL_NGINX_PID" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

# lnurl_requests USER: how many requests for USER's LUD-16 path nginx saw.
lnurl_requests() { grep -c "^/.well-known/lnurlp/$1 " lnurl-access.log || true; }
