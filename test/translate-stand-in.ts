// A stand-in for a LibreTranslate server, for tests only: it speaks the same HTTP API on loopback
// but "translates" from a small fixed phrase table. It is not a translator; it lets tests see what
// CareTeam asks for, how often, and what happens when the server is down, erroring or slow.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** English ↔ Spanish phrases the stand-in knows. Anything else comes back tagged, untranslated. */
export const PHRASES: readonly [en: string, es: string][] = [
  ['Good morning', 'Buenos días'],
  ['Thank you', 'Gracias'],
  ['He slept well last night.', 'Durmió bien anoche.'],
  ['He used the first–then board at breakfast and asked for more juice with two words.', 'Usó el tablero de primero–después en el desayuno y pidió más jugo con dos palabras.'],
  ['That is wonderful news! Keep practising at snack time this week.', '¡Qué buena noticia! Sigan practicando a la hora de la merienda esta semana.'],
  ['Can we move Thursday’s session to the afternoon?', '¿Podemos mover la sesión del jueves a la tarde?'],
  ['Yes, 3 pm works. See you then.', 'Sí, a las 3 de la tarde está bien. Nos vemos.'],
  ['Great job this week! Keep it up.', '¡Buen trabajo esta semana! Sigan así.'],
  ['Maya was so brave with the balloon game this week. Try it at bath time!', 'Maya fue muy valiente con el juego del globo esta semana. ¡Pruébenlo a la hora del baño!'],
  ['Asking for help with two words during play.', 'Pedir ayuda con dos palabras durante el juego.'],
  ['He waited for his turn three times.', 'Esperó su turno tres veces.'],
  ['Ask for more at snack time, every day.', 'Pedir más a la hora de la merienda, todos los días.'],
  ['More at snack time', 'Más a la hora de la merienda'],
  // The newsletters walk's newsletter.
  ['Summer reading club', 'Club de lectura de verano'],
  [
    'Every **Friday** at 4 pm in the library.\n\n- Books in English and Spanish\n- Snacks for everyone\n\nSee [the library](https://example.org/library).',
    'Cada **viernes** a las 4 de la tarde en la biblioteca.\n\n- Libros en inglés y español\n- Merienda para todos\n\nVea [la biblioteca](https://example.org/library).',
  ],
];

/**
 * English sentences the stand-in knows in Arabic and Vietnamese (the content-translation walk's
 * goal and practice, the strategies walk's clinic strategy). Anything else comes back tagged, untranslated.
 */
export const MORE_PHRASES: Readonly<Record<string, Readonly<Record<'ar' | 'vi', string>>>> = {
  'Ask for help with two words at snack time.': { ar: 'يطلب المساعدة بكلمتين وقت الوجبة الخفيفة.', vi: 'Xin giúp đỡ bằng hai từ vào giờ ăn nhẹ.' },
  'So he can tell us what he needs.': { ar: 'لكي يخبرنا بما يحتاج إليه.', vi: 'Để con có thể nói cho chúng ta biết con cần gì.' },
  'Snack-time requests': { ar: 'الطلبات وقت الوجبة الخفيفة', vi: 'Xin đồ vào giờ ăn nhẹ' },
  'Hold the snack where he can see it.': { ar: 'أمسك الوجبة حيث يستطيع رؤيتها.', vi: 'Cầm đồ ăn ở chỗ con nhìn thấy.' },
  'Wait five seconds for him to ask.': { ar: 'انتظر خمس ثوانٍ حتى يطلب.', vi: 'Chờ năm giây để con xin.' },
  'Give it as soon as he uses two words.': { ar: 'أعطه إياها بمجرد أن يستخدم كلمتين.', vi: 'Đưa ngay khi con dùng hai từ.' },
  'Pointing instead of words.': { ar: 'الإشارة بدلاً من الكلمات.', vi: 'Chỉ tay thay vì nói.' },
  'Turn-taking at bath time': { ar: 'تبادل الأدوار وقت الاستحمام', vi: 'Lần lượt vào giờ tắm' },
  // The clinic's own strategy of the strategies walk.
  'Dinosaur countdown': { ar: 'العد التنازلي مع الديناصور', vi: 'Đếm ngược cùng khủng long' },
  'Counting down with his dinosaur before a change.': { ar: 'العد التنازلي مع الديناصور قبل أي تغيير.', vi: 'Đếm ngược cùng khủng long trước khi đổi việc.' },
  'Show him the dinosaur.': { ar: 'أره الديناصور.', vi: 'Cho con xem con khủng long.' },
  'Count down from five together.': { ar: 'عُدّا معاً تنازلياً من خمسة.', vi: 'Cùng đếm ngược từ năm.' },
  'Let him hold it.': { ar: 'دعه يمسكه.', vi: 'Để con cầm nó.' },
};

