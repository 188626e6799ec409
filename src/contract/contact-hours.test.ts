import { describe, expect, it } from 'vitest';
import { contactRange, quietFromContactHours } from './contact-hours.ts';

describe('contact hours from the family profile', () => {
  it('reads one clear range of the day, in 24-hour or am/pm writing', () => {
    expect(contactRange('weekdays 17:00–20:00')).toEqual({ start: '17:00', end: '20:00' });
    expect(contactRange('9am - 5pm')).toEqual({ start: '09:00', end: '17:00' });
    expect(contactRange('5 - 8pm')).toEqual({ start: '17:00', end: '20:00' });
    expect(contactRange('de 9:30 a 13:00')).toEqual({ start: '09:30', end: '13:00' });
    expect(quietFromContactHours('17:00-20:00')).toEqual({ start: '20:00', end: '17:00' });
  });

  it('reads the range as families write it in their own language, with the half of the day in words', () => {
    expect(contactRange('de 6 a 8 de la tarde')).toEqual({ start: '18:00', end: '20:00' });
    expect(contactRange('entre semana, de 8 a 10 de la noche')).toEqual({ start: '20:00', end: '22:00' });
    expect(contactRange('de 9 a 11 de la mañana')).toEqual({ start: '09:00', end: '11:00' });
    expect(contactRange('de 18h à 20h')).toEqual({ start: '18:00', end: '20:00' });
    expect(contactRange('de 6h à 8h le soir')).toEqual({ start: '18:00', end: '20:00' });
    expect(contactRange('das 18h às 20h')).toEqual({ start: '18:00', end: '20:00' });
    expect(contactRange('下午6点到8点')).toEqual({ start: '18:00', end: '20:00' });
    expect(contactRange('từ 6 giờ đến 8 giờ tối')).toEqual({ start: '18:00', end: '20:00' });
    expect(contactRange('من 6 إلى 8 مساءً')).toEqual({ start: '18:00', end: '20:00' });
    expect(contactRange('من ٦ إلى ٨ مساءً')).toEqual({ start: '18:00', end: '20:00' });
    expect(contactRange('evenings 18:00-20:00')).toEqual({ start: '18:00', end: '20:00' });
    expect(quietFromContactHours('de 6 a 8 de la tarde')).toEqual({ start: '20:00', end: '18:00' });
    // The word moves the end, and the start only when it then still comes first.
    expect(contactRange('de 10 a 2 de la tarde')).toEqual({ start: '10:00', end: '14:00' });
    expect(contactRange('weekdays 9 to 5')).toBeNull();
  });

  it('guesses nothing from text without one range', () => {
    expect(contactRange('de 9 de la mañana a 5 de la tarde, o por la noche de 8 a 9')).toBeNull();
    expect(contactRange('9-11h, never at night')).toEqual({ start: '09:00', end: '11:00' });
    expect(contactRange('Not available 5-6 May')).toBeNull();
    expect(contactRange('1 a 2 veces por semana')).toBeNull();
    expect(contactRange('weekdays after 6 pm, not during school runs')).toBeNull();
    expect(contactRange('')).toBeNull();
    expect(contactRange('9-12 or 15-18')).toBeNull();
    expect(contactRange('25:00-26:00')).toBeNull();
    expect(contactRange('call 555-1234')).toBeNull();
  });
});
