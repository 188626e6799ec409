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

  it('guesses nothing from text without one range', () => {
    expect(contactRange('weekdays after 6 pm, not during school runs')).toBeNull();
    expect(contactRange('')).toBeNull();
    expect(contactRange('9-12 or 15-18')).toBeNull();
    expect(contactRange('25:00-26:00')).toBeNull();
    expect(contactRange('call 555-1234')).toBeNull();
  });
});
