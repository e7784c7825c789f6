#include "hrn/cache/redis/reply.hpp"

#include <hiredis/hiredis.h>

#include <new>

#include "hrn/cache/redis/errors.hpp"
#include "resp_guard.hpp"

namespace hrn::cache::redis {
namespace {

error protocol(std::string why) { return make_error(errc::redis_protocol_error, "Redis reply: " + std::move(why)); }

struct reply_deleter {
  void operator()(void* r) const { freeReplyObject(r); }
};

// The guard has bounded the depth (7), so the recursion is shallow.
reply convert(const redisReply& r) {
  reply out;
  switch (r.type) {
    case REDIS_REPLY_STRING: out.type = reply::kind::string; break;
    case REDIS_REPLY_STATUS: out.type = reply::kind::status; break;
    case REDIS_REPLY_ERROR: out.type = reply::kind::error; break;
    case REDIS_REPLY_INTEGER: out.type = reply::kind::integer; break;
    case REDIS_REPLY_ARRAY: out.type = reply::kind::array; break;
    default: out.type = reply::kind::nil; break;
  }
  if (r.type == REDIS_REPLY_STRING || r.type == REDIS_REPLY_STATUS || r.type == REDIS_REPLY_ERROR)
    out.text.assign(r.str, r.len);
  if (r.type == REDIS_REPLY_INTEGER) out.integer = r.integer;
  if (r.type == REDIS_REPLY_ARRAY) {
    out.elements.reserve(r.elements);
    for (std::size_t i = 0; i < r.elements; ++i) out.elements.push_back(convert(*r.element[i]));
  }
  return out;
}

}  // namespace

struct reply_reader::impl {
  explicit impl(const reader_limits& limits) : guard(limits), reader(redisReaderCreate()) {
    if (!reader) throw std::bad_alloc();
  }
  ~impl() { redisReaderFree(reader); }
  impl(const impl&) = delete;
  impl& operator=(const impl&) = delete;

  resp_guard guard;
  redisReader* reader;
  std::optional<error> failure;  // once set, every call returns it
};

reply_reader::reply_reader(reader_limits limits) : impl_(std::make_unique<impl>(limits)) {}
reply_reader::~reply_reader() = default;

status reply_reader::feed(byte_view data) {
  if (impl_->failure) return *impl_->failure;
  std::size_t accepted = 0;
  auto scanned = impl_->guard.scan(data, accepted);
  // The well-formed prefix still goes in: the replies it completes were
  // sent before the bad bytes, but the caller drops the connection anyway.
  if (accepted > 0 &&
      redisReaderFeed(impl_->reader, reinterpret_cast<const char*>(data.data()), accepted) != REDIS_OK)
    impl_->failure = protocol(std::string("hiredis: ") + impl_->reader->errstr);
  if (!scanned && !impl_->failure) impl_->failure = std::move(scanned).err();
  if (impl_->failure) return *impl_->failure;
  return ok_status();
}

result<std::optional<reply>> reply_reader::next() {
  if (impl_->failure) return *impl_->failure;
  void* raw = nullptr;
  if (redisReaderGetReply(impl_->reader, &raw) != REDIS_OK) {
    impl_->failure = protocol(std::string("hiredis: ") + impl_->reader->errstr);
    return *impl_->failure;
  }
  if (!raw) return std::optional<reply>();
  std::unique_ptr<void, reply_deleter> owned(raw);
  return std::optional<reply>(convert(*static_cast<const redisReply*>(raw)));
}

bytes format_command(const std::vector<std::string>& args) {
  std::vector<const char*> argv;
  std::vector<std::size_t> lengths;
  argv.reserve(args.size());
  lengths.reserve(args.size());
  for (const auto& a : args) {
    argv.push_back(a.data());
    lengths.push_back(a.size());
  }
  char* command = nullptr;
  const int length = redisFormatCommandArgv(&command, static_cast<int>(args.size()), argv.data(), lengths.data());
  if (length < 0 || !command) throw std::bad_alloc();
  bytes out(reinterpret_cast<const std::uint8_t*>(command), reinterpret_cast<const std::uint8_t*>(command) + length);
  redisFreeCommand(command);
  return out;
}

}  // namespace hrn::cache::redis
