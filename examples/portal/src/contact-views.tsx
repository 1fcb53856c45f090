/** View Contacts and Edit Contact (tabs Contact Details, Login & Password, Permissions, Unlock). */
import type { FC } from 'hono/jsx';
import type { EffectiveGrid } from 'otpkit/permissions';
import type { Contact } from './data.js';
import { Csrf, type Flash, Layout, type PageContext } from './views.js';

export const ContactsPage: FC<{ ctx: PageContext; contacts: Contact[]; flash?: Flash; canEdit: boolean }> = ({
  ctx,
  contacts,
  flash,
  canEdit,
}) => (
  <Layout title="View Contacts" ctx={ctx} flash={flash ?? null}>
    <h1>View Contacts</h1>
    <p>
      <a href="/contacts.csv" download="contacts.csv" class="button">
        Download CSV File
      </a>
    </p>
    <table class="grid contacts">
      <thead>
        <tr>
          <th>ID</th>
          <th>Name</th>
          <th>Title</th>
          <th>Phone</th>
          <th>Email</th>
          <th>edit</th>
          <th>deactivate</th>
        </tr>
      </thead>
      <tbody>
        {contacts.map((c) => (
          <tr class={c.active ? '' : 'inactive'}>
            <td>{c.id}</td>
            <td>
              {c.name}
              {c.is_primary && <span class="tag">primary</span>}
            </td>
            <td>{c.title}</td>
            <td>{c.phone}</td>
            <td>{c.email}</td>
            <td>{canEdit && <a href={`/contacts/${c.id}/edit`}>edit</a>}</td>
            <td>
              {canEdit && !c.is_primary && c.active ? (
                <form method="post" action={`/contacts/${c.id}/deactivate`} class="inline">
                  <Csrf ctx={ctx} />
                  <button type="submit" class="link">
                    deactivate
                  </button>
                </form>
              ) : c.active ? (
                ''
              ) : (
                'inactive'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </Layout>
);

export type Tab = 'details' | 'login' | 'permissions' | 'unlock';
const TABS: ReadonlyArray<[Tab, string]> = [
  ['details', 'Contact Details'],
  ['login', 'Login & Password'],
  ['permissions', 'Permissions'],
  ['unlock', 'Unlock'],
];

export interface EditContactData {
  contact: Contact;
  tab: Tab;
  grid?: EffectiveGrid;
  filter?: string;
  twoFactorEnabled?: boolean;
  lock?: { enrollmentSeconds: number; loginSeconds: number; failures: number };
  mayEditPermissions?: boolean;
  mayResetTwoFactor?: boolean;
}

const LABEL: Record<string, string> = { allow: 'Allow', deny: 'Deny', inherit: 'Inherit' };

export const EditContactPage: FC<{ ctx: PageContext; data: EditContactData; flash?: Flash }> = ({ ctx, data, flash }) => {
  const { contact, tab } = data;
  return (
    <Layout title="Edit Contact" ctx={ctx} flash={flash ?? null}>
      <h1>
        Edit Contact: {contact.name} ({contact.id})
      </h1>
      <nav class="tabs">
        {TABS.map(([id, label]) => (
          <a
            href={`/contacts/${contact.id}/edit?tab=${id}`}
            class={id === tab ? 'tab active' : 'tab'}
            aria-current={id === tab ? 'page' : undefined}
          >
            {label}
          </a>
        ))}
      </nav>
      <section class="card tab-body">
        {tab === 'details' && <DetailsTab ctx={ctx} contact={contact} />}
        {tab === 'login' && <LoginTab ctx={ctx} data={data} />}
        {tab === 'permissions' && <PermissionsTab ctx={ctx} data={data} />}
        {tab === 'unlock' && <UnlockTab ctx={ctx} data={data} />}
      </section>
    </Layout>
  );
};

const DetailsTab: FC<{ ctx: PageContext; contact: Contact }> = ({ ctx, contact }) => (
  <form method="post" action={`/contacts/${contact.id}/details`}>
    <Csrf ctx={ctx} />
    <label>
      Name
      <input name="name" value={contact.name} maxlength={80} required />
    </label>
    <label>
      Title
      <input name="title" value={contact.title} maxlength={80} />
    </label>
    <label>
      Phone
      <input name="phone" value={contact.phone} maxlength={30} />
    </label>
    <label>
      Email
      <input name="email" type="email" value={contact.email} maxlength={254} required />
    </label>
    <button type="submit">Update</button>
  </form>
);

const LoginTab: FC<{ ctx: PageContext; data: EditContactData }> = ({ ctx, data }) => (
  <>
    <h3>Password</h3>
    <form method="post" action={`/contacts/${data.contact.id}/password`}>
      <Csrf ctx={ctx} />
      <label>
        New password
        <input name="password" type="password" autocomplete="new-password" minlength={10} maxlength={256} required />
      </label>
      <button type="submit">Update</button>
    </form>
    <h3>Two-Factor Authentication</h3>
    <p>
      Two-Factor: <strong id="contact-two-factor">{data.twoFactorEnabled ? 'Enabled' : 'Not enabled'}</strong>
    </p>
    {data.twoFactorEnabled && data.mayResetTwoFactor && (
      <form method="post" action={`/contacts/${data.contact.id}/two-factor/reset`}>
        <Csrf ctx={ctx} />
        <p>Lost phone? Resetting turns Two-Factor off for this contact; they can enroll again after logging in.</p>
        <label>
          Your password
          <input name="password" type="password" autocomplete="current-password" maxlength={256} required />
        </label>
        <button type="submit" class="danger">
          Reset Two-Factor
        </button>
      </form>
    )}
  </>
);

const PermissionsTab: FC<{ ctx: PageContext; data: EditContactData }> = ({ ctx, data }) => {
  const grid = data.grid as EffectiveGrid;
  const filter = (data.filter ?? '').toLowerCase();
  const rows = grid.rows.filter((row) => filter === '' || row.label.toLowerCase().includes(filter));
  const path = `/contacts/${data.contact.id}`;
  return (
    <>
      <form method="get" action={`${path}/edit`} class="filter">
        <input type="hidden" name="tab" value="permissions" />
        <label>
          Filter resources
          <input name="filter" value={data.filter ?? ''} maxlength={80} />
        </label>
        <button type="submit" class="secondary">
          Filter
        </button>
      </form>
      <form method="post" action={`${path}/permissions`}>
        <Csrf ctx={ctx} />
        <table class="grid permissions">
          <thead>
            <tr>
              <th>Resource</th>
              {grid.actions.map((action) => (
                <th>{action[0]?.toUpperCase() + action.slice(1)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr data-resource={row.id}>
                <th scope="row" class={`depth-${row.depth}`}>
                  {row.label}
                </th>
                {row.cells.map((cell) =>
                  cell.stored === null ? (
                    <td class="na">-</td>
                  ) : (
                    <td>
                      {data.mayEditPermissions ? (
                        <select name={`cell:${row.id}:${cell.action}`} aria-label={`${row.label} ${cell.action}`}>
                          {['allow', 'deny', 'inherit'].map((value) => (
                            <option value={value} selected={cell.stored === value}>
                              {LABEL[value]}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <span>{LABEL[cell.stored]}</span>
                      )}
                      {cell.stored === 'inherit' && <span class="inherited">{cell.display}</span>}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {data.mayEditPermissions && <button type="submit">Update</button>}
      </form>
    </>
  );
};

const UnlockTab: FC<{ ctx: PageContext; data: EditContactData }> = ({ ctx, data }) => {
  const lock = data.lock ?? { enrollmentSeconds: 0, loginSeconds: 0, failures: 0 };
  const locked = lock.enrollmentSeconds > 0 || lock.loginSeconds > 0 || lock.failures > 0;
  return (
    <>
      <p id="lock-status">
        {locked
          ? `Locked: ${lock.failures} failed Two-Factor attempts${lock.loginSeconds > 0 ? `, log in refused for ${lock.loginSeconds} more seconds` : ''}${
              lock.enrollmentSeconds > 0 ? `, Two-Factor changes refused for ${lock.enrollmentSeconds} more seconds` : ''
            }.`
          : 'Not locked.'}
      </p>
      <form method="post" action={`/contacts/${data.contact.id}/unlock`}>
        <Csrf ctx={ctx} />
        <button type="submit">Unlock</button>
      </form>
    </>
  );
};
