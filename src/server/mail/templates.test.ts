import { describe, expect, it } from 'vitest';
import { FSI, PDI } from '../../contract/bidi.ts';
import { digestLines, mailText, renderMail } from './templates.ts';

const link = { url: 'https://care.example/invite/abc', hours: 168 };
const vars = { name: 'Mariam Nasser', inviter: 'Tala Haddad', child: 'Yusuf', clinic: 'Harbour Kids', role: 'guardian' };

describe('mails in a right-to-left language', () => {
  it('are laid out right to left, names set apart in their sentences, in the text and the HTML', () => {
    const mail = renderMail('teamInvite', 'ar', vars, link);
    expect(mail.html).toContain('<html lang="ar" dir="rtl">');
    expect(mail.html).toContain('<div role="main" dir="rtl">');
    expect(mail.subject).toContain(`${FSI}Yusuf${PDI}`);
    expect(mail.text).toContain(`${FSI}Mariam Nasser${PDI}`);
    expect(mail.html).toContain(`${FSI}Tala Haddad${PDI}`);
    // The role is chosen by, not printed: the sentence says it in Arabic.
    expect(mail.text).toContain('وليّ أمر');
  });

  it('say English as before when every value is Latin, and set an Arabic name apart in it', () => {
    const mail = renderMail('teamInvite', 'en', vars, link);
    expect(mail.html).toContain('<html lang="en" dir="ltr">');
    expect(mail.text).toContain('Hello Mariam Nasser,');
    expect(mail.text).not.toMatch(/[\u2066-\u2069]/);
    expect(renderMail('teamInvite', 'en', { ...vars, name: 'مريم' }, link).text).toContain(`Hello ${FSI}مريم${PDI},`);
  });

  it('builds digests the same way, and leaves a text message without marks', () => {
    expect(mailText('ar')('mail.greeting', { name: 'Sam' })).toBe(`مرحبًا ${FSI}Sam${PDI}،`);
    expect(digestLines('ar', new Map([['message', 3]]))).toEqual(['3 رسائل جديدة']);
    expect(mailText('ar', { isolate: false })('mail.greeting', { name: 'Sam' })).toBe('مرحبًا Sam،');
  });
});
