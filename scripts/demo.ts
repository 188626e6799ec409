// The demo clinic for `npm run demo`: a small but realistic clinic with families in two homes,
// siblings, families who read and write in Spanish, Vietnamese, Arabic and Chinese (their
// therapists write in English), and a teacher let in by a guardian's consent. Written
// straight to the database the running server uses, dated relative to the day it is loaded;
// loading it into the same database twice changes nothing. `npm run demo` gives it a folder of
// its own, emptied at each start (demo-folder.ts).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql, type Insertable } from 'kysely';
import { ROLE_PERMISSIONS, type Permission, type TeamRole } from '../src/contract/access.ts';
import type { Locale } from '../src/contract/locales.ts';
import { recordAudit, type AuditContext } from '../src/server/access/audit.ts';
import type { Config } from '../src/server/config.ts';
import { createDb, createPool, type Tx } from '../src/server/db/database.ts';
import type { JournalEntryTable, MeasurementTable, NotificationTable, PracticeLogTable } from '../src/server/db/schema.ts';
import { hashPassword } from '../src/server/features/auth/password.ts';
import { localDate } from '../src/server/features/children/calendar.ts';
import { applyFamilyContactDefaults } from '../src/server/features/notifications/contact-defaults.repository.ts';
import { listedDays } from '../src/server/features/practice/schedule.ts';
import { renderMarkdown } from '../src/server/features/newsletters/markdown.ts';
import { audienceOf, newsletterMail } from '../src/server/features/newsletters/newsletter-send.ts';
import type { Deps } from '../src/server/deps.ts';
import { queueMail } from '../src/server/mail/mail.service.ts';
import { createDemoMedia } from './demo-media.ts';
import { createCheckins } from './demo-checkins.ts';
import { createMessages } from './demo-messages.ts';
import { createSessionsAndEvents } from './demo-sessions.ts';
import { createStrategyUse } from './demo-strategy-use.ts';
import { createResourcesAndRatings } from './demo-resources.ts';

export const DEMO_CLINIC = "Sunrise Children's Therapy";
export const DEMO_PASSWORD = 'careteam-demo-2026';
/** The demo's admin: with the clinic's name, how a folder holding only the demo is recognised. */
export const DEMO_ADMIN_EMAIL = 'admin@sunrise.example';
/** Where `npm run demo` keeps its data unless DATA_DIR or DATABASE_URL says otherwise. */
export const DEMO_DATA_DIR = 'data-demo';
const TIME_ZONE = 'America/Chicago';

type DemoUser = { key: string; name: string; email: string; locale: Locale; role: string; note: string; phone?: string };

const USERS: DemoUser[] = [
  { key: 'admin', name: 'Grace Kim', email: DEMO_ADMIN_EMAIL, locale: 'en', role: 'clinic admin', note: 'clinicians, families, audit log' },
  { key: 'slp', name: 'Sam Rivera', email: 'sam.rivera@sunrise.example', locale: 'en', role: 'speech therapist', note: 'Leo, Ava, Sofía, Yousef' },
  { key: 'ot', name: 'Olivia Chen', email: 'olivia.chen@sunrise.example', locale: 'en', role: 'occupational therapist', note: 'Leo, Noah, Bảo, Yutong' },
  { key: 'diego', name: 'Diego Martínez', email: 'diego.martinez@family.example', locale: 'en', role: 'guardian', note: "Leo · Dad's home" },
  { key: 'laura', name: 'Laura Bennett', email: 'laura.bennett@family.example', locale: 'en', role: 'guardian (restricted)', note: "Leo · Mum's home" },
  { key: 'keisha', name: 'Keisha Johnson', email: 'keisha.johnson@family.example', locale: 'en', role: 'guardian', note: 'Ava and Noah (one login)' },
  { key: 'dorothy', name: 'Dorothy Johnson', email: 'dorothy.johnson@family.example', locale: 'en', role: 'caregiver', note: 'Ava and Noah · grandmother' },
  { key: 'carmen', name: 'Carmen Hernández', email: 'carmen.hernandez@family.example', locale: 'es', role: 'guardian (Spanish)', note: 'Sofía' },
  { key: 'lan', name: 'Lan Nguyễn', email: 'lan.nguyen@family.example', locale: 'vi', role: 'guardian (Vietnamese)', note: 'Bảo · prefers text messages', phone: '+13125550142' },
  { key: 'mariam', name: 'Mariam Haddad', email: 'mariam.haddad@family.example', locale: 'ar', role: 'guardian (Arabic)', note: 'Yousef' },
  { key: 'fang', name: 'Fang Wang', email: 'fang.wang@family.example', locale: 'zh', role: 'guardian (Chinese)', note: 'Yutong' },
  { key: 'teacher', name: 'Hannah Park', email: 'hannah.park@school.example', locale: 'en', role: 'teacher', note: 'Leo · with Diego’s consent' },
];

type Profile = {
  languages: string[];
  cultureValues: string;
  routines: string;
  motivators: string;
  contactChannel: 'in_app' | 'email' | 'sms';
  contactHours: string;
};

type DemoChild = {
  key: string;
  firstName: string;
  lastName: string;
  /** How old the child is on the day the demo is loaded, so the ages stay right whenever it runs. */
  age: Age;
  pronouns: string;
  therapyTypes: string[];
  createdBy: string;
  profile: Profile;
  team: { user: string; role: TeamRole; household?: string; without?: Permission[] }[];
  /** The family joined by invitation: their notification channel and quiet hours start from this profile, as the app sets them. */
  joinedByInvitation?: boolean;
};

type Age = { years: number; months: number; days: number };

