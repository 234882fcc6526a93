// The authority dashboard (issue 13, item 4; docs/web.md): /authority and the pages under it,
// loaded only when first visited (routes.tsx). Without a token it is the sign-in page; with one,
// the dashboard (dashboard.tsx, loaded then). The messages are in the `authority` namespace.
import { lazy, Suspense, type ReactNode } from 'react';
import { Loading } from '../app/states';
import './authority.css';
import { addAuthorityMessages } from './i18n/messages';
import { useToken } from './session';
import { SignInPage } from './sign-in-page';

addAuthorityMessages();

const Dashboard = lazy(() => import('./dashboard'));

export function AuthorityArea(): ReactNode {
  const token = useToken();
  if (token === undefined) return <SignInPage />;
  return (
    <Suspense fallback={<Loading />}>
      <Dashboard />
    </Suspense>
  );
}

export default AuthorityArea;
