#!/usr/bin/python3
"""An RFC 9102 chain verifier written for the tests from dnspython's DNSSEC
primitives (Debian's python3-dnspython), so a chain the relay serves is
checked by code that shares nothing with the relay's own validator.

usage: rfc9102_verify.py CHAIN_FILE QNAME TRUST_ANCHOR_FILE UNIX_TIME

CHAIN_FILE holds the chain as RFC 9102 §2 puts it: resource records one after
another, in wire format, with no compression. TRUST_ANCHOR_FILE has the root
DS in zone-file syntax. Every RRset of the chain must validate at UNIX_TIME,
from the anchor down (root DNSKEY by the anchor DS, each zone's DS by its
parent's keys, each DNSKEY RRset by a key its DS names, every other RRset by
the keys of the deepest zone above it); then the TXT question at QNAME is
answered from the validated RRsets alone (CNAME and DNAME followed), with the
NSEC or NSEC3 proofs a wildcard answer, NXDOMAIN or NODATA needs.

Prints one JSON object (status secure|nxdomain|nodata, the name answered,
wildcard, denial kind, zones, TXT strings joined per record) and exits 0, or
prints why the chain is not valid on stderr and exits 1.
"""
import base64
import json
import struct
import sys

import dns.dnssec
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rrset

TXT, CNAME, DNAME = dns.rdatatype.TXT, dns.rdatatype.CNAME, dns.rdatatype.DNAME
DS, DNSKEY, RRSIG = dns.rdatatype.DS, dns.rdatatype.DNSKEY, dns.rdatatype.RRSIG
NSEC, NSEC3 = dns.rdatatype.NSEC, dns.rdatatype.NSEC3


class Invalid(Exception):
    pass


def parse_chain(data):
    """The records of an RFC 9102 chain, refusing compression and trailing bytes."""
    records, off = [], 0
    while off < len(data):
        owner, used = dns.name.from_wire(data, off)
        if used != len(owner.to_wire()):
            raise Invalid(f"compressed owner name at offset {off}")
        off += used
        if off + 10 > len(data):
            raise Invalid("truncated record header")
        rdtype, rdclass, ttl, rdlen = struct.unpack("!HHIH", data[off:off + 10])
        off += 10
        if off + rdlen > len(data):
            raise Invalid(f"truncated rdata of {owner} type {rdtype}")
        rd = dns.rdata.from_wire(rdclass, rdtype, data, off, rdlen)
        if len(rd.to_wire()) != rdlen:
            raise Invalid(f"compressed rdata in {owner} {dns.rdatatype.to_text(rdtype)}")
        off += rdlen
        records.append((owner, ttl, rd))
    return records


def group(records):
    """RRsets keyed by (owner, type); RRSIGs keyed by (owner, type covered)."""
    rrsets, sigs = {}, {}
    for owner, ttl, rd in records:
        if rd.rdclass != dns.rdataclass.IN:
            raise Invalid(f"{owner}: class {rd.rdclass} is not IN")
        if rd.rdtype == RRSIG:
            key, table = (owner, rd.type_covered), sigs
            new = lambda: dns.rrset.RRset(owner, dns.rdataclass.IN, RRSIG, rd.type_covered)
        else:
            key, table = (owner, rd.rdtype), rrsets
            new = lambda: dns.rrset.RRset(owner, dns.rdataclass.IN, rd.rdtype)
        table.setdefault(key, new()).add(rd, ttl)
    return rrsets, sigs


def read_anchor(path):
    anchor = dns.rrset.RRset(dns.name.root, dns.rdataclass.IN, DS)
    for line in open(path, encoding="ascii"):
        tokens = line.split(";")[0].split()
        if "DS" not in tokens:
            continue
        i = tokens.index("DS")
        if dns.name.from_text(tokens[0]) != dns.name.root:
            raise Invalid(f"anchor for {tokens[0]}, not the root")
        anchor.add(dns.rdata.from_text("IN", "DS", " ".join(tokens[i + 1:])))
    if not anchor:
        raise Invalid(f"no DS in {path}")
    return anchor


