#include "mgmt/store/atomic_file.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <random>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace mgmt::store {

namespace {

Error io_error(std::string_view what, const std::filesystem::path& path, int error) {
  return {ErrorCode::unavailable,
          std::string(what) + " " + path.string() + ": " + std::strerror(error)};
}

// Closes a file descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&&) = delete;
  Fd& operator=(Fd&&) = delete;
  [[nodiscard]] int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

std::string random_suffix() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::uniform_int_distribution<std::size_t> pick(0, kAlphabet.size() - 1);
  std::string out(8, 'x');
  for (auto& c : out)
    c = kAlphabet[pick(engine)];
  return out;
}

}  // namespace

tl::expected<void, Error> sync_directory(const std::filesystem::path& dir) {
  const Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return tl::make_unexpected(io_error("cannot open directory", dir, errno));
  if (::fsync(fd.get()) != 0) return tl::make_unexpected(io_error("cannot fsync", dir, errno));
  return {};
}

tl::expected<void, Error> write_file_atomic(const std::filesystem::path& target,
                                            std::string_view contents) {
  std::filesystem::path temp = target;
  temp += "." + random_suffix() + std::string(kTempSuffix);
  Fd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (fd.get() < 0) return tl::make_unexpected(io_error("cannot create", temp, errno));
  const auto fail = [&](std::string_view what, int error) {
    ::close(fd.release());
    ::unlink(temp.c_str());
    return tl::make_unexpected(io_error(what, temp, error));
  };
  std::size_t written = 0;
  while (written < contents.size()) {
    const ssize_t n = ::write(fd.get(), contents.data() + written, contents.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail("cannot write", errno);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(fd.get()) != 0) return fail("cannot fsync", errno);
  if (::close(fd.release()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    return tl::make_unexpected(io_error("cannot close", temp, error));
  }
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    const int error = errno;
    ::unlink(temp.c_str());
    return tl::make_unexpected(io_error("cannot rename onto", target, error));
  }
  return sync_directory(target.parent_path());
}

tl::expected<void, Error> remove_file_durable(const std::filesystem::path& target) {
  if (::unlink(target.c_str()) != 0 && errno != ENOENT) {
    return tl::make_unexpected(io_error("cannot remove", target, errno));
  }
  return sync_directory(target.parent_path());
}

tl::expected<void, Error> ensure_directory(const std::filesystem::path& dir) {
  if (::mkdir(dir.c_str(), 0755) == 0) return sync_directory(dir.parent_path());
  if (errno == EEXIST && std::filesystem::is_directory(dir)) return {};
  return tl::make_unexpected(io_error("cannot create directory", dir, errno));
}

tl::expected<std::string, Error> read_file(const std::filesystem::path& path) {
  const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) return tl::make_unexpected(io_error("cannot open", path, errno));
  std::string out;
  std::array<char, 8192> chunk{};
  for (;;) {
    const ssize_t n = ::read(fd.get(), chunk.data(), chunk.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return tl::make_unexpected(io_error("cannot read", path, errno));
    }
    if (n == 0) break;
    out.append(chunk.data(), static_cast<std::size_t>(n));
  }
  return out;
}

}  // namespace mgmt::store
