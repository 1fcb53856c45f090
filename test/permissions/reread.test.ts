/**
 * Check, then read again (#10.4), for permission models: the reader copies each own data
 * property once (src/permissions/read.ts), so a Proxy that answers one value to validation and
 * another to compilation cannot make the resolver decide on data that was never validated.
 */
import { describe, expect, it } from 'vitest';
import { createPermissionResolver, DEFAULT_PORTAL_TREE, validate } from '../../src/permissions/index.js';
import { propertyPaths, rereadPaths, shifting } from '../shifting-proxy.js';

const MODEL = {
  tree: DEFAULT_PORTAL_TREE,
  contacts: [
    { id: 'owner', primary: true, roles: [] },
    { id: 'alice', primary: false, roles: ['helpdesk'] },
    { id: 'dave', primary: false, roles: [] },
  ],
  roles: { helpdesk: { 'client-profile': { view: 'allow' } } },
  grants: {
    alice: { contacts: { update: 'deny' } },
    dave: { 'client-profile': { view: 'allow' }, contacts: { update: 'allow' } },
  },
};
const plain = structuredClone(MODEL);
const RESOURCES = plain.tree.resources.map((r: { id: string }) => r.id);
const ACTIONS = plain.tree.actions as readonly string[];

/** Every decision of a resolver built from `model`, as lines (a throw is recorded). */
function decisions(model: unknown): string {
  try {
    const r = createPermissionResolver(model);
    const lines = [`valid ${r.valid} ${r.findings.map((f) => `${f.code}@${f.path}`).join(' ')}`];
    for (const contact of ['owner', 'alice', 'dave', 'eve']) {
      for (const resource of RESOURCES) {
        for (const action of ACTIONS) {
          const d = r.resolve(contact, resource, action);
          lines.push(`${contact} ${resource} ${action} ${d.decision} ${d.decidedBy} ${d.source}`);
        }
      }
    }
    return lines.join('\n');
  } catch (error) {
    return `threw ${(error as Error).name}`;
  }
}

/** A second answer for any path: flips allow/deny, a primary flag, and renames ids. */
function secondAnswer(value: unknown): unknown {
  if (value === 'allow') return 'deny';
  if (value === 'deny') return 'allow';
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'string') return `${value}-x`;
  if (Array.isArray(value)) return [];
  if (value === null) return 'portal';
  return {};
}

describe('permission models are read once', () => {
  it('no own property of the model is read twice by createPermissionResolver', () => {
    const { proxy, reads } = shifting(plain);
    expect(decisions(proxy)).toBe(decisions(plain));
    expect(rereadPaths(reads)).toEqual([]);
  });

  it('no own property of the model is read twice by validate', () => {
    const { proxy, reads } = shifting(plain);
    expect(validate(proxy)).toEqual(validate(plain));
    expect(rereadPaths(reads)).toEqual([]);
  });

  it('every path × a second answer after 1–3 reads: the decisions of one consistent model', () => {
    const paths = propertyPaths(plain);
    expect(paths.length).toBeGreaterThan(50);
    for (const path of paths) {
      let at: unknown = plain;
      for (const key of path) at = (at as Record<string, unknown>)[key];
      const second = secondAnswer(at);
      const changed = structuredClone(plain) as Record<string, unknown>;
      let parent = changed;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string, unknown>;
      parent[path.at(-1) as string] = second;
      const consistent = [decisions(plain), decisions(changed)];
      for (let after = 1; after <= 3; after++) {
        const { proxy } = shifting(plain, { path, after, value: second });
        expect(consistent, `${path.join('.')} after ${after}`).toContain(decisions(proxy));
      }
    }
  });
});
