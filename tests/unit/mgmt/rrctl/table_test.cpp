#include "mgmt/rrctl/table.hpp"

#include <gtest/gtest.h>

namespace mgmt::rrctl {
namespace {

TEST(Table, ColumnsLikeGoTabwriterWithCalicoctlSettings) {
  // minwidth 5, padding 3; the last cell is not padded.
  const std::string text = render_columns({
      {"NAME", "PEERIP", "NODE", "ASN"},
      {"bgppeer-global-3040", "192.20.30.40", "(global)", "64567"},
      {"p2", "10.0.0.1", "n1", "0"},
  });
  EXPECT_EQ(text,
            "NAME                  PEERIP         NODE       ASN\n"
            "bgppeer-global-3040   192.20.30.40   (global)   64567\n"
            "p2                    10.0.0.1       n1         0\n");
}

TEST(Table, ShortColumnsGetTheMinimumWidth) {
  EXPECT_EQ(render_columns({{"A", "B"}, {"x", ""}}), "A    B\nx    \n");
  EXPECT_EQ(render_columns({{"NAME"}, {"default"}}), "NAME\ndefault\n");
  EXPECT_EQ(render_columns({{"A", "B", "C"}, {"", "", ""}}), "A    B    C\n          \n");
}

TEST(Table, WidthCountsCodePointsNotBytes) {
  EXPECT_EQ(display_width("n\xC3\xA9"), 2U);
  EXPECT_EQ(render_columns({{"N\xC3\x89XT", "B"}, {"abcdef", "c"}}),
            "N\xC3\x89XT     B\nabcdef   c\n");
}

TEST(Table, BoxWithCentredUpperCaseHeader) {
  const std::string text = render_box({"Peer address", "State"}, {{"10.0.0.1", "up"}});
  EXPECT_EQ(text,
            "+--------------+-------+\n"
            "| PEER ADDRESS | STATE |\n"
            "+--------------+-------+\n"
            "| 10.0.0.1     | up    |\n"
            "+--------------+-------+\n");
  // An odd gap puts the extra space on the right of the header text.
  EXPECT_EQ(render_box({"Info"}, {{"Established"}}),
            "+-------------+\n"
            "|    INFO     |\n"
            "+-------------+\n"
            "| Established |\n"
            "+-------------+\n");
}

}  // namespace
}  // namespace mgmt::rrctl
