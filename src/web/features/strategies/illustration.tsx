import type { Strategy } from './strategies-api.ts';
import './strategy-use.css';

// CareTeam's drawings of its starter strategies, one SVG file each, named by the strategy's key.
// Only their addresses are in the code: each drawing is its own file, fetched when a card shows it.
const FILES = import.meta.glob<string>('./illustrations/*.svg', { eager: true, query: '?url', import: 'default' });
const BY_KEY = new Map(Object.entries(FILES).map(([file, url]) => [file.replace(/^.*\/|\.svg$/g, ''), url]));

/** The drawing of a starter strategy (or a copy of one); decorative, as the name beside it says what it is. */
export function StrategyIllustration({ strategy, small = false }: { strategy: Pick<Strategy, 'illustration'>; small?: boolean }) {
  const url = strategy.illustration ? BY_KEY.get(strategy.illustration) : undefined;
  if (!url) return null;
  return (
    <img
      src={url}
      alt=""
      width={small ? 72 : 132}
      height={small ? 54 : 99}
      loading="lazy"
      decoding="async"
      className={small ? 'strategy-illustration-small' : 'strategy-illustration'}
      data-illustration={strategy.illustration}
    />
  );
}
