// The Store contract (calico-bgp-spec.md §5.1), run over every backend: DirStore on a temporary
// directory and EtcdStore on a real etcd (skipped when /usr/bin/etcd is not installed).
#include <atomic>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include <gtest/gtest.h>

#include "mgmt/store/dir_store.hpp"
#include "mgmt/store/etcd_store.hpp"
#include "tests/unit/mgmt/store/etcd_process.hpp"
#include "tests/unit/mgmt/store/store_test_util.hpp"

namespace mgmt::store {
namespace {

using testing::EventLog;
using testing::peer;

struct DirBackend {
  static std::string skip_reason() { return {}; }
  std::unique_ptr<Store> open() {
    auto store = open_dir_store(dir.path() / "store");
    return store ? std::move(*store) : nullptr;
  }
  testing::TempDir dir;
};

struct EtcdBackend {
  static std::string skip_reason() {
    return testing::etcd_available()
               ? std::string()
               : std::string(testing::kEtcdBinary) + " not installed (apt-get install etcd-server)";
  }
  std::unique_ptr<Store> open() {
    static std::atomic<int> counter{0};
    auto store =
        open_etcd_store({testing::shared_etcd().url()}, "/rrd-test/" + std::to_string(::getpid()) +
                                                            "-" + std::to_string(counter++) + "/");
    return store ? std::move(*store) : nullptr;
  }
};

template <class Backend>
class StoreContract : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const auto reason = Backend::skip_reason(); !reason.empty()) GTEST_SKIP() << reason;
    store_ = backend_.open();
    ASSERT_NE(store_, nullptr);
  }

  Backend backend_;
  std::unique_ptr<Store> store_;
};

using Backends = ::testing::Types<DirBackend, EtcdBackend>;

class BackendNames {
 public:
  template <class T>
  static std::string GetName(int /*index*/) {
    return std::is_same_v<T, DirBackend> ? "Dir" : "Etcd";
  }
};

TYPED_TEST_SUITE(StoreContract, Backends, BackendNames);

const std::regex kUuidV4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
const std::regex kRfc3339Utc("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");

TYPED_TEST(StoreContract, CreateThenGetReturnsValueWithResourceVersion) {
  auto created = this->store_->create("bgppeers", "a", peer("a"));
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->plural, "bgppeers");
  EXPECT_EQ(created->name, "a");
  EXPECT_GT(created->revision, 0U);
  EXPECT_EQ(created->value["metadata"]["resourceVersion"], std::to_string(created->revision));
  EXPECT_EQ(created->value["spec"], peer("a")["spec"]);

  auto got = this->store_->get("bgppeers", "a");
  ASSERT_TRUE(got) << got.error().message;
  EXPECT_EQ(got->revision, created->revision);
  EXPECT_EQ(got->value, created->value);
}

TYPED_TEST(StoreContract, CreateFillsUidAndCreationTimestamp) {
  auto created = this->store_->create("bgppeers", "a", peer("a"));
  ASSERT_TRUE(created);
  const auto& metadata = created->value["metadata"];
  EXPECT_TRUE(std::regex_match(metadata["uid"].template get<std::string>(), kUuidV4)) << metadata;
  EXPECT_TRUE(
      std::regex_match(metadata["creationTimestamp"].template get<std::string>(), kRfc3339Utc))
      << metadata;

  auto other = this->store_->create("bgppeers", "b", peer("b"));
  ASSERT_TRUE(other);
  EXPECT_NE(other->value["metadata"]["uid"], metadata["uid"]);
}

TYPED_TEST(StoreContract, CreateKeepsGivenUidAndCreationTimestamp) {
  auto value = peer("a");
  value["metadata"]["uid"] = "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b";
  value["metadata"]["creationTimestamp"] = "2020-01-02T03:04:05Z";
  auto created = this->store_->create("bgppeers", "a", value);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->value["metadata"]["uid"], "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b");
  EXPECT_EQ(created->value["metadata"]["creationTimestamp"], "2020-01-02T03:04:05Z");
}

