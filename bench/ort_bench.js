// ort_bench.js - onnxruntime-node sessions for bench/network.py, kept in one
// long-lived node process so that neither process start nor session creation
// is timed. onnxruntime is the baseline of the benchmark, never a dependency
// of qnn.
//
//   NODE_PATH=<npm cache>/node_modules node bench/ort_bench.js
//
// Reads commands on stdin, one a line, and answers each with one JSON line on
// stdout ({"error": ...} when a command fails; the process goes on):
//
//   load ID MODEL THREADS LEVEL INPUT DTYPE D0,D1,...
//       creates session ID for the ONNX file MODEL on the CPU execution
//       provider: intraOpNumThreads THREADS, interOpNumThreads 1, sequential
//       execution, graphOptimizationLevel LEVEL (disabled, basic, extended,
//       all); its one input is the raw little-endian file INPUT of numpy
//       dtype DTYPE and shape D0,D1,...  -> {"ok": true}
//   run ID OUTPUT
//       runs session ID once and writes its first output, raw little-endian
//       float32, to OUTPUT  -> {"shape": [...], "type": "float32"}
//   time ID N WARM_MS
//       runs session ID untimed for at least WARM_MS milliseconds (not at
//       all for 0), then N times timed  -> {"ms": [t1, ..., tN]}
//   drop ID     releases session ID  -> {"ok": true}
//   quit        exits.
//
// A time is the wall time of one `await session.run(feeds)` (the inputs are
// created once, outputs are allocated by onnxruntime on every run, as an
// application calling it does).
'use strict';

const fs = require('fs');
const readline = require('readline');

let ort;
try {
  ort = require('onnxruntime-node');
} catch (e) {
  process.stderr.write(
      'ort_bench.js: cannot load onnxruntime-node (bash ' +
      'scripts/install-onnxruntime.sh installs it; NODE_PATH must name its ' +
      'node_modules): ' + e.message + '\n');
  process.exit(2);
}

const TYPES = {
  float32: ['float32', Float32Array],
  int64: ['int64', BigInt64Array],
  int32: ['int32', Int32Array],
  uint8: ['uint8', Uint8Array],
  int8: ['int8', Int8Array],
};
const LEVELS = ['disabled', 'basic', 'extended', 'all'];
const sessions = new Map();  // id -> {session, feeds}

async function load(id, model, threads, level, input, dtype, dims) {
  if (!LEVELS.includes(level)) throw new Error(`unknown optimization level '${level}'`);
  const type = TYPES[dtype];
  if (!type) throw new Error(`unsupported input dtype '${dtype}'`);
  const shape = dims.split(',').map(Number);
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: +threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: level,
  });
  if (session.inputNames.length !== 1)
    throw new Error(`${model}: ${session.inputNames.length} inputs, expected one`);
  const bytes = fs.readFileSync(input);
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== count * type[1].BYTES_PER_ELEMENT)
    throw new Error(`${input}: ${bytes.length} bytes for [${shape}] of ${dtype}`);
  // A copy: a Buffer's pool offset need not be aligned for the type.
  const data = new type[1](count);
  new Uint8Array(data.buffer).set(bytes);
  const feeds = {[session.inputNames[0]]: new ort.Tensor(type[0], data, shape)};
  sessions.set(id, {session, feeds});
  return {ok: true};
}

function get(id) {
  const s = sessions.get(id);
  if (!s) throw new Error(`no session '${id}'`);
  return s;
}

async function run(id, output) {
  const {session, feeds} = get(id);
  const results = await session.run(feeds);
  const r = results[session.outputNames[0]];
  if (r.type !== 'float32') throw new Error(`output type ${r.type}, expected float32`);
  fs.writeFileSync(output, Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength));
  return {shape: Array.from(r.dims), type: r.type};
}

async function time(id, n, warmMs) {
  const {session, feeds} = get(id);
  const warmStart = process.hrtime.bigint();
  while (Number(process.hrtime.bigint() - warmStart) / 1e6 < +warmMs)
    await session.run(feeds);
  const ms = [];
  for (let i = 0; i < +n; ++i) {
    const start = process.hrtime.bigint();
    await session.run(feeds);
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return {ms};
}

async function main() {
  const lines = readline.createInterface({input: process.stdin});
  for await (const line of lines) {
    const w = line.trim().split(/\s+/);
    let answer;
    try {
      if (w[0] === 'quit') break;
      else if (w[0] === 'load' && w.length === 8) answer = await load(...w.slice(1));
      else if (w[0] === 'run' && w.length === 3) answer = await run(w[1], w[2]);
      else if (w[0] === 'time' && w.length === 4) answer = await time(w[1], w[2], w[3]);
      else if (w[0] === 'drop' && w.length === 2) {
        sessions.delete(w[1]);
        answer = {ok: true};
      } else throw new Error(`bad command '${line}'`);
    } catch (e) {
      answer = {error: String(e.message || e).split('\n')[0]};
    }
    process.stdout.write(JSON.stringify(answer) + '\n');
  }
  lines.close();
}

main().catch((e) => {
  process.stderr.write('ort_bench.js: ' + e.message + '\n');
  process.exit(1);
});