/** The birth date of a child this old on `today` (YYYY-MM-DD). */
function bornAgo(today: string, age: Age): string {
  const d = new Date(`${today}T12:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - age.years, d.getUTCMonth() - age.months, d.getUTCDate() - age.days);
  return d.toISOString().slice(0, 10);
}

const CHILDREN: DemoChild[] = [
  {
    key: 'leo', firstName: 'Leo', lastName: 'Martínez', age: { years: 5, months: 8, days: 12 }, pronouns: 'he/him', therapyTypes: ['speech', 'occupational'], createdBy: 'slp',
    profile: {
      languages: ['English', 'Spanish'],
      cultureValues: 'Leo lives half the week at Dad’s and half at Mum’s. Dad speaks Spanish with him and we want him to keep both languages. Sunday lunch with his abuela is a big, loud, happy family time.',
      routines: 'School 8:15–3:00. Dad’s home Monday to Wednesday, Mum’s home Thursday to Sunday. Bath, two books and bed at 7:30. Swimming on Saturday mornings.',
      motivators: 'Trains (especially the blue engine), bubbles, being the helper who pushes the elevator button, high fives.',
      contactChannel: 'in_app',
      contactHours: 'Weekdays after 6 pm; Saturday mornings',
    },
    team: [
      { user: 'slp', role: 'therapist' },
      { user: 'ot', role: 'therapist' },
      { user: 'diego', role: 'guardian', household: "Dad's home" },
      { user: 'laura', role: 'guardian', household: "Mum's home", without: ['team.contacts', 'messages.team'] },
    ],
  },
  {
    key: 'ava', firstName: 'Ava', lastName: 'Johnson', age: { years: 6, months: 5, days: 3 }, pronouns: 'she/her', therapyTypes: ['speech'], createdBy: 'slp',
    profile: {
      languages: ['English'],
      cultureValues: 'Church on Sunday is important to our family and the kids sing in the children’s choir. Grandma Dorothy picks the children up from school and is part of everything we do.',
      routines: 'Up at 6:45, school bus at 7:40. Grandma’s house after school until 5:30. Homework, dinner at 6, bed at 8.',
      motivators: 'Singing, stickers, drawing horses, reading with Grandma, extra time on the swing.',
      contactChannel: 'email',
      contactHours: 'Evenings 7–9 pm; Grandma is available weekdays 3–5 pm',
    },
    team: [
      { user: 'slp', role: 'therapist' },
      { user: 'keisha', role: 'guardian', household: 'Home' },
      { user: 'dorothy', role: 'caregiver', household: "Grandma's house" },
    ],
  },
  {
    key: 'noah', firstName: 'Noah', lastName: 'Johnson', age: { years: 4, months: 0, days: 19 }, pronouns: 'he/him', therapyTypes: ['occupational'], createdBy: 'ot',
    profile: {
      languages: ['English'],
      cultureValues: 'Noah is Ava’s little brother and wants to do everything she does. We are a church family; Sunday mornings are busy. Grandma Dorothy looks after him on weekdays.',
      routines: 'Preschool mornings 8:30–12:00, lunch and a nap at Grandma’s (1:00–2:30), playground before dinner, bath and bed at 7:30.',
      motivators: 'Dinosaurs, play-dough, jumping on the trampoline, doing things “like Ava”.',
      contactChannel: 'email',
      contactHours: 'Evenings 7–9 pm',
    },
    team: [
      { user: 'ot', role: 'therapist' },
      { user: 'keisha', role: 'guardian', household: 'Home' },
      { user: 'dorothy', role: 'caregiver', household: "Grandma's house" },
    ],
  },
  {
    key: 'sofia', firstName: 'Sofía', lastName: 'Hernández', age: { years: 5, months: 2, days: 26 }, pronouns: 'ella', therapyTypes: ['speech'], createdBy: 'slp',
    profile: {
      languages: ['Español'],
      cultureValues: 'En casa hablamos solo español y queremos que Sofía crezca orgullosa de sus dos culturas. La familia es muy unida: los abuelos viven con nosotros y participan en todo. Los domingos vamos a misa y comemos todos juntos.',
      routines: 'Se levanta a las 7:00 y desayuna con su abuelo. Escuela de 8:00 a 2:30. Siesta corta al llegar, luego juega en el patio. Cena a las 7:00, baño, un cuento en español y a dormir a las 8:30.',
      motivators: 'Las canciones de cuna de su abuela, los rompecabezas de animales, pintar con acuarelas, ayudar a cocinar tortillas, las calcomanías de estrellas.',
      contactChannel: 'in_app',
      contactHours: 'De lunes a viernes, de 6 a 8 de la tarde (en español, por favor)',
    },
    team: [
      { user: 'slp', role: 'therapist' },
      { user: 'carmen', role: 'guardian', household: 'Casa' },
    ],
  },
  // Three families who read CareTeam in their own language; the therapists write to them in English.
  {
    key: 'bao', firstName: 'Bảo', lastName: 'Nguyễn', age: { years: 4, months: 3, days: 9 }, pronouns: 'he/him', therapyTypes: ['occupational', 'feeding'], createdBy: 'ot',
    profile: {
      languages: ['Vietnamese', 'English'],
      cultureValues: 'Ở nhà cả gia đình nói tiếng Việt. Bà nội sống cùng chúng tôi và ngày nào cũng nấu cơm cho cả nhà. Chúng tôi mong Bảo ngồi ăn cơm được cùng mọi người, nhất là bữa tối và những ngày Tết.',
      routines: 'Bảo dậy lúc 6 giờ 30. Đi học mẫu giáo từ 8 giờ đến 3 giờ chiều, chiều về chơi với bà nội. Cả nhà ăn tối lúc 6 giờ, sau đó tắm, đọc truyện và đi ngủ lúc 8 giờ.',
      motivators: 'Xe cứu hỏa, thổi bong bóng xà phòng, nhún trên giường, xem ảnh gia đình trên điện thoại, được khen “Bảo giỏi quá!”.',
      contactChannel: 'sms',
      contactHours: 'Buổi tối 20:00–21:30 (nhắn tin là tiện nhất)',
    },
    team: [
      { user: 'ot', role: 'therapist' },
      { user: 'lan', role: 'guardian', household: 'Nhà' },
    ],
    joinedByInvitation: true,
  },
  {
    key: 'yousef', firstName: 'Yousef', lastName: 'Haddad', age: { years: 5, months: 10, days: 4 }, pronouns: 'he/him', therapyTypes: ['speech'], createdBy: 'slp',
    profile: {
      languages: ['Arabic', 'English'],
      cultureValues: 'نتكلم العربية في البيت، ونريد أن يبقى يوسف قادرًا على الكلام مع جدّه وجدّته بالعربية؛ نتصل بهما بالفيديو كل أسبوع. يوم الجمعة يوم العائلة: نزور الأقارب ونأكل الغداء معًا.',
      routines: 'يستيقظ يوسف الساعة 7:00. المدرسة من 8:15 إلى 3:00. بعد المدرسة يلعب مع أخته الصغيرة في الحديقة، ثم العشاء الساعة 6:30، والحمّام، وقصة قبل النوم الساعة 8:00.',
      motivators: 'السيارات والشاحنات، الرسم بالطباشير على الرصيف، كرة القدم مع أبيه، الملصقات، وأن نقول له «شاطر يا يوسف!».',
      contactChannel: 'in_app',
      contactHours: 'من الأحد إلى الخميس، بعد الساعة 4 مساءً',
    },
    team: [
      { user: 'slp', role: 'therapist' },
      { user: 'mariam', role: 'guardian', household: 'البيت' },
    ],
    joinedByInvitation: true,
  },
  {
    key: 'yutong', firstName: 'Yutong', lastName: 'Wang', age: { years: 6, months: 2, days: 17 }, pronouns: 'she/her', therapyTypes: ['occupational'], createdBy: 'ot',
    profile: {
      languages: ['Chinese', 'English'],
      cultureValues: '我们在家说普通话，希望雨桐中文和英文都能说好。外婆去年来和我们一起住，平时接送雨桐上下学。周末我们常去中文学校，也喜欢一家人去公园。',
      routines: '早上 7 点起床，8 点上学，下午 3 点外婆接她回家。吃点心，写写画画，玩一会儿。6 点半吃晚饭，然后洗澡、讲故事，8 点半睡觉。周六上午去中文学校。',
      motivators: '画画、贴纸、她的小兔子玩偶、荡秋千、帮外婆包饺子。',
      contactChannel: 'email',
      contactHours: '工作日晚上 21:00–22:00（孩子睡了以后）',
    },
    team: [
      { user: 'ot', role: 'therapist' },
      { user: 'fang', role: 'guardian', household: '家' },
    ],
    joinedByInvitation: true,
  },
];

/** The teacher joins Leo's team by Diego's recorded consent. */

type DemoGoal = {
  child: string; by: string; agreedBy?: string; area: string; statement: string;
  measure: 'count' | 'percent' | 'rating' | 'duration' | 'yes_no'; unit: string; baseline: number | null; target: number;
  lowerIsBetter?: boolean; settings: ('therapy' | 'home' | 'school')[]; priority: number; why: string;
  status: 'proposed' | 'agreed' | 'met';
  /** Weekly values for the past weeks, oldest first (null: no data that week); recorded per setting. */
  weeks?: (number | null)[]; recorders?: Partial<Record<'therapy' | 'home' | 'school', string>>;
};

// Months of progress so the charts look like a real caseload: rising, falling (less is better),
// flat, met and one waiting for the family's OK. The last week is the one before the day the
// demo is loaded, so every chart has recent data.
const GOALS: DemoGoal[] = [
  {
    child: 'leo', by: 'slp', agreedBy: 'diego', area: 'communication', statement: 'Tells us what he wants with two words',
    measure: 'count', unit: 'two-word requests in 10 minutes of play', baseline: 1, target: 6, settings: ['therapy', 'home', 'school'],
    priority: 1, why: 'So he can ask for things instead of getting upset when we don’t understand.', status: 'agreed',
    weeks: [1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5], recorders: { therapy: 'slp', home: 'diego', school: 'teacher' },
  },
  {
    child: 'leo', by: 'ot', agreedBy: 'diego', area: 'emotional_regulation', statement: 'Calms down with belly breathing after a meltdown',
    measure: 'duration', unit: 'minutes until calm', baseline: 20, target: 5, lowerIsBetter: true, settings: ['home', 'school'],
    priority: 2, why: 'Mornings before school are the hardest part of our day.', status: 'agreed',
    weeks: [20, 18, 19, 15, 16, 13, 12, 12, 10, 9, 9, 8], recorders: { home: 'laura', school: 'teacher' },
  },
  {
    child: 'leo', by: 'ot', area: 'daily_living', statement: 'Puts on his shoes by himself',
    measure: 'rating', unit: '1 = needs full help, 5 = on his own', baseline: 2, target: 4, settings: ['therapy', 'home'],
    priority: 3, why: '', status: 'proposed',
  },
  {
    child: 'ava', by: 'slp', agreedBy: 'keisha', area: 'communication', statement: 'Answers “what” questions about a story',
    measure: 'percent', unit: 'of questions answered', baseline: 30, target: 80, settings: ['therapy', 'home'],
    priority: 1, why: 'Bedtime stories are our time together; we want her to join in.', status: 'agreed',
    weeks: [30, 35, 30, 40, 45, 40, 50, 55, 50, 60, 65, 70], recorders: { therapy: 'slp', home: 'keisha' },
  },
  {
    child: 'ava', by: 'slp', agreedBy: 'keisha', area: 'social', statement: 'Says “bye” and waves when leaving',
    measure: 'yes_no', unit: 'at school pick-up', baseline: null, target: 1, settings: ['home'],
    priority: 2, why: 'Grandma loves it.', status: 'met',
    weeks: [0, 0, 1, 0, 1, 1, 1, 1], recorders: { home: 'dorothy' },
  },
  {
    child: 'noah', by: 'ot', agreedBy: 'keisha', area: 'motor', statement: 'Holds a crayon with a tripod grasp',
    measure: 'percent', unit: 'of drawing time', baseline: 20, target: 70, settings: ['therapy', 'home'],
    priority: 1, why: 'He wants to write his name like his sister.', status: 'agreed',
    weeks: [20, 25, 30, 30, 35, 35, 36, 35, 35, 36], recorders: { therapy: 'ot', home: 'dorothy' },
  },
  {
    child: 'sofia', by: 'slp', agreedBy: 'carmen', area: 'communication', statement: 'Pide ayuda con palabras en vez de llorar',
    measure: 'count', unit: 'veces al día', baseline: 0, target: 5, settings: ['therapy', 'home'],
    priority: 1, why: 'Queremos entender lo que necesita.', status: 'agreed',
    weeks: [0, 1, 1, 2, 1, 2, 2, 3, 3, 4], recorders: { therapy: 'slp', home: 'carmen' },
  },
  // Goals already reached: each left a milestone the team celebrates.
  {
    child: 'leo', by: 'slp', agreedBy: 'diego', area: 'social', statement: 'Waves hello to his teacher in the morning',
    measure: 'yes_no', unit: 'at drop-off', baseline: null, target: 1, settings: ['home', 'school'],
    priority: 3, why: 'A happy start to the school day.', status: 'met',
    weeks: [0, 0, 1, 0, 1, 1, 1, 1], recorders: { school: 'teacher' },
  },
  {
    child: 'noah', by: 'ot', agreedBy: 'keisha', area: 'daily_living', statement: 'Puts his cup back on the table after drinking',
    measure: 'yes_no', unit: 'at lunch', baseline: null, target: 1, settings: ['home'],
    priority: 3, why: 'Fewer spills at Grandma’s.', status: 'met',
    weeks: [0, 1, 0, 1, 1, 1], recorders: { home: 'dorothy' },
  },
  {
    child: 'sofia', by: 'slp', agreedBy: 'carmen', area: 'social', statement: 'Saluda a su maestra con «hola»',
    measure: 'yes_no', unit: 'al llegar a la escuela', baseline: null, target: 1, settings: ['home'],
    priority: 2, why: 'Queremos que se sienta segura en la escuela.', status: 'met',
    weeks: [0, 0, 1, 1, 0, 1, 1, 1], recorders: { home: 'carmen' },
  },
  // The newer families: fewer weeks of data, goals written by the therapist in English.
  {
    child: 'bao', by: 'ot', agreedBy: 'lan', area: 'feeding', statement: 'Touches and tastes a new food at dinner',
    measure: 'count', unit: 'new foods tasted in a week', baseline: 0, target: 3, settings: ['therapy', 'home'],
    priority: 1, why: 'Dinner with Grandma is the centre of the family’s day; Bảo eats only rice, egg and milk.', status: 'agreed',
    weeks: [0, 0, 1, 1, 1, 2, 1, 2, 2, 3], recorders: { therapy: 'ot', home: 'lan' },
  },
  {
    child: 'bao', by: 'ot', agreedBy: 'lan', area: 'feeding', statement: 'Stays at the table until the family finishes dinner',
    measure: 'duration', unit: 'minutes at the table', baseline: 3, target: 15, settings: ['home'],
    priority: 2, why: 'So he can share the family meal instead of running off after a few bites.', status: 'agreed',
    weeks: [3, 4, 4, 6, 5, 7, 8, 8, 10, 11], recorders: { home: 'lan' },
  },
  {
    child: 'yousef', by: 'slp', agreedBy: 'mariam', area: 'communication', statement: 'Asks another child to play with a short sentence',
    measure: 'count', unit: 'times at recess or in the park in a week', baseline: 0, target: 5, settings: ['therapy', 'home'],
    priority: 1, why: 'He wants friends at his new school and gets upset when the other children don’t understand him.', status: 'agreed',
    weeks: [0, 1, 0, 1, 2, 2, 3, 2, 3, 4], recorders: { therapy: 'slp', home: 'mariam' },
  },
  {
    child: 'yousef', by: 'slp', agreedBy: 'mariam', area: 'communication', statement: 'Says the /k/ sound at the start of English words',
    measure: 'percent', unit: 'of words in a picture game', baseline: 20, target: 80, settings: ['therapy', 'home'],
    priority: 2, why: 'So his teacher and friends understand him the first time.', status: 'agreed',
    weeks: [20, 25, 30, 30, 40, 45, 45, 50, 55, 60], recorders: { therapy: 'slp', home: 'mariam' },
  },
  {
    child: 'yutong', by: 'ot', agreedBy: 'fang', area: 'motor', statement: 'Cuts along a straight line with scissors',
    measure: 'rating', unit: '1 = needs hand-over-hand help, 5 = on her own', baseline: 1, target: 4, settings: ['therapy', 'home'],
    priority: 1, why: 'She wants to make cards for her grandma, like the other children in her class.', status: 'agreed',
    weeks: [1, 1, 2, 2, 2, 3, 3, 3], recorders: { therapy: 'ot', home: 'fang' },
  },
  {
    child: 'yutong', by: 'ot', agreedBy: 'fang', area: 'emotional_regulation', statement: 'Copes with loud noises using her ear defenders',
    measure: 'count', unit: 'times she covered her ears and ran off, in a week', baseline: 8, target: 2, lowerIsBetter: true, settings: ['home'],
    priority: 2, why: 'So shopping trips and the school lunchroom end without tears.', status: 'agreed',
    weeks: [8, 8, 7, 6, 6, 5, 5, 4], recorders: { home: 'fang' },
  },
];

/** Wins the team noticed: days ago, who marked it, and the goal it belongs to (by its statement). */
type DemoWin = { child: string; by: string; role: TeamRole; daysAgo: number; title: string; note?: string; goal?: string };
const WINS: DemoWin[] = [
  { child: 'leo', by: 'diego', role: 'guardian', daysAgo: 1, title: 'Said “more juice, please” at breakfast!', note: 'Three words, all by himself, and he smiled when I poured it.', goal: 'Tells us what he wants with two words' },
  { child: 'leo', by: 'teacher', role: 'teacher', daysAgo: 9, title: 'Used belly breathing before circle time', note: 'He found the calm-down corner on his own.', goal: 'Calms down with belly breathing after a meltdown' },
  { child: 'leo', by: 'slp', role: 'therapist', daysAgo: 40, title: 'First time asking for “blue train” in session' },
  { child: 'ava', by: 'dorothy', role: 'caregiver', daysAgo: 3, title: 'Told Grandma who the bear met in the story', goal: 'Answers “what” questions about a story' },
  { child: 'ava', by: 'keisha', role: 'guardian', daysAgo: 20, title: 'Sang a whole song at choir practice' },
  { child: 'noah', by: 'dorothy', role: 'caregiver', daysAgo: 2, title: 'Drew a dinosaur with his crayon held just right', goal: 'Holds a crayon with a tripod grasp' },
  { child: 'noah', by: 'ot', role: 'therapist', daysAgo: 16, title: 'Climbed the whole ladder on his own' },
  { child: 'sofia', by: 'carmen', role: 'guardian', daysAgo: 1, title: 'Pidió «ayuda, mamá» en vez de llorar', note: 'Con la tapa del jugo. ¡Qué orgullo!', goal: 'Pide ayuda con palabras en vez de llorar' },
  { child: 'sofia', by: 'slp', role: 'therapist', daysAgo: 12, title: 'Nombró cinco animales del rompecabezas' },
  { child: 'bao', by: 'lan', role: 'guardian', daysAgo: 2, title: 'Bảo tự cắn một miếng cà rốt!', note: 'Bé nhăn mặt một chút nhưng không nhả ra. Cả nhà vỗ tay, bà nội cười mãi.', goal: 'Touches and tastes a new food at dinner' },
  { child: 'bao', by: 'ot', role: 'therapist', daysAgo: 15, title: 'Smelled and licked a strawberry in session' },
  { child: 'yousef', by: 'mariam', role: 'guardian', daysAgo: 4, title: 'يوسف طلب من ولد في الحديقة أن يلعبا معًا', note: 'قالها بالإنجليزية: «Can I play?» ولعبا بالكرة عشر دقائق.', goal: 'Asks another child to play with a short sentence' },
  { child: 'yutong', by: 'fang', role: 'guardian', daysAgo: 3, title: '雨桐自己剪了一张生日卡送给外婆', note: '沿着线剪得很整齐，外婆高兴得不得了。', goal: 'Cuts along a straight line with scissors' },
];

/** Plan reviews held in the past, with who took part and what they agreed. */
const REVIEWS = [
  {
    child: 'leo', by: 'slp', weeksAgo: 11, participants: ['slp', 'ot', 'diego', 'laura'],
    agreed: 'We agreed on two goals to start: two-word requests (Dad practises at breakfast, Mum at bath time) and belly breathing after a meltdown. Ms Park will use the same calm-down corner at school. We meet again in six weeks.',
  },
  {
    child: 'leo', by: 'slp', weeksAgo: 5, participants: ['slp', 'diego', 'teacher'],
    agreed: 'Leo waves hello most mornings now: if it keeps up, Sam marks that goal met. Keep the two-word requests going. Shoes stay at home practice for now. We meet again in about a month, with Ms Park and both homes, to look at mornings and the shoes goal.',
  },
  {
    child: 'ava', by: 'slp', weeksAgo: 2, participants: ['slp', 'keisha', 'dorothy'],
    agreed: 'Ava answers most “what” questions about a story now. Story time stays every day, at home and at Grandma’s. Saying bye at the door happens nearly every day: Sam marks that goal met when it holds. Next: the /s/ sound in the middle of words.',
  },
  {
    child: 'sofia', by: 'slp', weeksAgo: 4, participants: ['slp', 'carmen'],
    agreed: 'Acordamos seguir con «pide ayuda con palabras». Carmen practica en la cocina mientras hacen tortillas. Revisamos otra vez en dos meses.',
  },
];

type PracticeLogRow = Insertable<PracticeLogTable>;

type DemoPractice = {
  child: string; by: string; title: string; goals: string[]; steps: string[]; rule: string; timesPerWeek?: number; minutes: number;
  weeksAgo: number; watchFor?: string; loggers: string[]; notes: string[]; status?: { to: 'paused' | 'ended'; daysAgo: number; reason: string };
};

/** Home practice per child, with weeks of logs: mostly done, some partly or not today, faces and a few notes. */
const PRACTICE: DemoPractice[] = [
  {
    child: 'leo', by: 'slp', title: 'Bubbles: asking with two words', goals: ['Tells us what he wants with two words'], rule: 'FREQ=DAILY', minutes: 10, weeksAgo: 12,
    steps: ['Sit face to face on the floor, bubbles in your hand.', 'Blow a few bubbles, then stop and wait with the wand near your face.', 'Wait for two words, like “more bubbles” or “blow please”. Count to five in your head.', 'If he uses one word, say the two words for him and blow straight away.'],
    watchFor: 'If he gets upset waiting, blow the bubbles and try again next time. It should feel like a game.', loggers: ['diego', 'laura'],
    notes: ['Said “more bubbles” all by himself!', 'Tired after swimming, only a few minutes.', 'His abuela joined in and he asked her too.', 'Used “blow please” three times.'],
  },
  {
    child: 'leo', by: 'ot', title: 'Belly breathing with a teddy', goals: ['Calms down with belly breathing after a meltdown'], rule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR', minutes: 5, weeksAgo: 9,
    steps: ['Lie down together, a teddy on each tummy.', 'Breathe in slowly through the nose: the teddy goes up.', 'Breathe out like blowing a candle: the teddy goes down.', 'Five breaths, then a big stretch.'],
    watchFor: 'Practise when he is calm, not in the middle of a meltdown.', loggers: ['diego', 'laura'],
    notes: ['He reminded ME to breathe when I was cross!', 'Giggled through it, still counts.'],
  },
  {
    child: 'leo', by: 'ot', title: 'Shoes on, one at a time', goals: ['Puts on his shoes by himself'], rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', timesPerWeek: 3, minutes: 5, weeksAgo: 10, loggers: ['laura', 'diego'],
    steps: ['Put the shoes side by side, the right way round.', 'Help with the first shoe; Leo does the second.', 'High five when both are on.'],
    notes: ['Both shoes by himself this morning.'], status: { to: 'paused', daysAgo: 20, reason: 'Paused while Leo’s new shoes with laces are swapped for ones with straps.' },
  },
  {
    child: 'ava', by: 'slp', title: 'Story time “what” questions', goals: ['Answers “what” questions about a story'], rule: 'FREQ=DAILY', minutes: 15, weeksAgo: 14,
    steps: ['Read a short picture book together.', 'Stop on a page and ask “What is the horse doing?”', 'Wait. If she does not answer, give two choices: “Running or sleeping?”', 'Praise every answer, even a pointing one.'],
    watchFor: 'Keep it to three or four questions a book so it stays fun.', loggers: ['keisha', 'dorothy'],
    notes: ['Answered every question about the horse book!', 'Grandma read it at her house, Ava loved it.', 'Only wanted to sing today.', 'Asked ME a “what” question!'],
  },
  {
    child: 'ava', by: 'slp', title: 'Saying bye at the door', goals: ['Says “bye” and waves when leaving'], rule: 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU', timesPerWeek: 4, minutes: 2, weeksAgo: 8, loggers: ['dorothy', 'keisha'],
    steps: ['Before leaving a place, say “Time to say bye!”', 'Wave and say bye yourself first.', 'Wait a moment for Ava to wave or say bye.'],
    notes: ['Waved to the bus driver.'],
  },
  {
    child: 'noah', by: 'ot', title: 'Crayon grip with a little ball', goals: ['Holds a crayon with a tripod grasp'], rule: 'FREQ=WEEKLY;BYDAY=TU,TH,SA', minutes: 10, weeksAgo: 11,
    steps: ['Tuck a small pom-pom under his ring and little fingers.', 'Hand him a short crayon.', 'Draw big circles and lines together for a few minutes.', 'Stop before he gets tired.'],
    watchFor: 'If his hand hurts or he drops the pom-pom, just draw without it.', loggers: ['keisha', 'dorothy'],
    notes: ['Drew a whole sun!', 'Fussy today, stopped after a minute.'],
  },
  {
    child: 'noah', by: 'ot', title: 'Cup back on the table', goals: ['Puts his cup back on the table after drinking'], rule: 'FREQ=DAILY', minutes: 5, weeksAgo: 7, loggers: ['dorothy', 'keisha'],
    steps: ['Put a sticker on the table where the cup goes.', 'After each drink, point to the sticker: “Cup home!”', 'Cheer when the cup lands on it.'],
    notes: ['Did it at every meal today!'],
  },
  {
    child: 'sofia', by: 'slp', title: 'Pedir ayuda en la cocina', goals: ['Pide ayuda con palabras en vez de llorar'], rule: 'FREQ=DAILY', minutes: 10, weeksAgo: 13,
    steps: ['Pon algo que le guste en un bote bien cerrado.', 'Dáselo y espera un momento.', 'Si se frustra, dile despacio: «Ayuda, por favor».', 'En cuanto lo diga (o lo intente), ábreselo enseguida.'],
    watchFor: 'Si llora mucho, ayúdala sin esperar y prueba otro día.', loggers: ['carmen'],
    notes: ['¡Dijo «ayuda» sola!', 'Hicimos tortillas y pidió ayuda dos veces.', 'Estaba cansada, lo dejamos pronto.'],
  },
  {
    child: 'sofia', by: 'slp', title: 'Saludar con «hola»', goals: ['Saluda a su maestra con «hola»'], rule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE,FR', minutes: 5, weeksAgo: 8, loggers: ['carmen'],
    steps: ['Jugad a la escuela con sus muñecas.', 'Una muñeca es la maestra y dice «¡hola, Sofía!».', 'Espera a que Sofía conteste «hola».'],
    notes: ['Saludó a la vecina en el ascensor.'],
  },
  {
    child: 'bao', by: 'ot', title: 'Food play before dinner', goals: ['Touches and tastes a new food at dinner'], rule: 'FREQ=DAILY', minutes: 10, weeksAgo: 10,
    steps: ['Put one new food on a small plate beside his usual bowl.', 'Play first: touch it, smell it, tap it on the plate like a drum.', 'Invite a kiss or a lick, never a bite: “Can the food give you a kiss?”', 'Praise every try, and let him put it back if he wants.'],
    watchFor: 'If he gags or cries, take the food away calmly and try again tomorrow. No hiding food in his rice.', loggers: ['lan'],
    notes: ['Hôm nay Bảo tự cầm miếng dưa leo lên ngửi rồi liếm thử!', 'Bé mệt, chỉ chơi được vài phút.', 'Bà nội chơi cùng, Bảo cười suốt.', 'Bảo chịu cắn một miếng cà rốt luộc.'],
  },
  {
    child: 'yousef', by: 'slp', title: 'Can I play? At the park', goals: ['Asks another child to play with a short sentence'], rule: 'FREQ=WEEKLY;BYDAY=MO,WE,FR,SA', minutes: 10, weeksAgo: 9,
    steps: ['At home, practise with a toy car: “Can I play?” — “Yes!”', 'At the park, stay close and choose one child playing nearby.', 'Say it with him the first time, then wait for him to try.', 'Any try counts: a word, a question, or holding out the ball.'],
    watchFor: 'If he gets shy, play with him first; the other children often come over by themselves.', loggers: ['mariam'],
    notes: ['طلب من ابن الجيران أن يلعب معه بالكرة!', 'كان متعبًا بعد المدرسة، لعبنا قليلًا فقط.', 'أخته الصغيرة لعبت معنا، وقال لها «تعالي نلعب».'],
  },
  {
    child: 'yutong', by: 'ot', title: 'Snip the paper straws', goals: ['Cuts along a straight line with scissors'], rule: 'FREQ=WEEKLY;BYDAY=TU,TH,SA', minutes: 10, weeksAgo: 8,
    steps: ['Sit at the table with child-size scissors, thumb on top.', 'Hold a paper straw for her and let her snip it into little pieces.', 'When that is easy, draw a thick line on card and cut along it.', 'Keep the pieces for a picture or a necklace.'],
    watchFor: 'Stop while she is still enjoying it; five good minutes beat fifteen tired ones.', loggers: ['fang'],
    notes: ['今天她自己剪了五根吸管，很开心！', '有点累，只剪了两分钟。', '外婆陪她一起剪，她还教外婆怎么拿剪刀。', '沿着直线剪了一半，比上周好多了。'],
  },
];

type DemoStrategy = {
  child: string; by: string; strategy: string; goals: string[]; settings: ('therapy' | 'home' | 'school')[]; note: string;
};

/** A strategy the clinic wrote itself, in both languages, beside CareTeam's starter library. */
const CLINIC_STRATEGY = {
  key: 'shoes-chart', by: 'ot', settings: ['home', 'therapy'] as ('therapy' | 'home' | 'school')[],
  content: {
    en: {
      name: 'Shoes on, step by step',
      purpose: 'Four small picture steps so putting on shoes feels doable alone.',
      steps: [
        'Sit on the low step or floor with both shoes in front of you, toes pointing away.',
        'Open the shoe wide (pull the tongue and straps back).',
        'Push the toes in, then pull the heel tab up with one finger.',
        'Close the strap and press it down: "Shoes on!"',
      ],
      tips: ['Practise when nobody is in a hurry, like after lunch, not just before school.'],
    },
    es: {
      name: 'Zapatos puestos, paso a paso',
      purpose: 'Cuatro pasos pequeños con imágenes para que ponerse los zapatos solo sea posible.',
      steps: [
        'Siéntese en el escalón bajo o en el suelo con los dos zapatos delante, con la punta hacia fuera.',
        'Abra bien el zapato (tire hacia atrás de la lengüeta y las tiras).',
        'Meta los dedos y luego suba la pestaña del talón con un dedo.',
        'Cierre la tira y apriétela: «¡Zapatos puestos!».',
      ],
      tips: ['Practiquen cuando nadie tenga prisa, por ejemplo después de comer, y no justo antes de ir a la escuela.'],
    },
  },
};

// The "same support everywhere" lists: which strategies each child's team uses, and where.
const STRATEGIES: DemoStrategy[] = [
  { child: 'leo', by: 'slp', strategy: 'model-expand', goals: ['Tells us what he wants with two words'], settings: ['therapy', 'home', 'school'], note: 'He loves trains: "train" → "red train", "train go".' },
  { child: 'leo', by: 'slp', strategy: 'first-then', goals: ['Tells us what he wants with two words', 'Calms down with belly breathing after a meltdown'], settings: ['home', 'school'], note: 'Use his dinosaur timer for the "then".' },
  { child: 'leo', by: 'ot', strategy: 'belly-breathing', goals: ['Calms down with belly breathing after a meltdown'], settings: ['home', 'school', 'therapy'], note: 'His "flower" is the toy dinosaur on his tummy.' },
  { child: 'leo', by: 'ot', strategy: 'transition-warnings', goals: ['Calms down with belly breathing after a meltdown'], settings: ['home', 'school'], note: '' },
  { child: 'leo', by: 'ot', strategy: 'shoes-chart', goals: ['Puts on his shoes by himself'], settings: ['home', 'therapy'], note: 'Velcro shoes only for now.' },
  { child: 'ava', by: 'slp', strategy: 'wait-time', goals: ['Answers “what” questions about a story'], settings: ['home', 'therapy'], note: 'Count to ten in your head before helping — she often answers at seven.' },
  { child: 'noah', by: 'ot', strategy: 'heavy-work', goals: ['Holds a crayon with a tripod grasp'], settings: ['home', 'therapy'], note: 'Carrying the laundry basket works best.' },
  { child: 'sofia', by: 'slp', strategy: 'core-words', goals: ['Pide ayuda con palabras en vez de llorar'], settings: ['home', 'therapy'], note: 'Empiecen con «ayuda» y «más».' },
  { child: 'bao', by: 'ot', strategy: 'learning-plate', goals: ['Touches and tastes a new food at dinner'], settings: ['home', 'therapy'], note: 'A small plate beside his rice bowl: the new food lives there, with no need to eat it.' },
  { child: 'yousef', by: 'slp', strategy: 'model-expand', goals: ['Asks another child to play with a short sentence'], settings: ['home', 'therapy'], note: 'In Arabic or in English, whichever he uses: add one word to what he says.' },
  { child: 'yutong', by: 'ot', strategy: 'sensory-breaks', goals: ['Copes with loud noises using her ear defenders'], settings: ['home', 'therapy'], note: 'Ear defenders live in her backpack; a quiet corner after the supermarket.' },
];

const CONSENT = { child: 'leo', teacher: 'teacher', grantedBy: 'diego', note: 'Ms Park, Leo’s kindergarten teacher, may see the strategies we use at home and report what she sees in class. Agreed for this school year.' };

/** The database the server uses: the URL it was given, or its embedded PostgreSQL under dataDir. */
async function resolveDatabaseUrl(config: Config, databaseUrl: string | undefined): Promise<string> {
  if (databaseUrl) return databaseUrl;
  if (config.databaseUrl) return config.databaseUrl;
  const pidFile = path.join(config.dataDir, 'postgres', 'postmaster.pid');
  const secretFile = path.join(config.dataDir, 'postgres.secret');
  if (!existsSync(pidFile) || !existsSync(secretFile)) throw new Error(`No running CareTeam database found in ${config.dataDir}.`);
  const port = (await readFile(pidFile, 'utf8')).split('\n')[3]?.trim();
  const password = (await readFile(secretFile, 'utf8')).trim();
  return `postgres://careteam:${encodeURIComponent(password)}@127.0.0.1:${port}/careteam`;
}

function printLogins(url: string): void {
  const rows = [['Role', 'Name', 'Email', 'Sees'], ...USERS.map((u) => [u.role, u.name, u.email, u.note])];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length))) ?? [];
  const line = (r: string[]) => `  ${r.map((c, i) => c + ' '.repeat((widths[i] ?? 0) - [...c].length)).join('   ')}`.trimEnd();
  const rule = `  ${widths.map((w) => '─'.repeat(w)).join('   ')}`;
  console.log(`\nDemo clinic: ${DEMO_CLINIC}  (${url})`);
  console.log(`Every demo account signs in with the password: ${DEMO_PASSWORD}\n`);
  rows.forEach((r, i) => {
    console.log(line(r));
    if (i === 0) console.log(rule);
  });
  console.log('');
}

