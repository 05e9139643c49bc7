//===- Translations.cpp - Object files and C headers of compiled models ---===//
//
// This file implements --mlir-to-object and --mlir-to-header. The target of an
// object comes from options, never from the build machine unless
// --qnn-target-cpu=native asks for it. Large constants (weights) of an ELF
// object bypass LLVM: their bytes go from the MLIR blobs straight into a
// section of the object LLVM writes for the code. In a build of qnn with
// AddressSanitizer the object's code is instrumented like qnn's own
// (--qnn-sanitize), so that a model's out-of-bounds access is reported where
// it happens.
//
//===----------------------------------------------------------------------===//

#include "qnn/Target/Translations.h"

#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/ExecutionEngine/OptUtils.h"
#include "mlir/IR/AttrTypeSubElements.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Target/LLVMIR/Dialect/All.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "mlir/Tools/mlir-translate/Translation.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Object/ELF.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Target/TargetMachine.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/Transforms/Instrumentation/AddressSanitizer.h"

using namespace mlir;

namespace {

/// Whether qnn itself is built with AddressSanitizer: its runtime then needs
/// the ASan runtime in the process, so every model loaded next to it can be
/// instrumented too.
constexpr bool builtWithAddressSanitizer =
#if defined(__SANITIZE_ADDRESS__)
    true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    true;
#else
    false;
#endif
#else
    false;
#endif

enum class Sanitizer { None, Address };

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
  llvm::cl::opt<Sanitizer> sanitize{
      "qnn-sanitize",
      llvm::cl::desc(
          "Instrumentation of the code of --mlir-to-object (default: "
          "the sanitizer qnn is built with, so that models match "
          "the runtime they are loaded with)"),
      llvm::cl::values(
          clEnumValN(Sanitizer::None, "none", "no instrumentation"),
          clEnumValN(Sanitizer::Address, "address",
                     "AddressSanitizer (the process must have the ASan "
                     "runtime, as a sanitized libqnn_runtime does)")),
      llvm::cl::init(builtWithAddressSanitizer ? Sanitizer::Address
                                               : Sanitizer::None)};
};

TargetOptions &options() {
  static TargetOptions opts;
  return opts;
}

void registerLLVMDialects(DialectRegistry &registry) {
  registry.insert<LLVM::LLVMDialect>();
  registerAllToLLVMIRTranslations(registry);
}

/// A constant global whose bytes the object gets directly.
struct RawGlobal {
  std::string symbol;
  ArrayRef<char> bytes;
  uint64_t alignment;
};

/// Globals smaller than this stay in the LLVM module, where the optimizer
/// may read them (small tables); the larger ones are weights, which LLVM
/// would copy into its constants, then its assembler, element by element.
constexpr uint64_t kRawGlobalMinBytes = 16 * 1024;

/// The bytes of a global's initializer when they are its memory image: a
/// non-splat dense or dense-resource value of whole-byte integers or floats,
/// for a global of nested arrays of that scalar.
std::optional<ArrayRef<char>> rawBytesOf(LLVM::GlobalOp global) {
  auto value = dyn_cast_if_present<ElementsAttr>(global.getValueOrNull());
  if (!value)
    return std::nullopt;
  Type element = value.getShapedType().getElementType();
  if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8 != 0)
    return std::nullopt;
  uint64_t bytes =
      uint64_t(value.getNumElements()) * (element.getIntOrFloatBitWidth() / 8);
  Type type = global.getGlobalType();
  uint64_t count = 1;
  while (auto array = dyn_cast<LLVM::LLVMArrayType>(type)) {
    count *= array.getNumElements();
    type = array.getElementType();
  }
  if (!type.isIntOrFloat() ||
      type.getIntOrFloatBitWidth() != element.getIntOrFloatBitWidth() ||
      count != uint64_t(value.getNumElements()))
    return std::nullopt;
  ArrayRef<char> data;
  if (auto dense = dyn_cast<DenseElementsAttr>(value)) {
    if (dense.isSplat())
      return std::nullopt;
    data = dense.getRawData();
  } else if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    data = blob->getData();
  } else {
    return std::nullopt;
  }
  if (data.size() != bytes)
    return std::nullopt;
  return data;
}

