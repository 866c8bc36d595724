// Targeted tests of the selector language beyond the spec's tables: tokenizer details, error
// messages, grouping, the Selector value type.
#include "mgmt/selector/selector.hpp"

#include <string>

#include <gtest/gtest.h>

#include "mgmt/selector/parser.hpp"
#include "mgmt/selector/tokenizer.hpp"

namespace mgmt::selector {
namespace {

std::string canonical_of(std::string_view text) {
  auto selector = Selector::parse(text);
  return selector ? selector->canonical() : "ERROR: " + selector.error();
}

TEST(Selector, DefaultConstructedIsAll) {
  const Selector selector;
  EXPECT_EQ(selector.canonical(), "all()");
  EXPECT_TRUE(selector.matches({}));
  EXPECT_TRUE(selector.matches({{"x", "y"}}));
  EXPECT_EQ(selector, *Selector::parse(""));
}

TEST(Selector, CopiesShareTheTree) {
  const auto parsed = Selector::parse("a == 'b' && has(c)");
  ASSERT_TRUE(parsed.has_value());
  const Selector copy = *parsed;  // NOLINT(performance-unnecessary-copy-initialization)
  EXPECT_EQ(&copy.tree(), &parsed->tree());
  EXPECT_EQ(&copy.canonical(), &parsed->canonical());
}

TEST(Selector, LabelsMayBeNamedLikeOperators) {
  EXPECT_EQ(canonical_of(R"(contains contains "contains")"), R"(contains contains "contains")");
  EXPECT_EQ(canonical_of("startswith == 'x'"), R"(startswith == "x")");
  EXPECT_EQ(canonical_of("in in {'in'}"), R"(in in {"in"})");
  EXPECT_EQ(canonical_of("has == 'x'"), R"(has == "x")");
  EXPECT_TRUE(
      Selector::parse("contains contains 'contains'")->matches({{"contains", "xcontainsx"}}));
}

TEST(Selector, MultiWordOperatorsAcceptAnyBlankRun) {
  EXPECT_EQ(canonical_of("a not\t in {'x'}"), R"(a not in {"x"})");
  EXPECT_EQ(canonical_of("a notin{'x'}"), R"(a not in {"x"})");
  EXPECT_EQ(canonical_of("a endswith'x'"), R"(a ends with "x")");
  EXPECT_EQ(canonical_of("a contains\"x\""), R"(a contains "x")");
}

TEST(Selector, QuotesWithSingleQuotesOnlyWhenNeeded) {
  EXPECT_EQ(canonical_of(R"(a == 'say "hi"')"), R"(a == 'say "hi"')");
  EXPECT_EQ(canonical_of("a in {'\"', \"'\", 'b'}"), R"(a in {'"', "'", "b"})");
}

TEST(Selector, GroupsAreParenthesisedOnceAndKeepTheirNesting) {
  EXPECT_EQ(canonical_of("a == 'x' && b == 'y' || c == 'z'"),
            R"(((a == "x" && b == "y") || c == "z"))");
  EXPECT_EQ(canonical_of("a == 'x' && (b == 'y' || c == 'z')"),
            R"((a == "x" && (b == "y" || c == "z")))");
  EXPECT_EQ(canonical_of("((has(a)))"), "has(a)");
  EXPECT_EQ(canonical_of("has(a) && has(b) && has(c)"), "(has(a) && has(b) && has(c))");
  EXPECT_EQ(canonical_of("!!has(b)"), "!!has(b)");
  EXPECT_EQ(canonical_of("global( )"), "global()");
}

TEST(Selector, NotEqualAndNotInAreTrueForAbsentLabels) {
  EXPECT_TRUE(Selector::parse("x != 'y'")->matches({}));
  EXPECT_TRUE(Selector::parse("x not in {'y'}")->matches({}));
  EXPECT_FALSE(Selector::parse("x == ''")->matches({}));
  EXPECT_TRUE(Selector::parse("x == ''")->matches({{"x", ""}}));
  EXPECT_TRUE(Selector::parse("has(x)")->matches({{"x", ""}}));
}

TEST(Selector, MatchingIsCaseSensitive) {
  EXPECT_FALSE(Selector::parse("a == 'B'")->matches({{"a", "b"}}));
  EXPECT_FALSE(Selector::parse("has(A)")->matches({{"a", "b"}}));
}

TEST(Selector, LabelOfExactly512CharactersIsAccepted) {
  const std::string label(512, 'a');
  const auto selector = Selector::parse(label + " == 'v'");
  ASSERT_TRUE(selector.has_value()) << selector.error();
  EXPECT_TRUE(selector->matches({{label, "v"}}));
  EXPECT_FALSE(Selector::parse("has(" + std::string(513, 'b') + ")").has_value());
}

TEST(Selector, ErrorsNamePositionAndExpectation) {
  auto error = Selector::parse("a == b").error();
  EXPECT_NE(error.find("position 5"), std::string::npos) << error;
  EXPECT_NE(error.find("quoted string"), std::string::npos) << error;

  error = Selector::parse("a = 'b'").error();
  EXPECT_NE(error.find("position 2"), std::string::npos) << error;
  EXPECT_NE(error.find("'=='"), std::string::npos) << error;

  error = Selector::parse("(a == 'b'").error();
  EXPECT_NE(error.find("')'"), std::string::npos) << error;
  EXPECT_NE(error.find("end of selector"), std::string::npos) << error;

  error = Selector::parse("a == 'b'\n").error();
  EXPECT_NE(error.find("position 8"), std::string::npos) << error;
  EXPECT_NE(error.find("newline"), std::string::npos) << error;

  error = Selector::parse("a == 'x' b == 'y'").error();
  EXPECT_NE(error.find("position 9"), std::string::npos) << error;
}

TEST(Selector, RejectsOtherWhitespaceAndStrayTokens) {
  for (const char* text :
       {"a == 'b'\r", "\ta == 'b'\v", "a == 'b',", "a == 'b' }", "{", "a in {'x'", "a in {,}",
        "a in", "a ==", "has(a) || ", "!(", "a == 'b' !"}) {
    EXPECT_FALSE(Selector::parse(text).has_value()) << text;
  }
}

TEST(Selector, DeepNestingIsBounded) {
  const auto nested = [](std::size_t depth) {
    return std::string(depth, '(') + "has(a)" + std::string(depth, ')');
  };
  EXPECT_TRUE(Selector::parse(nested(kMaxNesting)).has_value());
  const auto too_deep = Selector::parse(nested(kMaxNesting + 1));
  ASSERT_FALSE(too_deep.has_value());
  EXPECT_NE(too_deep.error().find("nested deeper than 128 levels"), std::string::npos)
      << too_deep.error();
  EXPECT_FALSE(Selector::parse(nested(100000)).has_value());
  const auto many_bangs = Selector::parse(std::string(3001, '!') + "has(a)");
  ASSERT_TRUE(many_bangs.has_value());
  EXPECT_TRUE(many_bangs->matches({}));
}

TEST(Tokenizer, RecognisesOperatorsOnlyAfterALabel) {
  const auto tokens = tokenize("in in {'a'}");
  ASSERT_TRUE(tokens.has_value()) << tokens.error();
  ASSERT_EQ(tokens->size(), 6U);
  EXPECT_EQ((*tokens)[0].kind, TokenKind::label);
  EXPECT_EQ((*tokens)[1].kind, TokenKind::in);
  EXPECT_EQ((*tokens)[2].kind, TokenKind::left_brace);
  EXPECT_EQ((*tokens)[3].kind, TokenKind::string);
  EXPECT_EQ((*tokens)[3].text, "a");
  EXPECT_EQ((*tokens)[3].position, 7U);
  EXPECT_EQ((*tokens)[5].kind, TokenKind::end);
}

TEST(Tokenizer, HasCarriesTheLabel) {
  const auto tokens = tokenize("has( x.y/z )");
  ASSERT_TRUE(tokens.has_value()) << tokens.error();
  ASSERT_EQ(tokens->size(), 2U);
  EXPECT_EQ((*tokens)[0].kind, TokenKind::has);
  EXPECT_EQ((*tokens)[0].text, "x.y/z");
}

}  // namespace
}  // namespace mgmt::selector
