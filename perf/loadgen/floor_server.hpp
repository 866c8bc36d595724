// rrd-floor's server: the "wire-replay floor" of perf-anchors §6.1. A trivial BGP speaker that
// accepts the workload's N client sessions, completes OPEN / KEEPALIVE, checks that each client
// sent exactly its pre-encoded announcements and End-of-RIBs, and once every client has, writes to
// each client exactly what a correct route reflector would send: every other client's routes with
// ORIGINATOR_ID and CLUSTER_LIST added (RFC 4456 §8), then End-of-RIB for IPv4 and IPv6.
//
// All reflected UPDATEs are encoded once, before the clock starts, into one buffer in client
// order, so client j's stream is two slices of it (the clients before j and after j) plus the
// End-of-RIBs: one writev per socket-buffer's worth, zero BGP logic. Its completion time is the
// physical limit of the workload on this machine (kernel TCP plus the generator).
// With --v6-sessions it also listens on --listen6: a client's IPv4 connection then carries (and
// gets) IPv4 routes only, its IPv6 connection IPv6 routes only, each stream precomputed the same
// way.
//
// Owns its listener and connections; runs on the calling thread until every served client has
// disconnected or the timeout.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "perf/loadgen/message_framer.hpp"
#include "perf/loadgen/net.hpp"
#include "perf/loadgen/options.hpp"
#include "perf/loadgen/output_queue.hpp"
#include "perf/loadgen/workload.hpp"
#include "rr/wire/bytes.hpp"

namespace rr::perf {

struct FloorResult {
  double t_all_established_s = -1;  // from the first accepted connection
  double t_all_input_s = -1;        // every client's announcements and EoRs received
  double t_all_written_s = -1;      // every client's reflected stream handed to the kernel
  std::uint64_t bad_input = 0;      // UPDATEs that differ from the workload's
  std::uint64_t unknown_peers = 0;  // connections from addresses outside the workload
  std::uint64_t resets = 0;
  std::uint64_t bytes_written = 0;
  bool served = false;
};

class FloorServer {
 public:
  FloorServer(const Options& options, const Workload& workload);
  // False with errno set when the listener cannot be opened.
  bool open();
  FloorResult run();

 private:
  enum class State : std::uint8_t { open_wait, open_confirm, established };
  // What the connections of one listener send and get, precomputed.
  struct Stream {
    std::vector<wire::Bytes> announcements;     // per client: what it must send us
    wire::Bytes reflected;                      // every client's reflected UPDATEs, in order
    std::vector<std::size_t> reflected_offset;  // client k's UPDATEs start here; [n] = end
    wire::Bytes end_of_ribs;
  };
  struct Connection {
    Fd fd;
    std::uint32_t client = 0;
    const Stream* stream = nullptr;
    State state = State::open_wait;
    MessageFramer framer;
    OutputQueue out;
    bool want_write = false;
    std::size_t input_pos = 0;  // bytes of the client's announcements matched so far
    bool input_done = false;
    bool served = false;          // the reflected stream is queued
    bool stream_written = false;  // ... and handed to the kernel
    double hold_s = 240;
    double last_received = 0;
    double last_keepalive_sent = 0;
  };

  void build_stream(Stream& stream, SessionFamilies families) const;
  void accept_all(int listener, double now);
  void on_event(std::size_t slot, std::uint32_t events, double now);
  bool on_message(Connection& c, BgpType type, const std::uint8_t* body, std::size_t length,
                  const std::uint8_t* message, double now);
  void serve(Connection& c);
  void flush(std::size_t slot);
  void close_connection(std::size_t slot);
  void tick(double now);

  Options options_;
  const Workload* workload_;
  Poller poller_;
  Fd listener_;
  Fd listener6_;  // --v6-sessions
  wire::Bytes open_;
  wire::Bytes keepalive_;
  Stream stream_;   // the IPv4 listener's (both families, or IPv4 only with --v6-sessions)
  Stream stream6_;  // the IPv6 listener's
  std::uint32_t expected_connections_ = 0;
  std::vector<std::unique_ptr<Connection>> connections_;  // by slot; null when free
  std::vector<std::uint8_t> scratch_;
  std::uint32_t established_ = 0;
  std::uint32_t inputs_done_ = 0;
  std::uint32_t written_ = 0;
  std::uint32_t open_connections_ = 0;
  bool all_input_ = false;
  bool serve_pending_ = false;
  double t0_ = -1;
  FloorResult result_;
};

}  // namespace rr::perf
