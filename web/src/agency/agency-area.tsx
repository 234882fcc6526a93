// The agency console (issue 13, item 3; docs/web.md): /agency and the pages under it, loaded
// only when first visited (routes.tsx). Without a session it is the sign-in page; with one, the
// console, loaded then (signed-in-console.tsx). Messages in the `agency` namespace.
import { lazy, Suspense, type ReactNode } from 'react';
import { Loading } from '../app/states';
import '../citizen/citizen.css';
import './agency.css';
import { addAgencyMessages } from './i18n/messages';
import { useAgencySession } from './session';
import { SignInPage } from './sign-in-page';

addAgencyMessages();

const SignedInConsole = lazy(() => import('./signed-in-console'));

export function AgencyArea(): ReactNode {
  const session = useAgencySession();
  if (session === undefined) return <SignInPage />;
  return (
    <Suspense fallback={<Loading />}>
      <SignedInConsole session={session} />
    </Suspense>
  );
}

export default AgencyArea;
