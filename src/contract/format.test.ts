import { describe, expect, it } from 'vitest';
import { localeAmong } from './locales.ts';
import { appLocalesOf, formatWallClock, formatWeekdayDate, formatDuration, formatList, formatNumber, languageCodeOf, languageName, typedLanguageName, wallClock, weekdayName, zoneOffset } from './format.ts';

describe('formatNumber', () => {
  it('writes decimals and thousands as each language does', () => {
    expect(formatNumber('en', 9.7)).toBe('9.7');
    expect(formatNumber('es', 9.7)).toBe('9,7');
    expect(formatNumber('en', 12_500)).toBe('12,500');
    expect(formatNumber('es', 12_500)).toBe('12.500');
    expect(formatNumber('es', 2.25, { maximumFractionDigits: 1 })).toBe('2,3');
    expect(formatNumber('en', 3, { maximumFractionDigits: 1 })).toBe('3');
  });
});

describe('formatDuration', () => {
  it('writes hours with the decimal comma in Spanish', () => {
    expect(formatDuration('en', 9.7)).toBe('9.7 hours');
    expect(formatDuration('es', 9.7)).toBe('9,7 horas');
    expect(formatDuration('es', 9.7, { unitDisplay: 'short' })).toBe('9,7 h');
    expect(formatDuration('en', 1)).toBe('1 hour');
    expect(formatDuration('es', 1)).toBe('1 hora');
  });

  it('says whole days as days, not 168 hours', () => {
    expect(formatDuration('en', 168)).toBe('7 days');
    expect(formatDuration('es', 168)).toBe('7 días');
    expect(formatDuration('es', 24)).toBe('1 día');
    expect(formatDuration('en', 36)).toBe('36 hours');
  });

  it('says less than an hour in minutes', () => {
    expect(formatDuration('en', 0.25)).toBe('15 minutes');
    expect(formatDuration('es', 0.25)).toBe('15 minutos');
  });
});

describe('formatList', () => {
  it('joins with the language’s own “and”', () => {
    expect(formatList('en', ['Spanish', 'English'])).toBe('Spanish and English');
    expect(formatList('en', ['Ana', 'Luis', 'Marta'])).toBe('Ana, Luis, and Marta');
    expect(formatList('es', ['Ana', 'Luis', 'Marta'])).toBe('Ana, Luis y Marta');
    // Spanish "y" becomes "e" before an i sound.
    expect(formatList('es', ['español', 'inglés'])).toBe('español e inglés');
  });
});

describe('languageName', () => {
  it('names a language in the reader’s language', () => {
    expect(languageName('en', 'es')).toBe('Spanish');
    expect(languageName('es', 'es')).toBe('español');
    expect(languageName('es', 'en')).toBe('inglés');
    expect(languageName('es', 'not a tag!')).toBe('not a tag!');
  });

  it('recognises a language typed by name in English or Spanish, and leaves others as typed', () => {
    expect(languageCodeOf('Spanish')).toBe('es');
    expect(languageCodeOf(' english ')).toBe('en');
    expect(languageCodeOf('Español')).toBe('es');
    expect(languageCodeOf('ingles')).toBe('en');
    expect(languageCodeOf('American Sign Language')).toBe('ase');
    expect(languageCodeOf('Grandma’s words')).toBeNull();
    expect(formatList('es', ['Spanish', 'English'].map((l) => typedLanguageName('es', l)))).toBe('español e inglés');
    expect(formatList('en', ['español', 'inglés'].map((l) => typedLanguageName('en', l)))).toBe('Spanish and English');
    expect(typedLanguageName('es', 'Grandma’s words')).toBe('Grandma’s words');
  });

  it('recognises a language typed by name in any of the app’s languages, and the app’s languages a profile names', () => {
    expect(languageCodeOf('العربية')).toBe('ar');
    expect(languageCodeOf('Tiếng Việt')).toBe('vi');
    expect(languageCodeOf('中文')).toBe('zh');
    expect(languageCodeOf('português')).toBe('pt');
    expect(appLocalesOf(['Somali', 'Arabic', 'English'])).toEqual(['ar', 'en']);
    expect(appLocalesOf(['vietnamita', 'fr', 'Vietnamese'])).toEqual(['vi', 'fr']);
    expect(appLocalesOf(['Grandma’s words'])).toEqual([]);
  });

  it('takes the reader’s language when the text is written in it, else its first language', () => {
    expect(localeAmong(['en', 'es'], 'es-MX')).toBe('es');
    expect(localeAmong(['en', 'es'], 'ar')).toBe('en');
    expect(localeAmong(['es', 'vi'], 'vi')).toBe('vi');
  });
});

describe('weekdayName', () => {
  it('writes weekdays as the language does mid-sentence', () => {
    expect(weekdayName('en', 1)).toBe('Monday');
    expect(weekdayName('es', 1)).toBe('lunes');
    expect(weekdayName('es', 3)).toBe('miércoles');
    expect(weekdayName('es', 7)).toBe('domingo');
    expect(weekdayName('en', 7, 'short')).toBe('Sun');
  });
});

describe('formatWeekdayDate', () => {
  it('writes a calendar date as its weekday and date, on that day whatever the time zone', () => {
    expect(formatWeekdayDate('en-GB', '2026-11-02')).toMatch(/^Monday,? 2 November$/u);
    expect(formatWeekdayDate('es', '2026-11-02')).toBe('lunes, 2 de noviembre');
    expect(formatWeekdayDate('es', 'not a date')).toBe('not a date');
  });
});

describe('formatWallClock', () => {
  it('writes a start already on the reader’s clock without moving it', () => {
    const en = formatWallClock('en-GB', '2026-11-05T16:00');
    expect(en.day).toMatch(/^Thursday,? 5 November 2026$/u);
    expect(en.time).toBe('16:00');
    expect(formatWallClock('es', '2026-11-05T09:30')).toEqual({ day: 'jueves, 5 de noviembre de 2026', time: '9:30' });
  });
});

describe('wall clocks in time zones', () => {
  it('reads the offset on each side of a clock change, half-hour and quarter-hour zones included', () => {
    expect(zoneOffset(Date.parse('2026-03-08T07:59:59Z'), 'America/Chicago')).toBe(-360);
    expect(zoneOffset(Date.parse('2026-03-08T08:00:00Z'), 'America/Chicago')).toBe(-300);
    expect(zoneOffset(Date.parse('2026-11-01T06:59:59Z'), 'America/Chicago')).toBe(-300);
    expect(zoneOffset(Date.parse('2026-11-01T07:00:00Z'), 'America/Chicago')).toBe(-360);
    expect(zoneOffset(Date.parse('2026-04-04T14:59:59Z'), 'Australia/Lord_Howe')).toBe(660);
    expect(zoneOffset(Date.parse('2026-04-04T15:00:00Z'), 'Australia/Lord_Howe')).toBe(630);
    expect(zoneOffset(Date.parse('2026-06-01T00:00:00Z'), 'Asia/Kathmandu')).toBe(345);
  });

  it('gives the same wall clock as formatting each instant, across zones and a year', () => {
    const zones = ['America/Chicago', 'America/New_York', 'Europe/Madrid', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'UTC'];
    for (const zone of zones) {
      const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
      for (let at = Date.parse('2026-01-01T00:00:00Z'); at < Date.parse('2027-01-01T00:00:00Z'); at += 7_777_777) {
        const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, Number(p.value)]));
        expect(wallClock(at, zone), `${zone} ${new Date(at).toISOString()}`).toEqual({ year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second });
      }
    }
  });
});
