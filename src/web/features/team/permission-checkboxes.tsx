import { Checkbox, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Permission } from '../../api/types.ts';
import { permissionLabel } from '../../lib/roles.ts';

interface PermissionCheckboxesProps {
  label: string;
  description: string;
  options: readonly Permission[];
  value: Permission[];
  onChange: (value: Permission[]) => void;
}

/** Plain-language boxes for what a team member may see and do. */
export function PermissionCheckboxes({ label, description, options, value, onChange }: PermissionCheckboxesProps) {
  const { t } = useTranslation();
  return (
    <Checkbox.Group
      label={label}
      description={description}
      value={value}
      onChange={(next) => onChange(next as Permission[])}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" verticalSpacing="xs" mt="xs">
        {options.map((permission) => (
          <Checkbox key={permission} value={permission} label={permissionLabel(permission, t)} />
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
}
