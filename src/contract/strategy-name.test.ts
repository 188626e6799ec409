import { describe, expect, it } from 'vitest';
import { strategyNameFor, strategyNames } from './strategy-name.ts';

const fr = { name: 'Compte à rebours du dinosaure' };
const en = { name: 'Dinosaur countdown' };
const machine = (language: string, name: string) => ({ translated: { language, fields: { name } } });

describe('a strategy’s name as its reader reads it', () => {
  it('is the reader’s own language first, then the translation made for them, then as written (English first)', () => {
    expect(strategyNameFor({ content: { fr, en } }, 'fr-CA')).toBe(fr.name);
    expect(strategyNameFor({ content: { fr }, translation: machine('es', 'Cuenta atrás del dinosaurio') }, 'es')).toBe('Cuenta atrás del dinosaurio');
    // Written in the reader's language: its own words win over any translation.
    expect(strategyNameFor({ content: { es: { name: 'Cuenta regresiva' } }, translation: machine('es', 'otra') }, 'es')).toBe('Cuenta regresiva');
    // A translation for another reader is not this reader's.
    expect(strategyNameFor({ content: { fr, en }, translation: machine('ar', 'العد') }, 'es')).toBe(en.name);
    expect(strategyNameFor({ content: { fr } }, 'vi')).toBe(fr.name);
    expect(strategyNameFor({ content: {} }, 'en')).toBe('');
  });

  it('goes by every name written and the translated one', () => {
    expect(strategyNames({ content: { fr, en }, translation: machine('es', 'Cuenta atrás') })).toEqual([fr.name, en.name, 'Cuenta atrás']);
  });
});
