/**
 * The public surface as the TypeScript compiler sees it: each entry point's exported names
 * (values and types), and the named types a public declaration mentions that its entry point does
 * not export. Used by test/public-surface.test.ts.
 */
import ts from 'typescript';

/** Each package subpath and the source file behind it (package.json `exports`, tsup.config.ts). */
export const ENTRY_POINTS: Readonly<Record<string, string>> = {
  otpkit: 'src/index.ts',
  'otpkit/errors': 'src/errors.ts',
  'otpkit/enrollment': 'src/enrollment/index.ts',
  'otpkit/permissions': 'src/permissions/index.ts',
  'otpkit/qr': 'src/adapters/qr.ts',
  'otpkit/redis': 'src/adapters/redis.ts',
  'otpkit/postgres': 'src/adapters/postgres.ts',
  'otpkit/testkit': 'src/adapters/testkit.ts',
};

export interface Surface {
  /** Sorted exported names per subpath. */
  readonly exports: Record<string, string[]>;
  /** `subpath: Name → Missing` for each named type a public declaration uses that no subpath exports. */
  readonly dangling: string[];
}

export function readSurface(root: string): Surface {
  const files = Object.values(ENTRY_POINTS).map((file) => `${root}/${file}`);
  const program = ts.createProgram(files, {
    strict: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const exports: Record<string, string[]> = {};
  const bySubpath = new Map<string, ts.Symbol[]>();
  for (const [subpath, file] of Object.entries(ENTRY_POINTS)) {
    const source = program.getSourceFile(`${root}/${file}`);
    if (source === undefined) throw new Error(`no source file ${file}`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    const symbols = moduleSymbol === undefined ? [] : checker.getExportsOfModule(moduleSymbol);
    exports[subpath] = symbols.map((symbol) => symbol.name).sort();
    bySubpath.set(subpath, symbols);
  }
  const exported = new Set([...bySubpath.values()].flat().map((symbol) => resolveAlias(checker, symbol)));
  const dangling: string[] = [];
  for (const [subpath, symbols] of bySubpath) {
    for (const symbol of symbols) {
      for (const used of namedTypesUsedBy(checker, resolveAlias(checker, symbol), root)) {
        if (!exported.has(used)) dangling.push(`${subpath}: ${symbol.name} → ${used.name}`);
      }
    }
  }
  return { exports, dangling: [...new Set(dangling)].sort() };
}

function resolveAlias(checker: ts.TypeChecker, symbol: ts.Symbol): ts.Symbol {
  return symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
}

/**
 * Interfaces, type aliases, classes and enums declared under src/ that the public parts of
 * `symbol`'s declarations name (type references and `extends` clauses). Private members,
 * function bodies and initializers are not public and are skipped.
 */
function namedTypesUsedBy(checker: ts.TypeChecker, symbol: ts.Symbol, root: string): Set<ts.Symbol> {
  const found = new Set<ts.Symbol>();
  const visit = (node: ts.Node): void => {
    if (ts.isBlock(node)) return;
    if ((ts.isPropertyDeclaration(node) || ts.isMethodDeclaration(node)) && isPrivate(node)) return;
    if (ts.isPrivateIdentifier(node)) return;
    if ((ts.isTypeReferenceNode(node) || ts.isExpressionWithTypeArguments(node)) && !ts.isTypeParameterDeclaration(node.parent)) {
      const name = ts.isTypeReferenceNode(node) ? node.typeName : node.expression;
      let target = checker.getSymbolAtLocation(name);
      if (target !== undefined) {
        target = resolveAlias(checker, target);
        const declaration = target.declarations?.[0];
        const fromSrc = declaration?.getSourceFile().fileName.startsWith(`${root}/src/`) ?? false;
        if (fromSrc && target.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class | ts.SymbolFlags.Enum)) {
          found.add(target);
        }
      }
    }
    if (ts.isVariableDeclaration(node) && node.type === undefined) return; // an inferred constant: its value is not a declaration
    ts.forEachChild(node, visit);
  };
  for (const declaration of symbol.declarations ?? []) {
    if (ts.isVariableDeclaration(declaration)) {
      if (declaration.type !== undefined) visit(declaration.type);
    } else {
      ts.forEachChild(declaration, visit);
    }
  }
  return found;
}

function isPrivate(node: ts.PropertyDeclaration | ts.MethodDeclaration): boolean {
  return (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Private) !== 0 || ts.isPrivateIdentifier(node.name);
}
