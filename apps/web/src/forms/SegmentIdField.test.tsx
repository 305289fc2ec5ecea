// @vitest-environment jsdom
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { segmentQueries } from '../segments/queries';
import { SchemaForm } from './SchemaForm';
import { schemaOf } from './test-harness';

afterEach(cleanup);

/** The segment trigger's form, keeping its value and reporting each change. */
function TriggerForm({ report }: { report: (value: unknown) => void }) {
  const [value, setValue] = useState<unknown>({
    source: 'saved',
    segmentId: 'seg_gone00000000001',
    change: 'entered',
  });
  return (
    <SchemaForm
      idPrefix="t"
      schema={schemaOf('segment-trigger')}
      value={value}
      onChange={(next) => {
        report(next);
        setValue(next);
      }}
    />
  );
}

describe('the segment trigger’s saved segment', () => {
  it('is picked by name from the saved segments, and an unknown id stays visible', async () => {
    const client = new QueryClient({ defaultOptions: { queries: { staleTime: Number.POSITIVE_INFINITY } } });
    client.setQueryData(segmentQueries.list().queryKey, {
      segments: [
        { id: 'seg_repeat0000000001', name: 'Repeat buyers' },
        { id: 'seg_lapsed0000000001', name: 'Lapsed' },
      ],
    } as never);
    let latest: unknown;
    render(
      <QueryClientProvider client={client}>
        <TriggerForm
          report={(next) => {
            latest = next;
          }}
        />
      </QueryClientProvider>,
    );
    const picker = screen.getByRole('combobox', { name: 'Saved segment' }) as HTMLSelectElement;
    expect(screen.getByRole('option', { name: 'seg_gone00000000001 (no such segment)' })).toBeTruthy();
    await userEvent.setup().selectOptions(picker, 'Lapsed');
    expect(latest).toMatchObject({ source: 'saved', segmentId: 'seg_lapsed0000000001' });
  });
});
