import ts from 'typescript';
const entries = { '.': 'src/index.ts', './enrollment': 'src/enrollment/index.ts', './permissions': 'src/permissions/index.ts', './qr': 'src/adapters/qr.ts', './redis': 'src/adapters/redis.ts', './postgres': 'src/adapters/postgres.ts', './testkit': 'src/adapters/testkit.ts', './errors': 'src/errors.ts' };
import fs from 'node:fs';
const files = Object.values(entries).filter((f) => fs.existsSync(f));
const program = ts.createProgram(files, { strict: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true });
const checker = program.getTypeChecker();
let total = 0;
for (const [name, file] of Object.entries(entries)) {
  const sf = program.getSourceFile(file);
  if (!sf) continue;
  const names = checker.getExportsOfModule(checker.getSymbolAtLocation(sf)).map((s) => s.name).sort();
  total += names.length;
  console.log(name, names.length, process.argv[2] ? JSON.stringify(names) : '');
}
console.log('total', total);
