import { Button } from '@mantine/core';
import { IconPlayerStopFilled, IconVolume } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n.ts';
import { pickVoice, readingOf, type Layout, type ReadableNode } from './read-aloud.ts';

const canSpeak = typeof window !== 'undefined' && 'speechSynthesis' in window && typeof window.SpeechSynthesisUtterance === 'function';

/** How the page draws an element, from its computed style. */
function pageLayout(node: ReadableNode): Layout {
  if (!(node instanceof Element)) return 'inline';
  const style = window.getComputedStyle(node);
  if (style.display === 'none' || style.visibility === 'hidden') return 'none';
  return style.display === 'inline' || style.display === 'contents' ? 'inline' : 'block';
}

/**
 * "Read aloud": the browser's own voice reads the page's main content, as shown, in the reader's
 * language (words marked in another language in theirs). Nothing leaves the device. Not shown
 * where the browser cannot speak.
 */
export function ReadAloudButton({ targetId = 'main' }: { targetId?: string }) {
  const { t } = useTranslation();
  const [speaking, setSpeaking] = useState(false);
  // Each reading has its number, so the end of one that was stopped does not end the next.
  const reading = useRef(0);

  useEffect(
    () => () => {
      if (canSpeak && reading.current > 0) window.speechSynthesis.cancel();
    },
    [],
  );

  if (!canSpeak) return null;
  const synth = window.speechSynthesis;

  const stop = () => {
    reading.current += 1;
    synth.cancel();
    setSpeaking(false);
  };

  const start = () => {
    const root = document.getElementById(targetId);
    if (!root) return;
    const readings = readingOf(root, currentLocale(), pageLayout);
    if (readings.length === 0) return;
    synth.cancel();
    reading.current += 1;
    const id = reading.current;
    const done = () => {
      if (reading.current === id) setSpeaking(false);
    };
    const voices = synth.getVoices();
    readings.forEach((r, i) => {
      const utterance = new SpeechSynthesisUtterance(r.text);
      utterance.lang = r.lang;
      const voice = pickVoice(voices, r.lang);
      if (voice) utterance.voice = voice;
      if (i === readings.length - 1) utterance.onend = done;
      // Stopped on purpose ('interrupted', 'canceled') is no failure; any other ends the reading.
      utterance.onerror = (event) => {
        if (event.error !== 'interrupted' && event.error !== 'canceled' && reading.current === id) stop();
      };
      synth.speak(utterance);
    });
    setSpeaking(true);
  };

  return (
    <Button
      variant="light"
      leftSection={speaking ? <IconPlayerStopFilled size={18} aria-hidden /> : <IconVolume size={18} aria-hidden />}
      onClick={speaking ? stop : start}
    >
      {speaking ? t('accessibility.readAloud.stop') : t('accessibility.readAloud.start')}
    </Button>
  );
}
