// A model whose entry point asks for the AMX tile data as qnn's AMX
// kernels do (qnn-x86-vnni-conv's amx kernel emits the same call before each
// layer's loops), without AMX or AVX-512 code of its own, so that the
// runtime's answer can be checked on any CPU.
func.func private @qnn_amx_request() -> i32

func.func @forward(%x: tensor<4xf32> {qnn.name = "x"}) -> (tensor<4xf32> {qnn.name = "y"}) {
  %refused = func.call @qnn_amx_request() : () -> i32
  %y = arith.addf %x, %x : tensor<4xf32>
  return %y : tensor<4xf32>
}
