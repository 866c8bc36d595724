#include "mgmt/api/uri.hpp"

namespace mgmt::api {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_alnum_lower(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    if (c == '\0') return std::nullopt;
    out.push_back(c);
  }
  return out;
}

tl::expected<Target, std::string> parse_target(std::string_view target) {
  // Absolute-form (RFC 9112 §3.2.2): drop scheme and authority.
  for (std::string_view scheme : {"http://", "https://"}) {
    if (target.substr(0, scheme.size()) == scheme) {
      target.remove_prefix(scheme.size());
      const auto slash = target.find('/');
      target = slash == std::string_view::npos ? std::string_view{"/"} : target.substr(slash);
      break;
    }
  }
  if (target.empty() || target.front() != '/') {
    return tl::make_unexpected(std::string{"request target must be an absolute path"});
  }
  Target result;
  std::string_view path = target;
  std::string_view query;
  if (const auto mark = target.find('?'); mark != std::string_view::npos) {
    path = target.substr(0, mark);
    query = target.substr(mark + 1);
  }
  if (const auto hash = query.find('#'); hash != std::string_view::npos)
    query = query.substr(0, hash);

  while (!path.empty()) {
    const auto slash = path.find('/');
    const std::string_view raw = path.substr(0, slash);
    path = slash == std::string_view::npos ? std::string_view{} : path.substr(slash + 1);
    if (raw.empty()) continue;
    auto decoded = percent_decode(raw, false);
    if (!decoded) return tl::make_unexpected(std::string{"malformed percent-encoding in path"});
    result.segments.push_back(std::move(*decoded));
  }
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq), true);
    auto value = percent_decode(
        eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
    if (!key || !value) {
      return tl::make_unexpected(std::string{"malformed percent-encoding in query"});
    }
    result.query[std::move(*key)] = std::move(*value);
  }
  return result;
}

std::string join_segments(const Target& target, std::size_t first) {
  std::string out;
  for (std::size_t i = first; i < target.segments.size(); ++i) {
    if (i != first) out.push_back('/');
    out += target.segments[i];
  }
  return out;
}

bool is_object_name(std::string_view name) {
  constexpr std::size_t kMaxLength = 253;
  if (name.empty() || name.size() > kMaxLength) return false;
  if (!is_alnum_lower(name.front()) || !is_alnum_lower(name.back())) return false;
  char previous = '\0';
  for (const char c : name) {
    if (!is_alnum_lower(c) && c != '-' && c != '.') return false;
    if (c == '.' && previous == '.') return false;
    previous = c;
  }
  return true;
}

}  // namespace mgmt::api
