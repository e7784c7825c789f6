// One DoH question through dohdec, an RFC 8484 client from npm that nobody
// here wrote, printed as one JSON line for tests/relay/resolve_wallets.sh:
//   node doh_client.mjs URL NAME TYPE MODE [dnssec]
// MODE: post or get (RFC 8484 wire format; the answer decoded with
// dns-packet, dohdec's own decoder) or json (dohdec's JSON API client, which
// sends Accept: application/dns-json and a random_padding parameter).
// With "dnssec", dohdec sets DO and AD in the query (do=1 for JSON).
import * as packet from 'dns-packet';
import {DNSoverHTTPS} from 'dohdec';

const [url, name, rrtype, mode, dnssec] = process.argv.slice(2);
if (!['post', 'get', 'json'].includes(mode)) {
  console.error('usage: node doh_client.mjs URL NAME TYPE post|get|json [dnssec]');
  process.exit(2);
}
const doh = new DNSoverHTTPS({url, preferPost: mode === 'post'});
const question = {rrtype, dnssec: dnssec === 'dnssec', json: mode === 'json'};

// A record as the shell checks it: TXT as its character-strings, RRSIG by the
// type it covers, anything else by its type alone.
function brief(rr) {
  const out = {name: rr.name, type: rr.type};
  if (rr.type === 'TXT') out.strings = rr.data.map((b) => b.toString('utf8'));
  if (rr.type === 'RRSIG') out.covers = rr.data.typeCovered;
  return out;
}

try {
  if (mode === 'json') {
    console.log(JSON.stringify(await doh.lookup(name, question)));
  } else {
    const wire = await doh.lookup(name, {...question, decode: false});
    const p = packet.decode(wire);
    const opt = (p.additionals || []).find((rr) => rr.type === 'OPT');
    console.log(JSON.stringify({
      size: wire.length,
      id: p.id,
      rcode: p.rcode,
      ad: p.flag_ad,
      do: Boolean(opt && opt.flag_do),
      padding: Boolean(opt && opt.options.some((o) => o.code === 12)),
      answers: p.answers.map(brief),
      authorities: p.authorities.map(brief),
    }));
  }
} catch (e) {
  console.error(`doh_client: ${name} ${rrtype} ${mode}: ${e.message}`);
  process.exit(1);
}
