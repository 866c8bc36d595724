// Golden vectors captured from real daemons (tests/data/captures/*.msgs, written by
// tests/data/captures/capture.py): every message decodes cleanly in the context the capture
// negotiated, re-encodes to the identical bytes, and markers named in the capture's comments
// (End-of-RIB per family, message types) are recognised.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "rr/wire/message.hpp"

namespace rr::wire {
namespace {

namespace fs = std::filesystem;

struct CapturedMessage {
  std::string comment;  // "UPDATE End-of-RIB ipv6-unicast", "OPEN", ...
  Bytes bytes;
  int line = 0;
};

struct Capture {
  std::string name;
  std::string daemon;
  CodecContext context;
  std::vector<CapturedMessage> messages;
};

std::optional<AfiSafi> parse_family(std::string_view s) {
  if (s == "ipv4-unicast") return kIpv4Unicast;
  if (s == "ipv6-unicast") return kIpv6Unicast;
  if (s == "ipv4-multicast") return AfiSafi{Afi::ipv4, Safi::multicast};
  if (s == "ipv6-multicast") return AfiSafi{Afi::ipv6, Safi::multicast};
  return std::nullopt;
}

// "# context: four_octet_as=1 add_path_rx=ipv4-unicast,ipv6-unicast extended_message=0"
CodecContext parse_context(const std::string& text) {
  CodecContext ctx;
  std::istringstream in(text);
  std::string item;
  while (in >> item) {
    const auto eq = item.find('=');
    if (eq == std::string::npos) continue;
    const auto key = item.substr(0, eq);
    const auto value = item.substr(eq + 1);
    if (key == "four_octet_as") ctx.four_octet_as = value == "1";
    if (key == "extended_message") ctx.extended_message = value == "1";
    if (key == "add_path_rx" || key == "extended_next_hop") {
      std::istringstream families(value);
      std::string fam;
      while (std::getline(families, fam, ',')) {
        if (auto af = parse_family(fam)) {
          (key == "add_path_rx" ? ctx.add_path : ctx.extended_next_hop).insert(*af);
        }
      }
    }
  }
  return ctx;
}

std::vector<Capture> load_captures() {
  std::vector<Capture> out;
  const fs::path dir = fs::path(RR_TEST_DATA_DIR) / "captures";
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".msgs") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    Capture cap;
    cap.name = path.filename().string();
    std::ifstream in(path);
    std::string line;
    std::string pending_comment;
    int line_no = 0;
    while (std::getline(in, line)) {
      ++line_no;
      if (line.empty()) continue;
      if (line[0] == '#') {
        std::string body = line.substr(line.find_first_not_of("# ") == std::string::npos
                                           ? line.size()
                                           : line.find_first_not_of("# "));
        if (body.rfind("context:", 0) == 0) {
          cap.context = parse_context(body.substr(8));
        } else if (body.rfind("daemon:", 0) == 0) {
          cap.daemon = body.substr(7);
        } else {
          pending_comment = body;
        }
        continue;
      }
      auto bytes = from_hex(line);
      EXPECT_TRUE(bytes) << cap.name << ":" << line_no << " is not hex";
      if (!bytes) continue;
      cap.messages.push_back(CapturedMessage{pending_comment, std::move(*bytes), line_no});
      pending_comment.clear();
    }
    out.push_back(std::move(cap));
  }
  return out;
}

std::string_view first_word(std::string_view s) {
  return s.substr(0, s.find(' '));
}

TEST(CapturedMessages, EveryDaemonHasACapture) {
  const auto captures = load_captures();
  std::set<std::string> prefixes;
  for (const auto& c : captures)
    prefixes.insert(c.name.substr(0, c.name.find('-')));
  for (const char* daemon : {"bird2", "frr", "gobgp"}) {
    EXPECT_TRUE(prefixes.count(daemon)) << "no capture from " << daemon;
  }
}

TEST(CapturedMessages, DecodeCleanlyAndReencodeToTheSameBytes) {
  std::size_t total = 0;
  for (const auto& cap : load_captures()) {
    bool saw_open = false;
    bool saw_update = false;
    for (const auto& m : cap.messages) {
      SCOPED_TRACE(cap.name + ":" + std::to_string(m.line) + " " + m.comment);
      ++total;
      // Framing first: the header must describe exactly this message.
      auto header = peek_header(m.bytes, cap.context);
      ASSERT_TRUE(header.has_value()) << header.error().reason;
      ASSERT_TRUE(header->has_value());
      EXPECT_EQ((*header)->length, m.bytes.size());
      EXPECT_EQ(to_string((*header)->type), first_word(m.comment));

      auto msg = decode_message(m.bytes, cap.context);
      ASSERT_TRUE(msg.has_value()) << msg.error().reason;
      if (auto* update = std::get_if<UpdateMessage>(&*msg)) {
        saw_update = true;
        EXPECT_EQ(update->action, ErrorAction::none);
        EXPECT_TRUE(update->errors.empty());
        // A comment naming End-of-RIB must match the decoder's view, and only then.
        const auto eor_pos = m.comment.find("End-of-RIB");
        if (eor_pos != std::string::npos) {
          const auto family = m.comment.substr(eor_pos + 11);
          ASSERT_TRUE(update->end_of_rib().has_value());
          EXPECT_EQ(to_string(*update->end_of_rib()), first_word(family));
        } else {
          EXPECT_FALSE(update->end_of_rib().has_value());
        }
      }
      if (std::holds_alternative<OpenMessage>(*msg)) saw_open = true;

      Bytes again;
      auto encoded = encode(*msg, cap.context, again);
      ASSERT_TRUE(encoded.has_value()) << encoded.error().reason;
      EXPECT_EQ(to_hex(again), to_hex(m.bytes));
    }
    EXPECT_TRUE(saw_open) << cap.name;
    EXPECT_TRUE(saw_update) << cap.name;
  }
  EXPECT_GT(total, 20U);
}

}  // namespace
}  // namespace rr::wire
