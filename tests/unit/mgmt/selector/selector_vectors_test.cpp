// calico-bgp-spec.md §3.4: every evaluation vector (rows 1-69), every invalid selector (rows 1-47)
// and every canonicalisation vector of §3.3, plus canonical round trips.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "mgmt/selector/selector.hpp"

namespace mgmt::selector {
namespace {

struct EvalCase {
  int row;
  std::string selector;
  Labels labels;
  bool expected;
};

const std::vector<EvalCase>& eval_cases() {
  static const std::vector<EvalCase> cases = {
      {1, R"(a == "b")", {{"a", "b"}}, true},
      {2, R"(a == "b")", {{"a", "b"}, {"c", "d"}}, true},
      {3, R"(a == "b")", {}, false},
      {4, R"(a == "b")", {{"a", "c"}}, false},
      {5, R"(a == "b")", {{"c", "d"}}, false},
      {6, R"(a == "b" && c == "d")", {{"a", "b"}, {"c", "d"}}, true},
      {7, R"(a == "b" && c == "d")", {{"a", "b"}, {"c", "e"}}, false},
      {8, R"(a == "b" && c == "d")", {{"a", "b"}}, false},
      {9, R"(a == "b" || c == "d")", {{"c", "d"}}, true},
      {10, R"(a == "b" || c == "d")", {{"a", "e"}, {"c", "e"}}, false},
      {11, R"(a in {"'", '"', "c"})", {{"a", "c"}}, true},
      {12, R"(a in {"'", '"', "c"})", {{"a", "\""}}, true},
      {13, R"(a in {"'", '"', "c"})", {{"a", "'"}}, true},
      {14, R"(a in {"'", '"', "c"})", {}, false},
      {15, R"(a not in {"'", '"', "c"})", {}, true},
      {16, R"(a not in {"'", '"', "c"})", {{"a", "e"}}, true},
      {17, R"(a not in {"'", '"', "c"})", {{"a", "c"}}, false},
      {18, R"(a != "b")", {{"a", "a"}}, true},
      {19, R"(a != "a")", {}, true},
      {20, R"(a != 'a')", {{"a", "a"}}, false},
      {21, R"(a contains "a")", {{"a", "bab"}}, true},
      {22, R"(a contains "a")", {{"b", "aaa"}}, false},
      {23, R"(a starts with "a")", {{"a", "abb"}}, true},
      {24, R"(a starts with "a")", {{"a", "baa"}}, false},
      {25, R"(a ends with "a")", {{"a", "bba"}}, true},
      {26, R"(a ends with "a")", {{"a", "aab"}}, false},
      {27, R"(!a in {"a"})", {{"a", "b"}}, true},
      {28, R"(a in {"a", "b"})", {{"a", "b"}}, true},
      {29, R"(a in {"a", "b"})", {{"a", "c"}}, false},
      {30, R"(a not in {"d", "e"})", {{"a", "a"}}, true},
      {31, R"(a not in {"a"})", {{"a", "a"}}, false},
      {32, "has(a)", {{"a", "b"}}, true},
      {33, "has(b)", {{"a", "b"}}, false},
      {34, "!has(a)", {{"b", "b"}}, true},
      {35, "!has(a)", {{"a", "b"}}, false},
      {36, "!!has(b)", {{"a", "b"}}, false},
      {37, "!!! has(a)", {{"a", "b"}}, false},
      {38, "!! ! has(a)", {{"a", "b"}}, false},
      {39, "", {}, true},
      {40, " ", {}, true},
      {41, "", {{"a", "b"}}, true},
      {42, " all()", {{"a", "b"}}, true},
      {43, " global()", {{"a", "b"}}, true},
      {44, "a == 'a1' && b != 'b1'", {{"a", "a1"}, {"b", "b1"}}, false},
      {45, "!a == 'a1' && b == 'b1'", {{"a", "a1"}, {"b", "b1"}}, false},
      {46, "!(!has(a) || has(b))", {{"a", "a"}}, true},
      {47, "a == 'a1' || b != 'b1'", {{"a", "a1"}, {"b", "b1"}}, true},
      {48, "a != 'a1' || b != 'b1'", {{"a", "a1"}, {"b", "b1"}}, false},
      {49, "! a == 'a1' || ! b == 'b1'", {{"a", "a1"}, {"b", "b1"}}, false},
      {50, "route-reflector == 'true'", {{"route-reflector", "true"}}, true},
      {51, "kubernetes.io/hostname == 'node-1'", {{"kubernetes.io/hostname", "node-1"}}, true},
      {52, "a == 'x' && b == 'y' || c == 'z'", {{"c", "z"}}, true},
      {53, "a == 'x' && (b == 'y' || c == 'z')", {{"c", "z"}}, false},
      {54, "!has(a) || a starts with 'prod' && role in {'frontend','business'}", {}, true},
      {55,
       "!has(a) || a starts with 'prod' && role in {'frontend','business'}",
       {{"a", "dev"}},
       false},
      {56,
       "!has(a) || a starts with 'prod' && role in {'frontend','business'}",
       {{"a", "prod1"}, {"role", "business"}},
       true},
      {57, "has( a )", {{"a", "x"}}, true},
      {58, "all( )", {}, true},
      {59, "!all()", {{"a", "b"}}, false},
      {60, "a in {'x',}", {{"a", "x"}}, true},
      {61, "a in {}", {{"a", "x"}}, false},
      {62, "a not in {}", {}, true},
      {63, "a notin {'x'}", {{"a", "y"}}, true},
      {64, "a starts  with 'x'", {{"a", "xy"}}, true},
      {65, "a contains ''", {{"a", ""}}, true},
      {66, "a contains ''", {}, false},
      {67, R"(a == "it's")", {{"a", "it's"}}, true},
      {68, "a\t==\t'b'", {{"a", "b"}}, true},
      {69, "a1.b_c/d-e == 'v'", {{"a1.b_c/d-e", "v"}}, true},
  };
  return cases;
}

TEST(SelectorVectors, EvaluatesEveryRowOfTheSpec) {
  ASSERT_EQ(eval_cases().size(), 69U);
  for (const auto& c : eval_cases()) {
    SCOPED_TRACE("row " + std::to_string(c.row) + ": " + c.selector);
    const auto selector = Selector::parse(c.selector);
    ASSERT_TRUE(selector.has_value()) << selector.error();
    EXPECT_EQ(selector->matches(c.labels), c.expected);
  }
}

TEST(SelectorVectors, CanonicalFormIsStableForEveryValidRow) {
  for (const auto& c : eval_cases()) {
    SCOPED_TRACE("row " + std::to_string(c.row) + ": " + c.selector);
    const auto first = Selector::parse(c.selector);
    ASSERT_TRUE(first.has_value()) << first.error();
    const auto second = Selector::parse(first->canonical());
    ASSERT_TRUE(second.has_value()) << first->canonical() << ": " << second.error();
    EXPECT_EQ(second->canonical(), first->canonical());
    EXPECT_EQ(second->matches(c.labels), c.expected);
    EXPECT_EQ(second->tree(), first->tree());
  }
}

struct BadCase {
  std::string row;
  std::string selector;
};

TEST(SelectorVectors, RejectsEveryInvalidRowOfTheSpec) {
  const std::vector<BadCase> cases = {
      {"1", "b == b"},
      {"2", "b contains b"},
      {"3", "b starts with b"},
      {"4", "b ends with b"},
      {"5", "'b1' == b"},
      {"6", "b"},
      {"7", "a b"},
      {"8", "!"},
      {"9", R"(foo == "bar" &)"},
      {"10", R"(foo == "bar" |)"},
      {"11", "foo != ||"},
      {"12", R"(foo in {"", ||)"},
      {"13", R"(foo in "")"},
      {"14", R"("FOO)"},
      {"15", R"("FOO')"},
      {"16", "'FOO"},
      {"17", "("},
      {"18", R"((a == "foo")"},
      {"19", ")"},
      {"20", "()"},
      {"21", "%"},
      {"22", R"(a == "b" && %)"},
      {"23", R"(a == "b" || %)"},
      {"24", "a "},
      {"25", "has(foo) &&"},
      {"26", R"("FOO)"},
      {"27", std::string(513, 'a') + R"( == "value")"},
      {"28", R"(label == "value)"},
      {"29", R"(label = "value")"},
      {"30", "all("},
      {"31", "global("},
      {"32", "has()"},
      {"33", "has(foo"},
      {"34", "has( foo "},
      {"35", R"(a == "b" & has(foo))"},
      {"36", R"(a == "b" | has(foo))"},
      {"37", R"(label starts foo "value")"},
      {"38", R"(label inf "value")"},
      {"39", R"(label ends withs "value")"},
      {"40", R"(label squiggles "value")"},
      {"41a", "has (a)"},
      {"41b", "all ()"},
      {"42", "a == 'b'\n"},
      {"43", "kubernetes.io/hostname: == 'x'"},
      {"44a", "a in {'x' 'y'}"},
      {"44b", "a in {'x',,'y'}"},
      {"45a", "(a == 'x'))"},
      {"45b", "a == 'x' b == 'y'"},
      {"46a", "HAS(a)"},
      {"46b", "ALL()"},
      {"46c", "a IN {'x'}"},
      {"47", "&& a == 'b'"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE("row " + c.row + ": " + c.selector);
    const auto selector = Selector::parse(c.selector);
    ASSERT_FALSE(selector.has_value()) << selector->canonical();
    EXPECT_NE(selector.error().find("position"), std::string::npos) << selector.error();
  }
}

TEST(SelectorVectors, CanonicalisesAsUpstream) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "all()"},
      {" all() ", "all()"},
      {" (all() )", "all()"},
      {"! (has( b)||! has(a ))", "!(has(b) || !has(a))"},
      {R"(! (a == "b"&&! c != "d"))", R"(!(a == "b" && !c != "d"))"},
      {R"(a == "'")", R"(a == "'")"},
      {R"(a == '"')", R"(a == '"')"},
      {R"(a startswith '"')", R"(a starts with '"')"},
      {R"(a endswith "'")", R"(a ends with "'")"},
      {R"(a!='"')", R"(a != '"')"},
      {R"(a in {"d", "a", "b"})", R"(a in {"a", "b", "d"})"},
      {R"(a in {"z", "z", "x", "y", "x", "a"})", R"(a in {"a", "x", "y", "z"})"},
  };
  for (const auto& [input, expected] : cases) {
    SCOPED_TRACE(input);
    const auto selector = Selector::parse(input);
    ASSERT_TRUE(selector.has_value()) << selector.error();
    EXPECT_EQ(selector->canonical(), expected);
    const auto again = Selector::parse(selector->canonical());
    ASSERT_TRUE(again.has_value()) << again.error();
    EXPECT_EQ(again->canonical(), expected);
  }
}

}  // namespace
}  // namespace mgmt::selector
