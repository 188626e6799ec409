// A stand-in for a text-message provider, for tests only: it speaks Twilio's Messages API on
// loopback (POST /2010-04-01/Accounts/{sid}/Messages.json, form-encoded, basic auth) and keeps
// the texts it accepted instead of sending them. It lets tests see what CareTeam sent, to whom and
// how often, and what happens when the provider errors or refuses.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';

export type StandInText = { sid: string; to: string; from: string | null; messagingServiceSid: string | null; body: string };

export type SmsStandIn = {
  url: string;
  accountSid: string;
  authToken: string;
  /** The texts it accepted, in order. */
  texts: StandInText[];
  /** Every request to the Messages endpoint, accepted or not. */
  requests: number;
  /** The next `n` requests get this HTTP status (500: the provider is down; 400: it refuses). */
  failNext: (n: number, status?: number) => void;
  textsTo: (number: string) => StandInText[];
  close: () => Promise<void>;
};

export async function startSmsStandIn(): Promise<SmsStandIn> {
  const accountSid = `AC${randomBytes(16).toString('hex')}`;
  const authToken = randomBytes(16).toString('hex');
  let failing: { n: number; status: number } = { n: 0, status: 500 };
  const sockets = new Set<Socket>();
  const self: SmsStandIn = {
    url: '',
    accountSid,
    authToken,
    texts: [],
    requests: 0,
    failNext: (n, status = 500) => {
      failing = { n, status };
    },
    textsTo: (number) => self.texts.filter((t) => t.to === number),
    close: () => new Promise((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.method !== 'POST' || req.url !== `/2010-04-01/Accounts/${accountSid}/Messages.json`) {
        send(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
        return;
      }
      self.requests++;
      const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
      if (req.headers.authorization !== expected) {
        send(401, { code: 20003, message: 'Authenticate', status: 401 });
        return;
      }
      if (failing.n > 0) {
        failing.n--;
        send(failing.status, { code: failing.status >= 500 ? 20500 : 21211, message: failing.status >= 500 ? 'Internal Server Error' : 'Invalid To Phone Number', status: failing.status });
        return;
      }
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      const to = form.get('To');
      const body = form.get('Body');
      const from = form.get('From');
      const messagingServiceSid = form.get('MessagingServiceSid');
      if (!to || !body || (!from && !messagingServiceSid)) {
        send(400, { code: 21604, message: 'A required parameter is missing', status: 400 });
        return;
      }
      const sid = `SM${randomBytes(16).toString('hex')}`;
      self.texts.push({ sid, to, from, messagingServiceSid, body });
      send(201, { sid, status: 'queued', to, from, body, account_sid: accountSid });
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  self.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return self;
}
