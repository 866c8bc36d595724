// Text tables in the two layouts calicoctl prints: the column layout of `calicoctl get` (Go's
// text/tabwriter with minimum width 5 and padding 3: left-aligned cells, the last cell of a line
// not padded) and the boxed table of `calicoctl node status` (`+---+` borders, header cells
// upper-case and centred, data cells left-aligned, one space of padding). Pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mgmt::rrctl {

using TableRow = std::vector<std::string>;

// Number of terminal columns (UTF-8 code points) of a text.
[[nodiscard]] std::size_t display_width(std::string_view text);

// `rows` starts with the header row. Every line ends in '\n'.
[[nodiscard]] std::string render_columns(const std::vector<TableRow>& rows);

// Header cells are upper-cased. Every line ends in '\n'.
[[nodiscard]] std::string render_box(const TableRow& header, const std::vector<TableRow>& rows);

}  // namespace mgmt::rrctl
