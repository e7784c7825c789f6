// The option table of hrn-relay: names are a contract (DESIGN "hrn-relay
// options"); each is also a `name = value` line of the --config file.
#include "config_options.hpp"

namespace hrn::relay {
namespace po = boost::program_options;

po::options_description describe_options(config& c) {
  po::options_description general("General");
  general.add_options()
      ("help,h", "print this help and exit")
      ("version", "print the version and exit")
      ("check-config", po::bool_switch(&c.check_config),
       "check the options and --config file as a start would (without listening or starting tor), "
       "print every option with its value and where it came from, and exit: 0 when they are fine, "
       "2 with the reason (and the file's line) when not")
      ("config", po::value<std::string>(&c.config_file)->value_name("FILE"),
       "read options from FILE (`name = value` lines, # comments); the command line wins. "
       "SIGHUP re-reads it (log level and format, rate limits, --directory; others need a "
       "restart). See hrn-relay.conf.example")
      ("listen", po::value<std::string>()->value_name("HOST:PORT")->default_value("127.0.0.1:8080"),
       "address of the HTTP API; HOST must be an IP address")
      ("log-level", po::value<std::string>(&c.log_level)->value_name("LEVEL")->default_value("info"),
       "trace, debug, info, warn, error or off (names are only ever logged at debug)")
      ("log-format", po::value<std::string>()->value_name("FORMAT")->default_value("text"),
       "text, or json: one JSON object per line (time, level, message, logger) for log collectors")
      ("port-file", po::value<std::string>(&c.port_file)->value_name("FILE"),
       "write the API's bound port to FILE once listening (with --listen HOST:0, for scripts and tests)")
      ("state-dir", po::value<std::string>(&c.state_dir)->value_name("DIR"),
       "onion service key, managed tor's data, cache snapshot (default $HOME/.local/state/hrn-relay)");

  po::options_description tor("Tor");
  tor.add_options()
      ("tor-socks", po::value<std::string>()->value_name("HOST:PORT"),
       "an existing tor's SocksPort (IP address); without it the relay runs its own tor")
      ("tor-control", po::value<std::string>()->value_name("HOST:PORT"),
       "that tor's ControlPort (IP address): bootstrap state and the onion service")
      ("tor-control-password", po::value<std::string>(&c.tor_control_password)->value_name("PASSWORD"),
       "for a control port with HashedControlPassword (cookie authentication needs none)")
      ("onion-listen", po::value<std::string>()->value_name("HOST:PORT"),
       "a second API listener for onion-service traffic (a system tor's HiddenServicePort points "
       "here): its clients share one rate-limit bucket, since they all arrive from tor. With "
       "--onion-service the published service leads here (default: a private loopback port)")
      ("onion-service", po::bool_switch(&c.onion_service),
       "publish the API as a v3 onion service (same address across restarts: key in --state-dir)")
      ("tor-binary", po::value<std::string>(&c.tor_binary)->value_name("PATH")->default_value("tor"),
       "the tor program the managed tor runs")
      ("tor-torrc-append", po::value<std::string>(&c.tor_torrc_append)->value_name("FILE"),
       "extra torrc lines for the managed tor (e.g. to join a private test network)")
      ("direct", po::bool_switch(&c.direct),
       "no Tor at all: upstreams see this machine's address (tests and diagnostics only)");

  po::options_description lookups("Lookups");
  lookups.add_options()
      ("upstream", po::value<std::vector<std::string>>(&c.upstreams)->value_name("URL")->composing(),
       "recursive resolver, repeatable: tcp://HOST:PORT (DNS over TCP), https://HOST[:PORT]/PATH "
       "(DoH over HTTP/2, or HTTP/1.1 when the server lacks it) or http://X.onion[:PORT]/PATH (DoH to "
       "an onion service; plain http is refused anywhere else). Each lookup picks one at random and "
       "retries on another if it fails. Default: DoH to Quad9, Cloudflare, Google, AdGuard "
       "(non-filtering), DNS.SB and Mullvad, through Tor")
      ("trust-anchor", po::value<std::string>(&c.trust_anchor_file)->value_name("FILE"),
       "DS records in zone-file syntax replacing the built-in IANA root anchors")
      ("ca-file", po::value<std::string>(&c.ca_file)->value_name("FILE"),
       "extra CA certificates (PEM) for https upstreams and Lightning Address servers")
      ("methods", po::value<std::string>()->value_name("LIST")->default_value("bip353"),
       "lookup methods: bip353 (DNSSEC-validated DNS), or bip353,lnurl to fall back to the "
       "Lightning Address (LUD-16, https://DOMAIN/.well-known/lnurlp/USER through Tor) when BIP 353 "
       "proves a name absent. lnurl shows the domain's web server each such lookup (README); "
       "it needs Tor (not --direct)")
      ("lookup-timeout", po::value<unsigned>()->value_name("MS")->default_value(20000),
       "deadline for one lookup, retries on other upstreams included (then 504)")
      ("query-timeout", po::value<unsigned>()->value_name("MS")->default_value(10000),
       "deadline for each connect, handshake and DNS flight of a lookup")
      ("max-lookups", po::value<std::size_t>(&c.max_lookups)->value_name("N")->default_value(256),
       "lookups under way at once (each holds a Tor circuit); a request for another name then "
       "gets 429 busy, or its stale answer");

  po::options_description privacy("Privacy scheduler");
  privacy.add_options()
      ("round-interval", po::value<unsigned>()->value_name("MS")->default_value(1000),
       "lookups leave in rounds, one every MS (jittered by 10%): a cache miss waits for the next "
       "round. 0: no rounds, each lookup leaves at once (tests and diagnostics: it shows the "
       "domain when a payer asked)")
      ("batch-size", po::value<std::size_t>(&c.batch_size)->value_name("K")->default_value(8),
       "lookups per round: waiting ones first, then refreshes of cached names, then decoys")
      ("batch-size-max", po::value<std::size_t>(&c.batch_size_max)->value_name("K")->default_value(0),
       "under sustained load K doubles up to this (powers of two of --batch-size), and halves "
       "back when load falls; 0: K stays --batch-size")
      ("idle-rounds", po::value<std::string>()->value_name("POLICY")->default_value("cover"),
       "cover: fill every round with decoys (names clients asked for before), a constant rate; "
       "quiet: send only what is asked for and due for refresh")
      ("max-queue-wait", po::value<unsigned>()->value_name("MS")->default_value(10000),
       "a request that would wait longer than this for its round gets 429 busy")
      ("hit-release", po::value<std::string>()->value_name("WHEN")->default_value("immediate"),
       "immediate: a cached answer leaves at once; round: it waits for the next round boundary, "
       "like a miss, so on the client's link a hit does not look faster than a miss")
      ("directory", po::value<std::string>(&c.directory_file)->value_name("FILE"),
       "names (one per line, # comments) used as decoys only until clients have asked for enough "
       "names of their own");

  po::options_description cache("Cache");
  cache.add_options()
      ("cache-max-bytes", po::value<std::string>()->value_name("N")->default_value("256MiB"),
       "memory bound of the answer cache: bytes, or with K/M/G/KiB/MiB/GiB. With --cache-backend "
       "redis it bounds the small cache each relay keeps in front of Redis (0: none, every hit "
       "reads Redis)")
      ("cache-backend", po::value<std::string>()->value_name("KIND")->default_value("memory"),
       "memory: this relay's own cache; redis: a cache shared by several relays (--redis), each "
       "name looked up once among them, every entry read from Redis validated again here")
      ("redis", po::value<std::string>(&c.redis_url)->value_name("URL"),
       "the shared cache: redis://HOST[:PORT][/DB], rediss://HOST[:PORT][/DB] (TLS) or "
       "unix:///PATH[?db=N]; a user name may come before the host (USER@HOST), the password never")
      ("redis-password-file", po::value<std::string>(&c.redis_password_file)->value_name("FILE"),
       "file holding the Redis password (AUTH), one line")
      ("redis-ca-file", po::value<std::string>(&c.redis_ca_file)->value_name("FILE"),
       "extra CAs (PEM) for a rediss:// server's certificate, beside the system store")
      ("redis-timeout", po::value<unsigned>()->value_name("MS")->default_value(250),
       "longest wait for a Redis reply; past it the relay goes on alone (its own cache and "
       "lookups) until Redis answers again")
      ("cache-max-ttl", po::value<std::uint32_t>(&c.cache_max_ttl)->value_name("S")->default_value(86400),
       "longest time an answer is served fresh (the records' TTLs and signature expiry, and the "
       "offer's absolute_expiry, cap it further)")
      ("cache-min-ttl", po::value<std::uint32_t>(&c.cache_min_ttl)->value_name("S")->default_value(60),
       "shortest time a proven-absent name is remembered (never past its signatures' expiry)")
      ("stale-max", po::value<std::uint32_t>(&c.stale_max)->value_name("S")->default_value(86400),
       "how long past its TTL an answer may be served, marked stale, when a refresh fails (RFC 8767)")
      ("no-snapshot", po::bool_switch(), "do not save the cache to --state-dir at exit or load it at start");

  po::options_description limits("Limits");
  limits.add_options()
      ("rate-limit", po::value<double>(&c.rate_limit)->value_name("N")->default_value(10),
       "lookups per second per client address (token bucket; IPv6: per /64, and each /48 as a "
       "whole at 16 times this; 0: no limit)")
      ("rate-burst", po::value<double>(&c.rate_burst)->value_name("N")->default_value(40),
       "bucket size of --rate-limit (a POST of 32 names spends 32)")
      ("onion-rate-limit", po::value<double>(&c.onion_rate_limit)->value_name("N")->default_value(100),
       "lookups per second shared by all onion-service clients (they all arrive from tor, "
       "so they cannot be told apart)")
      ("onion-rate-burst", po::value<double>(&c.onion_rate_burst)->value_name("N")->default_value(400),
       "bucket size of --onion-rate-limit")
      ("max-connections", po::value<std::size_t>(&c.max_connections)->value_name("N")->default_value(4096),
       "HTTP connections held at once over all listeners; more are answered 503 and closed, never "
       "queued (lowered to fit the open-file limit, with a warning)")
      ("max-connections-per-address", po::value<std::size_t>(&c.max_connections_per_address)
           ->value_name("N")->default_value(64),
       "HTTP connections from one client address (IPv6: one /64) on --listen; 0: no cap. Set 0 "
       "behind a reverse proxy on this host, where every client has the proxy's address")
      ("max-onion-connections", po::value<std::size_t>(&c.max_onion_connections)->value_name("N")
           ->default_value(2048),
       "HTTP connections of all onion-service clients together (they share one key), so Tor users "
       "cannot take every connection; 0: only --max-connections")
      ("request-timeout", po::value<unsigned>()->value_name("S")->default_value(10),
       "a request's header and body must arrive within this (slow clients are cut off)")
      ("idle-timeout", po::value<unsigned>()->value_name("S")->default_value(15),
       "close keep-alive connections idle this long");

  po::options_description blocks("Block source (the node-id flag's block height and hash)");
  blocks.add_options()
      ("blocks", po::value<std::string>(&c.blocks)->value_name("SPEC"),
       "where the chain tip comes from: esplora:https://HOST[:PORT]/PATH (an Esplora REST API, "
       "e.g. esplora:https://blockstream.info/api, fetched through Tor on a circuit of its own at "
       "each poll), esplora:http://NAME.onion/PATH, or bitcoind:http://127.0.0.1:8332 (a local "
       "bitcoind's JSON-RPC, directly; loopback IP only). Without it there are no flags")
      ("blocks-rpc-cookie", po::value<std::string>(&c.blocks_rpc_cookie)->value_name("FILE"),
       "bitcoind's .cookie file (USER:PASSWORD), read at every poll since bitcoind rewrites it at "
       "each start")
      ("blocks-rpc-user", po::value<std::string>(&c.blocks_rpc_user)->value_name("USER"),
       "bitcoind RPC user (rpcauth), with --blocks-rpc-password-file")
      ("blocks-rpc-password-file", po::value<std::string>(&c.blocks_rpc_password_file)->value_name("FILE"),
       "file whose first line is that user's RPC password")
      ("blocks-poll", po::value<unsigned>()->value_name("S")->default_value(60),
       "seconds between polls of the block source (±10 % at random)")
      ("blocks-max-age", po::value<unsigned>()->value_name("S")->default_value(1800),
       "a tip no poll has confirmed for this long is dropped (flags are then left out, with the reason)");

  po::options_description phones("Phones");
  phones.add_options()
      ("ussd", po::bool_switch(&c.ussd),
       "serve the USSD payment menu to a gateway: POST /v1/ussd (its callbacks) and GET "
       "/v1/ussd/offer/REF (the confirmed offer, for the gateway's backend). Each lookup counts "
       "against --rate-limit of the gateway's address: raise it for a busy gateway")
      ("ussd-session-seconds", po::value<std::uint32_t>(&c.ussd_session_seconds)->value_name("S")
           ->default_value(180),
       "a USSD dialogue older than this ends with \"session timed out, dial again\"")
      ("ussd-offer-seconds", po::value<std::uint32_t>(&c.ussd_offer_seconds)->value_name("S")->default_value(300),
       "how long the gateway's backend can fetch a confirmed offer by its reference (then 404 "
       "ussd_offer_expired)");

  po::options_description all;
  all.add(general).add(tor).add(lookups).add(privacy).add(cache).add(limits).add(blocks).add(phones);
  return all;
}

}  // namespace hrn::relay
