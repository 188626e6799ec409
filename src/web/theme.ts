import { createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

// A calm teal. Shade 6 and darker reach 4.5:1 against white, so text and filled buttons pass AA.
const care: MantineColorsTuple = [
  '#eef8f6', '#d7eeea', '#b0ddd5', '#82c8bd', '#56b1a4',
  '#2f9a8c', '#1f7f73', '#17695f', '#115449', '#0b4038',
];

// Mantine's grays with a darker 6 (the "dimmed" text colour) so secondary text passes AA.
const gray: MantineColorsTuple = [
  '#f8f9fa', '#f1f3f5', '#e9ecef', '#dee2e6', '#ced4da',
  '#a2a9b0', '#5f666d', '#495057', '#343a40', '#212529',
];

// Red and amber with darker top shades: white on a filled button and the text of a light badge
// both stay above 4.5:1.
const red: MantineColorsTuple = [
  '#fff5f5', '#ffe3e3', '#ffc9c9', '#ffa8a8', '#ff8787',
  '#f25f5f', '#e03131', '#c92a2a', '#b02525', '#962020',
];

const yellow: MantineColorsTuple = [
  '#fff9db', '#fff3bf', '#ffec99', '#ffe066', '#ffd43b',
  '#fcc419', '#c48a00', '#9c6300', '#855400', '#6e4500',
];

// A language whose script needs its own font (Arabic, Chinese) sets --careteam-language-font when
// its font loads (styles/font-*.css); every other language draws with the system stack alone.
const systemFonts =
  'var(--careteam-language-font,) system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif';

export const theme = createTheme({
  primaryColor: 'care',
  primaryShade: { light: 7, dark: 5 },
  colors: { care, gray, red, yellow },
  fontFamily: systemFonts,
  headings: {
    fontFamily: systemFonts,
    fontWeight: '650',
    sizes: {
      h1: { fontSize: '1.75rem', lineHeight: '1.25' },
      h2: { fontSize: '1.3rem', lineHeight: '1.3' },
      h3: { fontSize: '1.1rem', lineHeight: '1.35' },
    },
  },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  // No asterisks: labels stay plain words (screen readers still hear "required" from the input),
  // and the few optional fields say "(optional)" instead.
  components: {
    // What people write runs in its own direction (Arabic in an English page, or the other way):
    // the typed-text class (app.css) leaves an empty field, and its placeholder, in the page's.
    TextInput: { defaultProps: { size: 'md', withAsterisk: false }, classNames: { input: 'typed-text' } },
    PasswordInput: { defaultProps: { size: 'md', withAsterisk: false } },
    Textarea: { defaultProps: { size: 'md', autosize: true, minRows: 3, withAsterisk: false }, classNames: { input: 'typed-text' } },
    NativeSelect: { defaultProps: { size: 'md', withAsterisk: false } },
    // A choice's words wrap rather than push the row past a phone's edge ("La semaine dernière").
    SegmentedControl: { classNames: { label: 'segment-label' } },
    RadioGroup: { defaultProps: { withAsterisk: false, size: 'md' } },
    CheckboxGroup: { defaultProps: { withAsterisk: false, size: 'md' } },
    Radio: { defaultProps: { size: 'md' } },
    Checkbox: { defaultProps: { size: 'md' } },
    Switch: { defaultProps: { size: 'md' } },
    Badge: { defaultProps: { tt: 'none', fw: 600, size: 'md', radius: 'xl' } },
    Button: { defaultProps: { size: 'md' } },
    Card: { defaultProps: { withBorder: true, radius: 'lg', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'lg' } },
    Modal: { defaultProps: { radius: 'lg', centered: true } },
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--careteam-page-bg': '#f7f5f1',
    '--careteam-header-bg': '#ffffff',
  },
  dark: {
    '--careteam-page-bg': 'var(--mantine-color-dark-8)',
    '--careteam-header-bg': 'var(--mantine-color-dark-7)',
  },
});
