#include "mgmt/daemon/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>
#include <string>

namespace mgmt::daemon {
namespace {

std::atomic<LogLevel> g_level{LogLevel::info};
std::mutex g_mu;

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::debug:
      return "debug";
    case LogLevel::info:
      return "info";
    case LogLevel::warning:
      return "warning";
    case LogLevel::error:
      return "error";
  }
  return "?";
}

}  // namespace

void set_log_level(LogLevel level) {
  g_level.store(level, std::memory_order_relaxed);
}

bool parse_log_level(std::string_view text, LogLevel& level) {
  std::string lower(text);
  for (auto& c : lower)
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (lower == "debug") {
    level = LogLevel::debug;
  } else if (lower == "info") {
    level = LogLevel::info;
  } else if (lower == "warning" || lower == "warn") {
    level = LogLevel::warning;
  } else if (lower == "error") {
    level = LogLevel::error;
  } else {
    return false;
  }
  return true;
}

void log(LogLevel level, std::string_view component, std::string_view text) {
  if (level < g_level.load(std::memory_order_relaxed)) return;
  const std::lock_guard lock(g_mu);
  std::fprintf(stderr, "%s %.*s: %.*s\n", level_name(level), static_cast<int>(component.size()),
               component.data(), static_cast<int>(text.size()), text.data());
  std::fflush(stderr);
}

}  // namespace mgmt::daemon
