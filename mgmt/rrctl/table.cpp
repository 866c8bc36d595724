#include "mgmt/rrctl/table.hpp"

#include <algorithm>
#include <cctype>

namespace mgmt::rrctl {
namespace {

constexpr std::size_t kMinWidth = 5;  // tabwriter.NewWriter(out, 5, 1, 3, ' ', 0)
constexpr std::size_t kPadding = 3;

std::vector<std::size_t> column_widths(const std::vector<TableRow>& rows, std::size_t columns) {
  std::vector<std::size_t> widths(columns, 0);
  for (const TableRow& row : rows) {
    for (std::size_t i = 0; i < row.size() && i < columns; ++i) {
      widths[i] = std::max(widths[i], display_width(row[i]));
    }
  }
  return widths;
}

void pad_to(std::string& out, std::string_view text, std::size_t width) {
  out += text;
  const std::size_t used = display_width(text);
  if (used < width) out.append(width - used, ' ');
}

std::string upper(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

std::string rule(const std::vector<std::size_t>& widths) {
  std::string out = "+";
  for (const std::size_t width : widths) {
    out.append(width + 2, '-');
    out += '+';
  }
  out += '\n';
  return out;
}

}  // namespace

std::size_t display_width(std::string_view text) {
  std::size_t count = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++count;  // skip continuation bytes
  }
  return count;
}

std::string render_columns(const std::vector<TableRow>& rows) {
  std::size_t columns = 0;
  for (const TableRow& row : rows)
    columns = std::max(columns, row.size());
  // The last cell of a line is not tab-terminated, so it takes no part in the alignment.
  std::vector<std::size_t> widths = column_widths(rows, columns == 0 ? 0 : columns - 1);
  for (std::size_t& width : widths)
    width = std::max(width + kPadding, kMinWidth);

  std::string out;
  for (const TableRow& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i + 1 < row.size()) {
        pad_to(out, row[i], widths[i]);
      } else {
        out += row[i];
      }
    }
    out += '\n';
  }
  return out;
}

std::string render_box(const TableRow& header, const std::vector<TableRow>& rows) {
  std::vector<TableRow> all;
  all.reserve(rows.size() + 1);
  TableRow upper_header;
  for (const std::string& cell : header)
    upper_header.push_back(upper(cell));
  all.push_back(upper_header);
  all.insert(all.end(), rows.begin(), rows.end());
  const std::vector<std::size_t> widths = column_widths(all, header.size());

  std::string out = rule(widths);
  out += '|';
  for (std::size_t i = 0; i < widths.size(); ++i) {
    const std::size_t gap = widths[i] - display_width(upper_header[i]);
    const std::size_t left = gap / 2;
    out.append(left + 1, ' ');
    out += upper_header[i];
    out.append(gap - left + 1, ' ');
    out += '|';
  }
  out += '\n';
  out += rule(widths);
  for (const TableRow& row : rows) {
    out += '|';
    for (std::size_t i = 0; i < widths.size(); ++i) {
      out += ' ';
      pad_to(out, i < row.size() ? std::string_view(row[i]) : std::string_view(), widths[i]);
      out += " |";
    }
    out += '\n';
  }
  out += rule(widths);
  return out;
}

}  // namespace mgmt::rrctl
