/**
 * No function in src/ longer than 60 lines (issue #9), outside the unrolled hash rounds
 * (src/internal/sha*-block.ts, whose length is the hash's round count written out). Length is
 * counted from a function's first line to its last, as the TypeScript compiler parses the file;
 * a nested function counts toward its own length and toward its parent's.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const MAX_LINES = 60;
const HASH_ROUNDS = /^internal\/sha\d+-block\.ts$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.ts$/.test(name) ? [path] : [];
  });
}

/** `file:line name (n lines)` for each function-like node over the limit. */
function longFunctions(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > MAX_LINES) found.push(`${relative(SRC, file)}:${first + 1} ${nameOf(node)} (${lines} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function nameOf(node: ts.Node): string {
  const named = node as { name?: ts.Node };
  if (named.name !== undefined) return named.name.getText();
  const parent = node.parent;
  if (parent !== undefined && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))) return parent.name.getText();
  return '(anonymous)';
}

describe('function length', () => {
  it(`has no function over ${MAX_LINES} lines in src/ outside the hash rounds`, () => {
    const files = filesUnder(SRC).filter((f) => !HASH_ROUNDS.test(relative(SRC, f)));
    expect(files.length).toBeGreaterThan(20);
    expect(files.flatMap(longFunctions)).toEqual([]);
  });
});
