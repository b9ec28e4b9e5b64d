import { useEffect, useRef, useState } from 'preact/hooks';
import { loadCapabilities, NO_CAPABILITIES, type Capabilities } from '../api/capabilities';
import { setSessionHooks } from '../api/client';
import { isDown, onConnectionChange, retryNow } from '../api/connection';
import { api } from '../api/endpoints';
import type { User } from '../api/types';
import { Layout } from '../components/Layout';
import { loadPlantsEarly } from '../lib/earlyPlants';
import { RetryBanner } from '../components/RetryBanner';
import { AdminPage } from '../pages/AdminPage';
import { GatewaysPage } from '../pages/GatewaysPage';
import { NotFoundPage } from '../pages/NotFoundPage';
import { NotificationsPage } from '../pages/NotificationsPage';
import { PasswordPage } from '../pages/PasswordPage';
import { PlantFormPage } from '../pages/PlantFormPage';
import { PlantPage } from '../pages/PlantPage';
import { PlantsPage } from '../pages/PlantsPage';
import { RegisterPage } from '../pages/RegisterPage';
import { SignInPage } from '../pages/SignInPage';
import { currentTarget, match, navigate, usePlace, type Place } from './router';
import { guard } from './guard';

/** The signed-in pages, by path. */
function page(place: Place, user: User, caps: Capabilities) {
  const { path } = place;
  if (path === '/plants') return <PlantsPage place={place} live={caps.stream} />;
  if (path === '/plants/new') return <PlantFormPage />;
  let m = match('/plants/:id/edit', path);
  if (m) return <PlantFormPage id={m.id} />;
  m = match('/plants/:id', path);
  if (m) return <PlantPage key={m.id} id={m.id!} place={place} caps={caps} />;
  if (path === '/gateways') return <GatewaysPage />;
  if (path === '/admin') return <AdminPage user={user} />;
  if (path === '/notifications' && caps.webhooks) return <NotificationsPage />;
  return <NotFoundPage />;
}

/**
 * The shell: who is signed in, where they may be (guard.ts), the retry
 * banner, and the page for the URL. A 401 from any call sends the person to
 * sign in and back here afterwards; a required password change pins them to
 * the password page.
 */
export function App() {
  const place = usePlace();
  // undefined while asking the API who this is; null when nobody is signed in.
  const [user, setUser] = useState<User | null | undefined>(undefined);
  const [caps, setCaps] = useState(NO_CAPABILITIES);
  const [down, setDown] = useState(isDown());
  const userRef = useRef(user);
  userRef.current = user;

  useEffect(() => {
    setSessionHooks({
      unauthorized() {
        if (!userRef.current) return; // a failed sign-in, not an expired session
        setUser(null);
        navigate(`/signin?expired=1&next=${encodeURIComponent(currentTarget())}`, { replace: true });
      },
      passwordChangeRequired() {
        if (userRef.current) setUser({ ...userRef.current, is_password_temp: true });
      },
    });
    loadPlantsEarly(place.path);
    api.me().then(setUser, () => setUser(null));
    loadCapabilities().then(setCaps, () => {});
    return onConnectionChange(setDown);
  }, []);

  const redirect = user === undefined ? null : guard(place, user);
  useEffect(() => {
    if (redirect) navigate(redirect, { replace: true });
  }, [redirect]);

  // Move focus to the new page, so screen readers and keyboards start there.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) return void (first.current = false);
    document.getElementById('main')?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [place.path]);

  const banner = down && (
    <>
      <div class="retry-spacer" />
      <RetryBanner onRetry={retryNow} />
    </>
  );
  if (user === undefined || redirect) return <>{banner}</>;

  const signedIn = (u: User) => {
    setUser(u);
    const next = place.query.get('next');
    navigate(u.is_password_temp ? '/password' : next && next.startsWith('/') && !next.startsWith('//') ? next : '/plants', { replace: true });
  };
  const signOut = async () => {
    await api.signOut().catch(() => {});
    setUser(null);
    navigate('/signin', { replace: true });
  };

  if (place.path === '/signin')
    return (
      <>
        <SignInPage expired={place.query.has('expired')} onSignedIn={signedIn} />
        {banner}
      </>
    );
  if (place.path === '/register')
    return (
      <>
        <RegisterPage onSignedIn={signedIn} />
        {banner}
      </>
    );
  if (!user) return null;
  if (place.path === '/password')
    return (
      <>
        <PasswordPage user={user} onChanged={signedIn} onSignOut={signOut} />
        {banner}
      </>
    );
  return (
    <>
      <Layout user={user} path={place.path} webhooks={caps.webhooks} onSignOut={signOut}>
        {page(place, user, caps)}
      </Layout>
      {banner}
    </>
  );
}