TYPED_TEST(StoreContract, CreateWithResourceVersionIsInvalid) {
  auto value = peer("a");
  value["metadata"]["resourceVersion"] = "12";
  auto created = this->store_->create("bgppeers", "a", value);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, ErrorCode::invalid);
  EXPECT_EQ(this->store_->get("bgppeers", "a").error().code, ErrorCode::not_found);
}

TYPED_TEST(StoreContract, CreateAcceptsEmptyResourceVersion) {
  auto value = peer("a");
  value["metadata"]["resourceVersion"] = "";
  auto created = this->store_->create("bgppeers", "a", value);
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->value["metadata"]["resourceVersion"], std::to_string(created->revision));
}

TYPED_TEST(StoreContract, CreateOfExistingNameFailsAlreadyExists) {
  ASSERT_TRUE(this->store_->create("bgppeers", "a", peer("a")));
  auto again = this->store_->create("bgppeers", "a", peer("a", "10.0.0.2"));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::already_exists);
  EXPECT_EQ(again.error().message, "resource already exists: BGPPeer(a)");
  EXPECT_EQ(this->store_->get("bgppeers", "a")->value["spec"]["peerIP"], "10.0.0.1");
}

TYPED_TEST(StoreContract, SameNameInAnotherPluralIsIndependent) {
  ASSERT_TRUE(this->store_->create("bgppeers", "x", peer("x")));
  EXPECT_TRUE(this->store_->create("bgpfilters", "x", {{"kind", "BGPFilter"}}));
}

TYPED_TEST(StoreContract, GetOfMissingNameFailsNotFound) {
  auto got = this->store_->get("bgppeers", "nope");
  ASSERT_FALSE(got);
  EXPECT_EQ(got.error().code, ErrorCode::not_found);
  EXPECT_EQ(got.error().message, "resource does not exist: BGPPeer(nope)");
}

TYPED_TEST(StoreContract, ListIsSortedByNameAndCarriesStoreRevision) {
  for (const char* name : {"c", "a", "b"}) {
    ASSERT_TRUE(this->store_->create("bgppeers", name, peer(name)));
  }
  auto other = this->store_->create("nodes", "n1", {{"kind", "Node"}});
  ASSERT_TRUE(other);
  auto listed = this->store_->list("bgppeers");
  ASSERT_TRUE(listed) << listed.error().message;
  ASSERT_EQ(listed->items.size(), 3U);
  EXPECT_EQ(listed->items[0].name, "a");
  EXPECT_EQ(listed->items[1].name, "b");
  EXPECT_EQ(listed->items[2].name, "c");
  EXPECT_GE(listed->revision, other->revision);
  for (const auto& item : listed->items) {
    EXPECT_EQ(item.plural, "bgppeers");
    EXPECT_EQ(item.value["metadata"]["resourceVersion"], std::to_string(item.revision));
  }
  auto empty = this->store_->list("bgpfilters");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->items.empty());
  EXPECT_GE(empty->revision, other->revision);
}

TYPED_TEST(StoreContract, UpdateWithCurrentVersionReplacesValueAndKeepsIdentity) {
  auto created = this->store_->create("bgppeers", "a", peer("a"));
  ASSERT_TRUE(created);
  auto updated = this->store_->update("bgppeers", "a", peer("a", "10.9.9.9"),
                                      std::to_string(created->revision));
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_GT(updated->revision, created->revision);
  EXPECT_EQ(updated->value["spec"]["peerIP"], "10.9.9.9");
  EXPECT_EQ(updated->value["metadata"]["uid"], created->value["metadata"]["uid"]);
  EXPECT_EQ(updated->value["metadata"]["creationTimestamp"],
            created->value["metadata"]["creationTimestamp"]);
  EXPECT_EQ(updated->value["metadata"]["resourceVersion"], std::to_string(updated->revision));
  auto got = this->store_->get("bgppeers", "a");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->value, updated->value);
}

