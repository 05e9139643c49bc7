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

namespace {

/// PTX prmt.b32 (default mode): byte j of the result is byte n & 7 of
/// {b, a} for selector nibble n, its sign replicated when n & 8.
uint32_t prmt(uint32_t a, uint32_t b, uint32_t selector) {
  uint64_t pool = uint64_t(a) | uint64_t(b) << 32;
  uint32_t d = 0;
  for (unsigned j = 0; j < 4; ++j) {
    unsigned n = selector >> (4 * j) & 15;
    uint8_t byte = uint8_t(pool >> (8 * (n & 7)));
    if (n & 8)
      byte = byte & 0x80 ? 0xff : 0;
    d |= uint32_t(byte) << (8 * j);
  }
  return d;
}

/// Group q of a packed word as the GPU kernels decode it (Gemm.cpp,
/// Gemv.cpp): the 4 level bytes of weights 4q .. 4q + 3.
uint32_t decodeGroup(const GPUPackedWeights &p, uint32_t word, unsigned q) {
  if (p.bits == 8)
    return word;
  uint32_t lut[4] = {};
  for (size_t c = 0; c < p.levels.size(); ++c)
    lut[c / 4] |= uint32_t(uint8_t(p.levels[c])) << (8 * (c % 4));
  uint32_t selector = word >> gpuCodeBit(p.bits, 4 * q);
  if (p.bits == 1)
    return prmt(lut[0], 0, selector & 0x1111);
  if (p.bits == 2)
    return prmt(lut[0], 0, selector & 0x3333);
  uint32_t low = prmt(lut[0], lut[1], selector & 0x7777);
  uint32_t high = prmt(lut[2], lut[3], selector & 0x7777);
  uint32_t mask = prmt(0, 0xffffffff, (selector >> 1) & 0x4444);
  return (low & ~mask) | (high & mask);
}

} // namespace

TEST(GPUPacking, CodeBitsInterleaveGroupsForOnePermutePerGroup) {
  // 2-bit: groups 0..3 of a word start at bits 0, 16, 2, 18.
  EXPECT_EQ(gpuCodeBit(2, 0), 0u);
  EXPECT_EQ(gpuCodeBit(2, 1), 4u);
  EXPECT_EQ(gpuCodeBit(2, 4), 16u);
  EXPECT_EQ(gpuCodeBit(2, 8), 2u);
  EXPECT_EQ(gpuCodeBit(2, 15), 30u);
  // 1-bit: groups start at 0, 16, 1, 17, 2, 18, 3, 19.
  EXPECT_EQ(gpuCodeBit(1, 12), 17u);
  EXPECT_EQ(gpuCodeBit(1, 31), 31u);
  // 4-bit: two groups, nibbles in order within each half.
  EXPECT_EQ(gpuCodeBit(4, 5), 20u);
  // Every bit of a word belongs to exactly one code.
  for (unsigned bits : {1u, 2u, 4u, 8u}) {
    uint32_t seen = 0;
    for (unsigned i = 0; i < 32 / bits; ++i) {
      uint32_t field = (bits == 8 ? 0xffu : (1u << bits) - 1)
                       << gpuCodeBit(bits, i);
      EXPECT_EQ(seen & field, 0u);
      seen |= field;
    }
    EXPECT_EQ(seen, 0xffffffffu);
  }
}

TEST(GPUPacking, WidthFollowsTheLevelCount) {
  EXPECT_EQ(packGPUWeights({-1, 1, 1, -1}, 1, 4).bits, 1u);
  EXPECT_EQ(packGPUWeights({-3, -1, 1, 3}, 1, 4).bits, 2u);
  EXPECT_EQ(packGPUWeights({-3, -1, 1, 3, 0}, 1, 5).bits, 4u);
  std::vector<int8_t> many;
  for (int v = -8; v <= 8; ++v)
    many.push_back(int8_t(v));
  EXPECT_EQ(packGPUWeights(many, 1, int64_t(many.size())).bits, 8u);
  EXPECT_EQ(packGPUWeights({-3, -1, 1, 3}, 1, 4, 8).bits, 8u);
  // Rows are padded to 128 weights: 2-bit rows of 130 take 256 codes (16
  // words), 1-bit rows 8 words.
  std::vector<int8_t> fourLevels(2 * 130, 1);
  fourLevels[0] = -3;
  fourLevels[1] = 3;
  fourLevels[2] = -1;
  EXPECT_EQ(packGPUWeights(fourLevels, 2, 130).rowWords, 16);
  EXPECT_EQ(packGPUWeights(std::vector<int8_t>(2 * 130, 1), 2, 130).rowWords,
            8);
}

TEST(GPUPacking, KernelDecodeGivesEveryLevelEveryWidthOddShapes) {
  uint32_t state = 12345;
  auto next = [&] {
    state = state * 1664525u + 1013904223u;
    return state >> 8;
  };
  for (unsigned levelsCount : {2u, 3u, 4u, 7u, 16u, 40u})
    for (int64_t k : {4, 36, 128, 132, 300}) {
      const int64_t rows = 5;
      std::vector<int8_t> pool;
      for (unsigned l = 0; l < levelsCount; ++l)
        pool.push_back(int8_t(int(l * 37 % 256) - 128));
      std::vector<int8_t> levels;
      for (int64_t i = 0; i < rows * k; ++i)
        levels.push_back(pool[next() % pool.size()]);
      GPUPackedWeights p = packGPUWeights(levels, rows, k);
      EXPECT_EQ(unpackGPUWeights(p, rows, k), levels);
      const int64_t perWord = 32 / p.bits;
      for (int64_t r = 0; r < rows; ++r)
        for (int64_t x = 0; x < k; x += 4) {
          uint32_t word = p.words[size_t(r * p.rowWords + x / perWord)];
          uint32_t bytes = decodeGroup(p, word, unsigned(x % perWord / 4));
          for (int64_t j = 0; j < 4 && x + j < k; ++j)
            ASSERT_EQ(int8_t(bytes >> (8 * j)), levels[size_t(r * k + x + j)])
                << "levels " << levelsCount << " k " << k << " row " << r
                << " weight " << x + j;
        }
    }
}
