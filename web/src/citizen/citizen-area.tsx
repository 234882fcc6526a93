// The citizen portal (issue 13, item 2; docs/web.md): /citizen and the pages under it, loaded
// only when first visited (routes.tsx). Without a session it is the sign-in page (all the first
// page loads); with one, the signed-in portal, loaded then (signed-in-portal.tsx). The messages
// are in the `citizen` namespace, added here when this code loads.
import { lazy, Suspense, type ReactNode } from 'react';
import { Loading } from '../app/states';
import './citizen.css';
import { addCitizenMessages } from './i18n/messages';
import { useSession } from './session';
import { SignInPage } from './sign-in-page';

addCitizenMessages();

const SignedInPortal = lazy(() => import('./signed-in-portal'));

export function CitizenArea(): ReactNode {
  const session = useSession();
  if (session === undefined) return <SignInPage />;
  return (
    <Suspense fallback={<Loading />}>
      <SignedInPortal session={session} />
    </Suspense>
  );
}

export default CitizenArea;
