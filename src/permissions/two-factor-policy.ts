/**
 * The 2FA policy adapter: who may enable or disable whose second factor, and who may edit whose
 * permissions. It plugs into the enrollment service as its `permissions` port (docs/design.md, "The
 * portal scenario" and "Permissions: the decision procedure", the 2FA gate).
 *
 * Rules, checked in this order (the first that applies answers):
 * 1. The actor's own decision on the consulted cell must be `allow` (an `error` or `deny` refuses,
 *    with the resolver's explanation). The consulted cell is the gate (default Client Profile /
 *    View) when the actor acts on itself, else the grant for acting on others.
 * 2. Acting on itself: managing its own 2FA is allowed (the gate said allow); editing its own
 *    permissions is refused unless the actor is the primary contact (no self-escalation).
 * 3. The subject must be on the account.
 * 4. The primary contact may act on anyone.
 * 5. Nobody else may act on the primary contact (a delegate must not be able to turn off the
 *    owner's second factor or touch the owner's grid).
 * 6. Otherwise an explicit grant decides: Manage Contacts / Update (`contacts.update`) for
 *    another contact's 2FA, Contact Permissions / Update (`contact-permissions.update`) for
 *    another contact's permissions. "Explicit" means the `allow` is stored on that very resource
 *    (in the actor's own cells or one of its roles), not inherited from an ancestor: an Allow on
 *    Client Profile / Update, meant for editing one's own profile, must not spill into power over
 *    other contacts. A grant option set to `null` means "primary contact only".
 *
 * Defaults name resources of `DEFAULT_PORTAL_TREE`. A default grant whose resource (or action)
 * the resolver's tree lacks becomes `null` ("primary contact only"), so a policy over another
 * tree needs only its `gate`; a resource the caller names explicitly must exist (else
 * `RangeError`). Options are read as own properties only.
 * @module
 */
import { assertMethods, assertOptions, assertString, describe } from '../internal/assert.js';
import type { PermissionDecision, PermissionExplanation } from './decision.js';
import { CLIENT_PROFILE, CONTACT_PERMISSIONS, MANAGE_CONTACTS } from './default-tree.js';
import { ownOption } from './read.js';
import type { PermissionResolver } from './resolver.js';

/** A policy answer: whether the operation may proceed, and why. */
export interface TwoFactorPolicyAnswer {
  /** `true` only when the operation may proceed. */
  readonly allowed: boolean;
  /** The rule that answered (see {@link twoFactorPolicy}). */
  readonly rule:
    | 'resolver'
    | 'self'
    | 'self-edit'
    | 'unknown-subject'
    | 'primary'
    | 'subject-is-primary'
    | 'primary-only'
    | 'inherited-grant'
    | 'grant';
  /** The actor's decision on the consulted cell (see rule 1). */
  readonly decision: PermissionDecision;
  /** The resolver's explanation of `decision`, with its trail. */
  readonly explanation: PermissionExplanation;
  /** One line for logs and audit screens (ids only). */
  readonly summary: string;
}

/** The `permissions` port of the enrollment service. */
export interface TwoFactorPolicy {
  /**
   * May `actor` enable or disable `subject`'s 2FA?
   * @throws TypeError if an argument is not a string.
   */
  mayManageTwoFactor(actor: string, subject: string): TwoFactorPolicyAnswer;
  /**
   * May `actor` change `subject`'s permission cells or roles?
   * @throws TypeError if an argument is not a string.
   */
  mayEditPermissions(actor: string, subject: string): TwoFactorPolicyAnswer;
}

/** A cell of the grid: a resource id and one of its actions. */
type PermissionTarget = { readonly resource: string; readonly action: string };
/** Options of {@link twoFactorPolicy}. */
type TwoFactorPolicyOptions = NonNullable<Parameters<typeof twoFactorPolicy>[1]>;
/** Which rule answered. */
type TwoFactorPolicyRule = TwoFactorPolicyAnswer['rule'];

const DEFAULT_GATE: PermissionTarget = Object.freeze({ resource: CLIENT_PROFILE, action: 'view' });
const DEFAULT_MANAGE_OTHERS: PermissionTarget = Object.freeze({ resource: MANAGE_CONTACTS, action: 'update' });
const DEFAULT_EDIT_OTHERS: PermissionTarget = Object.freeze({ resource: CONTACT_PERMISSIONS, action: 'update' });

