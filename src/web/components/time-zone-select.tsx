import { NativeSelect, type NativeSelectProps } from '@mantine/core';
import { useMemo } from 'react';

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function allTimeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}

/** All time zones the browser knows, grouped by region, always including the current value. */
export function TimeZoneSelect(props: Omit<NativeSelectProps, 'data'> & { value: string }) {
  const data = useMemo(() => {
    const zones = new Set(allTimeZones());
    zones.add('UTC');
    if (props.value) zones.add(props.value);
    const groups = new Map<string, { value: string; label: string }[]>();
    for (const zone of [...zones].sort()) {
      const slash = zone.indexOf('/');
      const region = slash === -1 ? 'UTC' : zone.slice(0, slash);
      const label = zone.replaceAll('_', ' ');
      const list = groups.get(region) ?? [];
      list.push({ value: zone, label });
      groups.set(region, list);
    }
    return [...groups.entries()].map(([group, items]) => ({ group, items }));
  }, [props.value]);
  return <NativeSelect {...props} data={data} />;
}