class Chain:
    def __init__(self, records, anchor, at):
        self.rrsets, self.sigs = group(records)
        self.anchor, self.at = anchor, at
        self.keys = {}  # zone -> its validated DNSKEY RRset
        self.valid = {}  # (owner, type) -> (rrset, the RRSIG that validated it)

    def _validate(self, rrset, keys_by_zone, signer):
        """The first RRSIG over rrset by signer that validates with the keys given."""
        sigset = self.sigs.get((rrset.name, rrset.rdtype))
        if not sigset:
            raise Invalid(f"no RRSIG over {rrset.name} {dns.rdatatype.to_text(rrset.rdtype)}")
        errors = []
        for sig in sigset:
            if sig.signer != signer:
                continue
            one = dns.rrset.RRset(rrset.name, dns.rdataclass.IN, RRSIG, rrset.rdtype)
            one.add(sig, sigset.ttl)
            try:
                dns.dnssec.validate(rrset, one, {signer: keys_by_zone}, now=self.at)
                return sig
            except dns.dnssec.ValidationFailure as e:
                errors.append(str(e))
        raise Invalid(f"{rrset.name} {dns.rdatatype.to_text(rrset.rdtype)}: no RRSIG by {signer} validates"
                      f" ({'; '.join(errors) or 'none by that signer'})")

    def _trust_zone(self, zone, ds_set):
        """Validates zone's DNSKEY RRset with a key that ds_set names."""
        keyset = self.rrsets.get((zone, DNSKEY))
        if not keyset:
            raise Invalid(f"no DNSKEY RRset for {zone}")
        named = dns.rrset.RRset(zone, dns.rdataclass.IN, DNSKEY)
        for key in keyset:
            for ds in ds_set:
                try:
                    if dns.dnssec.make_ds(zone, key, ds.digest_type) == ds:
                        named.add(key, keyset.ttl)
                except (dns.dnssec.UnsupportedAlgorithm, ValueError):
                    pass
        if not named:
            raise Invalid(f"no DNSKEY of {zone} matches its DS")
        sig = self._validate(keyset, named, zone)
        self.keys[zone] = keyset
        self.valid[(zone, DNSKEY)] = (keyset, sig)

    def zone_of(self, owner):
        """The deepest zone with validated keys at or above owner."""
        best = None
        for zone in self.keys:
            if owner.is_subdomain(zone) and (best is None or len(zone) > len(best)):
                best = zone
        return best

    def validate_all(self):
        self._trust_zone(dns.name.root, self.anchor)
        zones = sorted((owner for owner, t in self.rrsets if t == DNSKEY and owner != dns.name.root), key=len)
        for zone in zones:
            ds_set = self.rrsets.get((zone, DS))
            if not ds_set:
                raise Invalid(f"no DS for {zone}")
            parent = self.zone_of(zone.parent())
            if parent is None:
                raise Invalid(f"no validated zone above {zone}")
            self.valid[(zone, DS)] = (ds_set, self._validate(ds_set, self.keys[parent], parent))
            self._trust_zone(zone, ds_set)
        synthesized = []
        for (owner, rdtype), rrset in self.rrsets.items():
            if (owner, rdtype) in self.valid:
                continue
            if rdtype == CNAME and (owner, CNAME) not in self.sigs:
                synthesized.append(rrset)  # RFC 6672 §5.3.1: may come unsigned beside its DNAME
                continue
            zone = self.zone_of(owner.parent() if rdtype == DS else owner)
            if zone is None:
                raise Invalid(f"{owner} is under no validated zone")
            self.valid[(owner, rdtype)] = (rrset, self._validate(rrset, self.keys[zone], zone))
        for cname in synthesized:
            if not self._from_dname(cname):
                raise Invalid(f"unsigned CNAME at {cname.name} that no validated DNAME synthesizes")
        unused = set(self.sigs) - set(self.valid)
        if unused:
            raise Invalid(f"RRSIGs over RRsets not in the chain: {sorted(str(o) for o, _ in unused)}")

    def _from_dname(self, cname):
        target = next(iter(cname)).target
        for (o, t), (rrset, _) in self.valid.items():
            if t == DNAME and cname.name.is_subdomain(o) and cname.name != o:
                if cname.name.relativize(o).derelativize(next(iter(rrset)).target) == target:
                    return True
        return False

    # Denial of existence, from validated NSEC and NSEC3 RRsets only.
    def _nsecs(self):
        return [(o, rd) for (o, t), (rrset, _) in self.valid.items() if t == NSEC for rd in rrset]

    def _nsec3s(self, zone):
        out = []
        for (o, t), (rrset, _) in self.valid.items():
            if t == NSEC3 and o.parent() == zone:
                owner_hash = base64.b32hexdecode(o.labels[0].upper())
                out.extend((owner_hash, rd) for rd in rrset)
        return out

    @staticmethod
    def _between(low, x, high):
        """x strictly inside the interval from low to high, wrapping past the end."""
        return low < x < high if low < high else (x > low or x < high)

    def nsec_covers(self, name):
        return any(self._between(o, name, rd.next) for o, rd in self._nsecs())

    def nsec_at(self, name):
        return next((rd for o, rd in self._nsecs() if o == name), None)

    def _nsec3_hash(self, name, rd):
        text = dns.dnssec.nsec3_hash(name, rd.salt, rd.iterations, rd.algorithm)
        return base64.b32hexdecode(text.upper())

    def nsec3_covers(self, zone, name):
        return any(self._between(h, self._nsec3_hash(name, rd), rd.next) for h, rd in self._nsec3s(zone))

    def nsec3_at(self, zone, name):
        return next((rd for h, rd in self._nsec3s(zone) if h == self._nsec3_hash(name, rd)), None)

    @staticmethod
    def _types(rd):
        return set(rd.to_text().split()[1:] if rd.rdtype == NSEC else rd.to_text().split()[5:])

    def deny(self, qname):
        """'nxdomain' or 'nodata' with its proof kind, or raises."""
        zone = self.zone_of(qname)
        nsec3 = self._nsec3s(zone)
        if nsec3:
            rd = self.nsec3_at(zone, qname)
            if rd is not None:
                if {"TXT", "CNAME"} & self._types(rd):
                    raise Invalid(f"the NSEC3 at {qname} lists TXT or CNAME")
                return "nodata", "nsec3"
            # Closest encloser proof (RFC 5155 §8.4): the encloser exists, the
            # next closer name and the wildcard below the encloser do not.
            name = qname
            while name != zone:
                closer, name = name, name.parent()
                if self.nsec3_at(zone, name) is not None:
                    if not self.nsec3_covers(zone, closer):
                        raise Invalid(f"no NSEC3 covers the next closer name {closer}")
                    if not self.nsec3_covers(zone, dns.name.Name((b"*",) + name.labels)):
                        raise Invalid(f"no NSEC3 covers *.{name}")
                    return "nxdomain", "nsec3"
            raise Invalid(f"no closest encloser proof for {qname}")
        rd = self.nsec_at(qname)
        if rd is not None:
            if {"TXT", "CNAME"} & self._types(rd):
                raise Invalid(f"the NSEC at {qname} lists TXT or CNAME")
            return "nodata", "nsec"
        covering = [(o, rd) for o, rd in self._nsecs() if self._between(o, qname, rd.next)]
        if not covering:
            raise Invalid(f"no NSEC covers {qname}")
        # RFC 4035 §5.4: the closest encloser is the longest ancestor qname
        # shares with the covering NSEC's ends; its wildcard must not exist.
        o, rd = covering[0]
        encloser = max((qname.fullcompare(n)[2] for n in (o, rd.next)))
        encloser = dns.name.Name(qname.labels[len(qname) - encloser:])
        if not self.nsec_covers(dns.name.Name((b"*",) + encloser.labels)):
            raise Invalid(f"no NSEC denies the wildcard *.{encloser}")
        return "nxdomain", "nsec"

    def answer(self, qname):
        name, hops, result = qname, 0, {}
        while True:
            hops += 1
            if hops > 16:
                raise Invalid("too many aliases")
            if (name, TXT) in self.valid:
                rrset, sig = self.valid[(name, TXT)]
                wildcard = sig.labels < len(name) - 1
                result.update(status="secure", name=name.to_text(), wildcard=wildcard,
                              txt=sorted(b"".join(rd.strings).decode("utf-8", "replace") for rd in rrset))
                if wildcard:
                    # RFC 4035 §5.3.4: the name itself must be shown not to exist.
                    zone = self.zone_of(name)
                    closer = dns.name.Name(name.labels[len(name) - 1 - sig.labels - 1:])
                    if self._nsec3s(zone):
                        if not self.nsec3_covers(zone, closer):
                            raise Invalid(f"wildcard answer: no NSEC3 covers the next closer name {closer}")
                        result["denial"] = "nsec3"
                    else:
                        if not self.nsec_covers(name):
                            raise Invalid(f"wildcard answer: no NSEC covers {name}")
                        result["denial"] = "nsec"
                return result
            if (name, CNAME) in self.valid:
                name = next(iter(self.valid[(name, CNAME)][0])).target
                continue
            dname = [o for (o, t) in self.valid if t == DNAME and name.is_subdomain(o) and name != o]
            if dname:
                owner = max(dname, key=len)
                target = next(iter(self.valid[(owner, DNAME)][0])).target
                name = name.relativize(owner).derelativize(target)
                continue
            status, kind = self.deny(name)
            result.update(status=status, name=name.to_text(), wildcard=False, denial=kind, txt=[])
            return result


def main(argv):
    if len(argv) != 5:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    chain_file, qname, anchor_file, at = argv[1], dns.name.from_text(argv[2]), argv[3], int(argv[4])
    try:
        chain = Chain(parse_chain(open(chain_file, "rb").read()), read_anchor(anchor_file), at)
        chain.validate_all()
        result = chain.answer(qname)
    except Invalid as e:
        print(f"rfc9102_verify: invalid: {e}", file=sys.stderr)
        return 1
    result["zones"] = sorted(z.to_text() for z in chain.keys)
    result["rrsets"] = len(chain.valid)
    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