/**
 * Builds the 2FA policy over a permission resolver.
 * @param resolver - a {@link PermissionResolver} from `createPermissionResolver`.
 * @param options - own properties only; each names a cell of the grid, `{ resource, action }`:
 *   `gate` (default `client-profile` / `view`), `manageOthers` (default `contacts` / `update`) and
 *   `editOthersPermissions` (default `contact-permissions` / `update`). A default grant whose
 *   cell the tree lacks becomes `null`, "primary contact only"; on a tree other than
 *   `DEFAULT_PORTAL_TREE`, pass at least `gate`.
 * @returns a frozen {@link TwoFactorPolicy}; each answer carries the decision and its explanation.
 * @throws TypeError if `resolver` is not a resolver or an option has the wrong shape (`gate:
 *   null` included).
 * @throws RangeError if the resolver's tree is valid but lacks the gate (the default one too), or
 *   a grant the caller named explicitly, or the resource lacks the named action (a
 *   misconfiguration, caught at once).
 * @example
 * // The cases' tree calls Client Profile `profile`; Manage Contacts is `contacts` there too.
 * const policy = twoFactorPolicy(createPermissionResolver(model), { gate: { resource: 'profile', action: 'view' } });
 * const answer = policy.mayManageTwoFactor(session.contactId, session.contactId);
 * if (!answer.allowed) return forbidden(answer.summary);
 */
export function twoFactorPolicy(
  resolver: PermissionResolver,
  options?: {
    /**
     * The cell a contact needs to enable or disable its own 2FA (docs/design.md's gate,
     * `resolve(contact, 'client-profile', 'view')`). Default `{ resource: 'client-profile',
     * action: 'view' }`, the default portal tree's Client Profile. A tree without that resource
     * must name its own gate, e.g. `{ resource: 'profile', action: 'view' }` for the cases' tree;
     * there is no fallback, since without a gate nobody but the primary contact could be judged.
     */
    gate?: { readonly resource: string; readonly action: string };
    /**
     * The grant that lets a non-primary contact enable or disable another contact's 2FA, or `null`
     * for "primary contact only". Default `{ resource: 'contacts', action: 'update' }` (Manage
     * Contacts / Update) when the tree has that cell, else `null`.
     */
    manageOthers?: { readonly resource: string; readonly action: string } | null;
    /**
     * The grant that lets a non-primary contact edit another contact's permissions, or `null` for
     * "primary contact only". Default `{ resource: 'contact-permissions', action: 'update' }`
     * (Contact Permissions / Update) when the tree has that cell, else `null`.
     */
    editOthersPermissions?: { readonly resource: string; readonly action: string } | null;
  },
): TwoFactorPolicy {
  assertMethods('resolver', resolver, ['explain', 'contact']);
  const opts = assertOptions('options', options);
  const option = (key: keyof TwoFactorPolicyOptions): unknown => ownOption(opts, key);
  const gate = target(resolver, 'gate', option('gate'), DEFAULT_GATE, false);
  const manageOthers = target(resolver, 'manageOthers', option('manageOthers'), DEFAULT_MANAGE_OTHERS, true);
  const editOthers = target(resolver, 'editOthersPermissions', option('editOthersPermissions'), DEFAULT_EDIT_OTHERS, true);
  // Paths of the grant resources, looked up once (a question must not scan the tree).
  const grantPath = new Map<string, string | null>();
  for (const grant of [manageOthers, editOthers]) {
    if (grant !== null) grantPath.set(grant.resource, pathOf(resolver, grant.resource));
  }
  const policy: PolicyContext = { resolver, gate, grantPath };
  return Object.freeze({
    mayManageTwoFactor: (actor: string, subject: string) =>
      decide(policy, { actor, subject, grant: manageOthers, what: 'manage 2FA', mayActOnSelf: true }),
    mayEditPermissions: (actor: string, subject: string) =>
      decide(policy, { actor, subject, grant: editOthers, what: 'edit permissions', mayActOnSelf: false }),
  });
}

/** What a policy's questions share: the resolver, the gate and the grant resources' paths. */
interface PolicyContext {
  readonly resolver: PermissionResolver;
  readonly gate: PermissionTarget;
  readonly grantPath: ReadonlyMap<string, string | null>;
}

/** One question; `grant` is the cell needed to act on another contact (`null`: primary only). */
interface Question {
  readonly actor: string;
  readonly subject: string;
  readonly grant: PermissionTarget | null;
  readonly what: string;
  readonly mayActOnSelf: boolean;
}

