// Spanish speaks to the reader as "usted" everywhere. A string in "tú" beside strings in "usted"
// reads as careless; these rules catch the forms a rule can tell apart reliably.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
type Tree = { [key: string]: string | Tree };

function strings(locale: string): [string, string][] {
  const out: [string, string][] = [];
  const walk = (tree: Tree, prefix: string) => {
    for (const [key, value] of Object.entries(tree)) {
      const path = prefix ? `${prefix}.${key}` : key;
      if (typeof value === 'string') out.push([path, value]);
      else walk(value, path);
    }
  };
  walk(JSON.parse(readFileSync(join(here, `${locale}.json`), 'utf8')) as Tree, '');
  return out;
}

const W = '[\\p{L}]';
/** Words only "tú" uses: the possessive, the pronouns and the second-person verb forms. */
const TU_WORDS = new RegExp(`(?<!${W})(tu|tus|ti|contigo|puedes|puedas|cuentas|tienes|tengas|quieres|quieras|necesitas|debes|eres|estás|sabes|haces|hazlo|dime|dinos|cuéntanos|avísanos|vuelvas|formes|verás|podrás|tendrás)(?!${W})`, 'iu');
/** A "tú" command opening a sentence: "Elige…", "Toca…" (the "usted" forms are "Elija", "Toque"). */
const TU_COMMANDS = new RegExp(`(?:^|[.!?:;]\\s+|[¡¿«]\\s*)(Elige|Escoge|Toca|Pulsa|Escribe|Añade|Mira|Prueba|Usa|Guarda|Intenta|Busca|Revisa|Anota|Recuerda|Vuelve|Abre|Cambia|Borra|Sigue|Marca|Pon|Haz|Cuenta|Comparte|Invita|Agrega|Selecciona|Entra|Crea|Envía|Responde|Acepta|Quita|Deja|Pide|Sube|Graba|Copia|Comprueba|Confirma|Empieza|Completa)(?!${W})`, 'u');
/**
 * Common -ar "tú" commands with a pronoun: "cámbialos", "pruébala" ("usted": "cámbielos", "pruébela").
 * Listed, because for -er/-ir verbs the same ending is the "usted" form ("pídalo", "escríbala").
 */
const TU_CLITIC = new RegExp(`(?<!${W})(recuérda|cámbia|pruéba|tóca|márca|guárda|búsca|cópia|anóta|agréga|bórra|míra|úsa|déja|quíta|envía|lláma|explíca|mánda|pregúnta|inténta|compléta|acépta|confírma|compruéba|cuénta)(me|nos)?(lo|la|los|las|le|les|me|nos)(?!${W})`, 'iu');

/** The strings of a catalogue that address the reader as "tú". */
export function tuForms(list: [string, string][]): string[] {
  return list.filter(([, text]) => TU_WORDS.test(text) || TU_COMMANDS.test(text) || TU_CLITIC.test(text)).map(([key, text]) => `${key}: ${text}`);
}

describe('one register', () => {
  it('the rules tell "tú" from "usted"', () => {
    const sample = (text: string) => tuForms([['k', text]]).length > 0;
    for (const tu of ['Elige una o más metas.', 'Anotado hoy. Toca otra vez para cambiarlo.', 'Horas en tu zona horaria.', 'cámbialos como quieras', '¿Puedes venir?', 'Con un toque nos cuentas cómo fue.', 'Recuérdamelo', 'Se enviará cuando vuelvas a tener conexión.', 'Cuando formes parte del equipo, aquí verás su práctica.']) expect(sample(tu), tu).toBe(true);
    for (const usted of ['Elija una o más metas.', 'Anotado hoy. Toque otra vez para cambiarlo.', 'Horas en su zona horaria.', 'puede cambiarlos como quiera', 'Se usa en casa.', 'La estrategia rellena el título.', 'Activa', 'Lo que funciona en casa.', 'pídalo a su clínica', 'Escríbala en inglés.']) {
      expect(sample(usted), usted).toBe(false);
    }
  });

  it('Spanish addresses the reader as "usted" everywhere', () => {
    expect(tuForms(strings('es'))).toEqual([]);
  });

  it('the English catalogue has no Spanish left in it', () => {
    expect(tuForms(strings('en')).filter((s) => /[¿¡ñáéíóú]/u.test(s))).toEqual([]);
  });
});
