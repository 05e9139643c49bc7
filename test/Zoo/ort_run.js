// ort_run.js - runs an ONNX model with onnxruntime-node (the oracle and the
// latency baseline of the model zoo, test/Zoo/zoo.py; never a dependency of
// qnn).
//
//   node ort_run.js model.onnx DIR [--serve] [--optimization=LEVEL]
//
// DIR/inputs.json lists the inputs: {"tensors": [{"name", "dtype", "shape",
// "file"}]}, each tensor's data raw little-endian in DIR/<file> (dtype: a
// numpy name: float32, float64, float16, int8 ... uint64, bool). One session
// on one intra-op and one inter-op thread runs them once and writes the
// outputs the same way: DIR/outputs.json and DIR/output<i>.bin.
// --optimization picks onnxruntime's graph optimization level (disabled,
// basic, extended, all; default all): `disabled` executes the graph operator
// by operator as the standard defines it (no fused kernels).
//
// --serve then reads commands on stdin, one a line, and answers each with one
// JSON line on stdout:
//   time N   runs the session N times; {"ms": [t1, ..., tN]}
//   quit     exits.
// A caller interleaves these with its own timings (same inputs, same machine
// state), which separate processes could not do.
'use strict';

const fs = require('fs');
const path = require('path');
const readline = require('readline');

let ort;
try {
  ort = require('onnxruntime-node');
} catch (e) {
  process.stderr.write(
      'ort_run.js: cannot load onnxruntime-node (install it with npm ' +
      'install --ignore-scripts onnxruntime-node and put its node_modules on ' +
      'NODE_PATH): ' + e.message + '\n');
  process.exit(2);
}

// numpy dtype name -> [onnxruntime tensor type, typed array constructor].
const TYPES = {
  float32: ['float32', Float32Array],
  float64: ['float64', Float64Array],
  float16: ['float16', Uint16Array],
  int8: ['int8', Int8Array],
  uint8: ['uint8', Uint8Array],
  int16: ['int16', Int16Array],
  uint16: ['uint16', Uint16Array],
  int32: ['int32', Int32Array],
  uint32: ['uint32', Uint32Array],
  int64: ['int64', BigInt64Array],
  uint64: ['uint64', BigUint64Array],
  bool: ['bool', Uint8Array],
};
const NUMPY_OF = {};
for (const [numpy, [ortType]] of Object.entries(TYPES)) NUMPY_OF[ortType] = numpy;

function fail(message) {
  process.stderr.write('ort_run.js: ' + message + '\n');
  process.exit(1);
}

function readInputs(dir) {
  const meta = JSON.parse(fs.readFileSync(path.join(dir, 'inputs.json')));
  const feeds = {};
  for (const t of meta.tensors) {
    const type = TYPES[t.dtype];
    if (!type) fail(`input '${t.name}': unsupported dtype '${t.dtype}'`);
    const bytes = fs.readFileSync(path.join(dir, t.file));
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (bytes.length !== count * type[1].BYTES_PER_ELEMENT)
      fail(`input '${t.name}': ${bytes.length} bytes for shape [${t.shape}] ` +
           `of ${t.dtype}`);
    // A copy: the Buffer's pool offset need not be aligned for the type.
    const data = new type[1](count);
    new Uint8Array(data.buffer).set(bytes);
    const value = t.dtype === 'bool' ? new Uint8Array(data.buffer) : data;
    feeds[t.name] = new ort.Tensor(type[0], value, t.shape);
  }
  return feeds;
}

function writeOutputs(dir, names, results) {
  const tensors = names.map((name, i) => {
    const r = results[name];
    const dtype = NUMPY_OF[r.type];
    if (!dtype) fail(`output '${name}': unsupported type '${r.type}'`);
    const file = `output${i}.bin`;
    const data = r.data;
    fs.writeFileSync(path.join(dir, file),
                     Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    return {name, dtype, shape: Array.from(r.dims), file};
  });
  fs.writeFileSync(path.join(dir, 'outputs.json'), JSON.stringify({tensors}));
}

async function main() {
  const args = process.argv.slice(2);
  const serve = args.includes('--serve');
  let level = 'all';
  for (const a of args) {
    if (a.startsWith('--optimization=')) level = a.slice('--optimization='.length);
    else if (a.startsWith('--') && a !== '--serve') fail(`unknown option '${a}'`);
  }
  if (!['disabled', 'basic', 'extended', 'all'].includes(level))
    fail(`unknown optimization level '${level}'`);
  const positional = args.filter((a) => !a.startsWith('--'));
  if (positional.length !== 2)
    fail('usage: node ort_run.js model.onnx DIR [--serve] [--optimization=LEVEL]');
  const [model, dir] = positional;
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: level,
  });
  const feeds = readInputs(dir);
  const results = await session.run(feeds);
  writeOutputs(dir, session.outputNames, results);
  if (!serve) return;

  process.stdout.write(JSON.stringify({ready: true}) + '\n');
  const lines = readline.createInterface({input: process.stdin});
  for await (const line of lines) {
    const words = line.trim().split(/\s+/);
    if (words[0] === 'quit') break;
    if (words[0] === 'time' && words.length === 2 && +words[1] > 0) {
      const ms = [];
      for (let i = 0; i < +words[1]; ++i) {
        const start = process.hrtime.bigint();
        await session.run(feeds);
        ms.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      process.stdout.write(JSON.stringify({ms}) + '\n');
    } else {
      process.stdout.write(JSON.stringify({error: `bad command '${line}'`}) + '\n');
    }
  }
  lines.close();
}

main().catch((e) => fail(e.message));