/** Rules 1–6 for one question, with the explanation of the cell consulted. */
function decide(policy: PolicyContext, question: Question): TwoFactorPolicyAnswer {
  const { actor, subject, grant } = question;
  assertString('actor', actor);
  assertString('subject', subject);
  const consulted = actor === subject ? policy.gate : (grant ?? policy.gate);
  const explanation = policy.resolver.explain(actor, consulted.resource, consulted.action);
  const { trail: _trail, findings: _findings, summary: _summary, ...decision } = explanation;
  const [allowed, rule, why] = applyRules(policy, question, explanation);
  return Object.freeze({
    allowed,
    rule,
    decision: Object.freeze(decision) as PermissionDecision,
    explanation,
    summary: `${allowed ? 'allowed' : 'refused'}: ${JSON.stringify(actor)} ${question.what} of ${JSON.stringify(subject)}: ${why}`,
  });
}

/** The rule that answers `question`, given the resolver's explanation: `[allowed, rule, why]`. */
function applyRules(
  policy: PolicyContext,
  { actor, subject, grant, mayActOnSelf }: Question,
  explanation: PermissionExplanation,
): [boolean, TwoFactorPolicyRule, string] {
  if (explanation.decision !== 'allow') return [false, 'resolver', explanation.summary];
  const actorIsPrimary = explanation.source === 'primary';
  if (actor === subject) {
    if (actorIsPrimary) return [true, 'primary', explanation.summary];
    if (mayActOnSelf) return [true, 'self', explanation.summary];
    return [false, 'self-edit', 'only the primary contact may edit its own permissions'];
  }
  const subjectInfo = policy.resolver.contact(subject);
  if (subjectInfo === null) return [false, 'unknown-subject', 'no such contact'];
  if (actorIsPrimary) return [true, 'primary', 'primary contact'];
  if (subjectInfo.primary) return [false, 'subject-is-primary', 'only the primary contact may act on the primary contact'];
  if (grant === null) return [false, 'primary-only', 'primary contact only'];
  if (explanation.decidedBy !== policy.grantPath.get(grant.resource)) {
    return [false, 'inherited-grant', `the grant must be set on ${grant.resource} itself (${explanation.summary})`];
  }
  return [true, 'grant', explanation.summary];
}

/** The resource's path in the resolver's tree, or `null` if the tree has no such resource. */
function pathOf(resolver: PermissionResolver, resource: string): string | null {
  return resolver.resources.find(({ id }) => id === resource)?.path ?? null;
}

type Resolver = PermissionResolver;
function target(resolver: Resolver, name: string, value: unknown, fallback: PermissionTarget, nullable: true): PermissionTarget | null;
function target(resolver: Resolver, name: string, value: unknown, fallback: PermissionTarget, nullable: false): PermissionTarget;
/**
 * The option `value` (`undefined` → `fallback`) checked against the resolver's tree. A defaulted
 * grant (`nullable`) whose cell the tree lacks is `null`; anything named explicitly, and the
 * gate, must exist.
 */
function target(
  resolver: PermissionResolver,
  name: string,
  value: unknown,
  fallback: PermissionTarget,
  nullable: boolean,
): PermissionTarget | null {
  const defaulted = value === undefined;
  if (value === undefined) value = fallback;
  if (value === null) {
    if (nullable) return null;
    throw new TypeError(`"${name}" expected { resource, action }, got null`);
  }
  const resource = typeof value === 'object' ? ownOption(value, 'resource') : undefined;
  const action = typeof value === 'object' ? ownOption(value, 'action') : undefined;
  if (typeof resource !== 'string' || typeof action !== 'string') {
    throw new TypeError(`"${name}" expected { resource, action } strings, got ${describe(value)}`);
  }
  // Only a valid tree can be checked; an invalid one fails every query closed anyway.
  if (resolver.resources.length > 0) {
    const found = resolver.resources.find(({ id }) => id === resource);
    if (found === undefined || !found.actions.includes(action)) {
      if (defaulted && nullable) return null;
      const hint = defaulted ? ' (the default of the portal tree; pass the gate option for this tree)' : '';
      const got = describe(`${resource}.${action}`);
      throw new RangeError(`"${name}" expected a resource and action of the tree, got ${got}${hint}`);
    }
  }
  return Object.freeze({ resource, action });
}
