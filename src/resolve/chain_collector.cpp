#include "hrn/resolve/chain_collector.hpp"

#include <set>
#include <utility>

#include "hrn/dns/message.hpp"
#include "hrn/dns/rdata.hpp"
#include "hrn/dns/transport/errors.hpp"
#include "hrn/resolve/gather.hpp"

namespace hrn::resolve {
namespace {

using query_key = std::pair<std::string, std::uint16_t>;  // (wire name, type)

std::string rcode_text(std::uint16_t rc) {
  switch (rc) {
    case 1: return "FORMERR";
    case dns::rcode::servfail: return "SERVFAIL";
    case 4: return "NOTIMP";
    case 5: return "REFUSED";
    default: return "RCODE " + std::to_string(rc);
  }
}

// A reply is usable if it answers exactly the question asked with NOERROR or
// NXDOMAIN; anything else says the upstream failed, not that DNSSEC did.
result<dns::message> check_reply(result<bytes> raw, const dns::name& qname, std::uint16_t qtype) {
  if (!raw) return std::move(raw).err();
  auto m = dns::parse_message(*raw);
  const std::string what = qname.to_text() + " " + dns::type_to_text(qtype);
  if (!m) return make_error(dns::transport::errc::upstream_error, "malformed reply for " + what + ": " + m.err().message);
  if (!m->hdr.qr) return make_error(dns::transport::errc::upstream_error, "reply for " + what + " is not a response");
  if (m->hdr.tc) return make_error(dns::transport::errc::upstream_error, "reply for " + what + " is truncated");
  if (m->questions.size() != 1 || m->questions[0].qname != qname || m->questions[0].qtype != qtype)
    return make_error(dns::transport::errc::upstream_error, "reply does not match the question " + what);
  const auto rc = m->full_rcode();
  if (rc != dns::rcode::noerror && rc != dns::rcode::nxdomain)
    return make_error(dns::transport::errc::upstream_error, "upstream answered " + rcode_text(rc) + " for " + what);
  return std::move(*m);
}

class flight_plan {
 public:
  void want(const dns::name& n, std::uint16_t type) {
    if (asked_.insert({std::string(reinterpret_cast<const char*>(n.wire().data()), n.wire_size()), type})
            .second)
      batch_.emplace_back(n, type);
  }
  // DNSKEY at every ancestor (and the name itself), DS at every non-root one.
  void want_chain(const dns::name& n) {
    for (std::size_t labels = 0; labels <= n.label_count(); ++labels) {
      auto zone = n.suffix(labels);
      want(zone, dns::rr_type::dnskey);
      if (!zone.is_root()) want(zone, dns::rr_type::ds);
    }
  }
  std::vector<std::pair<dns::name, std::uint16_t>> take() { return std::exchange(batch_, {}); }

 private:
  std::set<query_key> asked_;
  std::vector<std::pair<dns::name, std::uint16_t>> batch_;
};

// Replies repeat the same SOA and NSEC records; keep each RR once.
void add_unique(std::vector<dns::rr>& pool, std::set<std::string>& seen,
                const std::vector<dns::rr>& records) {
  for (const auto& r : records) {
    bytes wire;
    dns::append_rr(wire, r);
    if (seen.emplace(wire.begin(), wire.end()).second) pool.push_back(r);
  }
}

}  // namespace

boost::asio::awaitable<result<collected_chain>> collect_chain(const dns_exchange& exchange,
                                                              const dns::name& qname,
                                                              std::uint16_t qtype,
                                                              collect_limits limits) {
  collected_chain out;
  std::set<std::string> seen;
  flight_plan plan;
  std::set<std::string> answer_names;  // names whose (name, qtype) reply may carry aliases
  auto wire_key = [](const dns::name& n) {
    return std::string(reinterpret_cast<const char*>(n.wire().data()), n.wire_size());
  };

  plan.want(qname, qtype);
  plan.want_chain(qname);
  answer_names.insert(wire_key(qname));

  for (unsigned flight = 0; flight < limits.max_flights; ++flight) {
    auto batch = plan.take();
    if (batch.empty()) break;
    if (out.queries + batch.size() > limits.max_queries) {
      if (!out.support_failure)
        out.support_failure = make_error(dns::transport::errc::upstream_error, "the chain needs more than " +
                                                               std::to_string(limits.max_queries) +
                                                               " queries");
      break;
    }
    std::vector<boost::asio::awaitable<result<bytes>>> ops;
    ops.reserve(batch.size());
    for (const auto& [n, t] : batch) ops.push_back(exchange(dns::build_query(n, t, 0)));
    auto replies = co_await gather(std::move(ops));
    ++out.round_trips;
    out.queries += static_cast<unsigned>(batch.size());

    for (std::size_t i = 0; i < batch.size(); ++i) {
      const auto& [n, t] = batch[i];
      const bool is_answer = t == qtype && answer_names.contains(wire_key(n));
      auto reply = check_reply(std::move(replies[i]), n, t);
      if (!reply) {
        if (is_answer && n == qname) co_return std::move(reply).err();
        if (!out.support_failure) out.support_failure = std::move(reply).err();
        continue;
      }
      add_unique(out.pool, seen, reply->answers);
      add_unique(out.pool, seen, reply->authority);
      if (!is_answer) continue;
      // Aliases lead into other zones: their chains (and, if the upstream did
      // not follow the alias itself, the target's answer) go in the next flight.
      for (const auto& r : reply->answers) {
        plan.want_chain(r.owner);
        if (r.type != dns::rr_type::cname && r.type != dns::rr_type::dname) continue;
        auto target = dns::decode_name_rdata(r.rdata);
        if (!target) continue;  // the validator reports the malformed record
        plan.want_chain(*target);
        if (r.type != dns::rr_type::cname) continue;
        bool followed = false;
        for (const auto& a : reply->answers) followed = followed || a.owner == *target;
        if (!followed) {
          answer_names.insert(wire_key(*target));
          plan.want(*target, qtype);
        }
      }
    }
  }
  co_return out;
}

}  // namespace hrn::resolve
