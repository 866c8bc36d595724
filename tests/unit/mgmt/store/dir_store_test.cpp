// DirStore specifics: restart restores everything and revisions continue, crash leftovers,
// corrupt files, the on-disk format, the directory lock and name traversal.
#include "mgmt/store/dir_store.hpp"

#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "tests/unit/mgmt/store/store_test_util.hpp"

namespace mgmt::store {
namespace {

using testing::EventLog;
using testing::peer;
using testing::TempDir;

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

nlohmann::json read_json(const std::filesystem::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

TEST(DirStore, ReopenRestoresEverythingAndRevisionContinues) {
  TempDir dir;
  Object a;
  std::uint64_t last = 0;
  {
    auto store = open_dir_store(dir.path());
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_TRUE((*store)->create("bgppeers", "a", peer("a")));
    ASSERT_TRUE((*store)->create("bgppeers", "b", peer("b")));
    ASSERT_TRUE((*store)->create("nodes", "n1", {{"kind", "Node"}}));
    auto updated = (*store)->update("bgppeers", "a", peer("a", "10.0.0.9"), "");
    ASSERT_TRUE(updated);
    a = *updated;
    auto removed = (*store)->remove("bgppeers", "b", "");  // the newest revision is a delete
    ASSERT_TRUE(removed);
    last = removed->revision;
    EXPECT_EQ((*store)->revision(), last);
  }
  auto store = open_dir_store(dir.path());
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_EQ((*store)->revision(), last);
  auto got = (*store)->get("bgppeers", "a");
  ASSERT_TRUE(got);
  EXPECT_EQ(got->value, a.value);
  EXPECT_EQ(got->revision, a.revision);
  EXPECT_EQ((*store)->get("bgppeers", "b").error().code, ErrorCode::not_found);
  EXPECT_TRUE((*store)->get("nodes", "n1"));
  EXPECT_EQ((*store)->list("bgppeers")->items.size(), 1U);
  auto next = (*store)->create("bgppeers", "b", peer("b"));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->revision, last + 1);  // never reuses the revision of the delete
  // A conditional update with the version read before the restart still works.
  EXPECT_TRUE((*store)->update("bgppeers", "a", peer("a"), std::to_string(a.revision)));
}

TEST(DirStore, RevisionCounterSurvivesLosingItsFile) {
  TempDir dir;
  std::uint64_t last = 0;
  {
    auto store = open_dir_store(dir.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->create("bgppeers", "a", peer("a")));
    last = (*store)->update("bgppeers", "a", peer("a"), "")->revision;
  }
  // A crash between persisting an object and the counter cannot happen (the counter is written
  // first), but a counter behind the objects must still not lead to reuse.
  write_text(dir.path() / "REVISION", "1\n");
  auto store = open_dir_store(dir.path());
  ASSERT_TRUE(store);
  EXPECT_EQ((*store)->revision(), last);
}

TEST(DirStore, StoredFileHoldsValueAndRevisionWithoutResourceVersion) {
  TempDir dir;
  auto store = open_dir_store(dir.path());
  ASSERT_TRUE(store);
  auto created = (*store)->create("bgppeers", "peer-with-route-reflectors",
                                  peer("peer-with-route-reflectors"));
  ASSERT_TRUE(created);
  const auto doc = read_json(dir.path() / "bgppeers" / "peer-with-route-reflectors.json");
  EXPECT_EQ(doc["revision"], created->revision);
  EXPECT_FALSE(doc["value"]["metadata"].contains("resourceVersion"));
  EXPECT_EQ(doc["value"]["metadata"]["uid"], created->value["metadata"]["uid"]);
  EXPECT_EQ(doc["value"]["spec"], peer("x")["spec"]);
  std::ifstream counter(dir.path() / "REVISION");
  std::uint64_t persisted = 0;
  counter >> persisted;
  EXPECT_EQ(persisted, created->revision);
}

TEST(DirStore, LeftoverTemporaryFilesAreRemovedAtOpen) {
  TempDir dir;
  {
    auto store = open_dir_store(dir.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->create("bgppeers", "a", peer("a")));
  }
  // What a crash between "write temp" and "rename" leaves behind: half-written garbage.
  const auto object_temp = dir.path() / "bgppeers" / "a.json.k3j2h1ab.tmp";
  const auto new_temp = dir.path() / "bgppeers" / "new.json.zz9zz9zz.tmp";
  const auto counter_temp = dir.path() / "REVISION.q1w2e3r4.tmp";
  write_text(object_temp, "{\"revision\": 99, \"val");
  write_text(new_temp, "");
  write_text(counter_temp, "12");
  auto store = open_dir_store(dir.path());
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_FALSE(std::filesystem::exists(object_temp));
  EXPECT_FALSE(std::filesystem::exists(new_temp));
  EXPECT_FALSE(std::filesystem::exists(counter_temp));
  auto listed = (*store)->list("bgppeers");
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->items.size(), 1U);
  EXPECT_EQ(listed->items[0].name, "a");
  EXPECT_EQ(listed->items[0].value["spec"], peer("a")["spec"]);
}

TEST(DirStore, CorruptObjectFileFailsOpenNamingTheFile) {
  TempDir dir;
  {
    auto store = open_dir_store(dir.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->create("bgppeers", "good", peer("good")));
  }
  const auto bad = dir.path() / "bgppeers" / "bad.json";
  for (const char* text : {"{not json", "[1,2]", R"({"revision": "7", "value": {}})",
                           R"({"revision": 3})", R"({"revision": 0, "value": {}})"}) {
    write_text(bad, text);
    auto store = open_dir_store(dir.path());
    ASSERT_FALSE(store) << text;
    EXPECT_EQ(store.error().code, ErrorCode::unavailable);
    EXPECT_NE(store.error().message.find(bad.string()), std::string::npos) << store.error().message;
    EXPECT_TRUE(std::filesystem::exists(bad));  // left for the operator
  }
  std::filesystem::remove(bad);
  EXPECT_TRUE(open_dir_store(dir.path()));
}

TEST(DirStore, CorruptRevisionFileFailsOpen) {
  TempDir dir;
  write_text(dir.path() / "REVISION", "twelve");
  auto store = open_dir_store(dir.path());
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().message.find("REVISION"), std::string::npos);
}

