//===- Packing.cpp - b-bit codes packed into bytes ------------------------===//
//
// This file implements the canonical packed layout (`#qnn.packed<bits = b>`):
// LSB-first bit streams per row, each row padded to whole bytes; and the
// weight layout of the GPU layer kernels.
//
//===----------------------------------------------------------------------===//

#include "qnn/Reference/Reference.h"

#include <algorithm>
#include <array>

using namespace qnn::ref;

int64_t qnn::ref::packedRowBytes(int64_t rowLength, unsigned bits) {
  return (rowLength * int64_t(bits) + 7) / 8;
}

std::vector<uint8_t> qnn::ref::pack(const std::vector<int64_t> &codes,
                                    int64_t rowLength, unsigned bits) {
  int64_t rowBytes = packedRowBytes(rowLength, bits);
  int64_t rows = rowLength ? int64_t(codes.size()) / rowLength : 0;
  std::vector<uint8_t> out(size_t(rows * rowBytes), 0);
  uint64_t mask = (uint64_t(1) << bits) - 1;
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t k = 0; k < rowLength; ++k) {
      uint64_t code = uint64_t(codes[size_t(r * rowLength + k)]) & mask;
      for (unsigned b = 0; b < bits; ++b) {
        int64_t bit = k * bits + b;
        if (code >> b & 1)
          out[size_t(r * rowBytes + bit / 8)] |= uint8_t(1u << (bit % 8));
      }
    }
  return out;
}

std::vector<int64_t> qnn::ref::unpack(const std::vector<uint8_t> &bytes,
                                      int64_t rowLength, unsigned bits,
                                      bool isSigned) {
  int64_t rowBytes = packedRowBytes(rowLength, bits);
  int64_t rows = rowBytes ? int64_t(bytes.size()) / rowBytes : 0;
  std::vector<int64_t> out;
  out.reserve(size_t(rows * rowLength));
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t k = 0; k < rowLength; ++k) {
      int64_t code = 0;
      for (unsigned b = 0; b < bits; ++b) {
        int64_t bit = k * bits + b;
        if (bytes[size_t(r * rowBytes + bit / 8)] >> (bit % 8) & 1)
          code |= int64_t(1) << b;
      }
      if (isSigned && (code >> (bits - 1) & 1))
        code -= int64_t(1) << bits;
      out.push_back(code);
    }
  return out;
}

unsigned qnn::ref::gpuCodeBit(unsigned bits, unsigned i) {
  if (bits == 8)
    return 8 * i;
  unsigned q = i / 4, j = i % 4;
  return 16 * (q % 2) + bits * (q / 2) + 4 * j;
}

GPUPackedWeights qnn::ref::packGPUWeights(const std::vector<int8_t> &levels,
                                          int64_t rows, int64_t k,
                                          unsigned minBits) {
  GPUPackedWeights packed;
  std::array<bool, 256> used{};
  for (int8_t l : levels)
    used[uint8_t(l)] = true;
  for (int v = -128; v <= 127; ++v)
    if (used[uint8_t(v)])
      packed.levels.push_back(int8_t(v));
  size_t count = packed.levels.size();
  packed.bits = count <= 2 ? 1 : count <= 4 ? 2 : count <= 16 ? 4 : 8;
  while (packed.bits < minBits)
    packed.bits *= 2;
  std::array<uint32_t, 256> codeOf{};
  for (size_t c = 0; c < count; ++c)
    codeOf[uint8_t(packed.levels[c])] = uint32_t(c);
  if (packed.bits == 8)
    packed.levels.clear();
  const int64_t perWord = 32 / packed.bits;
  const int64_t paddedK = (k + 127) / 128 * 128;
  packed.rowWords = paddedK / perWord;
  packed.words.assign(size_t(rows * packed.rowWords), 0);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t x = 0; x < k; ++x) {
      int8_t level = levels[size_t(r * k + x)];
      uint32_t field =
          packed.bits == 8 ? uint8_t(level) : codeOf[uint8_t(level)];
      packed.words[size_t(r * packed.rowWords + x / perWord)] |=
          field << gpuCodeBit(packed.bits, unsigned(x % perWord));
    }
  return packed;
}

std::vector<int8_t> qnn::ref::unpackGPUWeights(const GPUPackedWeights &packed,
                                               int64_t rows, int64_t k) {
  const int64_t perWord = 32 / packed.bits;
  const uint32_t mask = packed.bits == 8 ? 0xff : (1u << packed.bits) - 1;
  std::vector<int8_t> out;
  out.reserve(size_t(rows * k));
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t x = 0; x < k; ++x) {
      uint32_t word = packed.words[size_t(r * packed.rowWords + x / perWord)];
      uint32_t field =
          word >> gpuCodeBit(packed.bits, unsigned(x % perWord)) & mask;
      out.push_back(packed.bits == 8 ? int8_t(uint8_t(field))
                                     : packed.levels[field]);
    }
  return out;
}
