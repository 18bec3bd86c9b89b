/**
 * Getting in for the first time: POST /api/auth/invitation (public, rate
 * limited like sign-in) uses an invitation link's token, sets the agent's
 * password and signs them in; POST /api/auth/password/replace-temporary lets a
 * session opened with a temporary password set the agent's own. GET /invite is
 * the page a browser shows for a mailed link: the token is after `#`, so it
 * never reaches the hub, and the page only says where to paste the link.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { InvitationSignInRequest, ReplaceTemporaryPasswordRequest } from '../../shared/agent-access.js';
import { INVITE_PATH } from '../../shared/invitation-link.js';
import { LoginResponse } from '../../shared/protocol.js';
import type { HubServices } from '../services/hub-services.js';
import { signInRateLimit } from './rate-limits.js';
import { signedIn } from './request-auth.js';

/** Static, no script and no token in it: the same page for every link. */
const INVITE_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchboard invitation</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;line-height:1.6}</style>
</head>
<body>
<main>
<h1>You are invited to Switchboard</h1>
<ol>
<li>Open the Switchboard desktop app (ask your admin for it if you do not have it yet).</li>
<li>On the sign-in screen choose <strong>I have an invitation</strong>.</li>
<li>Paste this whole link (copy it from your browser's address bar or from the mail) and choose your password.</li>
</ol>
<p>The link works once, for seven days. If it no longer works, ask your admin for a new one.</p>
<section lang="ja">
<h2>Switchboard への招待</h2>
<ol>
<li>Switchboard デスクトップアプリを開きます（お持ちでない場合は管理者にお問い合わせください）。</li>
<li>サインイン画面で<strong>「招待を受けた」</strong>を選びます。</li>
<li>このリンク全体（ブラウザーのアドレスバーまたはメールからコピー）を貼り付け、パスワードを決めます。</li>
</ol>
<p>リンクは 1 回だけ、7 日間使えます。使えない場合は管理者に新しいリンクを依頼してください。</p>
</section>
</main>
</body>
</html>
`;

export const invitationRoutes: FastifyPluginAsyncZod<{ services: HubServices }> = async (app, { services }) => {
  app.post(
    '/api/auth/invitation',
    {
      config: { public: true, rateLimit: signInRateLimit },
      schema: {
        summary: 'Use an invitation: set my password and sign in (the token works once)',
        body: InvitationSignInRequest,
        response: { 200: LoginResponse },
      },
    },
    async (request) => services.auth.signInWithInvitation(request.body, request.ip),
  );

  app.post(
    '/api/auth/password/replace-temporary',
    {
      schema: {
        summary: 'Replace the temporary password this session was opened with; my other sessions are revoked',
        body: ReplaceTemporaryPasswordRequest,
        response: { 204: z.undefined() },
      },
    },
    async (request, reply) => {
      await services.auth.replaceTemporaryPassword(signedIn(request), request.body);
      return reply.status(204).send();
    },
  );

  app.get(
    INVITE_PATH,
    { config: { public: true }, schema: { summary: 'What to do with an invitation link (a page for browsers)' } },
    async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'public, max-age=3600')
        .header('referrer-policy', 'no-referrer')
        .send(INVITE_PAGE),
  );
};