TEST(DirStore, SecondOpenOfTheSameDirectoryFails) {
  TempDir dir;
  auto first = open_dir_store(dir.path());
  ASSERT_TRUE(first);
  auto second = open_dir_store(dir.path());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::unavailable);
  first->reset();
  EXPECT_TRUE(open_dir_store(dir.path()));
}

TEST(DirStore, OpenCreatesMissingDirectories) {
  TempDir dir;
  auto store = open_dir_store(dir.path() / "a" / "b");
  ASSERT_TRUE(store) << store.error().message;
  EXPECT_TRUE(std::filesystem::is_directory(dir.path() / "a" / "b"));
}

TEST(DirStore, NamesCannotEscapeTheDirectory) {
  TempDir dir;
  const auto root = dir.path() / "store";
  auto store = open_dir_store(root);
  ASSERT_TRUE(store);
  for (const char* name : {"../../escape", "..", "a/../../b", "", "x\\y"}) {
    EXPECT_EQ((*store)->create("bgppeers", name, peer("x")).error().code, ErrorCode::invalid);
  }
  EXPECT_EQ((*store)->create("..", "escape", peer("x")).error().code, ErrorCode::invalid);
  EXPECT_EQ((*store)->create("", "escape", peer("x")).error().code, ErrorCode::invalid);
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir.path())) {
    const auto relative = std::filesystem::relative(entry.path(), root);
    EXPECT_NE(relative.string().substr(0, 2), "..") << entry.path();
  }
}

TEST(DirStore, NamesWithDotsAreStoredAsFiles) {
  TempDir dir;
  {
    auto store = open_dir_store(dir.path());
    ASSERT_TRUE(store);
    ASSERT_TRUE((*store)->create("bgpconfigurations", "node.kube-master", {{"kind", "x"}}));
    ASSERT_TRUE((*store)->create("bgppeers", "a.tmp", peer("a.tmp")));
  }
  auto store = open_dir_store(dir.path());
  ASSERT_TRUE(store);
  EXPECT_TRUE((*store)->get("bgpconfigurations", "node.kube-master"));
  EXPECT_TRUE((*store)->get("bgppeers", "a.tmp"));
}

TEST(DirStore, PendingEventsAreNotDeliveredAfterDestruction) {
  TempDir dir;
  EventLog log;
  {
    auto store = open_dir_store(dir.path());
    ASSERT_TRUE(store);
    (*store)->watch(log.watcher());
    for (int i = 0; i < 20; ++i) {
      ASSERT_TRUE((*store)->create("bgppeers", "p" + std::to_string(i), peer("p")));
    }
  }
  // Destruction joined the notifier: the count can no longer change.
  const auto count = log.snapshot().size();
  EXPECT_LE(count, 20U);
  EXPECT_EQ(log.snapshot().size(), count);
}

}  // namespace
}  // namespace mgmt::store
