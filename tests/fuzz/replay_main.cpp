// Replays fuzz inputs without libFuzzer: the main() linked into every target when the build is
// not a clang -Dfuzz=true build (gcc, and the ASan/UBSan build), so that `meson test` runs each
// seed corpus under every build.
//
// Usage: <target> [libFuzzer-style -flags, ignored] <file or directory>...
// Every regular file (directories are walked recursively, in sorted order) is passed once to
// LLVMFuzzerTestOneInput. Exits non-zero when no input ran or a path cannot be read; a broken
// invariant aborts inside the target.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "tests/fuzz/fuzz_support.hpp"

namespace {

namespace fs = std::filesystem;

bool read_file(const fs::path& path, std::vector<std::uint8_t>& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

// Collects the files named by `arg`; false if it does not exist.
bool collect(const fs::path& arg, std::vector<fs::path>& files) {
  std::error_code ec;
  if (fs::is_regular_file(arg, ec)) {
    files.push_back(arg);
    return true;
  }
  if (!fs::is_directory(arg, ec)) return false;
  std::vector<fs::path> found;
  for (const auto& entry : fs::recursive_directory_iterator(arg, ec)) {
    if (entry.is_regular_file()) found.push_back(entry.path());
  }
  if (ec) return false;
  std::sort(found.begin(), found.end());
  files.insert(files.end(), found.begin(), found.end());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.starts_with("-")) continue;  // libFuzzer flags such as -runs=0
    if (!collect(arg, files)) {
      std::fprintf(stderr, "replay: cannot read %s\n", arg.c_str());
      return 2;
    }
  }
  std::size_t ran = 0;
  std::vector<std::uint8_t> input;
  for (const auto& file : files) {
    if (!read_file(file, input)) {
      std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
      return 2;
    }
    // A heap block of exactly the input's size, so that ASan sees any read past its end.
    const auto exact = std::make_unique<std::uint8_t[]>(input.size());
    std::copy(input.begin(), input.end(), exact.get());
    LLVMFuzzerTestOneInput(exact.get(), input.size());
    ++ran;
  }
  std::printf("replay: %zu inputs ran\n", ran);
  if (ran == 0) {
    std::fprintf(stderr, "replay: no inputs found\n");
    return 1;
  }
  return 0;
}
