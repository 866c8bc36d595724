// The rrctl executable: calicoctl-style client of rrd's ops API. All logic is in mgmt_rrctl_lib.
#include <iostream>
#include <string>
#include <vector>

#include "mgmt/rrctl/rrctl.hpp"

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  return mgmt::rrctl::run(args, {std::cin, std::cout, std::cerr}, mgmt::rrctl::system_platform());
}
