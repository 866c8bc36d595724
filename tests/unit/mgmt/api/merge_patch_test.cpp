#include "mgmt/api/merge_patch.hpp"

#include <gtest/gtest.h>

namespace mgmt::api {
namespace {

using nlohmann::json;

TEST(MergePatch, MergesNestedObjects) {
  const json target = {{"spec", {{"bgp", {{"ipv4Address", "10.0.0.1"}, {"asNumber", 64512}}}}}};
  const json patched = apply_merge_patch(target, {{"spec", {{"bgp", {{"asNumber", 64514}}}}}});
  EXPECT_EQ(patched,
            json({{"spec", {{"bgp", {{"ipv4Address", "10.0.0.1"}, {"asNumber", 64514}}}}}}));
}

TEST(MergePatch, NullDeletesMember) {
  const json patched = apply_merge_patch({{"a", 1}, {"b", {{"c", 2}, {"d", 3}}}},
                                         {{"a", nullptr}, {"b", {{"c", nullptr}}}});
  EXPECT_EQ(patched, json({{"b", {{"d", 3}}}}));
}

TEST(MergePatch, ListsAreReplacedWholesale) {
  const json patched = apply_merge_patch({{"filters", {"a", "b", "c"}}}, {{"filters", {"x"}}});
  EXPECT_EQ(patched, json({{"filters", {"x"}}}));
}

TEST(MergePatch, NonObjectPatchReplacesTarget) {
  EXPECT_EQ(apply_merge_patch({{"a", 1}}, json::array({1, 2})), json::array({1, 2}));
  EXPECT_EQ(apply_merge_patch({{"a", "x"}}, {{"a", {{"b", 1}}}}), json({{"a", {{"b", 1}}}}));
}

// RFC 7386 Appendix A test cases.
TEST(MergePatch, Rfc7386AppendixA) {
  struct Case {
    const char* target;
    const char* patch;
    const char* result;
  };
  const Case cases[] = {
      {R"({"a":"b"})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"b"})", R"({"b":"c"})", R"({"a":"b","b":"c"})"},
      {R"({"a":"b"})", R"({"a":null})", R"({})"},
      {R"({"a":"b","b":"c"})", R"({"a":null})", R"({"b":"c"})"},
      {R"({"a":["b"]})", R"({"a":"c"})", R"({"a":"c"})"},
      {R"({"a":"c"})", R"({"a":["b"]})", R"({"a":["b"]})"},
      {R"({"a":{"b":"c"}})", R"({"a":{"b":"d","c":null}})", R"({"a":{"b":"d"}})"},
      {R"({"a":[{"b":"c"}]})", R"({"a":[1]})", R"({"a":[1]})"},
      {R"(["a","b"])", R"(["c","d"])", R"(["c","d"])"},
      {R"({"a":"b"})", R"(["c"])", R"(["c"])"},
      {R"({"a":"foo"})", "null", "null"},
      {R"({"a":"foo"})", R"("bar")", R"("bar")"},
      {R"({"e":null})", R"({"a":1})", R"({"e":null,"a":1})"},
      {R"([1,2])", R"({"a":"b","c":null})", R"({"a":"b"})"},
      {R"({})", R"({"a":{"bb":{"ccc":null}}})", R"({"a":{"bb":{}}})"},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(apply_merge_patch(json::parse(c.target), json::parse(c.patch)), json::parse(c.result))
        << c.target << " + " << c.patch;
  }
}

}  // namespace
}  // namespace mgmt::api
