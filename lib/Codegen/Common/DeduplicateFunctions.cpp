//===- DeduplicateFunctions.cpp - Identical private functions merged ------===//
//
// This file implements qnn-deduplicate-functions: private functions with the
// same type, attributes and body (up to value names and locations) become
// one, so that the repeated layers of a network are compiled once.
//
//===----------------------------------------------------------------------===//

#include "qnn/Codegen/Common/Passes.h"

#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "llvm/ADT/DenseMap.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNDEDUPLICATEFUNCTIONS
#include "qnn/Codegen/Common/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

constexpr auto kEquivalence = OperationEquivalence::IgnoreLocations;

/// The attributes of `fn` other than its name.
DictionaryAttr attributesBesidesName(FunctionOpInterface fn) {
  NamedAttrList attrs(fn->getAttrDictionary());
  attrs.erase(SymbolTable::getSymbolAttrName());
  return attrs.getDictionary(fn->getContext());
}

/// A hash of `fn`'s attributes and body that equal functions share.
llvm::hash_code hashFunction(FunctionOpInterface fn) {
  llvm::hash_code hash = hash_value(attributesBesidesName(fn));
  fn.getFunctionBody().walk([&](Operation *op) {
    hash = llvm::hash_combine(
        hash, OperationEquivalence::computeHash(
                  op, OperationEquivalence::ignoreHashValue,
                  OperationEquivalence::ignoreHashValue, kEquivalence));
  });
  return hash;
}

bool equalFunctions(FunctionOpInterface a, FunctionOpInterface b) {
  return a->getName() == b->getName() &&
         attributesBesidesName(a) == attributesBesidesName(b) &&
         OperationEquivalence::isRegionEquivalentTo(
             &a.getFunctionBody(), &b.getFunctionBody(), kEquivalence);
}

struct DeduplicateFunctionsPass
    : public mlir::qnn::impl::QNNDeduplicateFunctionsBase<
          DeduplicateFunctionsPass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    // Candidates by hash; the first of each equal group is kept.
    llvm::DenseMap<llvm::hash_code, SmallVector<FunctionOpInterface, 1>> kept;
    llvm::DenseMap<Attribute, Attribute> replacement;
    SmallVector<Operation *> duplicates;
    for (auto fn : module.getOps<FunctionOpInterface>()) {
      if (fn.isExternal() ||
          !cast<SymbolOpInterface>(fn.getOperation()).isPrivate())
        continue;
      SmallVector<FunctionOpInterface, 1> &group = kept[hashFunction(fn)];
      auto same = llvm::find_if(group, [&](FunctionOpInterface other) {
        return equalFunctions(fn, other);
      });
      if (same == group.end()) {
        group.push_back(fn);
        continue;
      }
      replacement[FlatSymbolRefAttr::get(fn.getNameAttr())] =
          FlatSymbolRefAttr::get((*same).getNameAttr());
      duplicates.push_back(fn);
    }
    if (duplicates.empty())
      return;
    // One walk redirects every use (calls, llvm.mlir.addressof, ...).
    AttrTypeReplacer replacer;
    replacer.addReplacement(
        [&](FlatSymbolRefAttr ref) -> std::optional<Attribute> {
          auto it = replacement.find(ref);
          if (it == replacement.end())
            return std::nullopt;
          return it->second;
        });
    for (Operation *fn : duplicates)
      fn->erase();
    replacer.recursivelyReplaceElementsIn(module, /*replaceAttrs=*/true,
                                          /*replaceLocs=*/false,
                                          /*replaceTypes=*/false);
  }
};

} // namespace
