// The reference library links without MLIR.
#include "qnn/Reference/Reference.h"

#include <cstdio>

int main() {
  auto levels = qnn::ref::apotUnsignedLevels(4);
  std::printf("apot4 denominator %lld\n", (long long)levels->denominator);
  return 0;
}
