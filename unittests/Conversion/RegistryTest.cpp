//===- RegistryTest.cpp - convert-onnx-to-qnn's operator registry ---------===//
//
// The registry's claims against the ONNX changelog (SinceVersions.inc):
// every since-version a default-domain handler registers is one of its
// operator's since-versions, every entry has a handler and a family, and
// the changelog table itself is well formed.
//
//===----------------------------------------------------------------------===//

#include "qnn/Conversion/ONNXToQNN/ONNXToQNN.h"

#include "gtest/gtest.h"

#include <string>

using namespace mlir::qnn::onnx_to_qnn;

namespace {

std::string join(llvm::ArrayRef<int64_t> versions) {
  std::string out;
  for (int64_t v : versions)
    out += (out.empty() ? "" : ", ") + std::to_string(v);
  return "{" + out + "}";
}

TEST(Registry, DefaultDomainVersionsAreChangelogVersions) {
  const OpRegistry &registry = getDefaultRegistry();
  auto onnx = registry.entries().find("ai.onnx");
  ASSERT_NE(onnx, registry.entries().end());
  EXPECT_GT(onnx->second.size(), 50u);
  for (const auto &[op, entry] : onnx->second) {
    llvm::ArrayRef<int64_t> changelog = getSinceVersions(op);
    EXPECT_FALSE(changelog.empty())
        << op
        << " is registered in the default domain, which has no such "
           "operator";
    for (int64_t v : entry.since)
      EXPECT_TRUE(llvm::is_contained(changelog, v))
          << op << "-" << v << " is registered, but " << op
          << "'s since-versions are " << join(changelog);
  }
}

TEST(Registry, EntriesAreComplete) {
  for (const auto &[domain, ops] : getDefaultRegistry().entries()) {
    EXPECT_FALSE(domain.empty());
    for (const auto &[op, entry] : ops) {
      EXPECT_FALSE(entry.since.empty()) << domain << "." << op;
      EXPECT_TRUE(bool(entry.handler)) << domain << "." << op;
      EXPECT_FALSE(entry.family.empty()) << domain << "." << op;
      for (size_t i = 0; i < entry.since.size(); ++i) {
        EXPECT_GE(entry.since[i], 1) << domain << "." << op;
        EXPECT_LE(entry.since[i], kLatestOpset) << domain << "." << op;
        if (i)
          EXPECT_LT(entry.since[i - 1], entry.since[i])
              << domain << "." << op
              << " lists a version twice: " << join(entry.since);
      }
      const OpRegistry::Entry *found = getDefaultRegistry().lookup(domain, op);
      EXPECT_EQ(found, &entry) << domain << "." << op;
    }
  }
}

TEST(Registry, LookupMisses) {
  const OpRegistry &registry = getDefaultRegistry();
  EXPECT_EQ(registry.lookup("ai.onnx", "Frobnicate"), nullptr);
  EXPECT_EQ(registry.lookup("com.example", "Relu"), nullptr);
  EXPECT_EQ(registry.lookup("", "Relu"), nullptr);
  // Operator names are case-sensitive.
  EXPECT_EQ(registry.lookup("ai.onnx", "relu"), nullptr);
  ASSERT_NE(registry.lookup("ai.onnx", "Relu"), nullptr);
}

TEST(SinceVersions, Changelog) {
  // Known rows (docs/Changelog.md): the first and the latest changes.
  EXPECT_EQ(join(getSinceVersions("Add")), "{1, 6, 7, 13, 14}");
  EXPECT_EQ(join(getSinceVersions("Relu")), "{1, 6, 13, 14}");
  EXPECT_EQ(join(getSinceVersions("QuantizeLinear")),
            "{10, 13, 19, 21, 23, 24, 25}");
  EXPECT_TRUE(getSinceVersions("Frobnicate").empty());
  EXPECT_TRUE(getSinceVersions("").empty());
}

TEST(SinceVersions, EveryRowIsIncreasingWithinTheKnownOpsets) {
  // Every operator of the registry's default domain and of a sample of
  // others: strictly increasing versions from 1 to kLatestOpset.
  const OpRegistry &registry = getDefaultRegistry();
  std::vector<std::string> ops;
  for (const auto &[op, entry] : registry.entries().at("ai.onnx"))
    ops.push_back(op);
  for (const char *op : {"Abs", "Loop", "If", "Scan", "Det", "AffineGrid",
                         "RotaryEmbedding", "Attention", "TopK", "Resize"})
    ops.push_back(op);
  for (const std::string &op : ops) {
    llvm::ArrayRef<int64_t> v = getSinceVersions(op);
    for (size_t i = 0; i < v.size(); ++i) {
      EXPECT_GE(v[i], 1) << op;
      EXPECT_LE(v[i], kLatestOpset) << op;
      if (i)
        EXPECT_LT(v[i - 1], v[i]) << op << ": " << join(v);
    }
  }
}

} // namespace
