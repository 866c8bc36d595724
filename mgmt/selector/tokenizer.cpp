#include "mgmt/selector/tokenizer.hpp"

#include <utility>

namespace mgmt::selector {
namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool is_label_char(char c) {
  return is_alnum(c) || c == '_' || c == '.' || c == '/' || c == '-';
}

// Go regexp `\w`: what counts as a word character for the `\b` after an operator keyword.
bool is_word_char(char c) {
  return is_alnum(c) || c == '_';
}

std::string quote_char(char c) {
  switch (c) {
    case '\n':
      return "newline";
    case '\r':
      return "carriage return";
    case '\v':
      return "vertical tab";
    case '\f':
      return "form feed";
    default:
      break;
  }
  const auto byte = static_cast<unsigned char>(c);
  if (byte < 0x20 || byte >= 0x7f) {
    static constexpr char kHex[] = "0123456789abcdef";
    return std::string("byte 0x") + kHex[byte >> 4U] + kHex[byte & 0xfU];
  }
  return std::string("'") + c + "'";
}

std::string error_at(std::size_t position, std::string_view what) {
  return "at position " + std::to_string(position) + ": " + std::string(what);
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : text_(text) {}

  tl::expected<std::vector<Token>, std::string> run() {
    while (true) {
      skip_blanks();
      if (pos_ >= text_.size()) {
        tokens_.push_back(Token{TokenKind::end, "", pos_});
        return std::move(tokens_);
      }
      if (auto error = next_token(); !error.empty()) return tl::make_unexpected(std::move(error));
    }
  }

 private:
  [[nodiscard]] char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }

  void skip_blanks() {
    while (pos_ < text_.size() && is_blank(text_[pos_]))
      ++pos_;
  }

  [[nodiscard]] bool starts_with(std::string_view word) const {
    return text_.substr(pos_).starts_with(word);
  }

  void emit(TokenKind kind, std::size_t start, std::string text = {}) {
    tokens_.push_back(Token{kind, std::move(text), start});
  }

  [[nodiscard]] bool previous_is_label() const {
    return !tokens_.empty() && tokens_.back().kind == TokenKind::label;
  }

  // Matches `first [blanks] second` (or just `first` when second is empty) at the cursor, followed
  // by a word boundary; returns the length consumed, 0 when it does not match.
  [[nodiscard]] std::size_t match_keyword(std::string_view first, std::string_view second) const {
    if (!starts_with(first)) return 0;
    std::size_t i = pos_ + first.size();
    if (!second.empty()) {
      while (i < text_.size() && is_blank(text_[i]))
        ++i;
      if (text_.substr(i).substr(0, second.size()) != second) return 0;
      i += second.size();
    }
    if (i < text_.size() && is_word_char(text_[i])) return 0;
    return i - pos_;
  }

  bool try_operator_keyword() {
    struct Keyword {
      std::string_view first;
      std::string_view second;
      TokenKind kind;
    };
    static constexpr Keyword kKeywords[] = {
        {"not", "in", TokenKind::not_in},       {"in", "", TokenKind::in},
        {"contains", "", TokenKind::contains},  {"starts", "with", TokenKind::starts_with},
        {"ends", "with", TokenKind::ends_with},
    };
    for (const auto& keyword : kKeywords) {
      if (const auto length = match_keyword(keyword.first, keyword.second); length != 0) {
        emit(keyword.kind, pos_);
        pos_ += length;
        return true;
      }
    }
    return false;
  }

