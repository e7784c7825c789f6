// privacy_analyze REQUESTS LOOKUPS DIRECTORY ZIPF_S LABEL INTERVAL_MS K
// privacy_analyze --header
//
// The adversaries of the privacy bench, computed offline from the driver's
// request log (the network observer's view: request and answer times; the
// names are ground truth) and the recorder's query log (the domain's view:
// arrival time and name of every lookup). Prints one CSV row (or the header).
//
// A lookup is the first TXT query for NAME.user._bitcoin-payment.DOMAIN on one
// upstream connection (repeats on the same connection are the same lookup).
//
// Ground truth: a request answered 200/4xx with "cached":false caused the
// first lookup of its name that arrives after the request was sent and before
// its answer; a request with no such lookup joined a lookup already under way
// (or was answered without one) and caused none. Several requests may share
// one lookup (single-flight); a lookup no request caused is extra work
// (decoy, refresh, prefetch).
//
// The adversary knows the relay's behaviour: a lookup caused by a request
// arrives after it and before its answer, and within W of it (W = the longest
// such delay seen in the run). For each request that caused a lookup, its
// candidates are the lookups in [send, min(send + W, answer)]; it guesses:
//   first_after  the first candidate (timing only);
//   uniform      one candidate at random (success 1/|candidates|);
//   popularity   a candidate at random weighted by its name's Zipf weight in
//                the directory (knows how popular each name is);
//   name_aware   popularity, but if some candidates are the first lookup ever
//                seen of their name (which no decoy can be) it picks among
//                those uniformly.
// Success rates are averaged over those requests (randomized guesses count
// their expected success); anon_set is the mean number of candidates.
// per_lookup is the other direction: for each lookup some request caused, a
// uniform guess among the requests in flight at that moment (sent at most W
// before it, answered after it); per_lookup_set is their mean number.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

struct Request {
  std::uint64_t send = 0, done = 0;
  int status = 0;
  bool cached = false;
  std::string name;
  long lookup = -1;  // index of the lookup it caused
};

struct Lookup {
  std::uint64_t t = 0;
  std::string name;
  bool first_of_name = false;
  bool real = false;
};

// "u.user._bitcoin-payment.d" -> "u@d"; empty if not a payment-name query.
std::string address_of(const std::string& qname) {
  static const std::string mid = ".user._bitcoin-payment.";
  const auto p = qname.find(mid);
  if (p == std::string::npos || p == 0) return {};
  return qname.substr(0, p) + "@" + qname.substr(p + mid.size());
}

