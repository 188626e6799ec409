import { describe, expect, it } from 'vitest';
import { compileCatalogue, messagesNamedIn, type Tree } from '../scripts/vite-plugins.ts';

// The build gives each route the messages its code names; what it misses, a page shows as a key.
const catalogue: Tree = {
  common: { close: 'Close', loading: 'Loading…' },
  sessions: { title: 'Sessions', kind: { therapy: 'Therapy', meeting: 'Meeting' }, answer: 'Answer', answerPast: 'Answered' },
  plan: { trend: { up: 'Up', down: 'Down' }, title: 'Plan' },
};

describe('the messages a module names', () => {
  it('are the keys it spells, in any quotes', () => {
    expect(messagesNamedIn(`t('common.close'); t("sessions.title"); t(\`common.loading\`)`, catalogue)).toEqual(['common.close', 'common.loading', 'sessions.title']);
  });

  it('are the whole group a key built in the code starts', () => {
    expect(messagesNamedIn('t(`sessions.kind.${session.kind}`)', catalogue)).toEqual(['sessions.kind']);
    expect(messagesNamedIn("t('plan.trend.' + kind)", catalogue)).toEqual(['plan.trend']);
    expect(messagesNamedIn("t(`sessions.${past ? 'answerPast' : 'answer'}`)", catalogue)).toEqual(['sessions']);
    // The last word only begins a key: its whole group.
    expect(messagesNamedIn('t(`plan.trend${Direction}`)', catalogue)).toEqual(['plan']);
  });

  it('leave out strings that look like keys but name nothing in the catalogue', () => {
    expect(messagesNamedIn("can('plan.view'); path: 'sessions'; import './plan.css'; 'Dr. Smith'", catalogue)).toEqual([]);
  });

  it('keep a group once, not its messages beside it', () => {
    expect(messagesNamedIn("t('sessions.kind.therapy'); t(`sessions.kind.${k}`)", catalogue)).toEqual(['sessions.kind']);
  });
});

describe('the catalogue the browser gets', () => {
  it('holds plain messages as their text and the others compiled, in the same tree', () => {
    const compiled = compileCatalogue({ plan: { title: "Today''s plan", goals: '{count, plural, one {# goal} other {# goals}} for {name}' } });
    expect(compiled).toEqual({ plan: { title: "Today's plan", goals: [[6, 'count', { one: [7, ' goal'], other: [7, ' goals'] }], ' for ', [1, 'name']] } });
  });

  it('fails the build on a message that does not parse, naming it', () => {
    expect(() => compileCatalogue({ plan: { goals: '{count, plural, one {# goal}' } })).toThrow(/plan\.goals/);
  });
});