  // Reads a label at the cursor; returns an error text or "".
  std::string read_label(std::string& out) {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is_label_char(text_[pos_]))
      ++pos_;
    if (pos_ == start) return error_at(start, "expected a label name");
    if (pos_ - start > kMaxLabelLength) {
      return error_at(start,
                      "label name longer than " + std::to_string(kMaxLabelLength) + " characters");
    }
    out = std::string(text_.substr(start, pos_ - start));
    return {};
  }

  // `has(`, `all(` and `global(`: the keyword and its parentheses are one token.
  std::string read_call(std::string_view name, TokenKind kind) {
    const std::size_t start = pos_;
    pos_ += name.size() + 1;
    skip_blanks();
    std::string label;
    if (kind == TokenKind::has) {
      if (!is_label_char(peek())) {
        return error_at(pos_, "expected a label name inside 'has(...)'");
      }
      if (auto error = read_label(label); !error.empty()) return error;
      skip_blanks();
    }
    if (peek() != ')') {
      return error_at(pos_, "expected ')' to close '" + std::string(name) +
                                "(' opened at position " + std::to_string(start));
    }
    ++pos_;
    emit(kind, start, std::move(label));
    return {};
  }

  std::string read_string() {
    const std::size_t start = pos_;
    const char quote = text_[pos_];
    const auto close = text_.find(quote, pos_ + 1);
    if (close == std::string_view::npos) {
      return error_at(start,
                      "unterminated string literal (expected a closing " + quote_char(quote) + ")");
    }
    emit(TokenKind::string, start, std::string(text_.substr(pos_ + 1, close - pos_ - 1)));
    pos_ = close + 1;
    return {};
  }

  std::string two_char(char second, TokenKind kind, std::string_view spelled) {
    if (peek(1) != second) {
      return error_at(
          pos_, "expected '" + std::string(spelled) + "', found a single " + quote_char(peek()));
    }
    emit(kind, pos_);
    pos_ += 2;
    return {};
  }

  std::string next_token() {
    const char c = peek();
    switch (c) {
      case '"':
      case '\'':
        return read_string();
      case '{':
        emit(TokenKind::left_brace, pos_++);
        return {};
      case '}':
        emit(TokenKind::right_brace, pos_++);
        return {};
      case ',':
        emit(TokenKind::comma, pos_++);
        return {};
      case '(':
        emit(TokenKind::left_paren, pos_++);
        return {};
      case ')':
        emit(TokenKind::right_paren, pos_++);
        return {};
      case '=':
        return two_char('=', TokenKind::equal, "==");
      case '&':
        return two_char('&', TokenKind::logical_and, "&&");
      case '|':
        return two_char('|', TokenKind::logical_or, "||");
      case '!':
        if (peek(1) == '=') {
          emit(TokenKind::not_equal, pos_);
          pos_ += 2;
        } else {
          emit(TokenKind::bang, pos_++);
        }
        return {};
      default:
        break;
    }
    if (previous_is_label() && try_operator_keyword()) return {};
    if (starts_with("has(")) return read_call("has", TokenKind::has);
    if (starts_with("all(")) return read_call("all", TokenKind::all);
    if (starts_with("global(")) return read_call("global", TokenKind::global);
    if (is_label_char(c)) {
      const std::size_t start = pos_;
      std::string label;
      if (auto error = read_label(label); !error.empty()) return error;
      emit(TokenKind::label, start, std::move(label));
      return {};
    }
    return error_at(pos_, "unexpected " + quote_char(c) +
                              " (expected a label, string, operator or parenthesis)");
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::vector<Token> tokens_;
};

}  // namespace

tl::expected<std::vector<Token>, std::string> tokenize(std::string_view text) {
  return Lexer(text).run();
}

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::label:
      return "label '" + token.text + "'";
    case TokenKind::string:
      return "string literal";
    case TokenKind::left_brace:
      return "'{'";
    case TokenKind::right_brace:
      return "'}'";
    case TokenKind::comma:
      return "','";
    case TokenKind::equal:
      return "'=='";
    case TokenKind::not_equal:
      return "'!='";
    case TokenKind::in:
      return "'in'";
    case TokenKind::not_in:
      return "'not in'";
    case TokenKind::contains:
      return "'contains'";
    case TokenKind::starts_with:
      return "'starts with'";
    case TokenKind::ends_with:
      return "'ends with'";
    case TokenKind::bang:
      return "'!'";
    case TokenKind::all:
      return "'all()'";
    case TokenKind::global:
      return "'global()'";
    case TokenKind::has:
      return "'has(" + token.text + ")'";
    case TokenKind::left_paren:
      return "'('";
    case TokenKind::right_paren:
      return "')'";
    case TokenKind::logical_and:
      return "'&&'";
    case TokenKind::logical_or:
      return "'||'";
    case TokenKind::end:
      return "end of selector";
  }
  return "token";
}

}  // namespace mgmt::selector