/// Takes the large constant globals out of `module`'s initializers: each
/// becomes a hidden external declaration named `<model>.<name>` (unique
/// across the models linked into one program), defined later by
/// appendRawGlobals.
SmallVector<RawGlobal> takeRawGlobals(ModuleOp module) {
  // The model descriptor's symbol names the model.
  std::string model = "qnn";
  for (auto global : module.getOps<LLVM::GlobalOp>())
    if (global.getLinkage() == LLVM::Linkage::External &&
        global.getConstant() && !global.isDeclaration())
      model = global.getSymName().str();
  SmallVector<RawGlobal> taken;
  llvm::DenseMap<Attribute, Attribute> renamed;
  SymbolTable symbols(module);
  for (auto global : module.getOps<LLVM::GlobalOp>()) {
    if (!global.getConstant() || global.getThreadLocal_() ||
        global.getAddrSpace() != 0 || global.getSection() ||
        global.getComdat() ||
        (global.getLinkage() != LLVM::Linkage::Private &&
         global.getLinkage() != LLVM::Linkage::Internal))
      continue;
    std::optional<ArrayRef<char>> bytes = rawBytesOf(global);
    if (!bytes || bytes->size() < kRawGlobalMinBytes)
      continue;
    Type element = cast<ElementsAttr>(global.getValueOrNull())
                       .getShapedType()
                       .getElementType();
    uint64_t alignment = std::max<uint64_t>(
        global.getAlignment().value_or(0), element.getIntOrFloatBitWidth() / 8);
    std::string symbol = model + "." + global.getSymName().str();
    for (unsigned i = 0; symbols.lookup(symbol); ++i)
      symbol =
          model + "." + global.getSymName().str() + "." + std::to_string(i);
    renamed[FlatSymbolRefAttr::get(global.getSymNameAttr())] =
        FlatSymbolRefAttr::get(module.getContext(), symbol);
    taken.push_back({symbol, *bytes, alignment});
    global.setSymName(symbol);
    global.removeValueAttr();
    global.setLinkage(LLVM::Linkage::External);
    global.setVisibility_(LLVM::Visibility::Hidden);
    global.setDsoLocal(true);
    global.setAlignment(alignment);
  }
  if (taken.empty())
    return taken;
  AttrTypeReplacer replacer;
  replacer.addReplacement(
      [&](FlatSymbolRefAttr ref) -> std::optional<Attribute> {
        auto it = renamed.find(ref);
        if (it == renamed.end())
          return std::nullopt;
        return it->second;
      });
  replacer.recursivelyReplaceElementsIn(module, /*replaceAttrs=*/true,
                                        /*replaceLocs=*/false,
                                        /*replaceTypes=*/false);
  return taken;
}

/// Whether appendRawGlobals can extend objects of `triple`.
bool canAppendRawGlobals(const llvm::Triple &triple) {
  return triple.isOSBinFormatELF() && triple.isArch64Bit() &&
         triple.isLittleEndian();
}

