//===- ModelInterface.cpp - Entry points for libqnn_runtime ---------------===//
//
// This file implements qnn-record-model-interface (on tensors: what each entry
// point takes and returns) and qnn-emit-model-interface (on the LLVM dialect:
// packed entry points and the qnn_model_desc table of qnn/qnn_runtime.h).
//
//===----------------------------------------------------------------------===//

#include "qnn/Dialect/QNN/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

namespace mlir::qnn {
#define GEN_PASS_DEF_QNNRECORDMODELINTERFACE
#define GEN_PASS_DEF_QNNEMITMODELINTERFACE
#include "qnn/Dialect/QNN/Transforms/Passes.h.inc"
} // namespace mlir::qnn

using namespace mlir;
using namespace mlir::qnn;

namespace {

/// The ABI of qnn/qnn_runtime.h these passes emit for.
constexpr int32_t kAbiVersion = 1;

/// qnn_dtype (runtime/include/qnn/qnn_dtypes.def) of a named element type,
/// or 0.
int32_t dtypeNamed(StringRef name, unsigned *size = nullptr) {
#define QNN_DTYPE(suffix, value, bytes, text)                                  \
  if (name == text) {                                                          \
    if (size)                                                                  \
      *size = bytes;                                                           \
    return value;                                                              \
  }
#include "qnn/qnn_dtypes.def"
#undef QNN_DTYPE
  return 0;
}

/// qnn_dtype of a tensor type: `named` (a `qnn.dtype` attribute, which
/// carries what the element type cannot: unsigned and narrow integers,
/// BOOL), else the element type's; 0 when neither applies.
int32_t dtypeOf(Type type, StringAttr named) {
  if (getQuantizedElementType(type))
    return dtypeNamed("codes");
  Type element = cast<ShapedType>(type).getElementType();
  if (named) {
    // The name must fit the element type's storage (booleans and narrow
    // integers take a byte).
    unsigned bytes = 0;
    int32_t dtype = dtypeNamed(named.getValue(), &bytes);
    unsigned width =
        element.isIntOrFloat() ? element.getIntOrFloatBitWidth() : 0;
    return width && (width + 7) / 8 == bytes ? dtype : 0;
  }
  if (element.isF32())
    return dtypeNamed("f32");
  if (element.isF64())
    return dtypeNamed("f64");
  if (element.isF16())
    return dtypeNamed("f16");
  if (element.isBF16())
    return dtypeNamed("bf16");
  if (element.isSignlessInteger(1))
    return dtypeNamed("bool");
  if (element.isSignlessInteger(8))
    return dtypeNamed("i8");
  if (element.isSignlessInteger(16))
    return dtypeNamed("i16");
  if (element.isSignlessInteger(32))
    return dtypeNamed("i32");
  if (element.isSignlessInteger(64))
    return dtypeNamed("i64");
  return 0;
}

struct RecordModelInterfacePass
    : public mlir::qnn::impl::QNNRecordModelInterfaceBase<
          RecordModelInterfacePass> {
  void runOnOperation() override {
    bool failed = false;
    for (auto func : getOperation().getOps<func::FuncOp>()) {
      if (func.isPrivate() || func.isExternal())
        continue;
      Builder b(&getContext());
      SmallVector<Attribute> names;
      auto describe = [&](Type type, StringAttr named, StringRef role,
                          unsigned index, SmallVector<Attribute> &out) {
        auto tensor = dyn_cast<RankedTensorType>(type);
        int32_t dtype = tensor ? dtypeOf(tensor, named) : 0;
        if (!tensor || !tensor.hasStaticShape() || dtype == 0) {
          func.emitError("entry point @")
              << func.getName() << ": " << role << " #" << index << " has type "
              << type
              << "; entry points take and return statically shaped tensors "
                 "of f32, f64, f16, bf16, i1, i8, i16, i32, i64 or qnn codes "
                 "(with a known qnn.dtype)";
          failed = true;
          return;
        }
        SmallVector<Attribute> entry = {b.getI32IntegerAttr(dtype)};
        for (int64_t d : tensor.getShape())
          entry.push_back(b.getI64IntegerAttr(d));
        out.push_back(b.getArrayAttr(entry));
      };
      SmallVector<Attribute> inputs, outputs;
      for (auto [i, type] : llvm::enumerate(func.getArgumentTypes())) {
        describe(type,
                 func.getArgAttrOfType<StringAttr>(unsigned(i), "qnn.dtype"),
                 "argument", unsigned(i), inputs);
        auto name = func.getArgAttrOfType<StringAttr>(unsigned(i), "qnn.name");
        names.push_back(name ? name
                             : b.getStringAttr("input" + std::to_string(i)));
      }
      for (auto [i, type] : llvm::enumerate(func.getResultTypes())) {
        describe(type,
                 func.getResultAttrOfType<StringAttr>(unsigned(i), "qnn.dtype"),
                 "result", unsigned(i), outputs);
        auto name =
            func.getResultAttrOfType<StringAttr>(unsigned(i), "qnn.name");
        names.push_back(name ? name
                             : b.getStringAttr("output" + std::to_string(i)));
      }
      func->setAttr("qnn.interface",
                    b.getDictionaryAttr(
                        {b.getNamedAttr("inputs", b.getArrayAttr(inputs)),
                         b.getNamedAttr("outputs", b.getArrayAttr(outputs)),
                         b.getNamedAttr("names", b.getArrayAttr(names))}));
      func->setAttr("llvm.emit_c_interface", b.getUnitAttr());
    }
    if (failed)
      signalPassFailure();
  }
};

/// Emits constants of qnn_runtime.h's descriptor structs.
class TableBuilder {
public:
  TableBuilder(ModuleOp module)
      : module(module), ctx(module.getContext()), builder(ctx),
        ptr(LLVM::LLVMPointerType::get(ctx)), i32(IntegerType::get(ctx, 32)),
        i64(IntegerType::get(ctx, 64)) {
    builder.setInsertionPointToEnd(module.getBody());
  }

