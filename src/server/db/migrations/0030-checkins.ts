import { sql, type Kysely } from 'kysely';
import { addNotificationKinds } from '../notification-kinds.ts';

// Check-ins. Frozen once landed: never edit, add a new migration instead.
//
// `checkin_form` holds both libraries, as strategies do: rows with clinic_id NULL are CareTeam's
// starter forms, inserted here with a stable starter_key and never edited through the API; rows
// with a clinic_id are that clinic's own. A form is one jsonb `definition`: its title and
// introduction, who answers it (family or teacher), who reads the answers (privacy: team,
// clinicians, aggregate), its items (kind, text per language, a scale's end words, options,
// number bounds, reversed) and its scoring (sum or mean of chosen items, direction, sub-scores).
//
// `checkin_assignment`: a form given to one child's respondents on a cadence (weekly on a day,
// monthly on a date, before each session), from a local start date; `next_check_at` is when the
// notification sweep looks at it again. `checkin_response`: one answer per assignment, occurrence
// (a local date, or "s:<session id>" before a session) and respondent slot ("user:<id>" or
// "household:<name>"), kept half-done (draft) until submitted, with its score, sub-scores, the
// form's privacy and the therapist who assigned it (for the partnership summary, never per person).
// Notifications gain the kinds checkin_due and checkin_wellbeing.

type L = { en: string; es: string };
type Item = { key: string; kind: string; text: L; low?: L; high?: L; options?: { key: string; text: L }[]; reversed?: boolean; alertAtWorst?: boolean };
type Form = {
  title: L; intro: L; respondent: 'family' | 'teacher'; privacy: 'team' | 'clinicians' | 'aggregate'; items: Item[];
  scoring: { method: 'sum' | 'mean'; items: string[]; direction: 'higher_better' | 'higher_worse'; subscores: { key: string; label: L; items: string[] }[] } | null;
};

const scale = (key: string, en: string, es: string, low: L, high: L, more: Partial<Item> = {}): Item => ({ key, kind: 'scale', text: { en, es }, low, high, ...more });
const text = (key: string, en: string, es: string): Item => ({ key, kind: 'text', text: { en, es } });
const BADLY = { en: 'Very badly', es: 'Muy mal' };
const WELL = { en: 'Very well', es: 'Muy bien' };
const HARD = { en: 'Very hard', es: 'Muy difícil' };
const NOT_AT_ALL = { en: 'Not at all', es: 'Nada' };

