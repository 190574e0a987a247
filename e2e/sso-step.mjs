// The journey's single sign-on step, against the real OpenID Connect provider that
// scripts/test starts (e2e/oidc-provider.mjs): a police officer's first sign-in makes an
// account that waits for the administrator; once activated she signs in through the
// provider; signing out at the provider ends her Concord session (back-channel logout),
// and signing out of Concord signs her out of the provider; a colleague whose groups
// give no Concord role is refused.

const LABEL = 'Sign in with Essex Police (journey provider)';

export async function singleSignOn(page, h) {
  const { open, follow, inspect, must, should, bodyText, pathOf, signInAs, provider } = h;
  const atProvider = () => new URL(page.url()).origin === provider;

  const signOut = page.getByRole('button', { name: 'Sign out', exact: true });
  if ((await signOut.count()) > 0) await follow(page, signOut.first(), 'Sign out');
  await open(page, '/sign-in');
  await page.waitForLoadState('networkidle');
  const button = page.getByRole('button', { name: LABEL, exact: true });
  must((await button.count()) === 1, `the sign-in page should offer "${LABEL}"`);

  // The provider's own sign-in page; a wrong password is its business, not Concord's.
  await follow(page, button, LABEL);
  must(atProvider() && pathOf(page).startsWith('/interaction/'), `"${LABEL}" should lead to the provider's sign-in page, not ${page.url()}`);
  await page.getByLabel('Username').fill('priya.shah');
  await page.getByLabel('Password').fill('not her password');
  await follow(page, page.getByRole('button', { name: 'Sign in' }), 'wrong password at the provider', { okStatus: (s) => s === 401 });
  should((await bodyText(page)).includes('Wrong username or password'), 'the provider should refuse a wrong password');

  // First sign-in: an account is made, inactive, for the administrator to check.
  await page.getByLabel('Username').fill('priya.shah');
  await page.getByLabel('Password').fill('Provider-journey-2026');
  await follow(page, page.getByRole('button', { name: 'Sign in' }), 'first single sign-on', { okStatus: (s) => s === 403 });
  must(!atProvider() && pathOf(page) === '/sign-in/sso/essex-police/callback', `the provider should send her back to Concord's callback, not ${page.url()}`);
  must((await bodyText(page)).includes('Your Concord account has been made and is waiting to be activated'),
    'a first single sign-on should say the account waits for an administrator');
  await inspect(page, 'sso-account-waiting');

  // The administrator activates it, seeing the roles her groups gave.
  await signInAs(page, 'admin');
  await open(page, '/accounts/waiting');
  const row = page.locator('tr', { hasText: 'Priya Shah' });
  must((await row.count()) === 1, '/accounts/waiting should list Priya Shah');
  should((await row.innerText()).includes('Public protection officer'), 'her row should show the role her group gives');
  should((await row.innerText()).includes('Essex Police (journey provider)'), 'her row should name the provider');
  await inspect(page, 'accounts-waiting');
  await follow(page, page.getByRole('button', { name: 'Activate Priya Shah' }), 'Activate Priya Shah');
  must((await bodyText(page)).includes('priya.shah can now sign in'), 'activating should say she can now sign in');
  should((await page.locator('tr', { hasText: 'Priya Shah' }).count()) === 0, 'once active she is no longer waiting');
  await follow(page, page.getByRole('button', { name: 'Sign out', exact: true }).first(), 'Sign out (admin)');

  // Signed in at the provider already: straight back, signed in, on to her cases.
  await open(page, '/sign-in');
  await page.waitForLoadState('networkidle');
  await follow(page, page.getByRole('button', { name: LABEL, exact: true }), `${LABEL} (activated)`);
  await page.waitForURL((url) => url.pathname === '/cases', { timeout: 15_000 });
  await page.waitForLoadState('networkidle');
  should((await bodyText(page)).includes('Priya Shah'), 'signed in through the provider, the page should name Priya Shah');
  await inspect(page, 'sso-signed-in');

  // Signing out at the provider ends her Concord session too (back-channel logout).
  await page.goto(`${provider}/session/end`, { waitUntil: 'load' });
  await follow(page, page.getByRole('button', { name: 'Yes, sign me out' }), 'sign out at the provider');
  await page.goto(`${h.base}/cases`, { waitUntil: 'load' });
  must(pathOf(page).startsWith('/sign-in'), 'after she signed out at the provider, her Concord session should have ended (back-channel logout)');

  // Signed in again (the provider asks for her password now)...
  await page.waitForLoadState('networkidle');
  await follow(page, page.getByRole('button', { name: LABEL, exact: true }), `${LABEL} (again)`);
  must(atProvider() && (await page.getByLabel('Password').count()) === 1, 'signed out at the provider, it should ask for her password');
  await page.getByLabel('Username').fill('priya.shah');
  await page.getByLabel('Password').fill('Provider-journey-2026');
  await follow(page, page.getByRole('button', { name: 'Sign in' }), 'single sign-on again');
  await page.waitForURL((url) => url.pathname === '/cases', { timeout: 15_000 });
  await page.waitForLoadState('networkidle');

  // ...then signing out of Concord signs her out of the provider, after it asks.
  await follow(page, page.getByRole('button', { name: 'Sign out', exact: true }).first(), 'Sign out (single sign-on)');
  // Concord's page says so, then moves on to the provider by itself.
  await page.waitForURL((url) => url.origin === provider, { timeout: 15_000 })
    .catch(() => must(false, `signing out should go on to the provider's sign-out, not ${page.url()}`));
  await follow(page, page.getByRole('button', { name: 'Yes, sign me out' }), 'confirm sign-out at the provider');
  must(pathOf(page) === '/sign-in' && !atProvider(), `after signing out at the provider, back to Concord's sign-in page, not ${page.url()}`);
  should((await bodyText(page)).includes('You have signed out'), 'the sign-in page should say she has signed out');
  await page.goto(`${h.base}/cases`, { waitUntil: 'load' });
  should(pathOf(page).startsWith('/sign-in'), 'after single sign-out /cases should need signing in');

  // The provider's session ended too: signing in again asks for her password.
  await page.waitForLoadState('networkidle');
  await follow(page, page.getByRole('button', { name: LABEL, exact: true }), `${LABEL} (after sign-out)`);
  must(atProvider() && (await page.getByLabel('Password').count()) === 1,
    'after single sign-out the provider should ask for the password again');

  // A colleague whose groups give no Concord role is refused, and no account is made.
  await page.getByLabel('Username').fill('sam.canteen');
  await page.getByLabel('Password').fill('Provider-journey-2026');
  await follow(page, page.getByRole('button', { name: 'Sign in' }), 'single sign-on with no mapped group', { okStatus: (s) => s === 403 });
  should((await bodyText(page)).includes('Your account does not give you a role in Concord'),
    'a provider account in no mapped group should be told it has no role');
  await inspect(page, 'sso-no-role');
}
