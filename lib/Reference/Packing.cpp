//===- Packing.cpp - b-bit codes packed into bytes ------------------------===//
//
// This file implements the canonical packed layout (`#qnn.packed<bits = b>`):
// LSB-first bit streams per row, each row padded to whole bytes.
//
//===----------------------------------------------------------------------===//

#include "qnn/Reference/Reference.h"

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