/** The demo clinic, dated relative to `now`: the day it is loaded is the demo's today. */
export async function createDemo(tx: Tx, config: Config, now: Date = new Date()): Promise<void> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const clinic = await tx.insertInto('clinic').values({ name: DEMO_CLINIC, time_zone: TIME_ZONE, created_at: now }).returning('id').executeTakeFirstOrThrow();
  const ids = new Map<string, string>();
  const id = (key: string): string => {
    const v = ids.get(key);
    if (!v) throw new Error(`demo: unknown ${key}`);
    return v;
  };
  for (const u of USERS) {
    const row = await tx.insertInto('app_user').values({ email: u.email, name: u.name, password_hash: passwordHash, locale: u.locale, phone: u.phone ?? null }).returning('id').executeTakeFirstOrThrow();
    ids.set(u.key, row.id);
  }
  const ctx = (actor: string, actorRole: string): AuditContext => ({
    actorId: id(actor), actorRole, clinicId: clinic.id, ip: null, userAgent: 'careteam demo loader', requestId: null,
  });
  await recordAudit(tx, ctx('admin', 'admin'), { action: 'clinic.create', subjectType: 'clinic', subjectId: clinic.id, details: { demo: true } });
  await tx.insertInto('clinic_member').values([
    { clinic_id: clinic.id, user_id: id('admin'), role: 'admin' },
    { clinic_id: clinic.id, user_id: id('slp'), role: 'therapist' },
    { clinic_id: clinic.id, user_id: id('ot'), role: 'therapist' },
  ]).execute();
  for (const who of ['slp', 'ot']) {
    await recordAudit(tx, ctx(who, 'therapist'), { action: 'clinician.join', subjectType: 'user', subjectId: id(who), details: { demo: true } });
  }

  // The team joined over the past weeks, in the order listed (team pages sort by joining time).
  let joined = now.getTime() - 30 * 86_400_000;
  const nextJoin = () => new Date((joined += 3_600_000));
  const today = localDate(now, TIME_ZONE);
  for (const c of CHILDREN) {
    const child = await tx.insertInto('child').values({
      clinic_id: clinic.id, first_name: c.firstName, last_name: c.lastName, birth_date: bornAgo(today, c.age), pronouns: c.pronouns,
      therapy_types: c.therapyTypes, languages: c.profile.languages, culture_values: c.profile.cultureValues,
      routines: c.profile.routines, motivators: c.profile.motivators, contact_channel: c.profile.contactChannel,
      contact_hours: c.profile.contactHours, time_zone: TIME_ZONE, created_by: id(c.createdBy), created_at: now, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    ids.set(c.key, child.id);
    await recordAudit(tx, ctx(c.createdBy, 'therapist'), { action: 'child.create', childId: child.id, subjectType: 'child', subjectId: child.id, details: { demo: true } });
    for (const m of c.team) {
      const permissions = ROLE_PERMISSIONS[m.role].filter((p) => !m.without?.includes(p));
      const member = await tx.insertInto('care_team_member').values({
        clinic_id: clinic.id, child_id: child.id, user_id: id(m.user), role: m.role, permissions,
        household: m.household ?? null, invited_by: id(c.createdBy), created_at: nextJoin(),
      }).returning('id').executeTakeFirstOrThrow();
      await recordAudit(tx, ctx(m.user, m.role), {
        action: 'team.join', childId: child.id, subjectType: 'care_team_member', subjectId: member.id, details: { role: m.role, demo: true },
      });
      if (c.joinedByInvitation && (m.role === 'guardian' || m.role === 'caregiver')) await applyFamilyContactDefaults(tx, id(m.user), child.id, now);
    }
  }

  const childId = id(CONSENT.child);
  const teacherEmail = USERS.find((u) => u.key === CONSENT.teacher)?.email ?? '';
  const consent = await tx.insertInto('consent').values({
    clinic_id: clinic.id, child_id: childId, kind: 'school_access', granted_by: id(CONSENT.grantedBy), subject_email: teacherEmail, note: CONSENT.note, granted_at: new Date(joined),
  }).returning('id').executeTakeFirstOrThrow();
  await recordAudit(tx, ctx(CONSENT.grantedBy, 'guardian'), { action: 'consent.grant', childId, subjectType: 'consent', subjectId: consent.id, details: { demo: true } });
  // A teacher's permissions are the role's, never more than the consenting guardian holds.
  const teacher = await tx.insertInto('care_team_member').values({
    clinic_id: clinic.id, child_id: childId, user_id: id(CONSENT.teacher), role: 'teacher', permissions: [...ROLE_PERMISSIONS.teacher],
    household: null, invited_by: id(CONSENT.grantedBy), consent_id: consent.id, created_at: nextJoin(),
  }).returning('id').executeTakeFirstOrThrow();
  await recordAudit(tx, ctx(CONSENT.teacher, 'teacher'), {
    action: 'team.join', childId, subjectType: 'care_team_member', subjectId: teacher.id, details: { role: 'teacher', demo: true },
  });

  await createGoals(tx, clinic.id, id, ctx, now);
  await createStrategies(tx, clinic.id, id, ctx, now);
  await createMilestonesAndReviews(tx, clinic.id, id, ctx, now);
  await createPractice(tx, clinic.id, id, ctx, now);
  await createJournal(tx, clinic.id, id, now);
  await createDemoMedia(tx, config, clinic.id, id, ctx, TIME_ZONE, now);
  await createMessages(tx, clinic.id, id, now);
  await createSessionsAndEvents(tx, clinic.id, TIME_ZONE, id, ctx, now);
  await createCheckins(tx, clinic.id, TIME_ZONE, id, now);
  await createStrategyUse(tx, clinic.id, TIME_ZONE, now);
  await createResourcesAndRatings(tx, clinic.id, id, ctx, now);
  await createNotifications(tx, clinic.id, now);
  await createMailChoicesAndNewsletters(tx, { config }, clinic.id, id, ctx, now);
}

/**
 * The notification centre as it would look after these weeks: in-app notifications of the recent
 * wins, goals waiting for agreement and practice assigned, to the people who may see them (the
 * ones older than two days read). Already past, so no email is owed for any of them.
 */
async function createNotifications(tx: Tx, clinicId: string, now: Date): Promise<void> {
  const since = new Date(now.getTime() - 10 * 86_400_000);
  const read = (at: Date) => (at.getTime() < now.getTime() - 2 * 86_400_000 ? at : null);
  const members = await tx.selectFrom('care_team_member').select(['child_id', 'user_id', 'role', 'permissions'])
    .where('clinic_id', '=', clinicId).where('revoked_at', 'is', null).execute();
  const rows: Insertable<NotificationTable>[] = [];
  const add = (kind: NotificationTable['kind'], childId: string, actorId: string, at: Date, target: Record<string, string>, key: string, who: (m: (typeof members)[number]) => boolean) => {
    for (const m of members) {
      if (m.child_id !== childId || m.user_id === actorId || !who(m)) continue;
      rows.push({
        clinic_id: clinicId, user_id: m.user_id, kind, child_id: childId, actor_id: actorId, target: JSON.stringify(target), dedupe_key: key,
        created_at: at, updated_at: at, read_at: read(at), channel: 'email', email_state: 'none',
      });
    }
  };
  const wins = await tx.selectFrom('milestone').select(['id', 'child_id', 'created_by', 'created_at', 'goal_id'])
    .where('clinic_id', '=', clinicId).where('created_at', '>=', since).execute();
  for (const w of wins) add('milestone', w.child_id, w.created_by, w.created_at, { milestoneId: w.id, ...(w.goal_id ? { goalId: w.goal_id } : {}) }, `milestone:${w.id}`, (m) => m.role !== 'teacher' && m.permissions.includes('plan.view'));
  const proposed = await tx.selectFrom('goal').select(['id', 'child_id', 'created_by', 'updated_at', 'version'])
    .where('clinic_id', '=', clinicId).where('status', '=', 'proposed').execute();
  for (const g of proposed) add('goal_proposed', g.child_id, g.created_by, g.updated_at, { goalId: g.id }, `goal-proposed:${g.id}:${g.version}`, (m) => m.role === 'guardian' && m.permissions.includes('plan.agree'));
  const practice = await tx.selectFrom('practice_item').select(['id', 'child_id', 'created_by', 'created_at'])
    .where('clinic_id', '=', clinicId).where('created_at', '>=', since).execute();
  for (const i of practice) add('practice_assigned', i.child_id, i.created_by, i.created_at, { itemId: i.id }, `practice-assigned:${i.id}`, (m) => (m.role === 'guardian' || m.role === 'caregiver') && m.permissions.includes('practice.view'));
  if (rows.length > 0) await tx.insertInto('notification').values(rows).onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing()).execute();
}