TYPED_TEST(StoreContract, UpdateReplacesWholeValue) {
  auto value = peer("a");
  value["spec"]["password"] = {{"secretKeyRef", {{"name", "s"}, {"key", "k"}}}};
  auto created = this->store_->create("bgppeers", "a", value);
  ASSERT_TRUE(created);
  auto updated = this->store_->update("bgppeers", "a", peer("a"), "");
  ASSERT_TRUE(updated);
  EXPECT_FALSE(updated->value["spec"].contains("password"));
}

TYPED_TEST(StoreContract, UpdateWithStaleVersionConflicts) {
  auto created = this->store_->create("bgppeers", "a", peer("a"));
  ASSERT_TRUE(created);
  ASSERT_TRUE(this->store_->update("bgppeers", "a", peer("a", "10.0.0.2"), ""));
  auto stale = this->store_->update("bgppeers", "a", peer("a", "10.0.0.3"),
                                    std::to_string(created->revision));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::conflict);
  EXPECT_EQ(stale.error().message, "update conflict: BGPPeer(a)");
  EXPECT_EQ(this->store_->get("bgppeers", "a")->value["spec"]["peerIP"], "10.0.0.2");
}

TYPED_TEST(StoreContract, UpdateKeepsIdentityWhenValueCarriesItToo) {
  auto created = this->store_->create("bgppeers", "a", peer("a"));
  ASSERT_TRUE(created);
  auto value = created->value;  // as read back: with uid, timestamp and resourceVersion
  value["spec"]["peerIP"] = "10.1.1.1";
  auto updated = this->store_->update("bgppeers", "a", value, std::to_string(created->revision));
  ASSERT_TRUE(updated) << updated.error().message;
  EXPECT_EQ(updated->value["metadata"]["uid"], created->value["metadata"]["uid"]);
  EXPECT_EQ(updated->value["metadata"]["resourceVersion"], std::to_string(updated->revision));
}

TYPED_TEST(StoreContract, UpdateOfMissingNameFailsNotFound) {
  auto unconditional = this->store_->update("bgppeers", "nope", peer("nope"), "");
  ASSERT_FALSE(unconditional);
  EXPECT_EQ(unconditional.error().code, ErrorCode::not_found);
  auto conditional = this->store_->update("bgppeers", "nope", peer("nope"), "5");
  ASSERT_FALSE(conditional);
  EXPECT_EQ(conditional.error().code, ErrorCode::not_found);
  auto with_identity = peer("nope");
  with_identity["metadata"]["uid"] = "1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b";
  with_identity["metadata"]["creationTimestamp"] = "2020-01-02T03:04:05Z";
  auto full = this->store_->update("bgppeers", "nope", with_identity, "");
  ASSERT_FALSE(full);
  EXPECT_EQ(full.error().code, ErrorCode::not_found);
  EXPECT_EQ(this->store_->get("bgppeers", "nope").error().code, ErrorCode::not_found);
}

TYPED_TEST(StoreContract, MalformedExpectedVersionIsInvalid) {
  ASSERT_TRUE(this->store_->create("bgppeers", "a", peer("a")));
  EXPECT_EQ(this->store_->update("bgppeers", "a", peer("a"), "x1").error().code,
            ErrorCode::invalid);
  EXPECT_EQ(this->store_->remove("bgppeers", "a", "-3").error().code, ErrorCode::invalid);
}

TYPED_TEST(StoreContract, RemoveHonoursExpectedVersion) {
  auto created = this->store_->create("bgppeers", "a", peer("a"));
  ASSERT_TRUE(created);
  auto updated = this->store_->update("bgppeers", "a", peer("a", "10.0.0.2"), "");
  ASSERT_TRUE(updated);
  auto stale = this->store_->remove("bgppeers", "a", std::to_string(created->revision));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::conflict);
  ASSERT_TRUE(this->store_->get("bgppeers", "a"));

  auto removed = this->store_->remove("bgppeers", "a", std::to_string(updated->revision));
  ASSERT_TRUE(removed) << removed.error().message;
  EXPECT_GT(removed->revision, updated->revision);
  EXPECT_EQ(removed->value["spec"]["peerIP"], "10.0.0.2");
  EXPECT_EQ(this->store_->get("bgppeers", "a").error().code, ErrorCode::not_found);
}

