import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { Child, CreateChildRequest } from '../api/types.ts';
import { Page } from '../components/page.tsx';
import { browserTimeZone } from '../components/time-zone-select.tsx';
import { ChildForm, childFormValues, childRequest } from '../features/children/child-form.tsx';
import { toast } from '../lib/toast.ts';
import { TherapistPicker } from '../features/team/therapist-picker.tsx';
import { useMe } from './authed-layout.tsx';

export function NewChildPage() {
  const { t } = useTranslation();
  const me = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [therapistIds, setTherapistIds] = useState<string[]>([]);
  const iAmTherapist = me.clinics[0]?.role === 'therapist';
  const initialValues = useMemo(() => childFormValues(null, me.clinics[0]?.timeZone ?? browserTimeZone()), [me]);

  const mutation = useMutation({
    mutationFn: (body: CreateChildRequest) => api<Child>('/api/children', { method: 'POST', body }),
    onSuccess: async (child) => {
      queryClient.setQueryData(keys.child(child.id), child);
      await queryClient.invalidateQueries({ queryKey: keys.children, exact: true });
      await queryClient.invalidateQueries({ queryKey: keys.firstSteps });
      toast(t('childNew.createdBody'), { title: t('childNew.createdTitle', { name: child.firstName }) });
      await navigate({ to: '/children/$childId/team', params: { childId: child.id } });
    },
  });

  return (
    <Page title={t('childNew.title')} description={t('childNew.lead')}>
      <ChildForm
        initialValues={initialValues}
        submitLabel={t('childNew.submit')}
        pending={mutation.isPending}
        onSubmit={(values) => mutation.mutateAsync({ ...childRequest(values), therapistIds })}
        extra={<TherapistPicker myId={me.user.id} iAmTherapist={iAmTherapist} value={therapistIds} onChange={setTherapistIds} />}
        onCancel={() => void navigate({ to: '/' })}
      />
    </Page>
  );
}