double percentile(std::vector<double> v, double q) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::sort(v.begin(), v.end());
  const auto i = static_cast<std::size_t>(std::ceil(q * static_cast<double>(v.size()))) - 1;
  return v[std::min(i, v.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  const char* header =
      "label,interval_ms,k,requests,non_answers,hit_share,lookups,lookups_per_request,real_lookups,"
      "extra_lookups,window_ms,first_after,uniform,popularity,name_aware,anon_set,per_lookup,"
      "per_lookup_set,ideal,p50_ms,p99_ms,miss_p50_ms,miss_p99_ms";
  if (argc == 2 && std::string(argv[1]) == "--header") {
    std::printf("%s\n", header);
    return 0;
  }
  if (argc != 8) {
    std::fprintf(stderr, "usage: privacy_analyze REQUESTS LOOKUPS DIRECTORY ZIPF_S LABEL INTERVAL_MS K\n");
    return 2;
  }
  const double s = std::atof(argv[4]);
  std::unordered_map<std::string, double> weight;
  {
    std::ifstream in(argv[3]);
    std::size_t rank = 0;
    for (std::string l; std::getline(in, l);)
      if (!l.empty()) weight[l] = 1.0 / std::pow(static_cast<double>(++rank), s);
  }
  auto w = [&](const std::string& n) {
    const auto it = weight.find(n);
    return it == weight.end() ? 0.0 : it->second;
  };

  std::vector<Request> reqs;
  {
    std::ifstream in(argv[1]);
    for (std::string l; std::getline(in, l);) {
      std::istringstream ls(l);
      Request r;
      int cached = 0;
      std::size_t rank = 0;
      if (ls >> r.send >> r.done >> r.status >> cached >> rank >> r.name) {
        r.cached = cached != 0;
        reqs.push_back(r);
      }
    }
  }
  std::vector<Lookup> looks;
  {
    std::ifstream in(argv[2]);
    std::set<std::pair<std::string, std::string>> seen;  // (connection, qname)
    for (std::string l; std::getline(in, l);) {
      std::istringstream ls(l);
      std::uint64_t t = 0;
      std::string conn, qname;
      unsigned qtype = 0;
      if (!(ls >> t >> conn >> qtype >> qname) || qtype != 16) continue;
      const std::string a = address_of(qname);
      if (a.empty() || !seen.emplace(conn, qname).second) continue;
      looks.push_back({t, a, false, false});
    }
  }
  std::sort(reqs.begin(), reqs.end(), [](const Request& a, const Request& b) { return a.send < b.send; });
  std::stable_sort(looks.begin(), looks.end(), [](const Lookup& a, const Lookup& b) { return a.t < b.t; });
  std::unordered_map<std::string, std::vector<std::size_t>> by_name;
  for (std::size_t i = 0; i < looks.size(); ++i) {
    auto& v = by_name[looks[i].name];
    looks[i].first_of_name = v.empty();
    v.push_back(i);
  }

  // Ground truth.
  std::size_t answered = 0, hits = 0;
  std::uint64_t window = 0;
  std::vector<double> lat, miss_lat;
  for (auto& r : reqs) {
    if (r.status == 0 || r.send == 0) continue;
    ++answered;
    lat.push_back(static_cast<double>(r.done - r.send) / 1e6);
    if (r.cached) {
      ++hits;
      continue;
    }
    miss_lat.push_back(static_cast<double>(r.done - r.send) / 1e6);
    const auto it = by_name.find(r.name);
    if (it == by_name.end()) continue;
    for (const std::size_t i : it->second) {
      if (looks[i].t < r.send) continue;
      if (looks[i].t <= r.done) {
        r.lookup = static_cast<long>(i);
        looks[i].real = true;
        window = std::max(window, looks[i].t - r.send);
      }
      break;
    }
  }

  // Request to lookup.
  double first_after = 0, uniform = 0, popularity = 0, name_aware = 0, set_sum = 0;
  std::size_t caused = 0;
  for (const auto& r : reqs) {
    if (r.lookup < 0) continue;
    ++caused;
    const std::uint64_t end = std::min(r.send + window, r.done);
    const auto lo = std::lower_bound(looks.begin(), looks.end(), r.send,
                                     [](const Lookup& l, std::uint64_t t) { return l.t < t; });
    std::vector<std::size_t> cand;
    for (auto it = lo; it != looks.end() && it->t <= end; ++it) cand.push_back(static_cast<std::size_t>(it - looks.begin()));
    const auto truth = static_cast<std::size_t>(r.lookup);
    set_sum += static_cast<double>(cand.size());
    if (!cand.empty() && cand.front() == truth) first_after += 1;
    uniform += 1.0 / static_cast<double>(cand.size());
    double wsum = 0;
    for (const auto c : cand) wsum += w(looks[c].name);
    const double pop = wsum > 0 ? w(looks[truth].name) / wsum : 1.0 / static_cast<double>(cand.size());
    popularity += pop;
    std::size_t fresh = 0;
    for (const auto c : cand) fresh += looks[c].first_of_name ? 1 : 0;
    if (fresh > 0)
      name_aware += looks[truth].first_of_name ? 1.0 / static_cast<double>(fresh) : 0.0;
    else
      name_aware += pop;
  }

  // Lookup to request.
  std::map<std::size_t, std::vector<std::size_t>> causes;  // lookup -> requests
  for (std::size_t i = 0; i < reqs.size(); ++i)
    if (reqs[i].lookup >= 0) causes[static_cast<std::size_t>(reqs[i].lookup)].push_back(i);
  double per_lookup = 0, per_set = 0;
  for (const auto& [li, rs] : causes) {
    const std::uint64_t t = looks[li].t;
    std::size_t inflight = 0, good = 0;
    for (std::size_t i = 0; i < reqs.size(); ++i) {
      const auto& r = reqs[i];
      if (r.status == 0 || r.send > t || r.done < t || t - r.send > window) continue;
      ++inflight;
      if (std::find(rs.begin(), rs.end(), i) != rs.end()) ++good;
    }
    per_set += static_cast<double>(inflight);
    per_lookup += inflight > 0 ? static_cast<double>(good) / static_cast<double>(inflight) : 0.0;
  }

  const double k = std::atof(argv[7]);
  const double n = static_cast<double>(caused), nl = static_cast<double>(causes.size());
  auto avg = [](double sum, double cnt) { return cnt > 0 ? sum / cnt : std::numeric_limits<double>::quiet_NaN(); };
  std::printf("%s,%s,%s,%zu,%zu,%.3f,%zu,%.3f,%zu,%zu,%.1f,%.3f,%.3f,%.3f,%.3f,%.2f,%.3f,%.2f,", argv[5], argv[6],
              argv[7], reqs.size(), reqs.size() - answered, avg(static_cast<double>(hits), static_cast<double>(answered)),
              looks.size(), avg(static_cast<double>(looks.size()), static_cast<double>(reqs.size())), causes.size(),
              looks.size() - causes.size(), static_cast<double>(window) / 1e6, avg(first_after, n), avg(uniform, n),
              avg(popularity, n), avg(name_aware, n), avg(set_sum, n), avg(per_lookup, nl), avg(per_set, nl));
  if (k > 0)
    std::printf("%.3f,", 1.0 / k);
  else
    std::printf("-,");
  std::printf("%.1f,%.1f,%.1f,%.1f\n", percentile(lat, 0.5), percentile(lat, 0.99), percentile(miss_lat, 0.5),
              percentile(miss_lat, 0.99));
  return 0;
}
