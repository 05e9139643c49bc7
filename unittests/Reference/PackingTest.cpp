//===- PackingTest.cpp - b-bit packing round trips and the bit layout -----===//

#include "qnn/Reference/Reference.h"

#include <gtest/gtest.h>

using namespace qnn::ref;

namespace {

TEST(Packing, TwoBitLayoutIsLsbFirst) {
  // Codes 0,1,2,3 of one row: byte = 0b11'10'01'00.
  auto bytes = pack({0, 1, 2, 3}, 4, 2);
  ASSERT_EQ(bytes.size(), 1u);
  EXPECT_EQ(bytes[0], 0xE4);
  // Rows are padded to whole bytes: a row of 5 two-bit codes takes 2 bytes.
  bytes = pack({3, 3, 3, 3, 1, 2, 0, 0, 0, 0}, 5, 2);
  EXPECT_EQ(bytes, (std::vector<uint8_t>{0xFF, 0x01, 0x02, 0x00}));
}

TEST(Packing, ThreeBitCodesCrossByteBoundaries) {
  // 3-bit codes 5, 6, 7: stream bits 101 011 111 (LSB first) = 0b11'110'101,
  // 0b1 -> bytes 0xF5, 0x01.
  auto bytes = pack({5, 6, 7}, 3, 3);
  EXPECT_EQ(bytes, (std::vector<uint8_t>{0xF5, 0x01}));
}

TEST(Packing, SignedCodesAreTwosComplement) {
  auto bytes = pack({-2, -1, 0, 1}, 4, 2);
  EXPECT_EQ(bytes[0], 0x4E); // codes 10, 11, 00, 01 -> 0b01'00'11'10
  EXPECT_EQ(unpack(bytes, 4, 2, true), (std::vector<int64_t>{-2, -1, 0, 1}));
  EXPECT_EQ(unpack(bytes, 4, 2, false), (std::vector<int64_t>{2, 3, 0, 1}));
}

TEST(Packing, EveryCodeEveryWidthOddLengthsRoundTrip) {
  for (unsigned bits : {1u, 2u, 3u, 4u, 8u})
    for (bool isSigned : {false, true})
      for (int64_t rowLength : {1, 2, 3, 5, 7, 9, 13, 17, 33}) {
        int64_t lo = isSigned ? -(int64_t(1) << (bits - 1)) : 0;
        int64_t n = int64_t(1) << bits;
        std::vector<int64_t> codes;
        // Three rows holding every code at every position modulo the width.
        for (int64_t i = 0; i < 3 * rowLength; ++i)
          codes.push_back(lo + (i * 7 + i / rowLength) % n);
        // And, separately, every code of the width in one row.
        std::vector<int64_t> all;
        for (int64_t c = 0; c < n; ++c)
          all.push_back(lo + c);
        auto bytes = pack(codes, rowLength, bits);
        EXPECT_EQ(int64_t(bytes.size()),
                  3 * ((rowLength * int64_t(bits) + 7) / 8));
        EXPECT_EQ(unpack(bytes, rowLength, bits, isSigned), codes)
            << bits << " bits, row " << rowLength;
        EXPECT_EQ(unpack(pack(all, n, bits), n, bits, isSigned), all);
      }
}

} // namespace
