//===- QuantSpec.cpp - Uniform and codebook element types -----------------===//
//
// This file implements the code <-> value mapping of qnn's quantized element
// types, value = scale[channel] * level[code], and their validity rules.
//
//===----------------------------------------------------------------------===//

#include "qnn/Reference/Reference.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <sstream>

using namespace qnn::ref;

double QuantSpec::level(int64_t code, size_t channel) const {
  if (isCodebook) {
    size_t table = numTables() == 1 ? 0 : channel;
    return levels[table * tableSize + size_t(code)];
  }
  int64_t zp = zeroPoints.size() == 1 ? zeroPoints[0] : zeroPoints[channel];
  return double(code - zp);
}

std::vector<float> QuantSpec::levelTable(size_t channel) const {
  std::vector<float> table;
  for (int64_t c = 0; c < numCodes(); ++c)
    table.push_back(float(level(isCodebook ? c : c + storageMin, channel)));
  return table;
}

static float scaleOf(const QuantSpec &spec, size_t channel) {
  return float(spec.scales.size() == 1 ? spec.scales[0] : spec.scales[channel]);
}

int64_t QuantSpec::quantize(float x, size_t channel, RoundingMode mode) const {
  if (std::isnan(x))
    x = 0.0f;
  float v = x / scaleOf(*this, channel);
  if (isCodebook)
    return nearestLevel(v, levelTable(channel));
  int64_t zp = zeroPoints.size() == 1 ? zeroPoints[0] : zeroPoints[channel];
  float r = roundToIntegral(v, mode);
  // Clamp in float first so that huge values and infinities cannot overflow
  // the integer conversion.
  double lo = double(storageMin - zp), hi = double(storageMax - zp);
  double clamped = std::clamp(double(r), lo, hi);
  return int64_t(clamped) + zp;
}

float QuantSpec::dequantize(int64_t code, size_t channel) const {
  return scaleOf(*this, channel) * float(level(code, channel));
}

size_t QuantSpec::channelOf(size_t flatIndex,
                            const std::vector<int64_t> &shape) const {
  if (axis < 0)
    return 0;
  size_t stride = 1;
  for (size_t d = size_t(axis) + 1; d < shape.size(); ++d)
    stride *= size_t(shape[d]);
  return (flatIndex / stride) % size_t(shape[size_t(axis)]);
}

std::vector<int64_t> QuantSpec::quantize(const std::vector<float> &x,
                                         const std::vector<int64_t> &shape,
                                         RoundingMode mode) const {
  std::vector<int64_t> codes(x.size());
  for (size_t i = 0; i < x.size(); ++i)
    codes[i] = quantize(x[i], channelOf(i, shape), mode);
  return codes;
}

std::vector<float>
QuantSpec::dequantize(const std::vector<int64_t> &codes,
                      const std::vector<int64_t> &shape) const {
  std::vector<float> values(codes.size());
  for (size_t i = 0; i < codes.size(); ++i)
    values[i] = dequantize(codes[i], channelOf(i, shape));
  return values;
}

std::string QuantSpec::validate() const {
  std::ostringstream os;
  if (bits < 1 || bits > 8) {
    os << "bit width " << bits << " is outside [1, 8]";
    return os.str();
  }
  int64_t fullMin = isSigned ? -(int64_t(1) << (bits - 1)) : 0;
  int64_t fullMax =
      isSigned ? (int64_t(1) << (bits - 1)) - 1 : (int64_t(1) << bits) - 1;
  if (storageMin < fullMin || storageMax > fullMax || storageMin > storageMax) {
    os << "storage range [" << storageMin << ", " << storageMax
       << "] does not fit " << (isSigned ? "signed" : "unsigned") << " " << bits
       << "-bit storage [" << fullMin << ", " << fullMax << "]";
    return os.str();
  }
  if (scales.empty())
    return "no scale";
  for (double s : scales) {
    float f = float(s);
    if (!std::isfinite(s) || !(s > 0.0) || !std::isfinite(f) || f == 0.0f) {
      os << "scale " << s << " is not a positive finite f32 value";
      return os.str();
    }
  }
  if (axis < -1) {
    os << "quantized axis " << axis << " is negative";
    return os.str();
  }
  if (axis == -1 && scales.size() != 1)
    return "a per-tensor type has exactly one scale";
  if (isCodebook) {
    if (tableSize == 0 || levels.empty() || levels.size() % tableSize)
      return "level tables are empty or ragged";
    if (tableSize > (uint64_t(1) << bits)) {
      os << tableSize << " levels do not fit in " << bits << " bits (at most "
         << (uint64_t(1) << bits) << ")";
      return os.str();
    }
    if (numTables() != 1 && numTables() != numChannels()) {
      os << numTables() << " level tables for " << numChannels() << " channels";
      return os.str();
    }
    for (size_t t = 0; t < numTables(); ++t)
      for (size_t i = 0; i < tableSize; ++i) {
        double l = levels[t * tableSize + i];
        if (!std::isfinite(l) || !std::isfinite(float(l)))
          return "levels must be finite f32 values";
        if (i && !(float(levels[t * tableSize + i - 1]) < float(l))) {
          os << "levels must be strictly increasing (as f32), but level " << i
             << " (" << l << ") does not exceed level " << (i - 1) << " ("
             << levels[t * tableSize + i - 1] << ")";
          return os.str();
        }
      }
  } else {
    if (zeroPoints.size() != scales.size())
      return "one zero point per scale is required";
    for (int64_t zp : zeroPoints)
      if (zp < storageMin || zp > storageMax) {
        os << "zero point " << zp << " is outside the storage range ["
           << storageMin << ", " << storageMax << "]";
        return os.str();
      }
  }
  return "";
}
