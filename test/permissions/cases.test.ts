/**
 * Every case of `test/fixtures/cases/permissions.json` against `resolve`, `explain` and `effectiveGrid`.
 * Expected values come from the case file only. The case file is the team's original, kept
 * byte-identical: it spells decisions and reasons in its own casing (`not_applicable`,
 * `TREE_CYCLE`), which {@link kebab} maps to otpkit's (`not-applicable`, `tree-cycle`).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createPermissionResolver, type PermissionDecision } from '../../src/permissions/index.js';

interface PermissionCase {
  id: string;
  note: string;
  tree: unknown;
  contacts: unknown;
  roles?: unknown;
  grants: unknown;
  query: { contact: string; resource: string; action: string };
  expected: { decision: string; decidedBy: string | null; inherited: boolean; source?: string; reason?: string };
}

const file = new URL('../fixtures/cases/permissions.json', import.meta.url);
const { cases: raw } = JSON.parse(readFileSync(file, 'utf8')) as { cases: PermissionCase[] };

/** The case file's `SNAKE_CASE` or `snake_case` → otpkit's kebab-case (#9, item 6). */
function kebab(code: string): string {
  return code.toLowerCase().replaceAll('_', '-');
}

const cases = raw.map((c) => {
  const { reason, ...expected } = c.expected;
  return {
    ...c,
    expected: { ...expected, decision: kebab(expected.decision), ...(reason === undefined ? {} : { reason: kebab(reason) }) },
  };
});

function pick(decision: PermissionDecision, keys: readonly string[]): Record<string, unknown> {
  const record = decision as unknown as Record<string, unknown>;
  return Object.fromEntries(keys.map((key) => [key, record[key]]));
}

describe('permission cases', () => {
  it('the case file is loaded', () => {
    expect(cases.length).toBeGreaterThanOrEqual(27);
  });

  for (const c of cases) {
    const model = { tree: c.tree, contacts: c.contacts, roles: c.roles ?? {}, grants: c.grants };
    const { contact, resource, action } = c.query;

    it(`${c.id} (${c.note}): resolve`, () => {
      const decision = createPermissionResolver(model).resolve(contact, resource, action);
      expect(pick(decision, Object.keys(c.expected))).toEqual(c.expected);
      if (c.expected.decision === 'error') expect(decision.source).toBeNull();
    });

    it(`${c.id} (${c.note}): explain and can agree with resolve`, () => {
      const resolver = createPermissionResolver(model);
      const explanation = resolver.explain(contact, resource, action);
      expect(pick(explanation, Object.keys(c.expected))).toEqual(c.expected);
      expect(resolver.can(contact, resource, action)).toBe(c.expected.decision === 'allow');
      if (c.expected.decision === 'allow' || c.expected.decision === 'deny') {
        expect(explanation.trail.filter((step) => step.decisive)).toHaveLength(1);
      }
    });

    it(`${c.id} (${c.note}): the grid cell equals the case`, () => {
      const grid = createPermissionResolver(model).effectiveGrid(contact);
      const row = grid.rows.find((r) => r.id === resource);
      const cell = row?.cells.find((x) => x.action === action);
      if (cell === undefined) {
        // Only queries that fail before reaching a cell have no grid cell.
        expect(c.expected.decision).toBe('error');
        expect(['unknown-resource', 'unknown-action', 'tree-cycle', 'duplicate-resource-id', 'unknown-parent']).toContain(
          c.expected.reason,
        );
        return;
      }
      expect(pick(cell.decision, Object.keys(c.expected))).toEqual(c.expected);
    });

    if (c.expected.decision === 'error') {
      it(`${c.id} (${c.note}): validate reports the finding or the query is unknown`, () => {
        const resolver = createPermissionResolver(model);
        if (['unknown-contact', 'unknown-resource', 'unknown-action'].includes(c.expected.reason ?? '')) {
          expect(resolver.valid).toBe(true);
        } else {
          expect(resolver.findings.map((f) => f.code)).toContain(c.expected.reason);
        }
      });
    }
  }
});