  /// A private constant global built by `init` in its initializer region.
  LLVM::GlobalOp global(StringRef name, Type type,
                        function_ref<Value(OpBuilder &, Location)> init,
                        LLVM::Linkage linkage = LLVM::Linkage::Private) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToEnd(module.getBody());
    auto op = LLVM::GlobalOp::create(builder, loc(), type, /*isConstant=*/true,
                                     linkage, name, Attribute());
    Block *block = builder.createBlock(&op.getInitializerRegion());
    builder.setInsertionPointToStart(block);
    LLVM::ReturnOp::create(builder, loc(), init(builder, loc()));
    return op;
  }

  LLVM::GlobalOp string(StringRef name, StringRef value) {
    std::string text = value.str();
    text.push_back('\0');
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToEnd(module.getBody());
    auto type = LLVM::LLVMArrayType::get(IntegerType::get(ctx, 8), text.size());
    return LLVM::GlobalOp::create(builder, loc(), type, /*isConstant=*/true,
                                  LLVM::Linkage::Private, name,
                                  builder.getStringAttr(text));
  }

  LLVM::GlobalOp int64Array(StringRef name, ArrayRef<int64_t> values) {
    OpBuilder::InsertionGuard guard(builder);
    builder.setInsertionPointToEnd(module.getBody());
    // A zero-length array still needs an address: pad to one element.
    SmallVector<int64_t> padded(values);
    if (padded.empty())
      padded.push_back(0);
    auto type = LLVM::LLVMArrayType::get(i64, padded.size());
    return LLVM::GlobalOp::create(
        builder, loc(), type, /*isConstant=*/true, LLVM::Linkage::Private, name,
        DenseElementsAttr::get(
            RankedTensorType::get({int64_t(padded.size())}, i64),
            ArrayRef(padded)));
  }

  /// Builds a struct value from field values inside an initializer.
  static Value makeStruct(OpBuilder &b, Location l, Type type,
                          ArrayRef<Value> fields) {
    Value v = LLVM::UndefOp::create(b, l, type);
    for (auto [i, f] : llvm::enumerate(fields))
      v = LLVM::InsertValueOp::create(b, l, v, f, int64_t(i));
    return v;
  }
  Value address(OpBuilder &b, Location l, StringRef symbol) {
    return LLVM::AddressOfOp::create(b, l, ptr, symbol);
  }
  Value constant(OpBuilder &b, Location l, int32_t v) {
    return LLVM::ConstantOp::create(b, l, i32, b.getI32IntegerAttr(v));
  }

  Location loc() { return module.getLoc(); }

  ModuleOp module;
  MLIRContext *ctx;
  OpBuilder builder;
  Type ptr, i32, i64;
};

