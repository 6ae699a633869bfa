// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { PanelApp, recordFromSearch } from './PanelApp';

afterEach(cleanup);

describe('recordFromSearch', () => {
  it('reads the record the content script put in the frame URL', () => {
    expect(recordFromSearch('?embed=1&crm=hubspot&type=company&id=2')).toEqual({
      crm: 'hubspot',
      objectType: 'company',
      recordId: '2',
    });
  });
  it('is null when a part is missing (the native side panel before a record is known)', () => {
    expect(recordFromSearch('?crm=hubspot&type=company')).toBeNull();
    expect(recordFromSearch('')).toBeNull();
  });
});

describe('PanelApp', () => {
  it('names the detected record and points to the options when there is no data', () => {
    render(<PanelApp record={{ crm: 'salesforce', objectType: 'account', recordId: '001xx' }} />);
    expect(screen.getByRole('heading').textContent).toBe('Salesforce account 001xx');
    expect(screen.getByRole('link', { name: 'Open the options' }).getAttribute('href')).toBe('/options.html');
  });
  it('explains itself when no record is open', () => {
    render(<PanelApp record={null} />);
    expect(screen.getByTestId('panel-empty').textContent).toContain('Open a company, deal or ticket');
  });
});
