// @vitest-environment jsdom
import { act, useEffect } from 'react';
import { describe, expect, it } from 'vitest';
import { Notices, type NoticeItem } from '../../../src/ui/Notices';
import { useTraining } from '../../../src/ui/useTraining';
import { FakeWorker } from './fakeWorker';
import { render } from './render';

const click = (el: Element | null | undefined) => act(() => (el as HTMLElement).click());

describe('notices', () => {
  it('each notice closes on its own, with its action beside its words; the alert stays', () => {
    const closed: string[] = [];
    const reopened: string[] = [];
    const notices: NoticeItem[] = ['first', 'second'].map((key) => ({
      key,
      text: `${key} words.`,
      testId: key,
      action: { label: 'Reopen', onClick: () => reopened.push(key) },
      onClose: () => closed.push(key),
    }));
    const page = render(<Notices error="It failed." onDismissError={() => closed.push('alert')} notices={notices} />);
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('It failed.');
    // The words are an element of their own: a notice's text can be matched without its buttons' glyphs.
    expect(page.querySelector('[data-testid="second"] span')?.textContent).toBe('second words.');
    click(page.querySelector('[data-testid="second"] [aria-label="Close this notice"]'));
    expect(closed).toEqual(['second']);
    click([...page.querySelectorAll('[data-testid="first"] button')].find((b) => b.textContent === 'Reopen'));
    expect(reopened).toEqual(['first']);
  });

  it('nothing is drawn without an alert or a notice', () => {
    const page = render(<Notices error={null} onDismissError={() => {}} notices={[]} />);
    expect(page.querySelector('.notices')).toBeNull();
  });

  it("closing the run's notice keeps an alert on show", () => {
    const box: { api?: ReturnType<typeof useTraining> } = {};
    function Probe() {
      const training = useTraining(undefined, () => new FakeWorker());
      useEffect(() => {
        box.api = training;
      });
      return null;
    }
    render(<Probe />);
    act(() => {
      box.api?.tell('Reopened.');
      box.api?.fail('The file is empty.');
    });
    expect(box.api?.view).toMatchObject({ notice: 'Reopened.', error: 'The file is empty.' });
    act(() => box.api?.closeNotice());
    expect(box.api?.view).toMatchObject({ notice: null, error: 'The file is empty.' });
  });
});
