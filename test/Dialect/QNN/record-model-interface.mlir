// RUN: qnn-opt %s -qnn-record-model-interface -split-input-file -verify-diagnostics | FileCheck %s

// CHECK-LABEL: func.func @forward
// CHECK-SAME: attributes {llvm.emit_c_interface, qnn.interface = {inputs = {{\[}}[1 : i32, 1, 4], [9 : i32, 4]], names = ["image", "input1", "output0"], outputs = {{\[}}[7 : i32, 2]]}}
func.func @forward(%x: tensor<1x4xf32> {qnn.name = "image"}, %c: tensor<4x!qnn.uniform<u2:f32, 0.5>>) -> tensor<2xi32> {
  %r = arith.constant dense<0> : tensor<2xi32>
  return %r : tensor<2xi32>
}

// Private functions and declarations are not entry points.
// CHECK-LABEL: func.func private @helper
// CHECK-NOT: qnn.interface
func.func private @helper(%x: tensor<?xf32>) {
  return
}

// -----

// expected-error @+1 {{entry point @dynamic: argument #0 has type 'tensor<?xf32>'; entry points take and return statically shaped tensors of f32, f64, f16, bf16, i1, i8, i16, i32, i64 or qnn codes (with a known qnn.dtype)}}
func.func @dynamic(%x: tensor<?xf32>) {
  return
}

// -----

// expected-error @+1 {{entry point @unsigned_result: result #0 has type 'tensor<4xui8>'}}
func.func @unsigned_result() -> tensor<4xui8> {
  %r = arith.constant dense<0> : tensor<4xui8>
  return %r : tensor<4xui8>
}