TYPED_TEST(StoreContract, UnconditionalRemoveAndRemoveOfMissing) {
  ASSERT_TRUE(this->store_->create("bgppeers", "a", peer("a")));
  ASSERT_TRUE(this->store_->remove("bgppeers", "a", ""));
  auto again = this->store_->remove("bgppeers", "a", "");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::not_found);
  auto conditional = this->store_->remove("bgppeers", "a", "3");
  ASSERT_FALSE(conditional);
  EXPECT_EQ(conditional.error().code, ErrorCode::not_found);
  // The name is free again: a new object with a new identity.
  auto recreated = this->store_->create("bgppeers", "a", peer("a"));
  EXPECT_TRUE(recreated);
}

TYPED_TEST(StoreContract, RevisionsIncreaseAcrossAllOperations) {
  std::uint64_t last = this->store_->revision();
  const auto step = [&](const tl::expected<Object, Error>& result) {
    ASSERT_TRUE(result) << result.error().message;
    EXPECT_GT(result->revision, last);
    last = result->revision;
    EXPECT_GE(this->store_->revision(), last);
  };
  step(this->store_->create("bgppeers", "a", peer("a")));
  step(this->store_->create("nodes", "n", {{"kind", "Node"}}));
  step(this->store_->update("bgppeers", "a", peer("a", "10.0.0.2"), ""));
  step(this->store_->remove("bgppeers", "a", ""));
  step(this->store_->create("bgppeers", "a", peer("a")));
  step(this->store_->remove("nodes", "n",
                            std::to_string(this->store_->get("nodes", "n")->revision)));
}

TYPED_TEST(StoreContract, InvalidKeysAreRejected) {
  for (const char* name : {"", ".", "..", "../x", "a/b", "/abs"}) {
    auto created = this->store_->create("bgppeers", name, peer("x"));
    ASSERT_FALSE(created) << name;
    EXPECT_EQ(created.error().code, ErrorCode::invalid) << name;
    EXPECT_EQ(this->store_->get("bgppeers", name).error().code, ErrorCode::invalid) << name;
  }
  EXPECT_EQ(this->store_->create("../etc", "x", peer("x")).error().code, ErrorCode::invalid);
  EXPECT_EQ(this->store_->list("a/b").error().code, ErrorCode::invalid);
  EXPECT_EQ(this->store_->create("bgppeers", "x", nlohmann::json::array()).error().code,
            ErrorCode::invalid);
}

TYPED_TEST(StoreContract, WatchDeliversEveryChangeInRevisionOrder) {
  EventLog log;
  const auto id = this->store_->watch(log.watcher());
  auto a1 = this->store_->create("bgppeers", "a", peer("a"));
  auto a2 = this->store_->update("bgppeers", "a", peer("a", "10.0.0.2"), "");
  auto b1 = this->store_->create("nodes", "b", {{"kind", "Node"}});
  auto a3 = this->store_->remove("bgppeers", "a", "");
  ASSERT_TRUE(a1 && a2 && b1 && a3);

  const auto events = log.wait_for(4);
  ASSERT_EQ(events.size(), 4U);
  EXPECT_EQ(events[0].type, Event::Type::put);
  EXPECT_EQ(events[0].object.revision, a1->revision);
  EXPECT_EQ(events[0].object.value, a1->value);
  EXPECT_EQ(events[1].type, Event::Type::put);
  EXPECT_EQ(events[1].object.revision, a2->revision);
  EXPECT_EQ(events[1].object.value["spec"]["peerIP"], "10.0.0.2");
  EXPECT_EQ(events[2].object.plural, "nodes");
  EXPECT_EQ(events[2].object.name, "b");
  EXPECT_EQ(events[3].type, Event::Type::remove);
  EXPECT_EQ(events[3].object.plural, "bgppeers");
  EXPECT_EQ(events[3].object.name, "a");
  EXPECT_EQ(events[3].object.revision, a3->revision);
  EXPECT_EQ(events[3].object.value["spec"]["peerIP"], "10.0.0.2");  // the last stored value
  EXPECT_EQ(events[3].object.value["metadata"]["resourceVersion"], std::to_string(a3->revision));
  for (std::size_t i = 1; i < events.size(); ++i) {
    EXPECT_GT(events[i].object.revision, events[i - 1].object.revision);
  }
  this->store_->unwatch(id);
}