const NEWSLETTERS = [
  {
    daysAgo: 19, audience: { audience: 'all' as const, audience_therapist: null, audience_therapy_type: null }, openedBy: ['diego', 'keisha', 'carmen'],
    title: 'Welcome to the new season at Sunrise',
    body: 'Dear families,\n\nThank you for the practice you do at home: it is where most of the progress happens.\n\n**What is new this season**\n\n- Saturday morning sessions every other week\n- A quiet waiting room with fidget toys and books in English and Spanish\n- Weekly summaries by email, on the day and at the time you choose (see *Your account*)\n\nAs always, message your therapist in CareTeam with any question.\n\nGrace and the Sunrise team',
  },
  {
    daysAgo: 4, audience: { audience: 'therapy_type' as const, audience_therapist: null, audience_therapy_type: 'speech' }, openedBy: ['diego'],
    title: 'Speech corner: reading together',
    body: 'Five minutes of shared reading a day builds words fast.\n\n1. Let your child choose the book, even the same one again.\n2. Pause before the end of a familiar line and wait.\n3. Repeat and add one word: *"Dog." — "Big dog!"*\n\nThe library on Main Street has a free story time on Saturdays: [see the times](https://example.org/library).',
  },
];

/** Each person's email choices, a therapist's note for a family's next summary, and two sent newsletters. */
async function createMailChoicesAndNewsletters(tx: Tx, deps: Pick<Deps, 'config'>, clinicId: string, id: (key: string) => string, ctx: (actor: string, role: string) => AuditContext, at: Date): Promise<void> {
  const now = at.getTime();
  await tx.insertInto('mail_preference').values([
    { user_id: id('slp'), digest_weekday: 1, digest_time: '08:00', updated_at: at },
    { user_id: id('ot'), digest_weekday: 5, digest_time: '15:00', updated_at: at },
    { user_id: id('diego'), digest_weekday: 7, digest_time: '17:00', updated_at: at },
    { user_id: id('laura'), digest_weekday: 7, digest_time: '19:30', updated_at: at },
    { user_id: id('keisha'), digest_weekday: 6, digest_time: '09:00', newsletters: false, updated_at: at },
    { user_id: id('dorothy'), digest_weekday: 7, digest_time: '17:00', digest_enabled: false, updated_at: at },
    { user_id: id('carmen'), digest_weekday: 5, digest_time: '20:00', updated_at: at },
  ]).execute();
  await tx.insertInto('digest_note').values({
    child_id: id('leo'), clinic_id: clinicId, written_by: id('slp'), updated_at: new Date(now - 2 * 86_400_000),
    text: 'Leo used “help please” three times in our session on Tuesday. Keep the snack-time practice going, it is working!',
  }).execute();
  const clinic = await tx.selectFrom('clinic').select('name').where('id', '=', clinicId).executeTakeFirstOrThrow();
  for (const n of NEWSLETTERS) {
    const sentAt = new Date(now - n.daysAgo * 86_400_000);
    const row = await tx.insertInto('newsletter').values({
      clinic_id: clinicId, title: n.title, body: n.body, ...n.audience, status: 'sent', send_at: sentAt, sent_at: sentAt,
      created_by: id('admin'), created_at: new Date(sentAt.getTime() - 3_600_000), updated_at: sentAt,
    }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, ctx('admin', 'admin'), { action: 'newsletter.send', subjectType: 'newsletter', subjectId: row.id, details: { demo: true } });
    const words = { title: n.title, body: n.body, html: renderMarkdown(n.body) };
    for (const p of await audienceOf(tx, { clinic_id: clinicId, ...n.audience })) {
      const opened = n.openedBy.some((k) => id(k) === p.id) ? new Date(sentAt.getTime() + 5 * 3_600_000) : null;
      const mailId = p.wants_mail
        ? await queueMail(deps, tx, newsletterMail(deps, { id: row.id, clinic_id: clinicId, clinic: clinic.name, image_type: null }, words, p))
        : null;
      // The demo's newsletters went out in the past: their mails count as sent.
      if (mailId) await tx.updateTable('mail_outbox').set({ status: 'sent', sent_at: sentAt }).where('id', '=', mailId).execute();
      await tx.insertInto('newsletter_recipient').values({ newsletter_id: row.id, user_id: p.id, mail_id: mailId, opened_at: opened, created_at: sentAt }).execute();
    }
  }
}

