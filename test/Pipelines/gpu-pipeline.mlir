// qnn-gpu-pipeline: the CPU pipeline's front (integer layers, thresholds,
// bufferized entry points), the dense layer a GEMV kernel with its
// thresholds, the input quantizer a loop kernel of 256-thread blocks, the
// weights uploaded once (qnn_gpu_constant), the input copied in and the
// output out, every copy, allocation, launch and free on one stream,
// synchronized once before the return; kernels in NVVM embedded as PTX for
// the chip, host code calling libqnn_runtime's mgpu* functions, and the
// model descriptor.
//
// RUN: qnn-opt %qnn_src_root/docs/examples/model.mlir --qnn-gpu-pipeline | FileCheck %s
// RUN: qnn-opt %qnn_src_root/docs/examples/model.mlir '--qnn-gpu-pipeline=chip=sm_80 features=+ptx80 block-size=128' | FileCheck %s --check-prefix=SM80

// CHECK: llvm.func @forward(
// CHECK: llvm.call @qnn_gpu_constant
// CHECK: %[[S:.*]] = llvm.call @mgpuStreamCreate
// CHECK: llvm.call @mgpuMemAlloc(%{{.*}}, %[[S]], %{{.*}})
// CHECK: llvm.call @mgpuMemcpy(%{{.*}}, %{{.*}}, %{{.*}}, %[[S]])
// CHECK-NOT: mgpuStreamSynchronize
// CHECK: gpu.launch_func <%[[S]] : !llvm.ptr> @forward_kernel::@forward_kernel blocks in ({{.*}}) threads in ({{.*}})
// CHECK-NOT: mgpuStreamSynchronize
// CHECK: gpu.launch_func <%[[S]] : !llvm.ptr> @forward_kernel_0::@forward_kernel
// CHECK-NOT: mgpuStreamSynchronize
// CHECK: llvm.call @mgpuMemFree(%{{.*}}, %[[S]])
// CHECK: llvm.call @mgpuStreamSynchronize(%[[S]])
// CHECK-NEXT: llvm.call @mgpuStreamDestroy(%[[S]])
// CHECK: gpu.binary @forward_kernel [#gpu.object<#nvvm.target<O = 3, chip = "sm_90", features = "+ptx80"{{.*}}>, {{.*}}assembly = "{{.*}}.version 8.0\0A.target sm_90{{.*}}.maxntid 256, 1, 1
// CHECK: llvm.mlir.global external constant @qnn_model()

// SM80: gpu.binary @forward_kernel [#gpu.object<#nvvm.target<O = 3, chip = "sm_80", features = "+ptx80"{{.*}}>, {{.*}}.target sm_80{{.*}}.maxntid 128, 1, 1

// Chips before sm_80 have no 8-bit mma.sync: convolutions stay loop
// kernels there, the GEMV (dp4a, sm_61) remains.
// RUN: qnn-opt %qnn_src_root/test/Target/Object/Inputs/conv.mlir '--qnn-gpu-pipeline=chip=sm_75 features=+ptx80' --mlir-print-ir-after=qnn-nvvm-layer-kernels -o /dev/null 2>&1 | FileCheck %s --check-prefix=SM75
// RUN: qnn-opt %qnn_src_root/test/Target/Object/Inputs/conv.mlir '--qnn-gpu-pipeline=chip=sm_80' --mlir-print-ir-after=qnn-nvvm-layer-kernels -o /dev/null 2>&1 | FileCheck %s --check-prefix=CONV80
// SM75-NOT: nvvm.mma.sync
// SM75: qnn.layer
// CONV80: nvvm.mma.sync
// CONV80-NOT: qnn.layer
