// The cache snapshot in the state directory: loaded at start (each chain
// validated again), saved at exit.
#include "resolver_stack.hpp"

#include <filesystem>
#include <fstream>
#include <iterator>

#include <spdlog/spdlog.h>

#include "hrn/cache/snapshot.hpp"
#include "hrn/resolve/snapshot_restore.hpp"

namespace hrn::relay {

std::string resolver_stack::snapshot_path() const { return cfg_.state_dir + "/cache.snapshot"; }

void resolver_stack::load_snapshot() {
  if (!cfg_.snapshot) return;
  const auto path = snapshot_path();
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return;  // first start
  // The cache cannot have held more than its bound: a bigger file is not
  // ours to spend start-up time and memory on.
  if (size > 2 * cfg_.cache_max_bytes + 4096) {
    spdlog::warn("cache snapshot {} skipped: {} bytes is more than this cache can hold", path, size);
    return;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    spdlog::warn("cache snapshot {} skipped: cannot read it", path);
    return;
  }
  const bytes data{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto records = cache::decode_snapshot(data);
  if (!records) {
    spdlog::warn("cache snapshot {} skipped: {}", path, records.err().message);
    return;
  }
  const auto counts = resolve::restore_snapshot(store_, *records, pipeline_->config().anchors, policy_,
                                                pipeline_->now());
  spdlog::info("cache snapshot: {} entries restored, {} expired, {} no longer valid", counts.restored,
               counts.expired, counts.invalid);
}

void resolver_stack::save_snapshot() const {
  if (!cfg_.snapshot) return;
  const auto path = snapshot_path();
  const auto data = cache::encode_snapshot(store_, pipeline_->now());
  // Written beside and renamed over: a crash mid-write leaves the old one.
  const auto tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
    if (!out) {
      spdlog::warn("cache snapshot not saved: cannot write {}", tmp);
      return;
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) {
    spdlog::warn("cache snapshot not saved: {}", ec.message());
    return;
  }
  spdlog::info("cache snapshot: {} entries saved", store_.entries());
}

}  // namespace hrn::relay