type JournalPlan = {
  child: string;
  /** Who writes on each weekday (0 = Monday), and their role. */
  writer: (weekday: number) => { user: string; role: TeamRole };
  school?: { user: string; role: TeamRole };
  /** Days back with nothing written: a child the caseload flags as quiet. */
  silentDays?: number;
  /** The language the family writes in. */
  language: keyof typeof JOURNAL_WORDS;
  /** Days of journal back from today: four months, or since a newer family joined. */
  days?: number;
};


const JOURNAL_WORDS = {
  en: {
    before: ['Asked to turn off the tablet', 'Getting dressed for school, socks felt wrong', 'Brother took the blue train', 'Had to leave the playground', 'Loud hand dryer in the restroom', 'Dinner was not what he expected', 'Waiting in line at the store'],
    behaviour: ['Cried and threw himself on the floor', 'Hit the table and shouted “no”', 'Ran off and hid under the bed', 'Screamed and covered his ears', 'Threw his shoes across the room'],
    after: ['Deep pressure hug and counting to ten', 'Showed him the visual schedule', 'Quiet corner with his train for 5 minutes', 'Offered two choices, he picked one', 'Left the room, calmed down on his own'],
    meals: ['Toast and banana for breakfast, pasta at dinner', 'Cereal, half a sandwich, chicken and rice', 'Pancakes, apple slices, fish fingers'],
    newFoods: ['A bite of pear', 'Licked a green bean', 'Tried yoghurt with fruit', ''],
    hard: ['Would not sit at the table for long', 'Gagged on mashed potato', '', ''],
    routine: ['', '', 'Grandma visited', 'Slight cold, stayed home', 'New bus driver', 'Swimming lesson moved'],
    wins: ['Asked for “more juice please” without a prompt', 'Put his shoes on by himself', 'Waited his turn on the slide', 'Said hello to the neighbour', 'Tried a new food at lunch', 'Used his words when his brother took his toy', 'Brushed teeth with no fuss'],
    notes: ['Starting a new medication next week, the doctor will call you', 'Things are tense at home at the moment; happy to talk at the session'],
  },
  es: {
    before: ['Le pedimos apagar la tableta', 'Vistiéndose para la escuela, los calcetines le molestaban', 'Su primo le quitó el tren azul', 'Había que irse del parque', 'Secador de manos muy ruidoso', 'La cena no era la que esperaba'],
    behaviour: ['Lloró y se tiró al suelo', 'Gritó “no” y golpeó la mesa', 'Se escondió debajo de la cama', 'Gritó y se tapó los oídos'],
    after: ['Un abrazo fuerte y contar hasta diez', 'Le enseñamos el horario con dibujos', 'Rincón tranquilo con su muñeca 5 minutos', 'Le dimos dos opciones y eligió una'],
    meals: ['Pan tostado y plátano, arroz con pollo', 'Cereal, medio sándwich, sopa', 'Tortitas, manzana, pescado'],
    newFoods: ['Un trocito de mango', 'Probó las lentejas', ''],
    hard: ['No quería sentarse a la mesa', '', ''],
    routine: ['', '', 'Vino la abuela', 'Un poco resfriada', 'Cambio de maestra'],
    wins: ['Pidió “más agua” sin ayuda', 'Cantó una canción entera', 'Saludó a la vecina', 'Esperó su turno en el columpio'],
    notes: ['Tenemos cita con la neuróloga el mes que viene'],
  },
  vi: {
    before: ['Bà nội dọn món canh mới lên bàn', 'Phải tắt ti vi để đi ăn cơm', 'Tay áo bị ướt', 'Anh họ lấy xe cứu hỏa của Bảo', 'Phải rời sân chơi để về nhà', 'Tiếng máy xay sinh tố to quá'],
    behaviour: ['Khóc và đẩy bát cơm ra', 'Ọe khi ngửi thấy mùi cá', 'Chạy khỏi bàn và trốn sau ghế sofa', 'Hét lên và bịt tai', 'Ném thìa xuống đất'],
    after: ['Ôm chặt và đếm đến mười', 'Cho Bảo ngồi trong lòng mẹ một lúc', 'Cho Bảo chọn một trong hai món', 'Cho ngồi góc yên tĩnh với xe cứu hỏa 5 phút', 'Để Bảo tự bình tĩnh lại'],
    meals: ['Sáng: cháo và sữa. Tối: cơm trắng với trứng chiên', 'Sữa, bánh quy, cơm trắng với nước thịt', 'Cháo gà, chuối, mì'],
    newFoods: ['Liếm thử một miếng dưa hấu', 'Cắn một miếng đậu phụ', 'Ngửi bát phở của bố', ''],
    hard: ['Không chịu ngồi vào bàn', 'Ọe khi thấy rau trong bát', '', ''],
    routine: ['', '', 'Bà nội đi chùa cả ngày', 'Bị cảm nhẹ, nghỉ học ở nhà', 'Lớp có cô giáo mới', 'Nhà có khách'],
    wins: ['Tự xúc ăn hết bát cơm', 'Ngồi ăn cùng cả nhà đến hết bữa', 'Nói “con muốn nữa” khi ăn chuối', 'Thử một miếng cà rốt mà không khóc', 'Tự rửa tay trước khi ăn', 'Chào bà khi đi học về'],
    notes: ['Tuần sau Bảo đi khám răng, có thể bé sẽ mệt', 'Bác sĩ muốn theo dõi cân nặng của Bảo; tôi sẽ mang kết quả đến buổi sau'],
  },
  ar: {
    before: ['طلبنا منه أن يطفئ الجهاز اللوحي', 'أخته أخذت سيارته الحمراء', 'الأولاد في الحديقة لم يفهموا ما قاله', 'كان علينا أن نغادر الحديقة', 'الطريق إلى المدرسة كان مزدحمًا', 'العشاء لم يكن ما يريده'],
    behaviour: ['بكى ورمى نفسه على الأرض', 'صرخ «لا!» وضرب الطاولة', 'اختبأ تحت السرير', 'رمى ألعابه', 'رفض أن يتكلم وأدار وجهه'],
    after: ['حضنّاه بقوة وعددنا معًا إلى عشرة', 'أعطيناه خيارين فاختار واحدًا', 'جلس في الزاوية الهادئة مع سيارته خمس دقائق', 'ساعدناه أن يقول الكلمة ببطء', 'هدأ وحده بعد قليل'],
    meals: ['الفطور: لبنة وخبز. العشاء: أرز ودجاج', 'حليب وكورن فليكس، نصف سندويشة، معكرونة', 'بيض، تفاحة، شوربة عدس'],
    newFoods: ['تذوّق قطعة خيار', 'أكل لقمة فلافل', ''],
    hard: ['لم يرد أن يجلس إلى المائدة', '', ''],
    routine: ['', '', 'زارتنا خالته', 'زكام خفيف، بقي في البيت', 'معلّمة بديلة في المدرسة', 'عيد ميلاد ابن عمّه'],
    wins: ['قال «ماما، أريد ماء» بجملة كاملة', 'طلب من صديقه أن يلعبا معًا', 'قال «car» بوضوح', 'انتظر دوره على الزحليقة', 'حكى لأبيه عن يومه في المدرسة', 'سلّم على معلّمته بالإنجليزية'],
    notes: ['سنسافر لزيارة أهلي أسبوعين في الصيف', 'المعلّمة تقول إنه صار يتكلم أكثر في الصف هذا الشهر'],
  },
  zh: {
    before: ['吸尘器突然响了', '超市里人很多，很吵', '学校午饭时间太吵', '要关掉平板电脑', '袜子的线头让她不舒服', '到时间要离开公园回家'],
    behaviour: ['捂着耳朵大哭', '躲到桌子底下不出来', '把铅笔扔在地上', '尖叫着跑回房间', '不肯说话，一直哭'],
    after: ['戴上耳罩，抱着她数到十', '带她去安静的房间待了五分钟', '给她两个选择，她选了一个', '一起做了几次深呼吸', '抱着小兔子自己慢慢平静下来'],
    meals: ['早饭：牛奶和包子。晚饭：米饭、青菜和鸡肉', '粥、鸡蛋、饺子', '面条、苹果、鱼和米饭'],
    newFoods: ['尝了一口西兰花', '吃了一个虾饺', ''],
    hard: ['吃饭时总想离开座位', '', ''],
    routine: ['', '', '外公打来视频电话', '有点感冒，在家休息', '学校来了新老师', '周末去了中文学校'],
    wins: ['自己用剪刀剪了一张卡片', '在超市戴着耳罩，没有哭', '自己扣好了外套的扣子', '用正确的姿势握笔写了名字', '主动说“太吵了，我要休息一下”', '画了一只小兔子送给外婆'],
    notes: ['下个月要去医院做听力检查', '最近晚上睡得不太好，可能是换了新床'],
  },
};

