import { Menu } from '@mantine/core';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { statusActionLabel, type StatusChange } from './status-form.tsx';

/** A goal's status changes (met, paused, discontinued…), in a menu under the button it is given. */
export function StatusMenu({ button, changes, onStatus }: { button: ReactElement; changes: StatusChange[]; onStatus: (change: StatusChange) => void }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-start" withinPortal>
      <Menu.Target>{button}</Menu.Target>
      <Menu.Dropdown>
        {changes.map((change) => (
          <Menu.Item key={change} onClick={() => onStatus(change)} {...(change === 'discontinued' ? { color: 'red' } : {})}>
            {statusActionLabel(change, t)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