/// Writes `object` (a relocatable ELF64 object from LLVM, in which the raw
/// globals are undefined symbols) to `os` with one more section,
/// `.rodata.qnn`, holding the raw globals the object uses and defining
/// their symbols there. Every existing section keeps its index, so
/// relocations, groups and links stay valid; only the symbol table's
/// entries for the raw globals and the section name table change.
LogicalResult appendRawGlobals(StringRef object, ArrayRef<RawGlobal> raw,
                               raw_ostream &os, std::string &error) {
  using ELFT = llvm::object::ELF64LE;
  auto fail = [&](const Twine &message) {
    error = message.str();
    return failure();
  };
  auto file = llvm::object::ELFFile<ELFT>::create(object);
  if (!file)
    return fail(llvm::toString(file.takeError()));
  const ELFT::Ehdr &header = file->getHeader();
  auto sections = file->sections();
  if (!sections)
    return fail(llvm::toString(sections.takeError()));
  if (header.e_type != llvm::ELF::ET_REL || header.e_phnum != 0 ||
      header.e_shstrndx == llvm::ELF::SHN_XINDEX ||
      header.e_shstrndx >= sections->size() ||
      sections->size() + 1 >= llvm::ELF::SHN_LORESERVE)
    return fail("unexpected layout of the code object");
  const ELFT::Shdr *symtab = nullptr;
  for (const ELFT::Shdr &section : *sections)
    if (section.sh_type == llvm::ELF::SHT_SYMTAB)
      symtab = &section;
  if (!symtab)
    return fail("the code object has no symbol table");
  auto symbolsOr = file->symbols(symtab);
  auto names = file->getStringTableForSymtab(*symtab);
  if (!symbolsOr || !names)
    return fail("cannot read the code object's symbol table");

  // The raw globals the code references, at aligned offsets in the new
  // section (a global LLVM dropped as unused is left out).
  llvm::StringMap<const RawGlobal *> bySymbol;
  for (const RawGlobal &g : raw)
    bySymbol[g.symbol] = &g;
  const unsigned dataIndex = sections->size();
  std::vector<ELFT::Sym> symbols(symbolsOr->begin(), symbolsOr->end());
  SmallVector<std::pair<uint64_t, const RawGlobal *>> placed;
  uint64_t dataSize = 0, dataAlign = 1;
  for (ELFT::Sym &symbol : symbols) {
    auto name = symbol.getName(*names);
    if (!name || symbol.st_shndx != llvm::ELF::SHN_UNDEF)
      continue;
    const RawGlobal *g = bySymbol.lookup(*name);
    if (!g)
      continue;
    dataSize = llvm::alignTo(dataSize, g->alignment);
    dataAlign = std::max(dataAlign, g->alignment);
    symbol.st_shndx = dataIndex;
    symbol.st_value = dataSize;
    symbol.st_size = g->bytes.size();
    symbol.setBindingAndType(llvm::ELF::STB_GLOBAL, llvm::ELF::STT_OBJECT);
    symbol.setVisibility(llvm::ELF::STV_HIDDEN);
    placed.push_back({dataSize, g});
    dataSize += g->bytes.size();
  }

  // The section name table gains the new section's name.
  const ELFT::Shdr &nameTable = (*sections)[header.e_shstrndx];
  auto nameData = file->getSectionContents(nameTable);
  if (!nameData)
    return fail(llvm::toString(nameData.takeError()));
  std::string sectionNames(nameData->begin(), nameData->end());
  const uint32_t dataName = sectionNames.size();
  sectionNames.append(".rodata.qnn");
  sectionNames.push_back('\0');

  // Layout: header, the sections in index order, the new one, the section
  // header table.
  std::vector<ELFT::Shdr> headers(sections->begin(), sections->end());
  SmallVector<ArrayRef<char>> contents(headers.size());
  uint64_t offset = sizeof(ELFT::Ehdr);
  for (auto [index, section] : llvm::enumerate(headers)) {
    if (index == 0 || section.sh_type == llvm::ELF::SHT_NOBITS) {
      section.sh_offset = index == 0 ? 0 : offset;
      continue;
    }
    if (index == header.e_shstrndx) {
      contents[index] =
          ArrayRef<char>(sectionNames.data(), sectionNames.size());
      section.sh_size = sectionNames.size();
    } else if (&(*sections)[index] == symtab) {
      contents[index] =
          ArrayRef<char>(reinterpret_cast<const char *>(symbols.data()),
                         symbols.size() * sizeof(ELFT::Sym));
    } else {
      auto data = file->getSectionContents(section);
      if (!data)
        return fail(llvm::toString(data.takeError()));
      contents[index] = ArrayRef<char>(
          reinterpret_cast<const char *>(data->data()), data->size());
    }
    offset = llvm::alignTo(offset, std::max<uint64_t>(section.sh_addralign, 1));
    section.sh_offset = offset;
    offset += contents[index].size();
  }
  ELFT::Shdr data{};
  data.sh_name = dataName;
  data.sh_type = llvm::ELF::SHT_PROGBITS;
  data.sh_flags = llvm::ELF::SHF_ALLOC;
  data.sh_addralign = dataAlign;
  data.sh_size = dataSize;
  offset = llvm::alignTo(offset, dataAlign);
  data.sh_offset = offset;
  offset += dataSize;
  headers.push_back(data);
  const uint64_t headerTable = llvm::alignTo(offset, 8);

  // Written front to back; the weights stream from their blobs.
  uint64_t written = 0;
  auto write = [&](const void *bytes, size_t size) {
    os.write(static_cast<const char *>(bytes), size);
    written += size;
  };
  auto padTo = [&](uint64_t to) {
    os.write_zeros(to - written);
    written = to;
  };
  ELFT::Ehdr newHeader = header;
  newHeader.e_shoff = headerTable;
  newHeader.e_shnum = headers.size();
  write(&newHeader, sizeof(newHeader));
  for (auto [index, section] : llvm::enumerate(headers)) {
    if (index >= contents.size() || contents[index].empty())
      continue;
    padTo(section.sh_offset);
    write(contents[index].data(), contents[index].size());
  }
  for (auto [at, g] : placed) {
    padTo(data.sh_offset + at);
    write(g->bytes.data(), g->bytes.size());
  }
  padTo(headerTable);
  write(headers.data(), headers.size() * sizeof(ELFT::Shdr));
  return success();
}

