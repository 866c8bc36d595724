// EtcdProcess: a throwaway single-member etcd (/usr/bin/etcd) for the store tests, listening on
// 127.0.0.1 with ports picked by binding port 0, data in a temporary directory. The test that
// creates it owns it; stop()/start() restart it on the same ports and data (reconnect tests).
// shared_etcd() is one instance per test binary, started on first use, killed at exit.
#pragma once

#include <filesystem>
#include <string>
#include <sys/types.h>

namespace mgmt::store::testing {

inline constexpr const char* kEtcdBinary = "/usr/bin/etcd";

// Whether kEtcdBinary exists (tests GTEST_SKIP otherwise).
[[nodiscard]] bool etcd_available();

// A TCP port on 127.0.0.1 that was free a moment ago.
[[nodiscard]] int free_port();

class EtcdProcess {
 public:
  EtcdProcess();  // starts and waits until it answers; throws std::runtime_error on failure
  ~EtcdProcess();
  EtcdProcess(const EtcdProcess&) = delete;
  EtcdProcess& operator=(const EtcdProcess&) = delete;
  EtcdProcess(EtcdProcess&&) = delete;
  EtcdProcess& operator=(EtcdProcess&&) = delete;

  void start();
  void stop();
  [[nodiscard]] const std::string& url() const { return url_; }

 private:
  std::filesystem::path dir_;
  int client_port_ = 0;
  int peer_port_ = 0;
  std::string url_;
  pid_t pid_ = -1;
};

EtcdProcess& shared_etcd();

}  // namespace mgmt::store::testing