struct EmitModelInterfacePass
    : public mlir::qnn::impl::QNNEmitModelInterfaceBase<
          EmitModelInterfacePass> {
  using QNNEmitModelInterfaceBase::QNNEmitModelInterfaceBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    TableBuilder t(module);
    SmallVector<LLVM::LLVMFuncOp> entries;
    // The C interface wrappers copy the attribute; the entry points are the
    // functions they wrap.
    for (auto func : module.getOps<LLVM::LLVMFuncOp>())
      if (func->hasAttr("qnn.interface") &&
          !func.getName().starts_with("_mlir_ciface_"))
        entries.push_back(func);
    auto tensorDesc =
        LLVM::LLVMStructType::getLiteral(t.ctx, {t.ptr, t.i32, t.i32, t.ptr});
    auto entryDesc = LLVM::LLVMStructType::getLiteral(
        t.ctx, {t.ptr, t.ptr, t.i32, t.i32, t.ptr});
    auto modelDesc =
        LLVM::LLVMStructType::getLiteral(t.ctx, {t.i32, t.i32, t.ptr});

    struct EntryInfo {
      std::string name, packed, tensors;
      int32_t inputs, outputs;
    };
    SmallVector<EntryInfo> infos;
    for (LLVM::LLVMFuncOp func : entries) {
      auto interface = func->getAttrOfType<DictionaryAttr>("qnn.interface");
      auto inputs = cast<ArrayAttr>(interface.get("inputs"));
      auto outputs = cast<ArrayAttr>(interface.get("outputs"));
      auto names = cast<ArrayAttr>(interface.get("names"));
      std::string name = func.getName().str();
      std::string ciface = "_mlir_ciface_" + name;
      auto wrapper = module.lookupSymbol<LLVM::LLVMFuncOp>(ciface);
      size_t total = inputs.size() + outputs.size();
      if (!wrapper || wrapper.getNumArguments() != total ||
          !isa<LLVM::LLVMVoidType>(wrapper.getFunctionType().getReturnType())) {
        func.emitError("entry point @")
            << name << " has no C interface wrapper taking its " << total
            << " tensors as out-parameters; run qnn-record-model-interface "
               "before lowering and buffer-results-to-out-params after "
               "bufferization";
        return signalPassFailure();
      }
      // void qnn_packed_<name>(void **descriptors)
      std::string packed = "qnn_packed_" + name;
      {
        OpBuilder b(module.getBodyRegion());
        b.setInsertionPointToEnd(module.getBody());
        auto type = LLVM::LLVMFunctionType::get(LLVM::LLVMVoidType::get(t.ctx),
                                                {t.ptr});
        auto fn = LLVM::LLVMFuncOp::create(b, t.loc(), packed, type);
        Block *block = fn.addEntryBlock(b);
        b.setInsertionPointToStart(block);
        SmallVector<Value> args;
        for (size_t i = 0; i < total; ++i) {
          Value slot = LLVM::GEPOp::create(b, t.loc(), t.ptr, t.ptr,
                                           block->getArgument(0),
                                           ArrayRef<LLVM::GEPArg>{int32_t(i)});
          args.push_back(LLVM::LoadOp::create(b, t.loc(), t.ptr, slot));
        }
        LLVM::CallOp::create(b, t.loc(), wrapper, args);
        LLVM::ReturnOp::create(b, t.loc(), ValueRange{});
      }
      // The tensors' descriptors.
      SmallVector<std::pair<std::string, std::string>> tensorSymbols;
      SmallVector<int32_t> dtypes, ranks;
      for (size_t i = 0; i < total; ++i) {
        auto desc = cast<ArrayAttr>(
            i < inputs.size() ? inputs[i] : outputs[i - inputs.size()]);
        SmallVector<int64_t> shape;
        for (Attribute d : desc.getValue().drop_front())
          shape.push_back(cast<IntegerAttr>(d).getInt());
        std::string base = "__qnn_" + name + "_" + std::to_string(i);
        t.int64Array(base + "_shape", shape);
        t.string(base + "_name", cast<StringAttr>(names[i]).getValue());
        tensorSymbols.push_back({base + "_name", base + "_shape"});
        dtypes.push_back(int32_t(cast<IntegerAttr>(desc[0]).getInt()));
        ranks.push_back(int32_t(shape.size()));
      }
      std::string tensors = "__qnn_" + name + "_tensors";
      t.global(tensors, LLVM::LLVMArrayType::get(tensorDesc, total),
               [&](OpBuilder &b, Location l) {
                 Value array = LLVM::UndefOp::create(
                     b, l, LLVM::LLVMArrayType::get(tensorDesc, total));
                 for (size_t i = 0; i < total; ++i) {
                   Value s = TableBuilder::makeStruct(
                       b, l, tensorDesc,
                       {t.address(b, l, tensorSymbols[i].first),
                        t.constant(b, l, dtypes[i]), t.constant(b, l, ranks[i]),
                        t.address(b, l, tensorSymbols[i].second)});
                   array =
                       LLVM::InsertValueOp::create(b, l, array, s, int64_t(i));
                 }
                 return array;
               });
      t.string("__qnn_" + name + "_entry_name", name);
      infos.push_back({name, packed, tensors, int32_t(inputs.size()),
                       int32_t(outputs.size())});
    }
    if (infos.empty()) {
      module.emitError("the module has no entry point (a public function with "
                       "a body and a qnn.interface)");
      return signalPassFailure();
    }
    size_t n = infos.size();
    t.global("__qnn_entries", LLVM::LLVMArrayType::get(entryDesc, n),
             [&](OpBuilder &b, Location l) {
               Value array = LLVM::UndefOp::create(
                   b, l, LLVM::LLVMArrayType::get(entryDesc, n));
               for (auto [i, e] : llvm::enumerate(infos)) {
                 Value s = TableBuilder::makeStruct(
                     b, l, entryDesc,
                     {t.address(b, l, "__qnn_" + e.name + "_entry_name"),
                      t.address(b, l, e.packed), t.constant(b, l, e.inputs),
                      t.constant(b, l, e.outputs), t.address(b, l, e.tensors)});
                 array =
                     LLVM::InsertValueOp::create(b, l, array, s, int64_t(i));
               }
               return array;
             });
    t.global(
        symbol, modelDesc,
        [&](OpBuilder &b, Location l) {
          return TableBuilder::makeStruct(b, l, modelDesc,
                                          {t.constant(b, l, kAbiVersion),
                                           t.constant(b, l, int32_t(n)),
                                           t.address(b, l, "__qnn_entries")});
        },
        LLVM::Linkage::External);
  }
};

} // namespace