const STARTERS: Record<string, Form> = {
  weekly_home: {
    title: { en: 'Weekly home check-in', es: 'Seguimiento semanal en casa' },
    intro: {
      en: 'A minute about this week at home. Your words help us plan the next session.',
      es: 'Un minuto sobre esta semana en casa. Sus palabras nos ayudan a preparar la próxima sesión.',
    },
    respondent: 'family', privacy: 'team',
    items: [
      scale('sleep', 'How has your child slept this week?', '¿Cómo ha dormido su hijo o hija esta semana?', BADLY, WELL),
      scale('mood', 'How has your child’s mood been?', '¿Cómo ha estado su estado de ánimo?', { en: 'Very low', es: 'Muy bajo' }, { en: 'Very good', es: 'Muy bueno' }),
      scale('practice', 'How did practice go this week?', '¿Cómo fue la práctica esta semana?', HARD, WELL),
      text('worked', 'What worked?', '¿Qué funcionó?'),
      text('hard', 'What was hard?', '¿Qué fue difícil?'),
      text('tellTherapist', 'Anything your therapist should know?', '¿Algo que su terapeuta deba saber?'),
    ],
    scoring: {
      method: 'mean', items: ['sleep', 'mood', 'practice'], direction: 'higher_better',
      subscores: [
        { key: 'wellbeing', label: { en: 'Sleep and mood', es: 'Sueño y ánimo' }, items: ['sleep', 'mood'] },
        { key: 'practice', label: { en: 'Practice', es: 'Práctica' }, items: ['practice'] },
      ],
    },
  },
  before_session: {
    title: { en: 'Before the session', es: 'Antes de la sesión' },
    intro: { en: 'Tell us how things are before we meet, so the session starts where you are.', es: 'Cuéntenos cómo van las cosas antes de vernos, para empezar la sesión donde están ustedes.' },
    respondent: 'family', privacy: 'team',
    items: [
      scale('week', 'How have things gone since the last session?', '¿Cómo han ido las cosas desde la última sesión?', HARD, WELL),
      { key: 'practised', kind: 'yes_no', text: { en: 'Did you manage to practise at home?', es: '¿Pudieron practicar en casa?' } },
      {
        key: 'topics', kind: 'multiple', text: { en: 'What would you like to talk about?', es: '¿De qué le gustaría hablar?' },
        options: [
          { key: 'practice', text: { en: 'Home practice', es: 'La práctica en casa' } },
          { key: 'behaviour', text: { en: 'Behaviour', es: 'La conducta' } },
          { key: 'sleep', text: { en: 'Sleep', es: 'El sueño' } },
          { key: 'school', text: { en: 'School', es: 'La escuela' } },
          { key: 'somethingNew', text: { en: 'Something new', es: 'Algo nuevo' } },
        ],
      },
      text('question', 'A question for the session', 'Una pregunta para la sesión'),
    ],
    scoring: { method: 'mean', items: ['week'], direction: 'higher_better', subscores: [] },
  },
  school: {
    title: { en: 'School check-in', es: 'Seguimiento escolar' },
    intro: { en: 'A minute about this week in class. It helps the child get the same support everywhere.', es: 'Un minuto sobre esta semana en clase. Ayuda a que el niño o la niña reciba el mismo apoyo en todas partes.' },
    respondent: 'teacher', privacy: 'team',
    items: [
      scale('joinedIn', 'How did the child take part in class?', '¿Cómo participó el niño o la niña en clase?', NOT_AT_ALL, { en: 'Fully', es: 'Plenamente' }),
      scale('hardMoments', 'How well were hard moments managed?', '¿Qué tan bien se manejaron los momentos difíciles?', { en: 'Not well', es: 'No muy bien' }, WELL),
      { key: 'usedStrategies', kind: 'yes_no', text: { en: 'Did you use the shared strategies this week?', es: '¿Usó las estrategias compartidas esta semana?' } },
      {
        key: 'hardestTime', kind: 'single', text: { en: 'When was the hardest time of the day?', es: '¿Cuál fue el momento más difícil del día?' },
        options: [
          { key: 'arrival', text: { en: 'Arrival', es: 'La llegada' } },
          { key: 'lessons', text: { en: 'Lessons', es: 'Las clases' } },
          { key: 'breaks', text: { en: 'Breaks', es: 'Los recreos' } },
          { key: 'changes', text: { en: 'Changes of activity', es: 'Los cambios de actividad' } },
          { key: 'none', text: { en: 'None stood out', es: 'Ninguno en especial' } },
        ],
      },
      text('note', 'What should the team know?', '¿Qué debería saber el equipo?'),
    ],
    scoring: { method: 'mean', items: ['joinedIn', 'hardMoments'], direction: 'higher_better', subscores: [] },
  },
  caregiver_wellbeing: {
    title: { en: 'How are you doing?', es: '¿Cómo está usted?' },
    intro: {
      en: 'This is about you, not your child. Only the clinicians on your child’s team read your answers.',
      es: 'Esto es sobre usted, no sobre su hijo o hija. Solo los clínicos del equipo de su hijo o hija leen sus respuestas.',
    },
    respondent: 'family', privacy: 'clinicians',
    items: [
      scale('overall', 'How are you doing this week?', '¿Cómo está usted esta semana?', { en: 'Struggling', es: 'Con muchas dificultades' }, { en: 'Doing well', es: 'Bien' }, { alertAtWorst: true }),
      scale('stress', 'How stressed have you felt?', '¿Cuánto estrés ha sentido?', NOT_AT_ALL, { en: 'Very', es: 'Mucho' }, { reversed: true }),
      scale('supported', 'Do you feel supported?', '¿Se siente apoyado o apoyada?', NOT_AT_ALL, { en: 'Very much', es: 'Mucho' }),
      scale('rest', 'Have you had time to rest?', '¿Ha tenido tiempo para descansar?', { en: 'None', es: 'Nada' }, { en: 'Enough', es: 'Suficiente' }),
      text('note', 'Anything you would like your therapist to know?', '¿Algo que le gustaría que su terapeuta supiera?'),
    ],
    scoring: {
      method: 'mean', items: ['overall', 'stress', 'supported', 'rest'], direction: 'higher_better',
      subscores: [
        { key: 'feeling', label: { en: 'How you feel', es: 'Cómo se siente' }, items: ['overall', 'stress'] },
        { key: 'support', label: { en: 'Support and rest', es: 'Apoyo y descanso' }, items: ['supported', 'rest'] },
      ],
    },
  },
  partnership: {
    title: { en: 'Working together', es: 'Trabajando juntos' },
    intro: {
      en: 'Your answers are never shown with your name: the clinic only sees them added up with at least four other families’.',
      es: 'Sus respuestas nunca se muestran con su nombre: la clínica solo las ve sumadas a las de al menos otras cuatro familias.',
    },
    respondent: 'family', privacy: 'aggregate',
    items: [
      scale('heard', 'I feel heard', 'Me siento escuchado o escuchada', NOT_AT_ALL, { en: 'Completely', es: 'Totalmente' }),
      scale('knowWhat', 'I know what to practise', 'Sé qué practicar', NOT_AT_ALL, { en: 'Completely', es: 'Totalmente' }),
      scale('fits', 'The plan fits our family', 'El plan se adapta a nuestra familia', NOT_AT_ALL, { en: 'Completely', es: 'Totalmente' }),
    ],
    scoring: { method: 'mean', items: ['heard', 'knowWhat', 'fits'], direction: 'higher_better', subscores: [] },
  },
};

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE checkin_form (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid REFERENCES clinic(id),
      starter_key text UNIQUE,
      definition jsonb NOT NULL,
      created_by uuid REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((clinic_id IS NULL) = (starter_key IS NOT NULL))
    );
    CREATE INDEX checkin_form_clinic ON checkin_form (clinic_id);

    CREATE TABLE checkin_assignment (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      form_id uuid NOT NULL REFERENCES checkin_form(id),
      cadence jsonb NOT NULL CHECK (cadence->>'kind' IN ('weekly', 'monthly', 'before_session')),
      respondents jsonb NOT NULL CHECK (jsonb_typeof(respondents) = 'array'),
      starts_on date NOT NULL,
      ended_at timestamptz,
      next_check_at timestamptz,
      created_by uuid NOT NULL REFERENCES app_user(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX checkin_assignment_child ON checkin_assignment (child_id);
    CREATE INDEX checkin_assignment_due ON checkin_assignment (next_check_at) WHERE ended_at IS NULL;

    CREATE TABLE checkin_response (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      clinic_id uuid NOT NULL REFERENCES clinic(id),
      child_id uuid NOT NULL REFERENCES child(id),
      assignment_id uuid NOT NULL REFERENCES checkin_assignment(id),
      form_id uuid NOT NULL REFERENCES checkin_form(id),
      privacy text NOT NULL CHECK (privacy IN ('team', 'clinicians', 'aggregate')),
      therapist_id uuid NOT NULL REFERENCES app_user(id),
      occurrence text NOT NULL,
      due_date date NOT NULL,
      slot text NOT NULL,
      respondent_id uuid NOT NULL REFERENCES app_user(id),
      setting text NOT NULL CHECK (setting IN ('home', 'school')),
      answers jsonb NOT NULL,
      score double precision,
      subscores jsonb NOT NULL DEFAULT '{}',
      status text NOT NULL CHECK (status IN ('draft', 'submitted')),
      submitted_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (assignment_id, occurrence, slot),
      CHECK ((status = 'submitted') = (submitted_at IS NOT NULL))
    );
    CREATE INDEX checkin_response_child ON checkin_response (child_id, due_date);
    CREATE INDEX checkin_response_therapist ON checkin_response (therapist_id) WHERE privacy = 'aggregate' AND status = 'submitted';
  `.execute(db);
  for (const [key, form] of Object.entries(STARTERS)) {
    await sql`INSERT INTO checkin_form (starter_key, definition) VALUES (${key}, ${JSON.stringify(form)}::jsonb)`.execute(db);
  }
  await addNotificationKinds(db, ['checkin_due', 'checkin_wellbeing']);
}