const JOURNAL_PLANS: JournalPlan[] = [
  { child: 'leo', writer: (d) => (d <= 2 ? { user: 'diego', role: 'guardian' } : { user: 'laura', role: 'guardian' }), school: { user: 'teacher', role: 'teacher' }, language: 'en' },
  { child: 'ava', writer: (d) => (d === 2 || d === 4 ? { user: 'dorothy', role: 'caregiver' } : { user: 'keisha', role: 'guardian' }), language: 'en' },
  { child: 'noah', writer: () => ({ user: 'keisha', role: 'guardian' }), silentDays: 10, language: 'en' },
  { child: 'sofia', writer: () => ({ user: 'carmen', role: 'guardian' }), language: 'es' },
  { child: 'bao', days: 70, writer: () => ({ user: 'lan', role: 'guardian' }), language: 'vi' },
  { child: 'yousef', days: 70, writer: () => ({ user: 'mariam', role: 'guardian' }), language: 'ar' },
  { child: 'yutong', days: 70, writer: () => ({ user: 'fang', role: 'guardian' }), language: 'zh' },
];

/**
 * Four months of home journal for each demo child (ten weeks for the newer families), written straight to the database (the API
 * takes entries only up to two weeks back). The patterns are realistic on purpose: more hard
 * moments in the mornings and after short nights, so "Since last session" has something to say.
 */
