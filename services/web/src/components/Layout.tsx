import type { ComponentChildren } from 'preact';
import type { User } from '../api/types';

/** The leaf of the Rootly mark. */
export function Leaf() {
  return (
    <svg class="leaf" viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
      <rect width="32" height="32" rx="8" fill="#2f6b45" />
      <path d="M16 26c0-7 1-12 8-16-1 7-3 11-8 12M16 26c0-5-1-8-6-11 0 5 2 8 6 9" fill="none" stroke="#f4f1ea" stroke-width="2.2" stroke-linecap="round" />
    </svg>
  );
}

interface Props {
  user: User;
  path: string;
  webhooks: boolean;
  onSignOut: () => void;
  children: ComponentChildren;
}

/** The signed-in frame: skip link, header with the main navigation, the page. */
export function Layout({ user, path, webhooks, onSignOut, children }: Props) {
  const link = (href: string, label: string) => (
    <a href={href} aria-current={path === href || path.startsWith(`${href}/`) ? 'page' : undefined}>
      {label}
    </a>
  );
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="/plants">
          <Leaf /> Rootly
        </a>
        <nav class="nav" aria-label="Main">
          {link('/plants', 'Plants')}
          {link('/gateways', 'Gateways')}
          {webhooks && link('/notifications', 'Notifications')}
          {user.role === 'admin' && link('/admin', 'Admin')}
        </nav>
        <div class="who">
          <span class="who__name" title={user.email}>
            {user.display_name ?? user.email}
          </span>
          <button type="button" class="button button--small button--quiet" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

/** The frame of the sign-in, register and password pages. */
export function AuthLayout({ children }: { children: ComponentChildren }) {
  return (
    <main id="main" class="auth" tabIndex={-1}>
      <div class="auth__brand">
        <Leaf /> Rootly
      </div>
      <div class="auth__card">{children}</div>
      <p class="auth__tagline">Readings in, happy plants out.</p>
    </main>
  );
}
