#include "mgmt/daemon/token.hpp"

#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <system_error>
#include <unistd.h>

namespace mgmt::daemon {
namespace {

tl::expected<std::string, std::string> random_hex(std::size_t bytes) {
  std::ifstream in("/dev/urandom", std::ios::binary);
  std::string raw(bytes, '\0');
  if (!in.read(raw.data(), static_cast<std::streamsize>(bytes)))
    return tl::make_unexpected(std::string("/dev/urandom cannot be read"));
  static constexpr std::array<char, 16> kHex{'0', '1', '2', '3', '4', '5', '6', '7',
                                             '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  std::string out;
  for (const char c : raw) {
    const auto b = static_cast<unsigned char>(c);
    out += kHex[b >> 4U];
    out += kHex[b & 0xfU];
  }
  return out;
}

}  // namespace

tl::expected<std::string, std::string> load_or_create_token(const std::filesystem::path& file,
                                                            bool& created) {
  created = false;
  std::error_code ec;
  if (std::filesystem::exists(file, ec)) {
    std::ifstream in(file);
    if (!in) return tl::make_unexpected(file.string() + ": cannot be read");
    std::string token;
    std::getline(in, token);
    while (!token.empty() && (token.back() == '\r' || token.back() == ' '))
      token.pop_back();
    if (token.empty()) return tl::make_unexpected(file.string() + ": the token file is empty");
    return token;
  }
  auto token = random_hex(24);
  if (!token) return token;
  std::filesystem::create_directories(file.parent_path(), ec);
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return tl::make_unexpected(file.string() + ": cannot be created: " + std::strerror(errno));
  }
  const std::string line = *token + "\n";
  const auto written = ::write(fd, line.data(), line.size());
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size()))
    return tl::make_unexpected(file.string() + ": cannot be written");
  created = true;
  return token;
}

}  // namespace mgmt::daemon
