#!/usr/bin/python3
"""Rebuilds an RFC 9102 chain the way a wallet with only a DoH server would:
ask for the TXT record with DO set, then for the DNSKEY and DS RRsets of every
zone whose key signed something received, up to the root; write everything
the answers carried (answer and authority sections, RRSIGs included) as one
RFC 9102 byte sequence: each RR in wire format, uncompressed, owner in lower
case, the TXT question's records first and the root's keys last.

usage: doh_chain.py DOH_URL QNAME OUT_FILE [CA_FILE]

DoH (RFC 8484 POST, application/dns-message) through Python's urllib, with
CA_FILE as the only trusted CA for https URLs. Prints one JSON object: the
questions asked, with each answer's rcode and AD bit. Exits 1 on a DoH or
DNS failure.
"""
import json
import ssl
import struct
import sys
import urllib.request

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdatatype


def ask(url, context, qname, rdtype):
    query = dns.message.make_query(qname, rdtype, want_dnssec=True)
    query.id = 0  # RFC 8484 §4.1: 0 makes answers cacheable by HTTP caches
    request = urllib.request.Request(url, data=query.to_wire(), method="POST", headers={
        "Content-Type": "application/dns-message", "Accept": "application/dns-message"})
    with urllib.request.urlopen(request, timeout=30, context=context) as response:
        if response.headers.get_content_type() != "application/dns-message":
            raise RuntimeError(f"{qname} {rdtype}: content type {response.headers.get_content_type()}")
        return dns.message.from_wire(response.read())


def rr_wire(rrset):
    """The RRset's records, uncompressed, owner lower case (RFC 9102 §2)."""
    owner = rrset.name.canonicalize().to_wire()
    out = b""
    for rd in rrset:
        rdata = rd.to_wire()
        out += owner + struct.pack("!HHIH", rd.rdtype, rd.rdclass, rrset.ttl, len(rdata)) + rdata
    return out


def main(argv):
    if len(argv) not in (4, 5):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    url, qname, out_file = argv[1], dns.name.from_text(argv[2]), argv[3]
    context = ssl.create_default_context(cafile=argv[4]) if len(argv) == 5 else None
    asked, groups, seen = [], [], set()

    def collect(message, sections):
        found = []
        for section in sections:
            for rrset in section:
                key = (rrset.name, rrset.rdtype, rrset.covers)
                if key not in seen:
                    seen.add(key)
                    found.append(rrset)
        return found

    def signers(rrsets):
        return {rd.signer for rrset in rrsets if rrset.rdtype == dns.rdatatype.RRSIG for rd in rrset}

    def query(name, rdtype, sections):
        message = ask(url, context, name, rdtype)
        rcode = dns.rcode.to_text(message.rcode())
        asked.append({"name": name.to_text(), "type": dns.rdatatype.to_text(rdtype), "rcode": rcode,
                      "ad": bool(message.flags & dns.flags.AD)})
        if message.rcode() not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
            raise RuntimeError(f"{name} {dns.rdatatype.to_text(rdtype)}: {rcode}")
        found = collect(message, [getattr(message, s) for s in sections])
        groups.append(found)
        return found

    try:
        zones = signers(query(qname, dns.rdatatype.TXT, ["answer", "authority"]))
        done = set()
        while zones - done:
            # Deepest first, so the bytes run from the answer up to the root.
            zone = max(zones - done, key=len)
            done.add(zone)
            zones |= signers(query(zone, dns.rdatatype.DNSKEY, ["answer"]))
            if zone != dns.name.root:
                zones |= signers(query(zone, dns.rdatatype.DS, ["answer"]))
    except (OSError, RuntimeError, dns.exception.DNSException) as e:
        print(f"doh_chain: {e}", file=sys.stderr)
        return 1
    with open(out_file, "wb") as f:
        for found in groups:
            for rrset in found:
                f.write(rr_wire(rrset))
    print(json.dumps({"asked": asked}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
