// The onion key file: read with checks, written atomically (temporary file,
// fsync, link into place, fsync the directory).
#include "control_onion_key.hpp"

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hrn/tor/control_wire.hpp"
#include "hrn/tor/errors.hpp"

namespace hrn::tor {
namespace fs = std::filesystem;

namespace {

constexpr std::size_t max_key_file_bytes = 512;

error unusable(const fs::path& file, std::string why) {
  return make_error(tor::errc::onion_key_unusable, "onion key file " + file.string() + ": " + std::move(why));
}

std::string errno_text() { return std::strerror(errno); }

bool write_all(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void sync_directory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);  // best effort: the link is durable once the directory is
  ::close(fd);
}

}  // namespace

result<std::optional<std::string>> read_onion_key(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return std::optional<std::string>{};
    return unusable(file, "cannot open it: " + errno_text());
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return unusable(file, "not a regular file");
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    return unusable(file, "others may read it (whoever has the key can impersonate the onion "
                          "address); run chmod 600 on it");
  }
  std::string text(max_key_file_bytes + 1, '\0');
  std::size_t have = 0;
  while (have < text.size()) {
    const ssize_t n = ::read(fd, text.data() + have, text.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const auto why = errno_text();
      ::close(fd);
      return unusable(file, "cannot read it: " + why);
    }
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
  }
  ::close(fd);
  if (have > max_key_file_bytes) return unusable(file, "too large to be an onion key");
  text.resize(have);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  if (!is_ed25519_v3_key(text))
    return unusable(file, "does not hold an ED25519-V3 key as tor's ADD_ONION returns it");
  return std::optional<std::string>(std::move(text));
}

status write_onion_key(const fs::path& file, std::string_view key) {
  const fs::path dir = file.has_parent_path() ? file.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::exists(dir, ec)) {
    fs::create_directories(dir, ec);
    if (ec) return unusable(file, "cannot create its directory: " + ec.message());
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  }
  const fs::path temporary = dir / (".onion_key.tmp." + std::to_string(::getpid()));
  ::unlink(temporary.c_str());  // a leftover of a crash between open and link
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return unusable(file, "cannot create " + temporary.string() + ": " + errno_text());
  const std::string content = std::string(key) + "\n";
  // fchmod: the umask may only remove bits, but be explicit about the mode.
  const bool written = ::fchmod(fd, 0600) == 0 && write_all(fd, content) && ::fsync(fd) == 0;
  const std::string write_error = errno_text();
  ::close(fd);
  if (!written) {
    ::unlink(temporary.c_str());
    return unusable(file, "cannot write it: " + write_error);
  }
  // link() fails with EEXIST instead of replacing: an existing key is never lost.
  if (::link(temporary.c_str(), file.c_str()) != 0) {
    const auto why = errno == EEXIST ? std::string("it appeared while the key was being created")
                                     : errno_text();
    ::unlink(temporary.c_str());
    return unusable(file, "cannot store it: " + why);
  }
  ::unlink(temporary.c_str());
  sync_directory(dir);
  return ok_status();
}

}  // namespace hrn::tor
