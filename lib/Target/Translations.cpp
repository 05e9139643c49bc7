//===- Translations.cpp - Object files and C headers of compiled models ---===//
//
// This file implements --mlir-to-object and --mlir-to-header. The target of an
// object comes from options, never from the build machine unless
// --qnn-target-cpu=native asks for it.
//
//===----------------------------------------------------------------------===//

#include "qnn/Target/Translations.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"

using namespace mlir;

namespace {

struct TargetOptions {
  llvm::cl::opt<std::string> triple{
      "qnn-target-triple",
      llvm::cl::desc("Target triple of --mlir-to-object (default: the host "
                     "triple)"),
      llvm::cl::init(llvm::sys::getDefaultTargetTriple())};
  llvm::cl::opt<std::string> cpu{
      "qnn-target-cpu",
      llvm::cl::desc("Target CPU of --mlir-to-object ('native': this "
                     "machine's CPU and features)"),
      llvm::cl::init("x86-64")};
  llvm::cl::opt<std::string> features{
      "qnn-target-features",
      llvm::cl::desc("Target features of --mlir-to-object, e.g. +avx2,+fma"),
      llvm::cl::init("")};
};

TargetOptions &options() {
  static TargetOptions opts;
  return opts;
}

void registerLLVMDialects(DialectRegistry &registry) {
  registry.insert<LLVM::LLVMDialect>();
  registerAllToLLVMIRTranslations(registry);
}

LogicalResult emitObject(Operation *op, raw_ostream &output) {
  llvm::InitializeAllTargetInfos();
  llvm::InitializeAllTargets();
  llvm::InitializeAllTargetMCs();
  llvm::InitializeAllAsmPrinters();
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> module =
      translateModuleToLLVMIR(op, llvmContext);
  if (!module)
    return op->emitError("cannot translate the module to LLVM IR (is it in "
                         "the LLVM dialect? run qnn-cpu-pipeline first)");
  llvm::Triple triple(options().triple.getValue());
  std::string error;
  const llvm::Target *target =
      llvm::TargetRegistry::lookupTarget(triple, error);
  if (!target)
    return op->emitError("unknown target triple '")
           << options().triple.getValue() << "': " << error;
  std::string cpu = options().cpu, features = options().features;
  if (cpu == "native") {
    cpu = llvm::sys::getHostCPUName().str();
    SmallVector<std::string> hostFeatures;
    for (const auto &[name, enabled] : llvm::sys::getHostCPUFeatures())
      hostFeatures.push_back((enabled ? "+" : "-") + name.str());
    if (!features.empty())
      hostFeatures.push_back(features);
    features = llvm::join(hostFeatures, ",");
  }
  std::unique_ptr<llvm::TargetMachine> machine(target->createTargetMachine(
      triple, cpu, features, llvm::TargetOptions(), llvm::Reloc::PIC_,
      std::nullopt, llvm::CodeGenOptLevel::Aggressive));
  if (!machine)
    return op->emitError("cannot create a target machine for '")
           << options().triple.getValue() << "', CPU '" << cpu << "'";
  module->setDataLayout(machine->createDataLayout());
  module->setTargetTriple(triple);
  if (llvm::Error err =
          makeOptimizingTransformer(3, 0, machine.get())(module.get())) {
    std::string message = llvm::toString(std::move(err));
    return op->emitError("LLVM optimization failed: ") << message;
  }
  SmallVector<char> buffer;
  llvm::raw_svector_ostream stream(buffer);
  llvm::legacy::PassManager pm;
  if (machine->addPassesToEmitFile(pm, stream, nullptr,
                                   llvm::CodeGenFileType::ObjectFile))
    return op->emitError("the target cannot emit object files");
  pm.run(*module);
  output.write(buffer.data(), buffer.size());
  return success();
}

const char *cTypeOf(int64_t dtype) {
  switch (dtype) {
  case 1:
    return "f32";
  case 2:
    return "f64";
  case 3:
    return "f16";
  case 4:
    return "bf16";
  case 5:
    return "i8";
  case 6:
    return "i16";
  case 7:
    return "i32";
  case 8:
    return "i64";
  case 9:
    return "codes";
  }
  return "?";
}

LogicalResult emitHeader(Operation *op, raw_ostream &os) {
  auto module = dyn_cast<ModuleOp>(op);
  if (!module)
    return op->emitError("expected a module");
  std::string symbol;
  for (auto global : module.getOps<LLVM::GlobalOp>())
    if (global.getLinkage() == LLVM::Linkage::External && global.getConstant())
      symbol = global.getSymName().str();
  if (symbol.empty())
    return op->emitError("no model descriptor in the module: compile it with "
                         "qnn-cpu-pipeline first");
  std::string guard = "QNN_MODEL_" + StringRef(symbol).upper() + "_H";
  os << "/* Generated by qnn-translate --mlir-to-header; do not edit. */\n"
     << "#ifndef " << guard << "\n#define " << guard << "\n\n"
     << "#include <qnn/qnn_runtime.h>\n\n"
     << "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n"
     << "/* The compiled model: pass it to qnn_model_run. */\n"
     << "extern const qnn_model_desc " << symbol << ";\n";
  for (auto func : module.getOps<LLVM::LLVMFuncOp>()) {
    auto interface = func->getAttrOfType<DictionaryAttr>("qnn.interface");
    if (!interface || func.getName().starts_with("_mlir_ciface_"))
      continue;
    auto inputs = cast<ArrayAttr>(interface.get("inputs"));
    auto outputs = cast<ArrayAttr>(interface.get("outputs"));
    auto names = cast<ArrayAttr>(interface.get("names"));
    std::string name = func.getName().str();
    os << "\n/* Entry point '" << name << "'.\n";
    for (size_t i = 0; i < names.size(); ++i) {
      auto desc = cast<ArrayAttr>(
          i < inputs.size() ? inputs[i] : outputs[i - inputs.size()]);
      os << " *   " << (i < inputs.size() ? "input  " : "output ")
         << cast<StringAttr>(names[i]).getValue() << ": "
         << cTypeOf(cast<IntegerAttr>(desc[0]).getInt());
      for (Attribute d : desc.getValue().drop_front())
        os << "[" << cast<IntegerAttr>(d).getInt() << "]";
      os << "\n";
    }
    os << " */\n"
       << "static inline qnn_status " << symbol << "_" << name
       << "(const qnn_tensor *inputs, qnn_tensor *outputs) {\n"
       << "  return qnn_model_run(&" << symbol << ", \"" << name
       << "\", inputs, " << inputs.size() << ", outputs, " << outputs.size()
       << ");\n}\n";
  }
  os << "\n#ifdef __cplusplus\n}\n#endif\n\n#endif /* " << guard << " */\n";
  return success();
}

} // namespace

void mlir::qnn::registerTranslations() {
  (void)options();
  TranslateFromMLIRRegistration object(
      "mlir-to-object",
      "Translate the LLVM dialect to an object file for --qnn-target-*",
      emitObject, registerLLVMDialects);
  TranslateFromMLIRRegistration header(
      "mlir-to-header", "Emit the C header of a compiled model's entry points",
      emitHeader, registerLLVMDialects);
}