/**
 * Arabic sentences the stand-in knows in English (a mother's journal entries, read by an
 * English-speaking therapist). Any other Arabic comes back tagged, untranslated.
 */
export const ARABIC_PHRASES: Readonly<Record<string, string>> = {
  'أطفأنا التلفاز قبل العشاء.': 'We turned off the TV before dinner.',
  'بكى ورمى الكوب على الأرض.': 'He cried and threw the cup on the floor.',
  'عانقته وعددنا معًا إلى عشرة.': 'I hugged him and we counted to ten together.',
  'قال «ماء» وحده لأول مرة!': 'He said "water" on his own for the first time!',
};

const ARABIC = /[\u0600-\u06FF]/;

/** Languages the stand-in translates into, unless told fewer. */
// All seven of CareTeam's languages, as a LibreTranslate with their models installed (what the README asks for).
export const STAND_IN_TARGETS: readonly string[] = ['en', 'es', 'ar', 'vi', 'zh', 'pt', 'fr'];

export type StandInMode = 'up' | 'refused' | 'error' | 'slow';
/** One text asked for; the texts of one request share its `request` number. */
export type StandInCall = { path: string; q: string; source: string; target: string; apiKey: string | undefined; request: number };

const SPANISH_HINT = /[áéíóúñ¿¡]|\b(el|la|los|las|que|de|y|en|por|con|muy|hoy|pero|está|es)\b/i;

function detect(text: string): string {
  if (ARABIC.test(text)) return 'ar';
  const t = text.trim().toLowerCase();
  for (const [en, es] of PHRASES) {
    if (en.toLowerCase() === t) return 'en';
    if (es.toLowerCase() === t) return 'es';
  }
  return SPANISH_HINT.test(text) ? 'es' : 'en';
}

function translate(text: string, source: string, target: string): string {
  if (source === target) return text;
  if (source === 'ar') return (target === 'en' ? ARABIC_PHRASES[text.trim()] : undefined) ?? `[${target}] ${text}`;
  const t = text.trim().toLowerCase();
  if (source === 'en' && (target === 'ar' || target === 'vi')) {
    const known = Object.entries(MORE_PHRASES).find(([en]) => en.toLowerCase() === t);
    if (known) return known[1][target];
  }
  // PHRASES are English and Spanish only: into any other language, the text comes back tagged.
  if (target === 'en' || target === 'es') {
    for (const pair of PHRASES) {
      const from = source === 'en' ? pair[0] : pair[1];
      if (from.toLowerCase() === t) return target === 'en' ? pair[0] : pair[1];
    }
  }
  return `[${target}] ${text}`;
}

export type JsonSend = (status: number, body: unknown) => void;

/** An HTTP server answering JSON: `handle` gets each request with its whole body, and `send` to answer. */
export function jsonServer(handle: (req: http.IncomingMessage, body: Buffer, send: JsonSend, res: http.ServerResponse) => void): http.Server {
  return http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      handle(req, Buffer.concat(chunks), (status, body) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      }, res);
    });
  });
}

