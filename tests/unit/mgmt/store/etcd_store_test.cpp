// EtcdStore specifics against a real etcd: Calico's key layout and value encoding, behaviour
// while etcd is down, and the watch surviving an etcd restart. Skipped when /usr/bin/etcd is
// not installed.
#include "mgmt/store/etcd_store.hpp"

#include <chrono>
#include <string>
#include <thread>
#include <unistd.h>

#include <gtest/gtest.h>

#include "mgmt/store/etcd_client.hpp"
#include "tests/unit/mgmt/store/etcd_process.hpp"
#include "tests/unit/mgmt/store/store_test_util.hpp"

namespace mgmt::store {
namespace {

using testing::EventLog;
using testing::peer;

#define SKIP_WITHOUT_ETCD()                                                                   \
  do {                                                                                        \
    if (!testing::etcd_available()) {                                                         \
      GTEST_SKIP() << testing::kEtcdBinary << " not installed (apt-get install etcd-server)"; \
    }                                                                                         \
  } while (false)

tl::expected<KeyValue, Error> raw_get(const std::string& url, const std::string& key) {
  EtcdClient client({*parse_etcd_endpoint(url)}, std::chrono::seconds(2));
  auto response = client.call("/v3/kv/range", {{"key", base64_encode(key)}});
  if (!response) return tl::make_unexpected(response.error());
  const auto kvs = response->find("kvs");
  if (kvs == response->end() || kvs->empty()) {
    return tl::make_unexpected(Error{ErrorCode::not_found, key});
  }
  return parse_key_value(kvs->front());
}

TEST(EtcdStore, KeysAndValuesUseCalicoLayout) {
  SKIP_WITHOUT_ETCD();
  const auto& url = testing::shared_etcd().url();
  auto store = open_etcd_store({url});
  ASSERT_TRUE(store) << store.error().message;
  const std::string name = "peer-with-route-reflectors-" + std::to_string(::getpid());
  auto value = peer(name);
  value["spec"] = {{"nodeSelector", "all()"}, {"peerSelector", "route-reflector == 'true'"}};
  auto created = (*store)->create("bgppeers", name, value);
  ASSERT_TRUE(created) << created.error().message;

  auto kv = raw_get(url, "/calico/resources/v3/projectcalico.org/bgppeers/" + name);
  ASSERT_TRUE(kv) << kv.error().message;
  EXPECT_EQ(kv->mod_revision, created->revision);
  const auto stored = nlohmann::json::parse(kv->value);
  EXPECT_EQ(stored["kind"], "BGPPeer");
  EXPECT_EQ(stored["apiVersion"], "projectcalico.org/v3");
  EXPECT_EQ(stored["metadata"]["name"], name);
  EXPECT_EQ(stored["metadata"]["uid"], created->value["metadata"]["uid"]);
  EXPECT_TRUE(stored["metadata"].contains("creationTimestamp"));
  EXPECT_FALSE(stored["metadata"].contains("resourceVersion"));
  EXPECT_EQ(stored["spec"]["peerSelector"], "route-reflector == 'true'");

  ASSERT_TRUE((*store)->remove("bgppeers", name, ""));
  EXPECT_EQ(raw_get(url, "/calico/resources/v3/projectcalico.org/bgppeers/" + name).error().code,
            ErrorCode::not_found);
}

TEST(EtcdStore, ReadsObjectsWrittenByOtherClients) {
  SKIP_WITHOUT_ETCD();
  const auto& url = testing::shared_etcd().url();
  const std::string prefix = "/rrd-test/foreign-" + std::to_string(::getpid()) + "/";
  EtcdClient client({*parse_etcd_endpoint(url)}, std::chrono::seconds(2));
  const nlohmann::json value = {{"kind", "Node"}, {"metadata", {{"name", "n1"}}}};
  auto put = client.call("/v3/kv/put", {{"key", base64_encode(prefix + "nodes/n1")},
                                        {"value", base64_encode(value.dump())}});
  ASSERT_TRUE(put) << put.error().message;
  // A namespaced key below the same plural is not one of ours and is skipped.
  ASSERT_TRUE(client.call("/v3/kv/put", {{"key", base64_encode(prefix + "nodes/ns/n2")},
                                         {"value", base64_encode(value.dump())}}));
  auto store = open_etcd_store({url}, prefix);
  ASSERT_TRUE(store);
  auto listed = (*store)->list("nodes");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->items.size(), 1U);
  EXPECT_EQ(listed->items[0].name, "n1");
  EXPECT_EQ(listed->items[0].revision, header_revision(*put));
  EXPECT_GE(listed->revision, header_revision(*put));
  // An update without uid keeps the (absent) identity and still succeeds.
  EXPECT_TRUE((*store)->update("nodes", "n1", value, std::to_string(listed->items[0].revision)));
}

TEST(EtcdStore, EtcdDownGivesUnavailable) {
  const std::string url = "http://127.0.0.1:" + std::to_string(testing::free_port());
  EtcdStoreOptions options;
  options.request_timeout = std::chrono::milliseconds(500);
  auto store = open_etcd_store({url}, std::string(kCalicoEtcdPrefix), options);
  ASSERT_TRUE(store) << store.error().message;  // opening does not need etcd
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ((*store)->get("bgppeers", "a").error().code, ErrorCode::unavailable);
  EXPECT_EQ((*store)->list("bgppeers").error().code, ErrorCode::unavailable);
  EXPECT_EQ((*store)->create("bgppeers", "a", peer("a")).error().code, ErrorCode::unavailable);
  EXPECT_EQ((*store)->update("bgppeers", "a", peer("a"), "3").error().code, ErrorCode::unavailable);
  EXPECT_EQ((*store)->remove("bgppeers", "a", "").error().code, ErrorCode::unavailable);
  EXPECT_NE((*store)->get("bgppeers", "a").error().message.find("127.0.0.1"), std::string::npos);
  EXPECT_EQ((*store)->revision(), 0U);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(EtcdStore, SecondEndpointIsUsedWhenTheFirstIsDown) {
  SKIP_WITHOUT_ETCD();
  const std::string dead = "http://127.0.0.1:" + std::to_string(testing::free_port());
  auto store = open_etcd_store({dead, testing::shared_etcd().url()},
                               "/rrd-test/failover-" + std::to_string(::getpid()) + "/");
  ASSERT_TRUE(store);
  EXPECT_TRUE((*store)->create("bgppeers", "a", peer("a")));
  EXPECT_TRUE((*store)->get("bgppeers", "a"));
}

TEST(EtcdStore, RejectsBadEndpointsAndPrefix) {
  EXPECT_EQ(open_etcd_store({}).error().code, ErrorCode::invalid);
  EXPECT_EQ(open_etcd_store({"https://127.0.0.1:2379"}).error().code, ErrorCode::invalid);
  EXPECT_EQ(open_etcd_store({"http://127.0.0.1:99999"}).error().code, ErrorCode::invalid);
  EXPECT_EQ(open_etcd_store({"http://127.0.0.1:2379"}, "/no-slash").error().code,
            ErrorCode::invalid);
}

TEST(EtcdStore, WatchResumesAfterEtcdRestart) {
  SKIP_WITHOUT_ETCD();
  testing::EtcdProcess etcd;
  EtcdStoreOptions options;
  options.request_timeout = std::chrono::milliseconds(1000);
  options.max_backoff = std::chrono::milliseconds(200);
  auto store = open_etcd_store({etcd.url()}, std::string(kCalicoEtcdPrefix), options);
  ASSERT_TRUE(store);
  EventLog log;
  (*store)->watch(log.watcher());
  ASSERT_TRUE((*store)->create("bgppeers", "a", peer("a")));
  ASSERT_EQ(log.wait_for(1).size(), 1U);

  etcd.stop();
  EXPECT_EQ((*store)->create("bgppeers", "down", peer("down")).error().code,
            ErrorCode::unavailable);
  etcd.start();
  // Written by another client while our watch is reconnecting.
  auto other = open_etcd_store({etcd.url()});
  ASSERT_TRUE(other);
  auto b = (*other)->create("bgppeers", "b", peer("b"));
  ASSERT_TRUE(b) << b.error().message;
  auto removed = (*other)->remove("bgppeers", "a", "");
  ASSERT_TRUE(removed);

  const auto events = log.wait_for(3);
  ASSERT_EQ(events.size(), 3U);
  EXPECT_EQ(events[1].type, Event::Type::put);
  EXPECT_EQ(events[1].object.name, "b");
  EXPECT_EQ(events[1].object.revision, b->revision);
  EXPECT_EQ(events[2].type, Event::Type::remove);
  EXPECT_EQ(events[2].object.name, "a");
  EXPECT_EQ(events[2].object.revision, removed->revision);
  EXPECT_EQ(events[2].object.value["spec"]["peerIP"], "10.0.0.1");
}

TEST(EtcdStore, CompactedWatchRevisionIsRecoveredByRelisting) {
  SKIP_WITHOUT_ETCD();
  testing::EtcdProcess etcd;
  EtcdStoreOptions options;
  options.request_timeout = std::chrono::milliseconds(1000);
  // A long reconnect backoff keeps the watch away while the history it needs is compacted.
  options.min_backoff = std::chrono::milliseconds(3000);
  options.max_backoff = std::chrono::milliseconds(3000);
  auto store = open_etcd_store({etcd.url()}, std::string(kCalicoEtcdPrefix), options);
  ASSERT_TRUE(store);
  EventLog log;
  (*store)->watch(log.watcher());
  ASSERT_TRUE((*store)->create("bgppeers", "a", peer("a")));
  ASSERT_TRUE((*store)->create("bgppeers", "gone", peer("gone")));
  ASSERT_EQ(log.wait_for(2).size(), 2U);

  etcd.stop();  // breaks the watch: the store waits 3 s before reconnecting
  etcd.start();
  auto other = open_etcd_store({etcd.url()});
  ASSERT_TRUE(other);
  ASSERT_TRUE((*other)->update("bgppeers", "a", peer("a", "10.0.0.7"), ""));
  auto a = (*other)->update("bgppeers", "a", peer("a", "10.0.0.8"), "");
  ASSERT_TRUE(a);
  auto removed = (*other)->remove("bgppeers", "gone", "");
  ASSERT_TRUE(removed);
  EtcdClient client({*parse_etcd_endpoint(etcd.url())}, std::chrono::seconds(2));
  ASSERT_TRUE(client.call("/v3/kv/compaction",
                          {{"revision", std::to_string(removed->revision)}, {"physical", true}}));

  // The re-list yields a's latest value (the intermediate one is skipped) and the removal.
  const auto events = log.wait_for(4);
  ASSERT_EQ(events.size(), 4U);
  EXPECT_EQ(events[2].type, Event::Type::put);
  EXPECT_EQ(events[2].object.name, "a");
  EXPECT_EQ(events[2].object.revision, a->revision);
  EXPECT_EQ(events[2].object.value["spec"]["peerIP"], "10.0.0.8");
  EXPECT_EQ(events[3].type, Event::Type::remove);
  EXPECT_EQ(events[3].object.name, "gone");
  EXPECT_GE(events[3].object.revision, removed->revision);
  EXPECT_EQ(events[3].object.value["spec"]["peerIP"], "10.0.0.1");
  EXPECT_EQ(log.snapshot().size(), 4U);
}

TEST(EtcdClientCodec, Base64RoundTripsAndRejectsGarbage) {
  for (const std::string& text :
       {std::string(), std::string("f"), std::string("fo"), std::string("foo"), std::string("foob"),
        std::string("fooba"), std::string("foobar"), std::string("\0\xff\x10", 3)}) {
    const auto encoded = base64_encode(text);
    auto decoded = base64_decode(encoded);
    ASSERT_TRUE(decoded) << encoded;
    EXPECT_EQ(*decoded, text);
  }
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("/calico/"), "L2NhbGljby8=");
  EXPECT_FALSE(base64_decode("Zm9v!"));
  EXPECT_FALSE(base64_decode("Zm8"));
  EXPECT_FALSE(base64_decode("Zm=8"));
}

TEST(EtcdClientCodec, PrefixRangeEndIncrementsTheLastByte) {
  EXPECT_EQ(prefix_range_end("/calico/"), "/calico0");
  EXPECT_EQ(prefix_range_end("a\xff"), "b");
  EXPECT_EQ(prefix_range_end(""), std::string(1, '\0'));
}

TEST(EtcdClientCodec, ParsesEndpoints) {
  auto plain = parse_etcd_endpoint("http://127.0.0.1:2379");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->host, "127.0.0.1");
  EXPECT_EQ(plain->port, "2379");
  auto v6 = parse_etcd_endpoint("http://[::1]:4001/");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, "4001");
  auto default_port = parse_etcd_endpoint("http://etcd");
  ASSERT_TRUE(default_port);
  EXPECT_EQ(default_port->port, "2379");
  EXPECT_FALSE(parse_etcd_endpoint("127.0.0.1:2379"));
  EXPECT_FALSE(parse_etcd_endpoint("http://:2379"));
  EXPECT_FALSE(parse_etcd_endpoint("http://host:0"));
  EXPECT_FALSE(parse_etcd_endpoint("http://host:2379/v3"));
}

}  // namespace
}  // namespace mgmt::store