async function createJournal(tx: Tx, clinicId: string, id: (key: string) => string, now: Date): Promise<void> {
  const today = localDate(now, TIME_ZONE);
  const dateBack = (n: number) => {
    const d = new Date(`${today}T12:00:00Z`);
    d.setUTCDate(d.getUTCDate() - n);
    return d.toISOString().slice(0, 10);
  };
  const clock = (minutes: number) => `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  for (const [planIndex, plan] of JOURNAL_PLANS.entries()) {
    // A small seeded generator: the same demo every time it is loaded.
    let seed = 20_26 + planIndex * 7919;
    const rnd = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const pick = <T,>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)] as T;
    const words = JOURNAL_WORDS[plan.language];
    const childId = id(plan.child);
    const rows: { entry: Omit<Insertable<JournalEntryTable>, 'content'> & { content: string }; at: Date }[] = [];
    const add = (date: string, time: string | null, by: { user: string; role: TeamRole }, content: Record<string, unknown> & { kind: JournalEntryTable['kind'] }, visibility: JournalEntryTable['visibility'] = 'team') => {
      const at = new Date(`${date}T${time ?? '20:30'}:00Z`);
      at.setUTCHours(at.getUTCHours() + 6); // written in Chicago, stored in UTC
      rows.push({
        entry: {
          clinic_id: clinicId, child_id: childId, kind: content.kind, content: JSON.stringify(content), entry_date: date, entry_time: time,
          visibility, author_id: id(by.user), author_role: by.role,
        },
        at,
      });
    };
    for (let back = plan.days ?? 120; back >= (plan.silentDays ?? 0); back--) {
      const date = dateBack(back);
      const weekday = (new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7;
      const by = plan.writer(weekday);
      // Most mornings someone notes the night; about one night in five is short.
      const short = rnd() < 0.2;
      if (rnd() < 0.85) {
        const bed = short ? 21 * 60 + 30 + Math.floor(rnd() * 4) * 15 : 19 * 60 + 45 + Math.floor(rnd() * 4) * 10;
        const wake = short ? 5 * 60 + 45 + Math.floor(rnd() * 3) * 10 : 6 * 60 + 30 + Math.floor(rnd() * 4) * 10;
        add(date, null, by, { kind: 'sleep', bedtime: clock(bed), wakeTime: clock(wake), nightWakings: short ? 1 + Math.floor(rnd() * 3) : Math.floor(rnd() * 1.4), rested: short ? 1 + Math.floor(rnd() * 2) : 3 + Math.floor(rnd() * 3) });
      }
      // Hard moments: mostly mornings, and far more often after a short night.
      const incidents = short ? (rnd() < 0.75 ? 2 : 1) : rnd() < 0.3 ? 1 : 0;
      for (let i = 0; i < incidents; i++) {
        const r = rnd();
        const schoolDay = weekday < 5 && plan.school !== undefined && r >= 0.65 && r < 0.8;
        const minute = r < 0.65 ? 7 * 60 + Math.floor(rnd() * 100) : r < 0.8 ? 10 * 60 + Math.floor(rnd() * 240) : r < 0.93 ? 17 * 60 + 30 + Math.floor(rnd() * 150) : 21 * 60 + Math.floor(rnd() * 60);
        add(date, clock(minute), schoolDay && plan.school ? plan.school : by, {
          kind: 'behaviour', before: pick(words.before), behaviour: pick(words.behaviour), after: pick(words.after),
          intensity: Math.min(5, (short ? 3 : 2) + Math.floor(rnd() * 3)), minutes: pick([1, 5, 5, 10, 10, 20, 30, null]), place: schoolDay ? 'school' : rnd() < 0.85 ? 'home' : 'community',
        });
      }
      if (rnd() < 0.35) add(date, '19:00', by, { kind: 'eating', meals: pick(words.meals), newFoods: pick(words.newFoods), hard: pick(words.hard) });
      if (rnd() < 0.55) add(date, null, by, { kind: 'mood', mood: short ? 1 + Math.floor(rnd() * 3) : 3 + Math.floor(rnd() * 3), routineNote: pick(words.routine) });
      if (rnd() < 0.28) add(date, null, by, { kind: 'win', text: pick(words.wins) });
      if (back % 37 === 5) add(date, null, by, { kind: 'note', text: pick(words.notes) }, 'therapists');
    }
    // Batches keep a few hundred rows per statement; each entry's first wording is its version 1.
    for (let i = 0; i < rows.length; i += 400) {
      const batch = rows.slice(i, i + 400);
      const inserted = await tx.insertInto('journal_entry').values(batch.map((r) => ({ ...r.entry, created_at: r.at })))
        .returning(['id', 'child_id', 'content', 'entry_date', 'entry_time', 'visibility']).execute();
      await tx.insertInto('journal_entry_version').values(inserted.map((e, j) => ({
        entry_id: e.id, child_id: e.child_id, version: 1, content: JSON.stringify(e.content), entry_date: e.entry_date, entry_time: e.entry_time,
        visibility: e.visibility, created_at: batch[j]?.at ?? now,
      }))).execute();
    }
  }
}

/** Wins, the milestones of the goals met, and past plan reviews linked to the goal history. */
async function createMilestonesAndReviews(tx: Tx, clinicId: string, id: (key: string) => string, ctx: (actor: string, role: string) => AuditContext, now: Date): Promise<void> {
  const DAY = 86_400_000;
  const dayOf = (d: Date) => localDate(d, TIME_ZONE);
  const met = await tx.selectFrom('goal_event as e').innerJoin('goal as g', 'g.id', 'e.goal_id')
    .select(['g.id', 'g.child_id', 'g.statement', 'e.actor_id', 'e.actor_role', 'e.created_at'])
    .where('g.clinic_id', '=', clinicId).where('e.kind', '=', 'status_changed').where('g.status', '=', 'met').execute();
  for (const g of met) {
    const m = await tx.insertInto('milestone').values({
      clinic_id: clinicId, child_id: g.child_id, kind: 'goal_met', goal_id: g.id, title: g.statement, happened_on: dayOf(g.created_at),
      created_by: g.actor_id, creator_role: g.actor_role, created_at: g.created_at,
    }).returning('id').executeTakeFirstOrThrow();
    const by: AuditContext = { actorId: g.actor_id, actorRole: g.actor_role, clinicId, ip: null, userAgent: 'careteam demo loader', requestId: null };
    await recordAudit(tx, by, { action: 'milestone.goal_met', childId: g.child_id, subjectType: 'milestone', subjectId: m.id, details: { demo: true, goalId: g.id } });
  }
  for (const w of WINS) {
    const at = new Date(now.getTime() - w.daysAgo * DAY);
    const goal = w.goal
      ? await tx.selectFrom('goal').select('id').where('child_id', '=', id(w.child)).where('statement', '=', w.goal).executeTakeFirstOrThrow()
      : null;
    const m = await tx.insertInto('milestone').values({
      clinic_id: clinicId, child_id: id(w.child), kind: 'win', goal_id: goal?.id ?? null, title: w.title, note: w.note ?? '',
      happened_on: dayOf(at), created_by: id(w.by), creator_role: w.role, created_at: at,
    }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(tx, ctx(w.by, w.role), { action: 'milestone.win', childId: id(w.child), subjectType: 'milestone', subjectId: m.id, details: { demo: true } });
  }
  // Each review covers the goal history since the one before it.
  const previous = new Map<string, Date>();
  for (const r of REVIEWS) {
    const held = new Date(now.getTime() - r.weeksAgo * 7 * DAY);
    const childId = id(r.child);
    let q = tx.selectFrom('goal_event').select(['id', 'goal_id', 'version']).where('child_id', '=', childId).where('created_at', '<=', held);
    const since = previous.get(r.child);
    if (since) q = q.where('created_at', '>', since);
    const events = await q.execute();
    const review = await tx.insertInto('plan_review').values({
      clinic_id: clinicId, child_id: childId, held_on: dayOf(held), agreed: r.agreed, covered_until: held,
      recorded_by: id(r.by), recorder_role: 'therapist', created_at: held,
    }).returning('id').executeTakeFirstOrThrow();
    const members = await tx.selectFrom('care_team_member as m').innerJoin('app_user as u', 'u.id', 'm.user_id').select(['m.user_id', 'm.role', 'u.name'])
      .where('m.child_id', '=', childId).where('m.user_id', 'in', r.participants.map(id)).execute();
    await tx.insertInto('plan_review_participant').values(members.map((m) => ({ review_id: review.id, user_id: m.user_id, name: m.name, role: m.role }))).execute();
    if (events.length > 0) {
      await tx.insertInto('plan_review_change').values(events.map((e) => ({ review_id: review.id, goal_event_id: e.id, goal_id: e.goal_id, goal_version: e.version }))).execute();
    }
    await recordAudit(tx, ctx(r.by, 'therapist'), { action: 'review.record', childId, subjectType: 'plan_review', subjectId: review.id, details: { demo: true } });
    previous.set(r.child, held);
  }
}

/** The clinic's own strategy and each child's strategies, linked to their goals. */
async function createStrategies(tx: Tx, clinicId: string, id: (key: string) => string, ctx: (actor: string, role: string) => AuditContext, now: Date): Promise<void> {
  const own = await tx.insertInto('strategy').values({
    clinic_id: clinicId, settings: CLINIC_STRATEGY.settings, content: JSON.stringify(CLINIC_STRATEGY.content), created_by: id(CLINIC_STRATEGY.by), created_at: now, updated_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  await recordAudit(tx, ctx(CLINIC_STRATEGY.by, 'therapist'), { action: 'strategy.create', subjectType: 'strategy', subjectId: own.id, details: { demo: true } });
  const starters = await tx.selectFrom('strategy').select(['id', 'starter_key']).where('starter_key', 'is not', null).execute();
  const strategyId = (key: string) => (key === CLINIC_STRATEGY.key ? own.id : starters.find((s) => s.starter_key === key)?.id);
  for (const s of STRATEGIES) {
    const sid = strategyId(s.strategy);
    if (!sid) throw new Error(`demo: unknown strategy ${s.strategy}`);
    const goals = await tx.selectFrom('goal').select('id').where('child_id', '=', id(s.child)).where('statement', 'in', s.goals).execute();
    if (goals.length !== s.goals.length) throw new Error(`demo: goals of ${s.strategy} not found`);
    const row = await tx.insertInto('child_strategy').values({
      clinic_id: clinicId, child_id: id(s.child), strategy_id: sid, settings: s.settings, note: s.note, created_by: id(s.by), created_at: now, updated_at: now,
    }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('child_strategy_goal').values(goals.map((g) => ({ child_strategy_id: row.id, goal_id: g.id }))).execute();
    await recordAudit(tx, ctx(s.by, 'therapist'), {
      action: 'child_strategy.attach', childId: id(s.child), subjectType: 'child_strategy', subjectId: row.id, details: { strategyId: sid, demo: true },
    });
  }
}

/** What a guardian writes on agreeing to a goal, in their language. */
const AGREED: Record<Locale, string> = {
  en: 'Yes, this is what matters to us.',
  es: 'Sí, esto es lo que nos importa.',
  vi: 'Vâng, đây đúng là điều gia đình tôi mong muốn.',
  ar: 'نعم، هذا ما يهمّنا.',
  zh: '是的，这正是我们最在意的。',
  pt: 'Sim, é isso que importa para nós.',
  fr: 'Oui, c’est ce qui compte pour nous.',
};

/** The language a demo person reads and writes in. */
function localeOfUser(key: string): Locale {
  return USERS.find((u) => u.key === key)?.locale ?? 'en';
}

/** The demo goals, with their history and agreement, and weeks of measurements. */
async function createGoals(tx: Tx, clinicId: string, id: (key: string) => string, ctx: (actor: string, role: string) => AuditContext, now: Date): Promise<void> {
  const DAY = 86_400_000;
  const today = now.getTime();
  const measurements: Insertable<MeasurementTable>[] = [];
  for (const g of GOALS) {
    const weeks = g.weeks ?? [];
    const created = new Date(today - (weeks.length + 1) * 7 * DAY);
    const fields = {
      area: g.area, statement: g.statement, measure: g.measure, unit: g.unit, baseline: g.baseline, target: g.target,
      lowerIsBetter: g.lowerIsBetter ?? false, targetDate: null, settings: g.settings, priority: g.priority, whyItMatters: g.why,
    };
    const goal = await tx.insertInto('goal').values({
      clinic_id: clinicId, child_id: id(g.child), status: g.status, area: g.area, statement: g.statement, measure: g.measure, unit: g.unit,
      baseline: g.baseline, target: g.target, lower_is_better: g.lowerIsBetter ?? false, settings: g.settings, priority: g.priority,
      why_it_matters: g.why, created_by: id(g.by), created_at: created, updated_at: created,
      ...(g.agreedBy ? { agreed_by: id(g.agreedBy), agreed_at: new Date(created.getTime() + DAY), agreed_version: 1 } : {}),
    }).returning(['id', 'child_id']).executeTakeFirstOrThrow();
    const event = async (kind: 'created' | 'agreed' | 'status_changed', actor: string, role: string, at: Date, status: string, comment = '') => {
      await tx.insertInto('goal_event').values({
        goal_id: goal.id, child_id: goal.child_id, version: 1, kind, actor_id: id(actor), actor_role: role, comment,
        snapshot: JSON.stringify({ ...fields, status }), created_at: at,
      }).execute();
      await recordAudit(tx, ctx(actor, role), { action: `goal.${kind === 'created' ? 'create' : kind === 'agreed' ? 'agree' : 'status'}`, childId: goal.child_id, subjectType: 'goal', subjectId: goal.id, details: { demo: true } });
    };
    await event('created', g.by, 'therapist', created, 'proposed');
    if (g.agreedBy) await event('agreed', g.agreedBy, 'guardian', new Date(created.getTime() + DAY), 'agreed', AGREED[localeOfUser(g.agreedBy)]);
    if (g.status === 'met') await event('status_changed', g.by, 'therapist', new Date(today - 2 * DAY), 'met', 'Every day this week!');
    // One measurement per week and setting, on a weekday, a little above or below the week's value.
    for (const [i, value] of weeks.entries()) {
      if (value === null) continue;
      for (const [setting, who] of Object.entries(g.recorders ?? {})) {
        const jitter = g.measure === 'yes_no' ? 0 : ((i * 7 + setting.length) % 3) - 1;
        const raw = Math.max(0, value + (g.measure === 'percent' ? jitter * 2 : g.measure === 'count' ? 0 : jitter));
        const v = g.measure === 'yes_no' ? value : g.measure === 'percent' ? Math.min(100, raw) : Math.round(raw);
        const day = new Date(today - (weeks.length - i) * 7 * DAY + (setting === 'therapy' ? 1 : setting === 'home' ? 3 : 4) * DAY);
        if (day.getTime() > today) continue;
        const role = setting === 'therapy' ? 'therapist' : setting === 'school' ? 'teacher' : who === 'dorothy' ? 'caregiver' : 'guardian';
        measurements.push({
          goal_id: goal.id, child_id: goal.child_id, value: v, opportunities: g.measure === 'percent' ? 10 : null,
          measured_on: day.toISOString().slice(0, 10), setting: setting as 'therapy' | 'home' | 'school', recorded_by: id(who), recorder_role: role, created_at: day,
        });
      }
    }
  }
  for (let i = 0; i < measurements.length; i += 500) await tx.insertInto('measurement').values(measurements.slice(i, i + 500)).execute();
}

/** The demo's home practice: items with their history, and months of family logs written in batches. */
async function createPractice(tx: Tx, clinicId: string, id: (key: string) => string, ctx: (actor: string, role: string) => AuditContext, at: Date): Promise<void> {
  const DAY = 86_400_000;
  const now = at.getTime();
  const dayOf = (d: Date) => localDate(d, TIME_ZONE);
  const today = dayOf(new Date(now));
  // The calendar day before (not 24 hours back: the day the clocks go back has 25 hours).
  const yesterday = new Date(Date.parse(`${today}T12:00:00Z`) - DAY).toISOString().slice(0, 10);
  let seed = 7;
  // A small repeatable generator: the demo looks the same every time it is loaded.
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const logs: PracticeLogRow[] = [];
  for (const [index, p] of PRACTICE.entries()) {
    const childId = id(p.child);
    const created = new Date(now - p.weeksAgo * 7 * DAY);
    const startDate = dayOf(created);
    const goals = await tx.selectFrom('goal').select('id').where('child_id', '=', childId).where('statement', 'in', p.goals).execute();
    const fields = {
      title: p.title, goalIds: goals.map((g) => g.id), steps: p.steps, schedule: { rule: p.rule, timesPerWeek: p.timesPerWeek ?? null },
      minutes: p.minutes, startDate, endDate: null, watchFor: p.watchFor ?? '',
    };
    const statusAt = p.status ? new Date(now - p.status.daysAgo * DAY) : null;
    const item = await tx.insertInto('practice_item').values({
      clinic_id: clinicId, child_id: childId, title: p.title, goal_ids: fields.goalIds, steps: JSON.stringify(p.steps), rule: p.rule,
      times_per_week: p.timesPerWeek ?? null, minutes: p.minutes, start_date: startDate, end_date: null, watch_for: fields.watchFor,
      status: p.status?.to ?? 'active', status_reason: p.status?.reason ?? '', created_by: id(p.by), created_at: created, updated_at: statusAt ?? created,
    }).returning('id').executeTakeFirstOrThrow();
    await tx.insertInto('practice_event').values({
      item_id: item.id, child_id: childId, version: 1, kind: 'created', actor_id: id(p.by), actor_role: 'therapist', changes: '{}',
      snapshot: JSON.stringify({ ...fields, status: 'active', statusReason: '' }), created_at: created,
    }).execute();
    await recordAudit(tx, ctx(p.by, 'therapist'), { action: 'practice.create', childId, subjectType: 'practice', subjectId: item.id, details: { demo: true } });
    if (p.status && statusAt) {
      await tx.insertInto('practice_event').values({
        item_id: item.id, child_id: childId, version: 1, kind: 'status_changed', actor_id: id(p.by), actor_role: 'therapist', comment: p.status.reason,
        changes: JSON.stringify({ status: { before: 'active', after: p.status.to } }), snapshot: JSON.stringify({ ...fields, status: p.status.to, statusReason: p.status.reason }), created_at: statusAt,
      }).execute();
      await recordAudit(tx, ctx(p.by, 'therapist'), { action: 'practice.status', childId, subjectType: 'practice', subjectId: item.id, details: { demo: true } });
    }
    // Logged until the item was paused; today only for every other item, so Today shows some
    // practice done and some still to do.
    const upTo = index % 2 === 0 ? today : yesterday;
    const last = statusAt ? dayOf(statusAt) : upTo;
    let days = listedDays({ rule: p.rule, timesPerWeek: p.timesPerWeek ?? null, startDate, endDate: null }, startDate, last < upTo ? last : upTo);
    if (p.timesPerWeek) {
      const perWeek = new Map<string, number>();
      days = days.filter((d) => {
        const monday = new Date(Date.parse(`${d}T00:00:00Z`) - ((new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7) * DAY).toISOString().slice(0, 10);
        const n = perWeek.get(monday) ?? 0;
        if (n >= (p.timesPerWeek ?? 7) || random() < 0.25) return false;
        perWeek.set(monday, n + 1);
        return true;
      });
    }
    let noteIndex = 0;
    for (const date of days) {
      const r = random();
      if (r < 0.06 && date !== today) continue; // a day nobody logged: simply nothing
      const outcome = r < 0.8 ? 'done' : r < 0.92 ? 'partial' : 'skipped';
      const who = p.loggers[Math.floor(random() * p.loggers.length)] ?? p.loggers[0] ?? 'diego';
      const face = outcome === 'skipped' || random() < 0.35 ? null : outcome === 'partial' ? 2 + Math.floor(random() * 2) : 3 + Math.floor(random() * 3);
      const note = random() < 0.08 && p.notes.length > 0 ? p.notes[noteIndex++ % p.notes.length] ?? '' : '';
      const at = new Date(Math.min(now - 60_000, Date.parse(`${date}T00:00:00Z`) + (24 + 1 + Math.floor(random() * 3)) * 3_600_000)); // evening in Chicago
      logs.push({
        item_id: item.id, child_id: childId, practice_date: date, outcome, how_it_went: face, note,
        minutes: outcome === 'skipped' ? null : random() < 0.5 ? Math.max(1, p.minutes + Math.round((random() - 0.5) * 6)) : null,
        logged_by: id(who), logger_role: who === 'dorothy' ? 'caregiver' : 'guardian', created_at: at,
      });
    }
    // Every item with notes shows at least one: the last log the family kept gets the first.
    const lastLog = logs.findLast((l) => l.item_id === item.id && l.outcome !== 'skipped');
    if (noteIndex === 0 && lastLog && p.notes[0]) lastLog.note = p.notes[0];
  }
  for (let i = 0; i < logs.length; i += 500) await tx.insertInto('practice_log').values(logs.slice(i, i + 500)).execute();
}

/**
 * Loads the demo clinic into the server's database, dated relative to `now`, once: when it is
 * already there, only the logins are printed again, with the day its data is from if that was
 * not today.
 */
export async function loadDemo(config: Config, url: string, databaseUrl?: string, now: Date = new Date()): Promise<void> {
  const db = createDb(createPool(await resolveDatabaseUrl(config, databaseUrl), 2));
  try {
    const loadedAt = await db.transaction().execute(async (tx) => {
      // Two loaders at once (two terminals) must not create two demo clinics.
      await sql`SELECT pg_advisory_xact_lock(hashtextextended('careteam:demo', 0))`.execute(tx);
      const existing = await tx.selectFrom('clinic').select('created_at').where('name', '=', DEMO_CLINIC).executeTakeFirst();
      if (existing) return existing.created_at;
      await createDemo(tx, config, now);
      return null;
    });
    if (!loadedAt) {
      console.log(`\nThe demo clinic "${DEMO_CLINIC}" is ready.`);
    } else {
      const from = localDate(loadedAt, TIME_ZONE);
      if (from === localDate(now, TIME_ZONE)) {
        console.log(`\nThe demo clinic "${DEMO_CLINIC}" is already loaded.`);
      } else {
        console.log(`\nThe demo clinic "${DEMO_CLINIC}" is already loaded: its data is from ${from}, so the days since look quiet.`);
        console.log(`For a demo dated today, run \`npm run demo\` with neither DATA_DIR nor DATABASE_URL set: it keeps its own folder, ${DEMO_DATA_DIR}/, made afresh at each start.`);
      }
    }
    printLogins(url);
  } finally {
    await db.destroy();
  }
}