/// Instruments every function of `module` for AddressSanitizer, as clang's
/// -fsanitize=address does at the end of its optimization pipeline: loads and
/// stores check the shadow memory, globals get redzones, and a constructor
/// registers them with the ASan runtime of the process that loads the code.
void instrumentForAddressSanitizer(llvm::Module &module,
                                   llvm::TargetMachine *machine) {
  for (llvm::Function &function : module) {
    if (function.isDeclaration())
      continue;
    function.addFnAttr(llvm::Attribute::SanitizeAddress);
    // ASan's unwinder follows frame pointers: a report then names the
    // model's functions, not only the runtime's.
    function.addFnAttr("frame-pointer", "all");
  }
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager sccs;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder(machine);
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(sccs);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, sccs, modules);
  llvm::ModulePassManager passes;
  passes.addPass(llvm::AddressSanitizerPass(llvm::AddressSanitizerOptions()));
  passes.run(module, modules);
}

LogicalResult emitObject(Operation *op, raw_ostream &output) {
  llvm::InitializeAllTargetInfos();
  llvm::InitializeAllTargets();
  llvm::InitializeAllTargetMCs();
  llvm::InitializeAllAsmPrinters();
  llvm::Triple triple(options().triple.getValue());
  SmallVector<RawGlobal> raw;
  if (auto module = dyn_cast<ModuleOp>(op);
      module && canAppendRawGlobals(triple))
    raw = takeRawGlobals(module);
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> module =
      translateModuleToLLVMIR(op, llvmContext);
  if (!module)
    return op->emitError("cannot translate the module to LLVM IR (is it in "
                         "the LLVM dialect? run qnn-cpu-pipeline first)");
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
  if (options().sanitize == Sanitizer::Address) {
    // The ASan runtime exists for x86-64 and AArch64 Linux; a model for
    // another target is left as it is unless instrumentation was asked for.
    if (triple.isOSLinux() && (triple.isX86_64() || triple.isAArch64()))
      instrumentForAddressSanitizer(*module, machine.get());
    else if (options().sanitize.getNumOccurrences())
      return op->emitError("--qnn-sanitize=address needs an x86-64 or AArch64 "
                           "Linux target, not '")
             << options().triple.getValue() << "'";
  }
  SmallVector<char> buffer;
  llvm::raw_svector_ostream stream(buffer);
  llvm::legacy::PassManager pm;
  if (machine->addPassesToEmitFile(pm, stream, nullptr,
                                   llvm::CodeGenFileType::ObjectFile))
    return op->emitError("the target cannot emit object files");
  pm.run(*module);
  module.reset();
  if (raw.empty()) {
    output.write(buffer.data(), buffer.size());
    return success();
  }
  if (failed(appendRawGlobals(StringRef(buffer.data(), buffer.size()), raw,
                              output, error)))
    return op->emitError("cannot add the weights to the object: ") << error;
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