export type TranslateStandIn = {
  url: string;
  /** Every text /translate and /detect were asked for, in order (a request with several texts gives one each). */
  calls: StandInCall[];
  /** up: answers; refused: nothing listens; error: 500s; slow: holds each request `slowMs` before answering. */
  setMode: (mode: StandInMode) => Promise<void>;
  slowMs: number;
  close: () => Promise<void>;
};

/**
 * Starts the stand-in on 127.0.0.1 (a free port unless given); with `apiKey`, requests without it
 * get 403; with `targets`, it lists and translates into only those, and answers any other target
 * as LibreTranslate does without its model: 400 "xx is not supported".
 */
export async function startTranslateStandIn(opts: { apiKey?: string; port?: number; targets?: readonly string[] } = {}): Promise<TranslateStandIn> {
  const targets = opts.targets ?? STAND_IN_TARGETS;
  let mode: StandInMode = 'up';
  const calls: StandInCall[] = [];
  let requests = 0;
  const sockets = new Set<Socket>();
  const held = new Set<NodeJS.Timeout>();
  const self: TranslateStandIn = {
    url: '',
    calls,
    slowMs: 10_000,
    setMode: async (next) => {
      if (next === 'refused' && mode !== 'refused') await stopListening();
      if (next !== 'refused' && mode === 'refused') await listen(port);
      mode = next;
    },
    close: async () => {
      for (const t of held) clearTimeout(t);
      if (mode !== 'refused') await stopListening();
    },
  };

  const server = jsonServer((req, raw, send, res) => {
    const path = (req.url ?? '').split('?')[0] ?? '';
    if (req.method === 'GET' && path === '/languages') {
      send(200, [{ code: 'en', name: 'English', targets }, { code: 'es', name: 'Spanish', targets }]);
      return;
    }
    if (req.method !== 'POST' || (path !== '/translate' && path !== '/detect')) {
      send(404, { error: 'Not found' });
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      send(400, { error: 'Invalid request: the body is not JSON' });
      return;
    }
    // Like LibreTranslate, q is one text or an array of them (then the answer's fields are arrays too).
    const many = Array.isArray(body.q);
    const qs = many ? (body.q as unknown[]).map((x) => (typeof x === 'string' ? x : '')) : [typeof body.q === 'string' ? body.q : ''];
    const apiKey = typeof body.api_key === 'string' ? body.api_key : undefined;
    const source = typeof body.source === 'string' ? body.source : 'auto';
    const target = typeof body.target === 'string' ? body.target : '';
    const request = ++requests;
    for (const q of qs) calls.push({ path, q, source, target, apiKey, request });
    const answer = () => {
      if (mode === 'error') return send(500, { error: 'The translation engine stopped.' });
      if (opts.apiKey && apiKey !== opts.apiKey) return send(403, { error: 'Invalid API key' });
      if (qs.length === 0 || qs.some((q) => !q)) return send(400, { error: 'Invalid request: missing q parameter' });
      const q = qs[0] ?? '';
      if (path === '/detect') return send(200, [{ language: detect(q), confidence: 90 }]);
      if (!targets.includes(target)) return send(400, { error: `${target} is not supported` });
      const answers = qs.map((one) => {
        const from = source === 'auto' ? detect(one) : source;
        return { translatedText: translate(one, from, target), detectedLanguage: { language: from, confidence: 90 } };
      });
      const first = answers[0];
      if (!many && first) send(200, { translatedText: first.translatedText, ...(source === 'auto' ? { detectedLanguage: first.detectedLanguage } : {}) });
      else send(200, { translatedText: answers.map((a) => a.translatedText), ...(source === 'auto' ? { detectedLanguage: answers.map((a) => a.detectedLanguage) } : {}) });
    };
    if (mode === 'slow') {
      const timer = setTimeout(() => {
        held.delete(timer);
        if (!res.destroyed) answer();
      }, self.slowMs);
      held.add(timer);
    } else answer();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  function listen(p: number): Promise<void> {
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(p, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  }
  function stopListening(): Promise<void> {
    return new Promise((resolve) => {
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  }

  await listen(opts.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  self.url = `http://127.0.0.1:${port}`;
  return self;
}