TYPED_TEST(StoreContract, WatchDoesNotReplayEarlierChangesAndUnwatchStops) {
  ASSERT_TRUE(this->store_->create("bgppeers", "before", peer("before")));
  EventLog first;
  EventLog second;
  const auto first_id = this->store_->watch(first.watcher());
  const auto second_id = this->store_->watch(second.watcher());
  auto one = this->store_->create("bgppeers", "one", peer("one"));
  ASSERT_TRUE(one);
  ASSERT_EQ(first.wait_for(1).size(), 1U);
  ASSERT_EQ(second.wait_for(1).size(), 1U);
  EXPECT_EQ(first.snapshot()[0].object.name, "one");

  this->store_->unwatch(first_id);
  ASSERT_TRUE(this->store_->create("bgppeers", "two", peer("two")));
  ASSERT_EQ(second.wait_for(2).size(), 2U);
  EXPECT_EQ(first.snapshot().size(), 1U);
  this->store_->unwatch(second_id);
}

TYPED_TEST(StoreContract, WatcherMayCallTheStore) {
  std::atomic<bool> read_back{false};
  EventLog log;
  const auto id = this->store_->watch([&](const Event& event) {
    if (this->store_->get(event.object.plural, event.object.name)) read_back = true;
  });
  const auto log_id = this->store_->watch(log.watcher());
  ASSERT_TRUE(this->store_->create("bgppeers", "a", peer("a")));
  ASSERT_EQ(log.wait_for(1).size(), 1U);
  EXPECT_TRUE(read_back.load());
  this->store_->unwatch(id);
  this->store_->unwatch(log_id);
}

TYPED_TEST(StoreContract, ConcurrentCreatesHaveExactlyOneWinnerPerName) {
  constexpr int kThreads = 6;
  constexpr int kNames = 8;
  std::vector<std::map<std::string, ErrorCode>> failures(kThreads);
  std::vector<std::vector<std::string>> wins(kThreads);
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      while (!go.load())
        std::this_thread::yield();
      for (int n = 0; n < kNames; ++n) {
        const std::string name = "n" + std::to_string((n + t) % kNames);
        auto created = this->store_->create("bgppeers", name, peer(name));
        if (created) {
          wins[t].push_back(name);
        } else {
          failures[t][name] = created.error().code;
        }
      }
    });
  }
  go = true;
  for (auto& thread : threads)
    thread.join();
  std::map<std::string, int> winners;
  for (const auto& list : wins) {
    for (const auto& name : list)
      ++winners[name];
  }
  ASSERT_EQ(winners.size(), static_cast<std::size_t>(kNames));
  for (const auto& [name, count] : winners)
    EXPECT_EQ(count, 1) << name;
  for (const auto& map : failures) {
    for (const auto& [name, code] : map)
      EXPECT_EQ(code, ErrorCode::already_exists) << name;
  }
  auto listed = this->store_->list("bgppeers");
  ASSERT_TRUE(listed);
  EXPECT_EQ(listed->items.size(), static_cast<std::size_t>(kNames));
}

TYPED_TEST(StoreContract, ConcurrentConditionalUpdatesHaveOneWinnerPerVersion) {
  auto created = this->store_->create("bgppeers", "a", peer("a"));
  ASSERT_TRUE(created);
  const std::string version = std::to_string(created->revision);
  constexpr int kThreads = 6;
  std::atomic<int> ok{0};
  std::atomic<int> conflicts{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto updated =
          this->store_->update("bgppeers", "a", peer("a", "10.0.1." + std::to_string(t)), version);
      if (updated) {
        ++ok;
      } else if (updated.error().code == ErrorCode::conflict) {
        ++conflicts;
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflicts.load(), kThreads - 1);
}

}  // namespace
}  // namespace mgmt::store
