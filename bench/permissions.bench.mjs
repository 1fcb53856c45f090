// Permission resolver benchmark: the cost of one can() by tree depth, of a contact's whole grid
// for 20, 500 and 5,000 resources, and of building a resolver (read, validate, compile) for the
// same sizes and for a model at the size caps. Targets (issue #5): a check costs O(depth), not
// O(size); the 5,000-resource grid takes under 10 ms; compilation is linear (10× the resources
// cost at most ~20×, garbage collection included). Run after the build: `npx tsup && node
// bench/permissions.bench.mjs`. Median of several timed batches after a warm-up.
import os from 'node:os';
import { createPermissionResolver } from '../dist/permissions.js';

// The model's size caps (docs/security.md; not exported since 0.2). Checked below: a model one
// past either cap must be refused, so a changed cap fails this bench instead of measuring the wrong size.
const MAX_ACTIONS = 64;
const MAX_RESOURCES = 10_000;

const ACTIONS = ['view', 'create', 'update', 'delete'];

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same models. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A portal-like model: `size` resources, a chain `r0 … r{chain-1}` reaching depth `chain - 1`,
 * the rest hung under random earlier nodes of depth < 6; each resource has a random non-empty
 * subset of the actions (the chain has all four). The contact `sec` stores a cell on ~10% of the
 * cells, holds two roles with ~5% each; nothing sits on the chain, so a check there walks both
 * layers to the root (the worst case).
 */
function buildModel(size, chain, seed) {
  const next = random(seed);
  const resources = [];
  const depth = [];
  const onChain = new Set();
  for (let i = 0; i < size; i++) {
    let parent = null;
    if (i > 0 && i < chain) parent = i - 1;
    else if (i > 0) {
      do parent = Math.floor(next() * i);
      while (depth[parent] >= 5);
    }
    depth.push(parent === null ? 0 : depth[parent] + 1);
    if (i < chain) onChain.add(`r${i}`);
    const actions = i < chain ? ACTIONS : ACTIONS.filter(() => next() < 0.6);
    resources.push({
      id: `r${i}`,
      label: `Resource ${i}`,
      parent: parent === null ? null : `r${parent}`,
      actions: actions.length > 0 ? actions : ['view'],
    });
  }
  const cells = (share) => {
    const out = {};
    for (const resource of resources) {
      if (onChain.has(resource.id)) continue;
      for (const action of resource.actions) {
        if (next() < share) {
          out[resource.id] ??= {};
          out[resource.id][action] = next() < 0.5 ? 'allow' : 'deny';
        }
      }
    }
    return out;
  };
  return {
    tree: { actions: ACTIONS, resources },
    contacts: [
      { id: 'owner', primary: true, roles: [] },
      { id: 'sec', primary: false, roles: ['ops', 'billing'] },
    ],
    roles: { ops: cells(0.05), billing: cells(0.05) },
    grants: { sec: cells(0.1) },
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median nanoseconds per call of `fn` over `rounds` batches of `batch` calls, after a warm-up. */
function timePerCall(fn, batch, rounds = 9) {
  for (let i = 0; i < batch; i++) fn();
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) fn();
    samples.push(Number(process.hrtime.bigint() - start) / batch);
  }
  return median(samples);
}

let sink = 0;
const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
console.log(`otpkit permissions benchmark — node ${process.version}, ${cpu}, ${os.cpus().length} cores`);

console.log('\ncan(contact, leaf, action): the leaf at the given depth, nothing stored on its path (walks both layers)');
const depths = [3, 4, 6, 8, 10, 12];
const byDepth = new Map();
for (const size of [20, 5000]) {
  for (const d of depths) {
    if (d + 1 > size) continue;
    const resolver = createPermissionResolver(buildModel(size, d + 1, 7));
    if (!resolver.valid) throw new Error(`benchmark model invalid: ${JSON.stringify(resolver.findings[0])}`);
    const leaf = `r${d}`;
    const ns = timePerCall(() => {
      if (resolver.can('sec', leaf, 'update')) sink++;
    }, 200_000);
    byDepth.set(`${size}:${d}`, ns);
    console.log(`  ${String(size).padStart(5)} resources, depth ${String(d).padStart(2)}: ${ns.toFixed(1).padStart(7)} ns`);
  }
}
const shallow = byDepth.get('5000:3');
const deep = byDepth.get('5000:12');
const small = byDepth.get('20:12');
const large = byDepth.get('5000:12');
// O(depth): 4× the depth may cost at most ~4× (plus fixed overhead, and 50% noise allowance);
// the tree's size must not matter at a fixed depth.
const linear = deep <= shallow * (12 / 3) * 1.5;
const sizeFree = large <= small * 2;
console.log(`  depth 12 / depth 3 = ${(deep / shallow).toFixed(2)} (O(depth): ≤ ${(4 * 1.5).toFixed(1)}) ${linear ? 'PASS' : 'FAIL'}`);
console.log(`  5,000 / 20 resources at depth 12 = ${(large / small).toFixed(2)} (independent of size: ≤ 2) ${sizeFree ? 'PASS' : 'FAIL'}`);

