import { Checkbox, Paper, SimpleGrid } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { clinicCliniciansQuery } from '../../api/queries.ts';

/** The clinic's clinicians to put on a new child's team; a therapist adding a child is always on it. */
export function TherapistPicker({ myId, iAmTherapist, value, onChange }: { myId: string; iAmTherapist: boolean; value: string[]; onChange: (ids: string[]) => void }) {
  const { t } = useTranslation();
  const query = useQuery(clinicCliniciansQuery);
  const clinicians = query.data?.clinicians ?? [];
  if (clinicians.length === 0) return null;
  const checked = iAmTherapist ? [...new Set([myId, ...value])] : value;
  return (
    <Paper withBorder p={{ base: 'md', sm: 'lg' }} radius="lg">
      <Checkbox.Group label={t('firstDay.therapistsLabel')} description={t('firstDay.therapistsHint')} value={checked} onChange={(ids) => onChange(ids.filter((id) => !(iAmTherapist && id === myId)))}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" verticalSpacing="sm" mt="xs">
          {clinicians.map((c) => (
            <Checkbox
              key={c.userId}
              value={c.userId}
              label={c.userId === myId ? t('firstDay.therapistsYou', { name: c.name }) : c.name}
              disabled={iAmTherapist && c.userId === myId}
            />
          ))}
        </SimpleGrid>
      </Checkbox.Group>
    </Paper>
  );
}
