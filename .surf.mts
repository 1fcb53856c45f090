import { readSurface } from './test/public-surface.ts';
const s = readSurface(process.cwd());
let total = 0;
for (const [k, v] of Object.entries(s.exports)) { total += v.length; console.log(k, v.length); }
console.log('total', total);
console.log(s.dangling.join('\n'));