console.log('\neffectiveGrid(contact): every cell, one top-down pass');
let gridOk = true;
for (const size of [20, 500, 5000]) {
  const resolver = createPermissionResolver(buildModel(size, Math.min(size, 13), 11));
  const batch = size <= 20 ? 2000 : size <= 500 ? 100 : 10;
  const ms =
    timePerCall(() => {
      sink += resolver.effectiveGrid('sec').rows.length;
    }, batch) / 1e6;
  const target = size === 5000 ? 10 : undefined;
  const verdict = target === undefined ? '' : ms < target ? ` (target < ${target} ms) PASS` : ` (target < ${target} ms) FAIL`;
  if (target !== undefined && ms >= target) gridOk = false;
  console.log(`  ${String(size).padStart(5)} resources (${size * ACTIONS.length} cells): ${ms.toFixed(3).padStart(8)} ms${verdict}`);
}

console.log('\ncreatePermissionResolver(model): read, validate and compile once');
const compileMs = new Map();
for (const size of [20, 500, 5000]) {
  const model = buildModel(size, Math.min(size, 13), 13);
  const batch = size <= 20 ? 2000 : size <= 500 ? 100 : 10;
  const ms =
    timePerCall(() => {
      sink += createPermissionResolver(model).resources.length;
    }, batch) / 1e6;
  compileMs.set(size, ms);
  console.log(`  ${String(size).padStart(5)} resources × ${ACTIONS.length} actions: ${ms.toFixed(3).padStart(8)} ms`);
}
{
  // At the caps: MAX_RESOURCES resources, each with all MAX_ACTIONS actions, an 8-ary tree.
  const actions = Array.from({ length: MAX_ACTIONS }, (_, a) => `a${a}`);
  const resources = Array.from({ length: MAX_RESOURCES }, (_, i) => ({
    id: `r${i}`,
    parent: i === 0 ? null : `r${Math.floor((i - 1) / 8)}`,
    actions,
  }));
  const model = { tree: { actions, resources }, contacts: [{ id: 'sec' }], grants: { sec: { r1: { a0: 'allow' } } } };
  for (const [what, over] of [
    [
      'actions',
      { ...model, tree: { actions: [...actions, 'extra'], resources: [{ id: 'r0', parent: null, actions: [...actions, 'extra'] }] } },
    ],
    ['resources', { ...model, tree: { actions, resources: [...resources, { id: 'extra', parent: 'r0', actions }] } }],
  ]) {
    let refused = false;
    try {
      createPermissionResolver(over);
    } catch {
      refused = true;
    }
    if (!refused) throw new Error(`the ${what} cap is no longer ${what === 'actions' ? MAX_ACTIONS : MAX_RESOURCES}: update this bench`);
  }
  const ms =
    timePerCall(
      () => {
        sink += createPermissionResolver(model).resources.length;
      },
      3,
      5,
    ) / 1e6;
  console.log(`  ${String(MAX_RESOURCES).padStart(5)} resources × ${MAX_ACTIONS} actions (the caps): ${ms.toFixed(1).padStart(8)} ms`);
}
const compileRatio = compileMs.get(5000) / compileMs.get(500);
// 10× the input; allow 2× for garbage collection, which grows with the heap (a quadratic step
// would show as ~100×).
const compileLinear = compileRatio <= 10 * 2;
console.log(`  5,000 / 500 resources = ${compileRatio.toFixed(2)} (linear: ≤ ${(10 * 2).toFixed(1)}) ${compileLinear ? 'PASS' : 'FAIL'}`);

const pass = linear && sizeFree && gridOk && compileLinear;
console.log(`\n${pass ? 'PASS' : 'FAIL'} (sink ${sink > 0 ? 'used' : 'unused'})`);
process.exitCode = pass ? 0 : 1;
